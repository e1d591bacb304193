import { homedir } from 'node:os';
import { join } from 'node:path';
import { expectSuccess } from '../pipeline/phases.js';
import type { ClusterHandle, ClusterManager, ClusterProvider, ProviderContext } from './provider.js';

/** The cluster of the current kubeconfig and context, used as it is and never deleted. */
export const existingProvider: ClusterProvider = {
  name: 'existing',
  capabilities: ['dataplane', 'kubelet-evictions', 'status-evictions', 'webhooks'],
  async handle(ctx: ProviderContext): Promise<ClusterHandle> {
    const kubeconfig = process.env.KUBECONFIG?.split(':')[0] || join(homedir(), '.kube', 'config');
    const kubectl = await ctx.tools.path('kubectl');
    const context = expectSuccess(
      await ctx.run([kubectl, '--kubeconfig', kubeconfig, 'config', 'current-context'], { timeoutMs: 30_000 }),
      'read the current kubeconfig context',
      'error',
    );
    return { provider: 'existing', name: context.stdout.trim(), kubeconfig, owned: false };
  },
  async create() {},
};

export const existingManager: ClusterManager = {
  async delete() {},
  async exportLogs() {},
};
