import { mkdir, mkdtemp } from 'node:fs/promises';
import packageJson from '../../package.json' with { type: 'json' };
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROVIDER_IMPLEMENTATIONS } from '../cluster/index.js';
import type { ClusterHandle } from '../cluster/provider.js';
import { collectDiagnostics } from '../diagnostics/collect.js';
import { InputError } from '../inputs/input-error.js';
import { DEFAULT_KWOK_VERSION } from '../inputs/options.js';
import type { RunConfig } from '../inputs/validate.js';
import { eraOf } from '../linkerd/eras.js';
import { SAMPLE_DEPLOYMENTS, SAMPLE_NAMESPACE, sampleWorkloadManifest } from '../linkerd/sample-workload.js';
import { createRunner } from '../process/runner.js';
import { REPORT_SCHEMA_VERSION, resultOf, type RunReport } from '../report/model.js';
import { ToolSet } from '../tools/toolset.js';
import { ReleaseList } from '../versions/releases.js';
import type { Release } from '../versions/releases.js';
import { resolveVersions, resolveVia } from '../versions/selectors.js';
import {
  checkUntilPass,
  injectAndApply,
  installLinkerd,
  proxyVersions,
  upgradeLinkerd,
  waitForControlPlane,
  waitForRollout,
  type StepContext,
} from './linkerd-steps.js';
import { PhaseRecorder, PhaseStop } from './phases.js';
import { runHook, failedScenarios } from '../scenarios/hooks.js';
import { loadScenarios } from '../scenarios/load.js';
import type { ScenarioContext } from '../scenarios/engine.js';
import type { HookPhase } from '../scenarios/model.js';

/** The package's own version: one place to bump. */
export const TOOL_VERSION: string = packageJson.version;

/** Where this run can be seen, from the runner's variables (absent off GitHub). */
function runLink(env: NodeJS.ProcessEnv): Pick<RunReport, 'run'> {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: id, GITHUB_RUN_ATTEMPT: attempt, GITHUB_JOB: job } = env;
  if (!server || !repo || !id) return {};
  return { run: { url: `${server}/${repo}/actions/runs/${id}${attempt ? `/attempts/${attempt}` : ''}`, ...(job ? { job } : {}) } };
}
const CHECK_BUDGET_MS = 5 * 60_000;
const ROLLOUT_TIMEOUT_MS = 5 * 60_000;

export interface CanaryHooks {
  /** Aborted on SIGINT/SIGTERM or job cancellation. */
  signal?: AbortSignal;
  /** The release list (from a file or the API); called inside the resolve phase. */
  loadReleases: () => Promise<Release[]>;
  /** Called as soon as a cluster exists, so the post step can delete it even if this process dies. */
  onCluster?: (handle: ClusterHandle) => void | Promise<void>;
  /** Called after every phase with the report so far, so a crash still leaves one. */
  onProgress?: (report: RunReport) => void | Promise<void>;
  /** Progress lines for a terminal or the job log. */
  log?: (line: string) => void;
  /** Strings to mask in every command record. */
  secrets?: string[];
}

/**
 * The canary: resolve versions, get tools and a cluster (overlapped), install `from`, deploy a
 * meshed workload, upgrade to `to`, check, roll the data plane, check the proxies. Never throws
 * for anything that happens in the cluster: the verdicts are in the report.
 */
