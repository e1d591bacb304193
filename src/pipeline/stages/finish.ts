import { join } from 'node:path';
import { collectDiagnostics, DIAGNOSTICS_BUDGET_MS } from '../../diagnostics/collect.js';
import { LINKERD_CHARTS } from '../../linkerd/helm-charts.js';
import type { RunContext } from '../context.js';
import { helmArgv } from '../helm-steps.js';

/**
 * After the run, whatever ended it: diagnostics where it failed or errored, then the cluster
 * deleted unless it is kept or not ours. Both are timed in the report but never change its
 * result, and both use the runner that a cancel does not stop.
 */
export async function finishStage(ctx: RunContext): Promise<void> {
  const { report, config, tools, manager, cleanupRun } = ctx;
  await ctx.snapshot();
  const ended = report.result;
  const cleanup = (name: string, title: string, body: () => Promise<void>) => {
    ctx.log(`▶ ${title}`);
    return ctx.recorder.run(name, title, body, 'error', true).catch((error: unknown) => ctx.log(`  ${title}: ${(error as Error).message}`));
  };
  const handle = ctx.cluster;
  if (handle && (ended === 'fail' || ended === 'error')) {
    await cleanup('collect-diagnostics', 'Collect diagnostics', async () => {
      report.diagnosticsDir = await collectDiagnostics({
        run: cleanupRun,
        kubectl: await tools.path('kubectl').catch(() => undefined),
        linkerd: report.to ? await tools.linkerd(report.to).catch(() => undefined) : undefined,
        expectedVersion: report.to,
        ...(report.helm ? { helm: { argv: helmArgv(await tools.path('helm'), handle.kubeconfig, []), releases: LINKERD_CHARTS } } : {}),
        cluster: handle,
        manager,
        dir: join(config.reportDir, 'diagnostics'),
        budgetMs: Math.min(DIAGNOSTICS_BUDGET_MS, config.timeoutMs),
      });
    });
  }
  if (handle?.owned && !config.keepCluster) {
    await cleanup('delete-cluster', `Delete cluster ${handle.name}`, async () => {
      await manager.delete(handle, cleanupRun);
      report.cluster = { name: handle.name, deleted: true };
    });
  }
  await ctx.snapshot();
}
