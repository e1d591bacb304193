import * as core from '@actions/core';
import { PROVIDER_IMPLEMENTATIONS } from '../cluster/index.js';
import type { ClusterHandle } from '../cluster/provider.js';
import { createRunner } from '../process/runner.js';
import { STATE } from './state.js';

/**
 * Runs after the job even when main failed, was cancelled or was killed: deletes the cluster
 * main created unless main already did or the user keeps it.
 */
async function postStep(): Promise<void> {
  const saved = core.getState(STATE.cluster);
  if (!saved || core.getState(STATE.clusterDeleted) === 'true') return;
  const handle = JSON.parse(saved) as ClusterHandle;
  if (!handle.owned || core.getState(STATE.keepCluster) === 'true') {
    core.info(`leaving cluster ${handle.name} in place`);
    return;
  }
  core.info(`deleting cluster ${handle.name} (${handle.provider})`);
  await PROVIDER_IMPLEMENTATIONS[handle.provider].manager.delete(handle, createRunner());
}

/** The step, as actions/typescript-action lays it out: entries/post.ts calls it; @github/local-action can too. */
export async function run(): Promise<void> {
  await postStep().catch((error: unknown) => core.warning(`post step: ${error instanceof Error ? error.message : String(error)}`));
}