export async function runCanary(config: RunConfig, hooks: CanaryHooks): Promise<RunReport> {
  const started = Date.now();
  const recorder = new PhaseRecorder();
  const timeout = AbortSignal.timeout(config.timeoutMs);
  const signal = hooks.signal ? AbortSignal.any([hooks.signal, timeout]) : timeout;
  const secrets = hooks.secrets ?? [];
  const run = createRunner({ signal, secrets, onCommand: recorder.record });
  // Cleanup and diagnostics must run after a cancel, so their runner ignores it.
  const cleanupRun = createRunner({ secrets, onCommand: recorder.record });
  const { provider, manager } = PROVIDER_IMPLEMENTATIONS[config.provider];
  const tools = new ToolSet({ kubectl: config.kubectlVersion, kind: config.kindVersion, kwok: DEFAULT_KWOK_VERSION }, config.toolsDir);
  const log = hooks.log ?? (() => undefined);

  const report: RunReport = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'edge-canary', version: TOOL_VERSION },
    result: 'error',
    requested: { from: config.from, to: config.to },
    ...(config.pathKey ? { pathKey: config.pathKey } : {}),
    ...runLink(process.env),
    provider: config.provider,
    startedAt: new Date(started).toISOString(),
    durationMs: 0,
    phases: recorder.phases,
    proxyVersions: [],
    tools: [],
    scenarios: [],
    failed: [],
  };
  const snapshot = async () => {
    report.durationMs = Date.now() - started;
    report.result = resultOf(recorder.phases, signal.aborted && !timeout.aborted);
    report.failed = [
      ...recorder.phases.filter((p) => !p.cleanup && (p.verdict === 'fail' || p.verdict === 'error')).map((p) => p.name),
      ...failedScenarios(report.scenarios).map((s) => `scenario:${s.name}@${s.phase}`),
    ];
    report.tools = await tools.reports();
    await hooks.onProgress?.(report);
  };
  const phase = async <T>(name: string, title: string, body: () => Promise<T>, onError: 'fail' | 'error' = 'error') => {
    log(`▶ ${title}`);
    try {
      return await recorder.run(name, title, async () => {
        if (timeout.aborted) throw new PhaseStop('fail', `the run reached its time limit (${config.timeoutMs / 1000}s) before this phase`);
        if (signal.aborted) throw new PhaseStop('cancelled', 'cancelled before it started');
        return body();
      }, onError);
    } finally {
      const p = recorder.phases.find((candidate) => candidate.name === name)!;
      log(`${p.verdict === 'pass' ? '✔' : '✘'} ${title}: ${p.verdict}${p.reason ? ` (${p.reason})` : ''}`);
      await snapshot();
    }
  };

  await mkdir(config.reportDir, { recursive: true });
  const workDir = await mkdtemp(join(process.env.RUNNER_TEMP || tmpdir(), 'edge-canary-'));
  let cluster: ClusterHandle | undefined;
  try {
    const { from, via, to } = await phase('resolve-versions', 'Resolve versions', async () => {
      const list = new ReleaseList(await hooks.loadReleases());
      const versions = resolveVersions(list, config);
      const hops = resolveVia(list, config.via, versions.from, versions.to);
      report.from = versions.from;
      report.to = versions.to;
      if (hops.length) report.via = hops;
      return { ...versions, via: hops };
    });
    log(`  ${[from, ...via, to].join(' -> ')} on ${config.provider}`);
    // Scenario files are checked before any tool or cluster work: a typo must cost seconds.
    const scenarios = config.scenarios.length
      ? await phase('load-scenarios', 'Load scenarios', () => loadScenarios(config.scenarios))
      : [];

    // Tools and the cluster overlap: the provider awaits only the tools it needs itself.
    const toolsReady = phase('install-tools', 'Install tools', async () => {
      const versions = [from, ...via, to];
      const settled = await Promise.allSettled([
        tools.path('kubectl'),
        ...versions.map((tag) => tools.linkerd(tag)),
        // Fetched here, alongside the cluster's creation, rather than in the middle of an install.
        ...(versions.some((tag) => eraOf(tag).needsGatewayApiCrds) ? [tools.path('gateway-api-crds')] : []),
      ]);
      const problems = settled.flatMap((s) => (s.status === 'rejected' ? [(s.reason as Error).message] : []));
      if (problems.length) throw new Error(problems.join('; '));
    });
    const clusterReady = phase('create-cluster', `Create ${config.provider} cluster`, async () => {
      const context = { run, tools, workDir, clusterName: config.clusterName, kubernetesVersion: config.kubernetesVersion };
      cluster = await provider.handle(context);
      report.cluster = { name: cluster.name, deleted: false };
      await hooks.onCluster?.(cluster);
      await provider.create(context, cluster);
    });
    const [toolsResult, clusterResult] = await Promise.allSettled([toolsReady, clusterReady]);
    for (const r of [toolsResult, clusterResult]) if (r.status === 'rejected') throw r.reason;

    const ctx: StepContext = {
      run,
      tools,
      kubeconfig: cluster!.kubeconfig,
      manifestDir: join(config.reportDir, 'manifests'),
      stallMs: config.stallMs,
      checkBudgetMs: CHECK_BUDGET_MS,
    };

    await phase('install-from', `Install ${from}`, async () => {
      await installLinkerd(ctx, from, config.installArgs);
      await waitForControlPlane(ctx);
      await checkUntilPass(ctx, from, []);
    });
    await phase('deploy-workload', 'Deploy meshed sample workload', async () => {
      await injectAndApply(ctx, from, sampleWorkloadManifest(), 'workload');
      await waitForRollout(ctx, SAMPLE_NAMESPACE, SAMPLE_DEPLOYMENTS, ROLLOUT_TIMEOUT_MS);
    });
    const kubectlPath = await tools.path('kubectl');
    const scenarioContext: ScenarioContext = {
      kubectl: kubectlPath,
      kubeconfig: ctx.kubeconfig,
      capabilities: provider.capabilities,
      variables: {
        from,
        to,
        kubeconfig: ctx.kubeconfig,
        kubectl: kubectlPath,
        workloadNamespace: SAMPLE_NAMESPACE,
        linkerd: { from: await tools.linkerd(from), to: await tools.linkerd(to) },
      },
      signal,
      secrets,
      stallMs: config.stallMs,
    };
    // Scenario results never stop the upgrade: a failing one fails the run at the end.
    const hook = async (at: HookPhase) => {
      if (!scenarios.some((s) => s.phases.includes(at))) return;
      await phase(`scenarios@${at}`, `Scenarios ${at}`, async () => {
        const reports = await runHook(at, scenarios, config.parallel, scenarioContext);
        report.scenarios.push(...reports);
        const failed = failedScenarios(reports);
        if (failed.length) recorder.flagCurrent('fail', failed.map((f) => `${f.name}: ${f.reason}`).join('; '));
      });
    };
    await hook('before-upgrade');
    // One hop per target: a multi-hop path upgrades, checks and rolls at every step.
    for (const target of [...via, to]) {
      const at = via.length ? `@${target}` : '';
      await phase(
        `upgrade-control-plane${at}`,
        `Upgrade control plane to ${target}`,
        async () => {
          await upgradeLinkerd(ctx, target);
          await waitForControlPlane(ctx);
          const versions = await proxyVersions(ctx, target);
          report.proxyVersions.push({ stage: `after-control-plane-upgrade${at}`, versions: versions.proxies ?? [] });
        },
        'fail',
      );
      await phase(`check-control-plane${at}`, `linkerd check (${target})`, () => checkUntilPass(ctx, target, []), 'fail');
      if (target === to) await hook('after-control-plane-upgrade');
      await phase(
        `roll-data-plane${at}`,
        `Roll the data plane to ${target}`,
        async () => {
          await injectAndApply(ctx, target, sampleWorkloadManifest(), 'workload');
          await waitForRollout(ctx, SAMPLE_NAMESPACE, SAMPLE_DEPLOYMENTS, ROLLOUT_TIMEOUT_MS);
        },
        'fail',
      );
      await phase(
        `check-proxies${at}`,
        `linkerd check --proxy (${target})`,
        async () => {
          await checkUntilPass(ctx, target, ['--proxy', '--namespace', SAMPLE_NAMESPACE]);
          const versions = (await proxyVersions(ctx, target)).proxies ?? [];
          report.proxyVersions.push({ stage: `after-rollout${at}`, versions });
          const stale = versions.filter((v) => v.version !== target);
          if (stale.length > 0 || versions.length === 0) {
            const found = versions.map((v) => `${v.version} (${v.pods} pods)`).join(', ') || 'none';
            throw new PhaseStop('fail', `after the rollout every proxy should run ${target}; found ${found}`);
          }
        },
        'fail',
      );
    }
    await hook('after-upgrade');
  } catch (error) {
    if (error instanceof InputError) report.inputError = { input: error.input, value: error.value, message: error.message };
    else if (!(error instanceof PhaseStop)) report.error = error instanceof Error ? error.message : String(error);
  } finally {
    await finish();
  }
  return report;

  async function finish() {
    await snapshot();
    const ended = report.result;
    const cleanup = (name: string, title: string, body: () => Promise<void>) =>
      recorder.run(name, title, body, 'error', true).catch((error: unknown) => log(`  ${title}: ${(error as Error).message}`));
    const handle = cluster;
    if (handle && (ended === 'fail' || ended === 'error')) {
      log('▶ Collect diagnostics');
      await cleanup('collect-diagnostics', 'Collect diagnostics', async () => {
        report.diagnosticsDir = await collectDiagnostics({
          run: cleanupRun,
          kubectl: await tools.path('kubectl').catch(() => undefined),
          linkerd: report.to ? await tools.linkerd(report.to).catch(() => undefined) : undefined,
          expectedVersion: report.to,
          cluster: handle,
          manager,
          dir: join(config.reportDir, 'diagnostics'),
        });
      });
    }
    if (handle?.owned && !config.keepCluster) {
      log(`▶ Delete cluster ${handle.name}`);
      await cleanup('delete-cluster', `Delete cluster ${handle.name}`, async () => {
        await manager.delete(handle, cleanupRun);
        report.cluster = { name: handle.name, deleted: true };
      });
    }
    await snapshot();
  }
}

