import { randomBytes } from 'node:crypto';
import { kubectlFor } from '../cluster/kubectl.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Capability } from '../cluster/provider.js';
import type { InstallMethod } from '../inputs/options.js';
import { duration } from '../inputs/duration.js';
import type { CommandResult, Runner, RunnerConfig } from '../process/runner.js';
import type { AttemptReport, HookPhase, OperationReport, Scenario, ScenarioReport, Step, StepReport, StepWarning } from './model.js';
import { outputsSaved, runAtOnce } from './at-once.js';
import { SYSTEM_CLOCK, type Clock } from './operations/context.js';
import { performOperation, type AttemptContext } from './operations/index.js';
import type { Variables } from './template.js';

export interface ScenarioContext {
  /** Makes the runners of an attempt (the product passes createRunner, tests a fake). */
  createRunner: (config: RunnerConfig) => Runner;
  kubectl: string;
  kubeconfig: string;
  capabilities: readonly Capability[];
  /** Steps limited to other install methods are left out (all run when unset). */
  installMethod?: InstallMethod;
  /** Template variables besides `namespace` and the scenario's own bindings. */
  variables: Variables;
  signal?: AbortSignal;
  secrets?: string[];
  stallMs: number;
  /** Polls of `assert` and `error` wait on it (default: the system clock). */
  clock?: Clock;
  /** Goes back to `from` the way the run's install method allows (`rollback`); only after the upgrade. */
  rollback?: () => Promise<void>;
}

const DEFAULT_ATTEMPT_TIMEOUT = '5m';
const HOUSEKEEPING_TIMEOUT_MS = 60_000;

/**
 * Runs one scenario at one phase: skipped (with the missing capability) where the cluster lacks
 * what it requires; otherwise up to 1 + retries attempts, each in a fresh namespace that is
 * deleted afterwards. A scenario that fails and then passes is flaky, never pass; one whose only
 * misses are steps of severity `warn` ends `warn`, with their warnings.
 */
export async function runScenario(scenario: Scenario, phase: HookPhase, ctx: ScenarioContext): Promise<ScenarioReport> {
  const started = Date.now();
  const base = { name: scenario.name, file: scenario.file, phase };
  const missing = (scenario.requires ?? []).filter((c) => !ctx.capabilities.includes(c));
  if (missing.length) {
    return { ...base, verdict: 'skipped', reason: `needs ${missing.join(', ')}, which this cluster does not have`, durationMs: 0, attempts: [] };
  }
  const attempts: AttemptReport[] = [];
  let namespace = '';
  for (let i = 0; i <= (scenario.retries ?? 0); i++) {
    namespace = `${scenario.name}-${randomBytes(3).toString('hex')}`.slice(0, 63);
    const attempt = await runAttempt(scenario, phase, namespace, ctx);
    attempts.push(attempt);
    if (attempt.verdict === 'pass' || attempt.verdict === 'warn' || attempt.verdict === 'cancelled') break;
  }
  const last = attempts.at(-1)!;
  const passed = last.verdict === 'pass' || last.verdict === 'warn';
  const verdict = passed && attempts.length > 1 ? 'flaky' : last.verdict;
  const reason = verdict === 'flaky' ? `passed on attempt ${attempts.length} after: ${attempts[0]!.reason}` : verdict === 'pass' ? undefined : last.reason;
  const warnings = last.warnings ?? [];
  return {
    ...base,
    verdict,
    ...(reason ? { reason } : {}),
    durationMs: Date.now() - started,
    namespace,
    attempts,
    ...(warnings.length ? { warnings } : {}),
  };
}

