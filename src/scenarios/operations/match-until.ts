import type { CommandResult } from '../../process/runner.js';
import { partialMismatch } from '../match.js';
import type { MatchSpec } from '../model.js';
import { template } from '../template.js';
import { complaint, kubectl, timeoutMs, Unmet, type OperationContext } from './context.js';

const DEFAULT_MATCH_TIMEOUT_MS = 30_000;
const GET_TIMEOUT_MS = 30_000;
const POLL_MS = 1000;

/**
 * `assert` (shouldMatch) passes once the object exists with the given fields; `error` passes
 * once no such object matches. Both re-read the object until their timeout: right after an
 * apply or an upgrade, controllers are still at work.
 */
export async function matchUntil(spec: MatchSpec, shouldMatch: boolean, ctx: OperationContext): Promise<void> {
  const expected = JSON.parse(template(JSON.stringify(spec.resource), ctx.variables)) as {
    apiVersion: string;
    kind: string;
    metadata: { name: string; namespace?: string };
  };
  const [group, version] = expected.apiVersion.includes('/') ? expected.apiVersion.split('/') : [undefined, expected.apiVersion];
  const kind = expected.kind.toLowerCase();
  const target = `${kind}${group ? `.${group}` : ''}/${expected.metadata.name}`;
  // Read in the version given, which the API server must still serve (not its preferred one).
  const versioned = group ? `${kind}.${version}.${group}/${expected.metadata.name}` : target;
  const deadline = ctx.clock.now() + timeoutMs(spec.timeout, DEFAULT_MATCH_TIMEOUT_MS);
  for (;;) {
    const result = await kubectl(ctx, ['get', versioned, '-n', expected.metadata.namespace ?? ctx.namespace, '-o', 'json'], GET_TIMEOUT_MS);
    if (result.outcome === 'cancelled' || result.outcome === 'timeout') throw new Unmet(`${target}: ${result.reason}`);
    const mismatch = result.ok ? partialMismatch(JSON.parse(result.stdout), expected) : notFound(result, target);
    if (shouldMatch ? mismatch === undefined : mismatch !== undefined) return;
    if (ctx.clock.now() >= deadline) throw new Unmet(shouldMatch ? `${target}: ${mismatch}` : `${target} exists and matches`);
    await ctx.clock.sleep(POLL_MS);
  }
}

function notFound(result: CommandResult, target: string): string {
  if (/NotFound|not found/.test(result.stderr)) return 'not found';
  throw new Error(`kubectl get ${target}: ${complaint(result)}`);
}
