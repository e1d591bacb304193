import type { WaitSpec } from '../model.js';
import { template } from '../template.js';
import { complaint, kubectl, timeoutMs, Unmet, type OperationContext } from './context.js';

/** Grace for kubectl to report its own `--timeout` before the runner kills it. */
const KUBECTL_GRACE_MS = 10_000;

/** `kubectl wait` (which watches) until the condition holds or the timeout passes. */
export async function wait(spec: WaitSpec, ctx: OperationContext): Promise<void> {
  const limitMs = timeoutMs(spec.timeout);
  const args = ['wait', '-n', ctx.namespace, `--for=${template(spec.for, ctx.variables)}`, template(spec.resource, ctx.variables), `--timeout=${Math.round(limitMs / 1000)}s`];
  const result = await kubectl(ctx, args, limitMs + KUBECTL_GRACE_MS);
  if (!result.ok) throw new Unmet(`${spec.resource} did not reach ${spec.for}: ${complaint(result)}`);
}
