import type { WaitSpec } from '../model.js';
import { template } from '../template.js';
import { complaint, kubectl, OPERATION_GRACE_MS, timeoutMs, Unmet, type OperationContext } from './context.js';

/** `kubectl wait` (which watches) until the condition holds or the timeout passes. */
export async function wait(spec: WaitSpec, ctx: OperationContext): Promise<void> {
  const limitMs = timeoutMs(spec.timeout);
  const args = [
    'wait',
    '-n',
    ctx.namespace,
    `--for=${template(spec.for, ctx.variables)}`,
    template(spec.resource, ctx.variables),
    `--timeout=${Math.round(limitMs / 1000)}s`,
  ];
  const result = await kubectl(ctx, args, limitMs + OPERATION_GRACE_MS.wait!);
  if (!result.ok) throw new Unmet(`${spec.resource} did not reach ${spec.for}: ${complaint(result)}`);
}
