import packageJson from '../../package.json' with { type: 'json' };
import { PROVIDER_IMPLEMENTATIONS } from '../cluster/index.js';
import type { ClusterHandle, ClusterManager, ClusterProvider } from '../cluster/provider.js';
import { DEFAULT_KWOK_VERSION, type ProviderName } from '../inputs/options.js';
import type { RunConfig } from '../inputs/validate.js';
import type { ChartStore } from '../linkerd/chart-store.js';
import { createRunner, type Runner, type RunnerConfig } from '../process/runner.js';
import { REPORT_SCHEMA_VERSION, resultOf, type RunReport } from '../report/model.js';
import { failedScenarios, scenarioId } from '../scenarios/hooks.js';
import { downloadSources } from '../tools/assets.js';
import { AbortableTools } from '../tools/abortable-tools.js';
import { githubReleaseDigests } from '../tools/release-digests.js';
import { ToolSet, type Tools } from '../tools/toolset.js';
import { GITHUB_COM_API } from '../versions/release-source.js';
import type { Release } from '../versions/releases.js';
import { PhaseStop } from '../process/expect-success.js';
import { PhaseRecorder } from './phases.js';

/** The package's own version: one place to bump. */
export const TOOL_VERSION: string = packageJson.version;

export interface CanaryHooks {
  /** Aborted on SIGINT/SIGTERM or job cancellation. */
  signal?: AbortSignal;
  /** The release list (from a file or the API); called inside the resolve phase with the run's signal. */
  loadReleases: (signal: AbortSignal) => Promise<Release[]>;
  /** Called as soon as a cluster exists, so the post step can delete it even if this process dies. */
  onCluster?: (handle: ClusterHandle) => void | Promise<void>;
  /** Called after every phase with the report so far, so a crash still leaves one. */
  onProgress?: (report: RunReport) => void | Promise<void>;
  /** Progress lines for a terminal or the job log. */
  log?: (line: string) => void;
  /** Strings to mask in every command record. */
  secrets?: string[];
}

/** What the run is made of; the entry points use the real ones, unit tests give fakes. */
export interface CanaryDeps {
  createRunner: (config: RunnerConfig) => Runner;
  tools: Tools;
  /** Linkerd's charts for the Helm method, when shared with other runs (a nightly's); a run makes its own otherwise. */
  charts?: ChartStore;
  providers: Record<ProviderName, { provider: ClusterProvider; manager: ClusterManager }>;
  now: () => number;
}

export function realDeps(config: RunConfig, tools: Tools = toolSetFor(config)): CanaryDeps {
  return { createRunner, tools, providers: PROVIDER_IMPLEMENTATIONS, now: Date.now };
}

/** The tools of the versions `config` asks for, fetched on first use; `signal` stops their downloads. */
export function toolSetFor(config: RunConfig, signal?: AbortSignal): ToolSet {
  return new ToolSet(
    { kubectl: config.kubectlVersion, kind: config.kindVersion, kwok: DEFAULT_KWOK_VERSION },
    config.toolsDir,
    downloadSources(),
    // The run's token lifts the API's anonymous limit for the digest look-ups too.
    githubReleaseDigests({
      apiUrl: process.env.GITHUB_API_URL || GITHUB_COM_API,
      ...(config.githubToken ? { token: config.githubToken } : {}),
      ...(signal ? { signal } : {}),
    }),
    signal,
  );
}

/** Where this run can be seen, from the runner's variables (absent off GitHub). */
function runLink(env: NodeJS.ProcessEnv): Pick<RunReport, 'run'> {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: id, GITHUB_RUN_ATTEMPT: attempt, GITHUB_JOB: job } = env;
  if (!server || !repo || !id) return {};
  return { run: { url: `${server}/${repo}/actions/runs/${id}${attempt ? `/attempts/${attempt}` : ''}`, ...(job ? { job } : {}) } };
}

/**
 * One run's state, shared by its stages: the report being written, the phases so far, the
 * runners (one that a cancel or the time limit stops, one for cleanup that ignores them), the
 * tools, the provider and the cluster once it exists.
 */
