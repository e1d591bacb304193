import type { CommandResult } from '../../process/runner.js';
import type { FailedCheck } from '../../linkerd/check-output.js';
import type { Operation, OperationName, OperationReport, OperationSpecs } from '../model.js';
import { apply } from './apply.js';
import { assert } from './assert.js';
import { Unmet, type OperationContext } from './context.js';
import { remove } from './delete.js';
import { dryRun } from './dry-run.js';
import { error } from './error.js';
import { evict } from './evict.js';
import { linkerdCheck } from './linkerd-check.js';
import { rollback } from './rollback.js';
import { run } from './run.js';
import { wait } from './wait.js';

export type Handler<Spec> = (spec: Spec, ctx: OperationContext) => Promise<void>;

/** Operation name -> handler; the keys are exactly the operations the schema allows. */
export const HANDLERS: { [K in OperationName]: Handler<OperationSpecs[K]> } = {
  run,
  apply,
  delete: remove,
  wait,
  assert,
  error,
  evict,
  'dry-run': dryRun,
  'linkerd-check': linkerdCheck,
  rollback,
};

/** The operation's name and what it is given (a validated operation has exactly one key). */
export function operationOf(op: Operation): { name: OperationName; spec: OperationSpecs[OperationName] } {
  const name = Object.keys(op)[0] as OperationName;
  return { name, spec: (op as Record<OperationName, OperationSpecs[OperationName]>)[name] };
}

/** The context of an attempt; each operation adds its own recorder. */
export type AttemptContext = Omit<OperationContext, 'record' | 'recordChecks'>;

/** Runs one operation; an unmet expectation is `fail`, anything unexpected (a bad template, a missing file) `error`. */
export async function performOperation(op: Operation, section: OperationReport['section'], ctx: AttemptContext): Promise<OperationReport> {
  const started = ctx.clock.now();
  const { name, spec } = operationOf(op);
  let command: CommandResult | undefined;
  let checks: FailedCheck[] | undefined;
  const record = (result: CommandResult) => (command = result);
  const recordChecks = (found: FailedCheck[]) => (checks = found);
  const handler = HANDLERS[name] as Handler<typeof spec>;
  const failure = await handler(spec, { ...ctx, record, recordChecks }).then(
    () => undefined,
    (thrown: unknown) => ({ verdict: thrown instanceof Unmet ? ('fail' as const) : ('error' as const), reason: (thrown as Error).message }),
  );
  return {
    operation: name,
    section,
    verdict: failure?.verdict ?? 'pass',
    durationMs: ctx.clock.now() - started,
    ...(failure ? { reason: failure.reason } : {}),
    ...(command ? { command: stripped(command) } : {}),
    ...(checks ? { checks } : {}),
  };
}

/** The command as the report keeps it: without the full output. */
function stripped(result: CommandResult) {
  const { argv, startedAt, durationMs, outcome, exitCode, outputTail, reason } = result;
  return { argv, startedAt, durationMs, outcome, exitCode, outputTail, ...(reason ? { reason } : {}) };
}
