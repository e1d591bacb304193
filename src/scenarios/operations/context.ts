import type { Capability } from '../../cluster/provider.js';
import { kubectlFor } from '../../cluster/kubectl.js';
import { duration } from '../../inputs/duration.js';
import type { CommandResult, Runner } from '../../process/runner.js';
import type { FailedCheck } from '../../linkerd/check-output.js';
import type { Variables } from '../template.js';

/** Waiting and reading the time, given so tests can run polls without real waits. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const SYSTEM_CLOCK: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Everything an operation handler may use: no handler reaches for anything else. */
export interface OperationContext {
  /** Runs the operation's commands; aborted when the attempt's time is up or the run is cancelled. */
  run: Runner;
  kubectl: string;
  kubeconfig: string;
  variables: Variables;
  /** A directory of the attempt's own for rendered manifests (made on first call, removed after the attempt). */
  workDir: () => Promise<string>;
  /** Manifest `file`s are relative to it. */
  scenarioDir: string;
  namespace: string;
  stallMs: number;
  capabilities: readonly Capability[];
  clock: Clock;
  /** Keeps the operation's last command for the report and hands it back. */
  record: (result: CommandResult) => CommandResult;
  /** Keeps the checks `linkerd check` reported as failed or warned, for the report. */
  recordChecks: (checks: FailedCheck[]) => void;
  /** Goes back to `from` (`rollback`); unset before the upgrade, where there is nothing to go back from. */
  rollback?: () => Promise<void>;
}

/** An operation did not do what the scenario expects (a scenario failure, not an error). */
export class Unmet extends Error {}

export const DEFAULT_OPERATION_TIMEOUT_MS = 60_000;

/**
 * What the runner adds to an operation's own timeout (`timeout`, linkerd-check's `wait`) so the
 * tool can report running out itself before it is killed: a duration must fit a timer with it.
 */
export const OPERATION_GRACE_MS: Readonly<Partial<Record<string, number>>> = { wait: 10_000, 'linkerd-check': 15_000 };

/** An operation's `timeout` in milliseconds, or the default. */
export function timeoutMs(timeout: string | undefined, fallbackMs = DEFAULT_OPERATION_TIMEOUT_MS): number {
  return timeout ? duration('timeout', timeout) : fallbackMs;
}

/** kubectl against the scenario's cluster, through the operation's runner, recorded. */
export async function kubectl(ctx: OperationContext, args: string[], limitMs = DEFAULT_OPERATION_TIMEOUT_MS): Promise<CommandResult> {
  return ctx.record(await kubectlFor(ctx.run, ctx.kubectl, ctx.kubeconfig)(args, { timeoutMs: limitMs }));
}

/** What kubectl said when it failed: its stderr, or why it did not finish. */
export function complaint(result: CommandResult): string {
  return result.stderr.trim() || result.reason || `exit code ${result.exitCode}`;
}
