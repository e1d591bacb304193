import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubectlFor, type Kubectl } from '../../src/cluster/kubectl.js';
import { kwokManager, kwokProvider } from '../../src/cluster/kwok.js';
import type { ClusterHandle } from '../../src/cluster/provider.js';
import { DEFAULT_KWOK_VERSION } from '../../src/inputs/options.js';
import { createRunner, type Runner } from '../../src/process/runner.js';
import { ToolSet } from '../../src/tools/toolset.js';
import { SIM_KUBERNETES_VERSION, simToolsDir } from './sim-tools.js';

/** A kwok cluster of the simulated-cluster tools, for tests that drive one directly. */
export interface SimCluster {
  handle: ClusterHandle;
  tools: ToolSet;
  workDir: string;
  kubectl: Kubectl;
  delete(): Promise<void>;
}

/** Creates a kwok cluster through the provider; a failed creation deletes what it made. */
export async function startSimCluster(name: string, run: Runner = createRunner(), toolsDir = simToolsDir()): Promise<SimCluster> {
  const workDir = await mkdtemp(join(tmpdir(), `${name}-e2e-`));
  const tools = new ToolSet({ kubectl: SIM_KUBERNETES_VERSION, kind: 'unused', kwok: DEFAULT_KWOK_VERSION }, toolsDir);
  const context = { run, tools, workDir, clusterName: name, kubernetesVersion: SIM_KUBERNETES_VERSION };
  const handle = await kwokProvider.handle(context);
  const remove = () => kwokManager.delete(handle, run);
  try {
    await kwokProvider.create(context, handle);
  } catch (error) {
    await remove();
    throw error;
  }
  return { handle, tools, workDir, kubectl: kubectlFor(run, await tools.path('kubectl'), handle.kubeconfig), delete: remove };
}
