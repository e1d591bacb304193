import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pLimit from 'p-limit';
import type { NightlyConfig } from '../inputs/nightly-options.js';
import { kubectlVersion, type RunConfig } from '../inputs/validate.js';
import { ChartStore } from '../linkerd/chart-store.js';
import type { UpgradePath } from '../matrix/paths.js';
import { realDeps, toolSetFor } from '../pipeline/context.js';
import { executeRun, releaseLoader } from '../pipeline/execute.js';
import { checkOwnDir, clearRunDirs, lockDir } from '../report/report-dir.js';
import { SharedTools } from '../tools/shared-tools.js';
import type { Tools } from '../tools/toolset.js';
import { ReleaseList, type Release } from '../versions/releases.js';
import { matrixFor } from './matrix.js';
import type { NightlyProgress } from './nightly-progress.js';
import { defaultParallelPaths, thisMachine } from './parallel-limit.js';
import { buildReport, type ReportResult } from './report.js';

export interface NightlyHooks {
  signal: AbortSignal;
  /** Called once the paths are known, before any runs; returns where their progress goes. */
  progress: (paths: readonly UpgradePath[]) => NightlyProgress;
  warn: (message: string) => void;
  /** Runs one path; tests give one over a fake cluster. */
  execute?: typeof executeRun;
}

export interface NightlyResult extends ReportResult {
  parallel: number;
  /** Bad input a path's run found (a scenario file, say): the same for every path, so the nightly's. */
  inputErrors: string[];
  cancelled: boolean;
}

/** What a nightly writes into its report dir: the aggregate, its summary, and each path's report dir under `paths/`. */
const NIGHTLY_DIR_ENTRIES = ['aggregate.json', 'summary.md', 'paths'];

interface PathRun {
  path: UpgradePath;
  config: RunConfig;
}

/**
 * The nightly on this machine: the matrix's paths (same options as the matrix command), each run
 * as `run` would in its own cluster and report dir, several at once, sharing the tools, the
 * release list and the Helm charts; then the report command's aggregate over their reports. Bad
 * input throws before any cluster exists.
 */
export async function runNightly(config: NightlyConfig, hooks: NightlyHooks): Promise<NightlyResult> {
  // Loaded once: the matrix is computed from it and every path resolves its versions against it.
  const releases = await releaseLoader(config.matrix)(hooks.signal);
  const { paths } = await matrixFor(new ReleaseList(releases), config.matrix);
  const runs = methodsInTurn(paths.flatMap((path, i): PathRun[] => (path.skipped ? [] : [{ path, config: pathConfig(config, path, i) }])));
  await checkOwnDir(config.reportDir, NIGHTLY_DIR_ENTRIES);
  const releaseDir = await lockDir(config.reportDir);
  try {
    // Reports of an earlier nightly in the same dir would be aggregated as this one's.
    await clearRunDirs(join(config.reportDir, 'paths'));
    const chartsDir = await mkdtemp(join(process.env.RUNNER_TEMP || tmpdir(), 'edge-canary-charts-'));
    try {
      return await runPaths(config, paths, runs, hooks, { releases, charts: new ChartStore(chartsDir, config.run.chartRepo) });
    } finally {
      await rm(chartsDir, { recursive: true, force: true });
    }
  } finally {
    await releaseDir();
  }
}

/**
 * The phase that ends a path's start-up. Paths that start together run the same phases at the
 * same time, and paths of the same length then end and start again together: every path competes
 * with two doing exactly what it does. So a path starts once the one started before it is past
 * this phase (or has ended). Measured (bench nightly, PATHS=3: one wave of three on 2 cores): each
 * path 1.69-1.81x its time alone when they start together, 1.05-1.14x staggered, and the three
 * done sooner (1m16s against 1m22s).
 */
const START_UP_ENDS_WITH = 'install-from';

/** A path's start-up, resolved by `done` (once is enough; more calls do nothing). */
function startUp(): { startedUp: Promise<void>; done: () => void } {
  let done!: () => void;
  const startedUp = new Promise<void>((resolve) => (done = resolve));
  return { startedUp, done };
}

/**
 * The runs in the matrix's order, but the install methods in turn (cli, helm, cli, ...). A Helm
 * run does the same work as a CLI run in less time alone (fewer waits), so Helm runs side by side
 * slow each other most: the matrix lists every CLI path before the first Helm one.
 */
function methodsInTurn(runs: PathRun[]): PathRun[] {
  // Each run's place among the runs of its method; the sort is stable, so ties keep the matrix's order.
  const seen = new Map<string, number>();
  const turn = new Map<PathRun, number>();
  for (const run of runs) {
    const method = run.config.installMethod;
    seen.set(method, (seen.get(method) ?? 0) + 1);
    turn.set(run, seen.get(method)!);
  }
  return [...runs].sort((a, b) => turn.get(a)! - turn.get(b)!);
}

/** What the runs of a nightly share besides their tools: the release list and Linkerd's charts. */
interface Shared {
  releases: Release[];
  charts: ChartStore;
}

