import { join } from 'node:path';
import { kubectlFor } from '../../src/cluster/kubectl.js';
import { cliInstaller, type StepContext } from '../../src/pipeline/linkerd-steps.js';
import type { Runner } from '../../src/process/runner.js';
import type { ToolSet } from '../../src/tools/toolset.js';

/** The Linkerd steps' context for a test cluster, with the simulated-cluster tools and the CLI installer. */
export async function simStepContext(run: Runner, tools: ToolSet, kubeconfig: string, workDir: string, checkBudgetMs = 60_000): Promise<StepContext> {
  return {
    run,
    kubectl: kubectlFor(run, await tools.path('kubectl'), kubeconfig),
    linkerdPath: (tag) => tools.linkerd(tag),
    gatewayApiCrds: () => tools.path('gateway-api-crds'),
    kubeconfig,
    manifestDir: join(workDir, 'manifests'),
    stallMs: 60_000,
    checkBudgetMs,
    installer: cliInstaller([]),
    warn: (warning) => {
      throw new Error(`unexpected warning outside a run: ${warning.step}: ${warning.reason}`);
    },
  };
}
