import type { Capability } from '../cluster/provider.js';
import type { CommandRecord } from '../process/runner.js';

/** Template variables every scenario gets (from the run, and its namespace): no binding may shadow one. */
export const BUILT_IN_VARIABLES = ['namespace', 'from', 'to', 'kubeconfig', 'kubectl', 'linkerd', 'workloadNamespace'] as const;

/** The phases a scenario can hook into, in the order they run; schema/scenario.schema.json lists the same. */
export const HOOK_PHASES = ['before-upgrade', 'after-control-plane-upgrade', 'after-upgrade'] as const;
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

/** Each operation's name and what it is given; one handler per name in ./operations. */
export interface OperationSpecs {
  run: RunSpec;
  apply: ManifestSource;
  delete: ManifestSource;
  wait: WaitSpec;
  assert: MatchSpec;
  error: MatchSpec;
  evict: EvictSpec;
}

export type OperationName = keyof OperationSpecs;

/** One operation of a step: an object with exactly one key, the operation's name. */
export type Operation = { [K in OperationName]: { [P in K]: OperationSpecs[K] } }[OperationName];

export interface Step {
  name: string;
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
  timeout?: string;
  retries?: number;
  bindings?: Record<string, string>;
  steps: Step[];
  file: string;
}

export type ScenarioVerdict = 'pass' | 'fail' | 'error' | 'skipped' | 'flaky' | 'cancelled';

export interface OperationReport {
  /** `run`, `apply`, ... and a short description of what it did. */
  operation: string;
  section: 'try' | 'catch' | 'finally';
  verdict: 'pass' | 'fail' | 'error';
  durationMs: number;
  reason?: string;
  command?: CommandRecord;
}

export interface AttemptReport {
  verdict: 'pass' | 'fail' | 'error' | 'cancelled';
  durationMs: number;
  reason?: string;
  steps: { name: string; verdict: 'pass' | 'fail' | 'error'; operations: OperationReport[] }[];
}

export interface ScenarioReport {
  name: string;
  file: string;
  phase: HookPhase;
  verdict: ScenarioVerdict;
  /** Why it did not pass, or the capability it lacks when skipped. */
  reason?: string;
  durationMs: number;
  namespace?: string;
  /** Every attempt, first to last (a flaky scenario has a failed one before a passing one). */
  attempts: AttemptReport[];
}
