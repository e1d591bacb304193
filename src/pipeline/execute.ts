import { PROVIDER_IMPLEMENTATIONS } from '../cluster/index.js';
import type { ClusterHandle } from '../cluster/provider.js';
import type { RunConfig } from '../inputs/validate.js';
import { killAllCommands } from '../process/runner.js';
import { redactUrlCredentials } from '../process/redact.js';
import { withUrlCredentialsMasked } from '../report/mask.js';
import { asCancelled, inProgress, type RunReport } from '../report/model.js';
import { checkOwnDir, lockDir } from '../report/report-dir.js';
import { REPORT_DIR_ENTRIES, reportPaths, writeReports, writeReportsSync, type ReportPaths } from '../report/write.js';
import { fetchReleases, loadReleasesFile } from '../versions/release-source.js';
import type { Release } from '../versions/releases.js';
import type { CanaryDeps } from './context.js';
import { runCanary } from './run-canary.js';

export const LINKERD_REPO = 'linkerd/linkerd2';

/**
 * The release list from the releases file if one is given, else the GitHub API, which `signal`
 * (a cancel, the run's time limit) stops.
 */
export function releaseLoader(config: Pick<RunConfig, 'releasesFile' | 'githubToken'>): (signal?: AbortSignal) => Promise<Release[]> {
  if (config.releasesFile) return () => loadReleasesFile(config.releasesFile!);
  return (signal) =>
    fetchReleases({
      apiUrl: process.env.GITHUB_API_URL || 'https://api.github.com',
      repo: LINKERD_REPO,
      ...(config.githubToken ? { token: config.githubToken } : {}),
      ...(signal ? { signal } : {}),
    });
}

export interface ExecuteHooks {
  signal: AbortSignal;
  log: (line: string) => void;
  onCluster?: (handle: ClusterHandle) => void | Promise<void>;
  /**
   * The release list, when the caller holds it already: a nightly loads it once for all its
   * paths (the GitHub API's list is a dozen requests, 60 an hour without a token). Else the
   * run loads it from its options.
   */
  loadReleases?: (signal: AbortSignal) => Promise<Release[]>;
  /**
   * Called synchronously with a report that says cancelled, as soon as the run is cancelled and
   * again right before a forced exit: a GitHub runner that cancels a job sends SIGINT, SIGTERM
   * 7.5 s later and SIGKILL 2.5 s after that, so what is not written by then never will be.
   */
  onCancelled?: (report: RunReport) => void;
  /** Called with the report so far when a phase starts and ends (a nightly waits on a path's start-up). */
  onProgress?: (report: RunReport) => void;
}

/** Synchronous last acts of the runs under way before a forced exit, each with a line to say, if any. */
const beforeForcedExit = new Set<() => string | void>();

/**
 * Runs the canary with its reports rewritten after every phase (a crash still leaves them).
 * Until the end they say `running`, or `cancelled` once the run is.
 */
export async function executeRun(config: RunConfig, hooks: ExecuteHooks, deps?: CanaryDeps): Promise<{ report: RunReport; paths: ReportPaths }> {
  const releaseDir = await prepareReportDir(config.reportDir);
  let latest: RunReport | undefined;
  const writeCancelled = () => {
    if (!latest) return;
    const cancelled = withUrlCredentialsMasked(asCancelled(latest));
    try {
      writeReportsSync(cancelled, config.reportDir);
      hooks.onCancelled?.(cancelled);
    } catch (error) {
      hooks.log(`could not write the cancelled report: ${(error as Error).message}`);
    }
  };
  hooks.signal.addEventListener('abort', writeCancelled, { once: true });
  beforeForcedExit.add(writeCancelled);
  // A cluster this run will delete: a forced exit leaves no time to, so it stops what it can.
  const clusterStops: (() => string)[] = [];
  const onCluster = async (handle: ClusterHandle) => {
    if (handle.owned && !config.keepCluster) {
      const { manager } = (deps?.providers ?? PROVIDER_IMPLEMENTATIONS)[handle.provider];
      const stop = () => manager.stopNow(handle);
      clusterStops.push(stop);
      beforeForcedExit.add(stop);
    }
    await hooks.onCluster?.(handle);
  };
  try {
    const finished = await runCanary(
      config,
      {
        signal: hooks.signal,
        log: (line) => hooks.log(redactUrlCredentials(line)),
        loadReleases: hooks.loadReleases ?? releaseLoader(config),
        secrets: config.githubToken ? [config.githubToken] : [],
        onProgress: (r) => {
          latest = r;
          hooks.onProgress?.(r);
          return writeReports(withUrlCredentialsMasked(hooks.signal.aborted ? asCancelled(r) : inProgress(r)), config.reportDir).then(() => undefined);
        },
        onCluster,
      },
      deps,
    );
    // What is written and published never holds a credential a URL input carried.
    const report = withUrlCredentialsMasked(finished);
    await writeReports(report, config.reportDir);
    return { report, paths: reportPaths(config.reportDir) };
  } finally {
    hooks.signal.removeEventListener('abort', writeCancelled);
    beforeForcedExit.delete(writeCancelled);
    for (const stop of clusterStops) beforeForcedExit.delete(stop);
    await releaseDir();
  }
}

/** Creates report-dir, or takes an existing one that holds only what a run writes, and locks it for this run. */
export async function prepareReportDir(dir: string): Promise<() => Promise<void>> {
  await checkOwnDir(dir, REPORT_DIR_ENTRIES);
  return lockDir(dir);
}

/**
 * Aborts on the first SIGINT/SIGTERM (children get SIGTERM, then cleanup runs). A second one
 * leaves no grace: every child's process group is killed at once, the cancelled report is
 * written, the clusters to delete are stopped as far as their providers can at once (each says
 * what is left), and the process exits 130.
 */
export function abortOnSignals(): AbortController {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      killAllCommands();
      for (const last of beforeForcedExit) {
        const line = last();
        if (line) console.error(line);
      }
      process.exit(130);
    }
    controller.abort(new Error(`received ${signal}`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return controller;
}