async function runPaths(config: NightlyConfig, paths: UpgradePath[], runs: PathRun[], hooks: NightlyHooks, shared: Shared): Promise<NightlyResult> {
  const provider = runs[0]?.config.provider ?? 'kwok';
  const parallel = provider === 'existing' ? 1 : (config.parallelPaths ?? defaultParallelPaths(provider, thisMachine()));
  const tools = new SharedTools();
  const toolsOf = (run: PathRun) => tools.forRun(`${run.config.kubectlVersion} ${run.config.kindVersion}`, () => toolSetFor(run.config, hooks.signal));
  const progress = hooks.progress(paths);
  // Paths that will not run beyond those the matrix skipped, and why: the aggregate lists them as skipped.
  const notRun = new Map<string, string>();
  const skip = (key: string, reason: string) => {
    notRun.set(key, reason);
    progress.skip(key, reason);
  };
  for (const path of paths) if (path.skipped) progress.skip(path.key, path.skipped);
  for (const run of runs) {
    const missing = await missingLinkerd(run.config, toolsOf(run));
    if (missing.length) skip(run.path.key, `not run: the tools dir has no ${missing.join(', ')}`);
  }
  const inputErrors = new Set<string>();
  const limit = pLimit(parallel);
  const execute = hooks.execute ?? executeRun;
  let previousStartUp: Promise<void> = Promise.resolve();
  await Promise.all(
    runs
      .filter((run) => !notRun.has(run.path.key))
      .map((run) =>
        limit(async () => {
          // Slots are taken in order, so this is the start-up of the path that took one last.
          const { startedUp, done: startUpDone } = startUp();
          const before = previousStartUp;
          previousStartUp = startedUp;
          try {
            await before;
            if (hooks.signal.aborted) return skip(run.path.key, 'not started: the nightly was cancelled');
            progress.start(run.path.key);
            const { report } = await execute(
              run.config,
              {
                signal: hooks.signal,
                log: (line) => progress.line(run.path.key, line),
                loadReleases: async () => shared.releases,
                onProgress: (r) => {
                  if (r.phases.some((p) => p.name === START_UP_ENDS_WITH && p.verdict !== 'running')) startUpDone();
                },
              },
              { ...realDeps(run.config, toolsOf(run)), charts: shared.charts },
            );
            // A finished run never says running; a report that still does is a run that broke off.
            progress.finish(run.path.key, report.result === 'running' ? 'error' : report.result);
            if (report.inputError) inputErrors.add(report.inputError.message);
          } catch (error) {
            // Only the report dir can fail this way (the run keeps cluster trouble in its report):
            // the other paths go on, and the aggregate lists this one without a report.
            progress.finish(run.path.key, 'error');
            hooks.warn(`${run.path.name}: ${error instanceof Error ? error.message : String(error)}`);
          } finally {
            startUpDone();
          }
        }),
      ),
  );
  progress.stop();
  const matrix = paths.map((p) => (notRun.has(p.key) ? { ...p, skipped: notRun.get(p.key)! } : p));
  const result = await buildReport(
    { reportsDir: join(config.reportDir, 'paths'), paths: matrix, outputDir: config.reportDir, openIssues: false, issueLabel: 'edge-canary', bisect: false },
    { warn: hooks.warn },
  );
  return { ...result, parallel, inputErrors: [...inputErrors], cancelled: hooks.signal.aborted };
}

/**
 * A path's run options: the shared ones, its versions, install method and profile, its own
 * cluster name and report dir, and the matrix's Kubernetes and kind versions unless the nightly
 * was given some for all.
 */
function pathConfig(config: NightlyConfig, path: UpgradePath, index: number): RunConfig {
  const { run, given } = config;
  const kubernetesVersion = given.kubernetesVersion ? run.kubernetesVersion : path.kubernetesVersion!;
  return {
    ...run,
    from: path.from,
    via: path.via,
    to: path.to,
    pathKey: path.key,
    installMethod: path.installMethod ?? 'cli',
    // The matrix's profile line, split as the run's `profile` input splits its lines.
    profiles: path.profile!.split('+'),
    clusterName: `${run.clusterName}-${index + 1}`,
    reportDir: join(config.reportDir, 'paths', path.key),
    kubernetesVersion,
    kindVersion: given.kindVersion ? run.kindVersion : path.kindVersion!,
    kubectlVersion: kubectlVersion(given.kubectlVersion ?? '', kubernetesVersion, run.provider),
  };
}

/**
 * The Linkerd CLIs of a path that a tools dir lacks. Only with a tools dir: there a path whose
 * CLI is not built cannot run, and saying so beats starting its cluster; without one the run
 * downloads them and a failed download is the path's error.
 */
async function missingLinkerd(config: RunConfig, tools: Tools): Promise<string[]> {
  if (!config.toolsDir) return [];
  const tags = [config.from, ...config.via, config.to];
  const settled = await Promise.allSettled(tags.map((tag) => tools.linkerd(tag)));
  return tags.flatMap((tag, i) => (settled[i]!.status === 'rejected' ? [`linkerd-${tag}`] : []));
}
