import { verifyProfileValues } from '../../profiles/verify.js';
import { SAMPLE_DEPLOYMENTS, SAMPLE_NAMESPACE, sampleWorkloadManifest } from '../../linkerd/sample-workload.js';
import type { RunContext } from '../context.js';
import {
  checkUntilPass,
  injectAndApply,
  installLinkerd,
  waitForControlPlane,
  waitForRollout,
  type ClusterState,
  type PreparedIdentity,
  type StepContext,
} from '../linkerd-steps.js';
import { createUserResources, type UserResource } from '../user-resources.js';
import type { Plan } from './resolve.js';

export const ROLLOUT_TIMEOUT_MS = 5 * 60_000;

/** What the install leaves for the upgrades: the cluster's state, and the user's objects that must survive them. */
export interface Installed {
  state: ClusterState;
  userResources: readonly UserResource[];
}

/**
 * The starting point a user of `from` has: its control plane installed with its own CLI and
 * checked, a meshed workload, and the user's own objects. Anything failing here is an error of
 * the setup, not an upgrade failure.
 */
export async function installStage(ctx: RunContext, steps: StepContext, plan: Plan, identity: PreparedIdentity): Promise<Installed> {
  const { from } = plan;
  const state = await ctx.phase('install-from', `Install ${from}`, async () => {
    const installed = await installLinkerd(steps, from, plan.gatewayApi, identity);
    await verifyProfileValues(steps.kubectl, plan.profile, from, 'error');
    await waitForControlPlane(steps);
    await checkUntilPass(steps, from, []);
    return installed;
  });
  const userResources = await ctx.phase('deploy-workload', 'Deploy meshed sample workload', async () => {
    await injectAndApply(steps, from, sampleWorkloadManifest(), 'workload');
    await waitForRollout(steps, SAMPLE_NAMESPACE, SAMPLE_DEPLOYMENTS, ROLLOUT_TIMEOUT_MS);
    return createUserResources(steps, state);
  });
  return { state, userResources };
}
