import type { Capability } from '../cluster/provider.js';
import type { InstallMethod } from '../inputs/options.js';
import type { CommandRecord } from '../process/runner.js';
import type { FailedCheck } from '../linkerd/check-output.js';

/** Template variables every scenario gets (from the run, and its namespace): no binding may shadow one. */
export const BUILT_IN_VARIABLES = ['namespace', 'from', 'to', 'kubeconfig', 'kubectl', 'linkerd', 'workloadNamespace', 'helm', 'charts'] as const;

/** The phases a scenario can hook into, in the order they run; schema/scenario.schema.json lists the same. */
export const HOOK_PHASES = ['before-install', 'before-upgrade', 'after-control-plane-upgrade', 'after-upgrade'] as const;
export type HookPhase = (typeof HOOK_PHASES)[number];

export interface TextExpectation {
  contains?: string;
  matches?: string;
  not?: string;
}

export type ManifestSource = { manifest: string } | { file: string };

export interface RunSpec {
  argv: string[];
  env?: Record<string, string>;
  timeout?: string;
  expect?: { exitCode?: number; stdout?: TextExpectation; stderr?: TextExpectation; maxDuration?: string };
  /** Keeps stdout in a file of the attempt, whose path later operations get as {{ outputs.<name> }}. */
  saveOutput?: string;
}

export interface WaitSpec {
  resource: string;
  for: string;
  timeout?: string;
}

export interface MatchSpec {
  resource: Record<string, unknown>;
  timeout?: string;
}

export interface EvictSpec {
  selector: string;
  namespace?: string;
  count?: number;
}

export interface DryRunSpec {
  /** Manifests, templated (typically `{{ outputs.<name> }}`). */
  files: string[];
  timeout?: string;
}

/** A check `linkerd check` must report as failed or warned: part of its description. */
export interface ExpectedFailure {
  check: string;
}

export interface LinkerdCheckSpec {
  /** The CLI, templated (default {{ linkerd.to }}). */
  cli?: string;
  proxy?: boolean;
  namespace?: string;
  args?: string[];
  /** `--wait`, and the bound of the whole command (default 30s). */
  wait?: string;
  /** Default: the check passes. */
  expect?: { pass?: boolean; failing?: ExpectedFailure[] };
}

/** Each operation's name and what it is given; one handler per name in ./operations. */
export interface OperationSpecs {
  run: RunSpec;
  apply: ManifestSource;
  delete: ManifestSource;
  wait: WaitSpec;
  assert: MatchSpec;
  error: MatchSpec;
  evict: EvictSpec;
  'dry-run': DryRunSpec;
  'linkerd-check': LinkerdCheckSpec;
  rollback: RollbackSpec;
}

/** Goes back to `from` the way the run's install method allows; it takes nothing. */
export type RollbackSpec = Record<string, never>;

export type OperationName = keyof OperationSpecs;

/** One operation of a step: an object with exactly one key, the operation's name. */
export type Operation = { [K in OperationName]: { [P in K]: OperationSpecs[K] } }[OperationName];

/** What a step that does not pass means: a failure of the documented upgrade, or a warning. */
export type Severity = 'fail' | 'warn';

export interface Step {
  name: string;
  /** Only at these of the scenario's phases (default: all of them). */
  phases?: HookPhase[];
  /** Only on runs with these install methods (default: both). */
  installMethods?: InstallMethod[];
  /** Default `fail`; a `warn` step says `why`. */
  severity?: Severity;
  why?: string;
  /** The `try` operations run at once, each waiting only for the earlier ones whose outputs it reads; judged in order. */
  concurrent?: boolean;
  try: Operation[];
  catch?: Operation[];
  finally?: Operation[];
}

/** A scenario file as validated by schema/scenario.schema.json, and where it came from. */
export interface Scenario {
  name: string;
  description: string;
  phases: HookPhase[];
  requires?: Capability[];
  /** Runs alone: it changes the control plane, or reads cluster-wide state other scenarios change. */
  exclusive?: boolean;
  /** Runs alone after every other scenario of its phase: it leaves the cluster where the others must not find it (a rollback). */
  last?: boolean;
  /** A built-in that `builtin` leaves out: it runs only when named. */
  optional?: boolean;
  timeout?: string;
  retries?: number;
  bindings?: Record<string, string>;
  /** The steps run at once, each waiting only for the earlier ones whose outputs it reads; judged in order. */
  concurrent?: boolean;
  steps: Step[];
  file: string;
}

/** `warn`: every step passed but one of severity `warn`, which did not. */
export type ScenarioVerdict = 'pass' | 'warn' | 'fail' | 'error' | 'skipped' | 'flaky' | 'cancelled';

export interface OperationReport {
  /** `run`, `apply`, ... and a short description of what it did. */
  operation: string;
  section: 'try' | 'catch' | 'finally';
  verdict: 'pass' | 'fail' | 'error';
  durationMs: number;
  reason?: string;
  command?: CommandRecord;
  /** The checks `linkerd check` reported as failed or warned (linkerd-check). */
  checks?: FailedCheck[];
}

export interface StepReport {
  name: string;
  /** `warn`: a step of severity `warn` that did not pass. */
  verdict: 'pass' | 'warn' | 'fail' | 'error';
  operations: OperationReport[];
}

/** A step of severity `warn` that did not pass: what it ran and said, and why it only warns. */
export interface StepWarning {
  step: string;
  reason: string;
  why: string;
  command?: CommandRecord;
}

export interface AttemptReport {
  verdict: 'pass' | 'warn' | 'fail' | 'error' | 'cancelled';
  durationMs: number;
  reason?: string;
  steps: StepReport[];
  warnings?: StepWarning[];
}

export interface ScenarioReport {
  name: string;
  file: string;
  phase: HookPhase;
  /** On a multi-hop path, the hop's target at the phases that run at every hop. */
  hop?: string;
  verdict: ScenarioVerdict;
  /** Why it did not pass, or the capability it lacks when skipped. */
  reason?: string;
  durationMs: number;
  namespace?: string;
  /** Every attempt, first to last (a flaky scenario has a failed one before a passing one). */
  attempts: AttemptReport[];
  /** The warnings of the last attempt (verdict `warn`). */
  warnings?: StepWarning[];
}
