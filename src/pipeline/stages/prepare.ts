import { writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { kubectlFor } from '../../cluster/kubectl.js';
import { ChartStore } from '../../linkerd/chart-store.js';
import { eraOf } from '../../linkerd/eras.js';
import { kubectlOfClusterMinor } from '../../inputs/validate.js';
import type { RunContext } from '../context.js';
import { HelmInstaller } from '../helm-steps.js';
import { cliInstallArgs } from '../../profiles/model.js';
import { cliInstaller, type LinkerdInstaller, type StepContext } from '../linkerd-steps.js';
import type { Plan } from './resolve.js';

const CHECK_BUDGET_MS = 5 * 60_000;

/** The Gateway API CRDs file is needed where the run installs them itself, or a hop demands them. */
function needsGatewayApiCrds(plan: Plan): boolean {
  return plan.gatewayApi === 'external' || [plan.from, ...plan.via, plan.to].some((tag) => eraOf(tag).refusesAbsentGatewayApi);
}

/** The installer of the run's method, given the user's install arguments and the profile's settings. */
async function installerFor(ctx: RunContext, plan: Plan, kubeconfig: string): Promise<LinkerdInstaller> {
  const { config } = ctx;
  const profileValuesFile = await writeProfileValues(config.reportDir, plan);
  if (!plan.helmValues) return cliInstaller([...config.installArgs, ...cliInstallArgs(plan.profile, profileValuesFile)], kubectlOfClusterMinor(config));
  return new HelmInstaller({
    run: ctx.run,
    helm: await ctx.tools.path('helm'),
    kubeconfig,
    workDir: ctx.workDir,
    values: plan.helmValues,
    valuesMode: config.helmUpgradeValues,
    charts: ctx.deps.charts ?? new ChartStore(join(ctx.workDir, 'chart-store'), config.chartRepo),
    profile: plan.profile,
    ...(profileValuesFile ? { profileValuesFile } : {}),
    report: ctx.report.helm!,
    kubernetesVersion: config.kubernetesVersion,
  });
}

/**
 * Tools and the cluster side by side: the provider awaits only the tools it needs itself, so the
 * cluster starts while the Linkerd CLIs are still being fetched.
 */
export async function prepareStage(ctx: RunContext, plan: Plan): Promise<StepContext> {
  const { config, tools, report } = ctx;
  const toolsReady = ctx.phase('install-tools', 'Install tools', async () => {
    const settled = await Promise.allSettled([
      tools.path('kubectl'),
      ...[plan.from, ...plan.via, plan.to].map((tag) => tools.linkerd(tag)),
      ...(needsGatewayApiCrds(plan) ? [tools.path('gateway-api-crds')] : []),
      ...(config.installMethod === 'helm' ? [tools.path('helm')] : []),
    ]);
    const problems = settled.flatMap((s) => (s.status === 'rejected' ? [(s.reason as Error).message] : []));
    if (problems.length) throw new Error(problems.join('; '));
  });
  const clusterReady = ctx.phase('create-cluster', `Create ${config.provider} cluster`, async () => {
    const providerContext = {
      run: ctx.run,
      tools,
      workDir: ctx.workDir,
      clusterName: config.clusterName,
      kubernetesVersion: config.kubernetesVersion,
      ...(plan.profile.nodes ? { nodes: plan.profile.nodes } : {}),
    };
    ctx.cluster = await ctx.provider.handle(providerContext);
    report.cluster = { name: ctx.cluster.name, deleted: false };
    await ctx.hooks.onCluster?.(ctx.cluster);
    await ctx.provider.create(providerContext, ctx.cluster);
  });
  const settled = await Promise.allSettled([toolsReady, clusterReady]);
  for (const r of settled) if (r.status === 'rejected') throw r.reason;
  const kubeconfig = ctx.cluster!.kubeconfig;
  return {
    run: ctx.run,
    kubectl: kubectlFor(ctx.run, await tools.path('kubectl'), kubeconfig),
    linkerdPath: (tag) => tools.linkerd(tag),
    gatewayApiCrds: () => tools.path('gateway-api-crds'),
    kubeconfig,
    manifestDir: join(config.reportDir, 'manifests'),
    stallMs: config.stallMs,
    checkBudgetMs: CHECK_BUDGET_MS,
    installer: await installerFor(ctx, plan, kubeconfig),
    warn: (warning) => ctx.recorder.warnCurrent(warning),
  };
}

/** The profile's values as the values file a user keeps (in the report dir, so the report shows what was set). */
async function writeProfileValues(reportDir: string, plan: Plan): Promise<string | undefined> {
  if (Object.keys(plan.profile.values).length === 0) return undefined;
  await mkdir(reportDir, { recursive: true });
  const file = join(reportDir, 'profile-values.yaml');
  await writeFile(file, stringify(plan.profile.values));
  return file;
}