async function runAttempt(scenario: Scenario, phase: HookPhase, namespace: string, ctx: ScenarioContext): Promise<AttemptReport> {
  const started = Date.now();
  const timeout = AbortSignal.timeout(duration('timeout', scenario.timeout ?? DEFAULT_ATTEMPT_TIMEOUT));
  const signal = ctx.signal ? AbortSignal.any([ctx.signal, timeout]) : timeout;
  // Namespace creation and deletion must happen even after the attempt's time is up.
  const housekeeping = ctx.createRunner({ secrets: ctx.secrets ?? [] });
  const housekeepingKubectl = kubectlFor(housekeeping, ctx.kubectl, ctx.kubeconfig);
  const kubectl = (args: string[]): Promise<CommandResult> => housekeepingKubectl(args, { timeoutMs: HOUSEKEEPING_TIMEOUT_MS });
  const report: AttemptReport = { verdict: 'pass', durationMs: 0, steps: [] };
  // Made on first use: most scenarios write no manifest.
  let workDir: Promise<string> | undefined;
  const created = await kubectl(['create', 'namespace', namespace]);
  if (!created.ok) {
    return { ...report, verdict: 'error', reason: `could not create namespace ${namespace}: ${created.outputTail}`, durationMs: Date.now() - started };
  }
  const attempt: AttemptContext = {
    run: ctx.createRunner({ signal, secrets: ctx.secrets ?? [] }),
    kubectl: ctx.kubectl,
    kubeconfig: ctx.kubeconfig,
    // Built-ins last: a binding never stands in for kubectl, a version or the namespace. `outputs`
    // fills as `run`s with saveOutput finish; a fresh one each attempt.
    variables: { ...(scenario.bindings ?? {}), ...ctx.variables, namespace, scenarioDir: dirname(scenario.file), outputs: {} },
    workDir: () => (workDir ??= mkdtemp(join(tmpdir(), `scenario-${scenario.name}-`))),
    scenarioDir: dirname(scenario.file),
    namespace,
    stallMs: ctx.stallMs,
    capabilities: ctx.capabilities,
    clock: ctx.clock ?? SYSTEM_CLOCK,
    ...(ctx.rollback ? { rollback: ctx.rollback } : {}),
  };
  const warnings: StepWarning[] = [];
  try {
    const steps = scenario.steps.filter((s) => applies(s, phase, ctx.installMethod));
    const atOnce = scenario.concurrent
      ? await runAtOnce(
          steps,
          (step) => outputsSaved([...step.try, ...(step.catch ?? []), ...(step.finally ?? [])]),
          (step) => runStep(step, attempt),
        )
      : undefined;
    for (const [i, step] of steps.entries()) {
      const stepReport = atOnce ? atOnce[i]! : await runStep(step, attempt);
      report.steps.push(stepReport);
      // A warning never stops the steps after it; a time-out or cancel inside one is no warning.
      if (stepReport.verdict === 'fail' && step.severity === 'warn' && !signal.aborted) {
        stepReport.verdict = 'warn';
        warnings.push(warningOf(step, stepReport));
        continue;
      }
      if (stepReport.verdict !== 'pass') {
        const failed = stepReport.operations.find((o) => o.verdict !== 'pass')!;
        report.verdict = signal.aborted ? (timeout.aborted ? 'fail' : 'cancelled') : stepReport.verdict;
        report.reason = `step "${step.name}": ${failed.operation}: ${failed.reason}`;
        break;
      }
    }
  } finally {
    await kubectl(['delete', 'namespace', namespace, '--wait=false', '--ignore-not-found']);
    if (workDir) await rm(await workDir, { recursive: true, force: true });
  }
  if (warnings.length) {
    report.warnings = warnings;
    if (report.verdict === 'pass') {
      report.verdict = 'warn';
      report.reason = warnings.map((w) => `step "${w.step}": ${w.reason}`).join('; ');
    }
  }
  report.durationMs = Date.now() - started;
  return report;
}

/** Whether a step runs at this phase, for this install method. */
function applies(step: Step, phase: HookPhase, installMethod: InstallMethod | undefined): boolean {
  return (!step.phases || step.phases.includes(phase)) && (!installMethod || !step.installMethods || step.installMethods.includes(installMethod));
}

function warningOf(step: Step, report: StepReport): StepWarning {
  const missed = report.operations.find((o) => o.verdict !== 'pass')!;
  return {
    step: step.name,
    reason: `${missed.operation}: ${missed.reason}`,
    why: step.why ?? '',
    ...(missed.command ? { command: missed.command } : {}),
  };
}

/**
 * `try` until an operation does not pass (with `concurrent`, all at once but judged in this
 * order); `catch` only then; `finally` always.
 */
async function runStep(step: Step, ctx: AttemptContext): Promise<StepReport> {
  const operations: OperationReport[] = [];
  let verdict: StepReport['verdict'] = 'pass';
  const atOnce = step.concurrent
    ? await runAtOnce(
        step.try,
        (op) => outputsSaved([op]),
        (op) => performOperation(op, 'try', ctx),
      )
    : undefined;
  for (const [i, op] of step.try.entries()) {
    const result = atOnce ? atOnce[i]! : await performOperation(op, 'try', ctx);
    operations.push(result);
    if (result.verdict !== 'pass') {
      verdict = result.verdict;
      break;
    }
  }
  if (verdict !== 'pass') for (const op of step.catch ?? []) operations.push(await performOperation(op, 'catch', ctx));
  for (const op of step.finally ?? []) operations.push(await performOperation(op, 'finally', ctx));
  return { name: step.name, verdict, operations };
}
