import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expectSuccess } from '../process/expect-success.js';
import { nodeImage } from '../versions/kind-images.js';
import type { ClusterHandle, ClusterManager, ClusterProvider, ProviderContext } from './provider.js';

const CREATE_TIMEOUT_MS = 10 * 60_000;

export const kindProvider: ClusterProvider = {
  name: 'kind',
  // No status-evictions: a real kubelet rewrites a pod status set through the API.
  capabilities: ['dataplane', 'kubelet-evictions', 'webhooks'],
  async handle(ctx: ProviderContext): Promise<ClusterHandle> {
    const kind = await ctx.tools.path('kind');
    return { provider: 'kind', name: ctx.clusterName, kubeconfig: join(ctx.workDir, 'kubeconfig'), manager: kind, owned: true };
  },
  async create(ctx: ProviderContext, handle: ClusterHandle): Promise<void> {
    const config = join(ctx.workDir, 'kind-config.yaml');
    await writeFile(
      config,
      // More than one node means workers (kind taints its control-plane node once it has them).
      ['kind: Cluster', 'apiVersion: kind.x-k8s.io/v1alpha4', 'nodes:', '  - role: control-plane', ...workers(ctx.nodes), ''].join('\n'),
    );
    const image = nodeImage(ctx.kubernetesVersion, (await ctx.tools.get('kind')).version);
    expectSuccess(
      await ctx.run(
        [
          handle.manager!,
          'create',
          'cluster',
          '--name',
          ctx.clusterName,
          '--image',
          image,
          '--config',
          config,
          '--kubeconfig',
          handle.kubeconfig,
          '--wait',
          '180s',
        ],
        { timeoutMs: CREATE_TIMEOUT_MS },
      ),
      'kind create cluster',
      'error',
    );
  },
};

function workers(nodes = 1): string[] {
  return nodes > 1 ? Array.from({ length: nodes }, () => '  - role: worker') : [];
}

export const kindManager: ClusterManager = {
  async delete(handle, run) {
    expectSuccess(
      await run([handle.manager!, 'delete', 'cluster', '--name', handle.name, '--kubeconfig', handle.kubeconfig], { timeoutMs: 120_000 }),
      'kind delete cluster',
      'error',
    );
  },
  async exportLogs(handle, dir, run) {
    await run([handle.manager!, 'export', 'logs', join(dir, 'kind-logs'), '--name', handle.name], { timeoutMs: 120_000 });
  },
  // Deleting node containers takes seconds a forced exit does not have (on GitHub the post step deletes it).
  stopNow: (handle) => `kind cluster ${handle.name} is left running: delete it with \`kind delete cluster --name ${handle.name}\``,
};
