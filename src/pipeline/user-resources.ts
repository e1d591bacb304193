import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SAMPLE_NAMESPACE, USER_ROUTE, userRouteManifest } from '../linkerd/sample-workload.js';
import { partialMismatch } from '../scenarios/match.js';
import type { ClusterState, StepContext } from './linkerd-steps.js';
import { expectSuccess, PhaseStop } from '../process/expect-success.js';

/** An object a user made before the upgrade, as the API server stored it. */
export interface UserResource {
  resource: string;
  name: string;
  spec: unknown;
}

async function readSpec(ctx: StepContext, resource: string, name: string) {
  const got = await ctx.kubectl(['get', resource, name, '-n', SAMPLE_NAMESPACE, '-o', 'json'], { timeoutMs: 30_000 });
  return { got, spec: got.ok ? (JSON.parse(got.stdout) as { spec?: unknown }).spec : undefined };
}

/** Creates the user's route where the cluster serves the Gateway API, and keeps its stored spec. */
export async function createUserResources(ctx: StepContext, state: ClusterState): Promise<UserResource[]> {
  if (!state.gatewayApi) return [];
  await mkdir(ctx.manifestDir, { recursive: true });
  const file = join(ctx.manifestDir, 'user-route.yaml');
  await writeFile(file, userRouteManifest());
  expectSuccess(await ctx.kubectl(['apply', '-f', file]), 'kubectl apply of the user HTTPRoute');
  const { got, spec } = await readSpec(ctx, USER_ROUTE.resource, USER_ROUTE.name);
  expectSuccess(got, 'read back the user HTTPRoute');
  return [{ resource: USER_ROUTE.resource, name: USER_ROUTE.name, spec }];
}

/**
 * Every user object still exists with every field of its spec as stored before: losing one, or
 * a field of one, is an upgrade failure with the object named. Fields the new version defaults
 * are allowed.
 */
export async function verifyUserResources(ctx: StepContext, resources: readonly UserResource[], tag: string): Promise<void> {
  for (const r of resources) {
    const { got, spec } = await readSpec(ctx, r.resource, r.name);
    const what = `${r.resource} ${SAMPLE_NAMESPACE}/${r.name}`;
    if (!got.ok) throw new PhaseStop('fail', `${what}, created before the upgrade, is gone after the upgrade to ${tag}: ${got.stderr.trim()}`, got);
    const mismatch = partialMismatch(spec, r.spec, 'spec');
    if (mismatch) throw new PhaseStop('fail', `${what} changed in the upgrade to ${tag}: ${mismatch}`, got);
  }
}