export class RunContext {
  readonly recorder: PhaseRecorder;
  readonly report: RunReport;
  readonly timeLimit: AbortSignal;
  readonly signal: AbortSignal;
  readonly run: Runner;
  readonly cleanupRun: Runner;
  readonly provider: ClusterProvider;
  readonly manager: ClusterManager;
  readonly log: (line: string) => void;
  /** The run's view of its tools: waiting for one ends at the run's cancel or time limit. */
  readonly tools: Tools;
  cluster?: ClusterHandle;
  private readonly started: number;

  constructor(
    readonly config: RunConfig,
    readonly hooks: CanaryHooks,
    readonly deps: CanaryDeps,
    readonly workDir: string,
  ) {
    this.started = deps.now();
    this.recorder = new PhaseRecorder(deps.now);
    this.timeLimit = AbortSignal.timeout(config.timeoutMs);
    this.signal = hooks.signal ? AbortSignal.any([hooks.signal, this.timeLimit]) : this.timeLimit;
    const secrets = hooks.secrets ?? [];
    this.run = deps.createRunner({ signal: this.signal, secrets, onCommand: this.recorder.record });
    this.cleanupRun = deps.createRunner({ secrets, onCommand: this.recorder.record });
    this.tools = new AbortableTools(deps.tools, this.signal);
    ({ provider: this.provider, manager: this.manager } = deps.providers[config.provider]);
    this.log = hooks.log ?? (() => undefined);
    this.report = {
      schemaVersion: REPORT_SCHEMA_VERSION,
      tool: { name: 'edge-canary', version: TOOL_VERSION },
      result: 'error',
      requested: { from: config.from, to: config.to },
      ...(config.pathKey ? { pathKey: config.pathKey } : {}),
      ...runLink(process.env),
      provider: config.provider,
      installMethod: config.installMethod,
      ...(config.installMethod === 'helm' ? { helm: { valuesMode: config.helmUpgradeValues, releases: [] } } : {}),
      startedAt: new Date(this.started).toISOString(),
      durationMs: 0,
      phases: this.recorder.phases,
      proxyVersions: [],
      tools: [],
      scenarios: [],
      failed: [],
      warnings: [],
    };
  }

  /** Brings the report up to date and hands it to onProgress. */
  async snapshot(): Promise<void> {
    const { report, recorder } = this;
    report.durationMs = this.deps.now() - this.started;
    report.result = resultOf(recorder.phases, this.signal.aborted && !this.timeLimit.aborted);
    report.failed = [
      ...recorder.phases.filter((p) => !p.cleanup && (p.verdict === 'fail' || p.verdict === 'error')).map((p) => p.name),
      ...failedScenarios(report.scenarios).map(scenarioId),
    ];
    report.warnings = [
      ...recorder.phases.flatMap((p) => (p.warnings ?? []).map((w) => ({ where: p.name, ...w }))),
      ...report.scenarios.flatMap((s) => (s.warnings ?? []).map((w) => ({ where: scenarioId(s), ...w }))),
      ...(report.impact?.warnings ?? []).map((w) => ({ where: 'impact', ...w })),
    ];
    report.tools = await this.tools.reports();
    await this.hooks.onProgress?.(report);
  }

  /**
   * Runs one phase: refused once the run is cancelled or out of time; `failVerdict` is what any
   * failure inside it means (`error` for setting up the starting point, `fail` for the upgrade).
   */
  async phase<T>(name: string, title: string, body: () => Promise<T>, failVerdict: 'fail' | 'error' = 'error'): Promise<T> {
    this.log(`▶ ${title}`);
    try {
      return await this.recorder.run(
        name,
        title,
        async () => {
          await this.snapshot(); // the report names the phase under way
          if (this.timeLimit.aborted) throw new PhaseStop('fail', `the run reached its time limit (${this.config.timeoutMs / 1000}s) before this phase`);
          if (this.signal.aborted) throw new PhaseStop('cancelled', 'cancelled before it started');
          return body();
        },
        failVerdict,
      );
    } finally {
      const p = this.recorder.phases.find((candidate) => candidate.name === name)!;
      this.log(`${p.verdict === 'pass' ? '✔' : p.verdict === 'warn' ? '⚠' : '✘'} ${title}: ${p.verdict}${p.reason ? ` (${p.reason})` : ''}`);
      await this.snapshot();
    }
  }
}
