import { homedir } from 'node:os';
import { kubectlFor } from './kubectl.js';
import { join } from 'node:path';
import { expectSuccess } from '../process/expect-success.js';
import type { ClusterHandle, ClusterManager, ClusterProvider, ProviderContext } from './provider.js';

/** The cluster of the current kubeconfig and context, used as it is and never deleted. */
export const existingProvider: ClusterProvider = {
  name: 'existing',
  // Assumed to be a real cluster: running containers, a kubelet (which rewrites statuses set through the API).
  capabilities: ['dataplane', 'kubelet-evictions', 'webhooks'],
  async handle(ctx: ProviderContext): Promise<ClusterHandle> {
    const kubeconfig = process.env.KUBECONFIG?.split(':')[0] || join(homedir(), '.kube', 'config');
    const kubectl = kubectlFor(ctx.run, await ctx.tools.path('kubectl'), kubeconfig);
    const context = expectSuccess(await kubectl(['config', 'current-context'], { timeoutMs: 30_000 }), 'read the current kubeconfig context', 'error');
    return { provider: 'existing', name: context.stdout.trim(), kubeconfig, owned: false };
  },
  async create() {},
};

export const existingManager: ClusterManager = {
  async delete() {},
  async exportLogs() {},
  stopNow: (handle) => `${handle.name}: not the canary's cluster, left as it is`,
};
