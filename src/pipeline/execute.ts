import type { ClusterHandle } from '../cluster/provider.js';
import type { RunConfig } from '../inputs/validate.js';
import type { RunReport } from '../report/model.js';
import { reportPaths, writeReports, type ReportPaths } from '../report/write.js';
import { fetchReleases, loadReleasesFile } from '../versions/release-source.js';
import type { Release } from '../versions/releases.js';
import { runCanary } from './run-canary.js';

export const LINKERD_REPO = 'linkerd/linkerd2';

/** The release list from the releases file if one is given, else the GitHub API. */
export function releaseLoader(config: Pick<RunConfig, 'releasesFile' | 'githubToken'>): () => Promise<Release[]> {
  if (config.releasesFile) return () => loadReleasesFile(config.releasesFile!);
  return () =>
    fetchReleases({
      apiUrl: process.env.GITHUB_API_URL || 'https://api.github.com',
      repo: LINKERD_REPO,
      ...(config.githubToken ? { token: config.githubToken } : {}),
    });
}

export interface ExecuteHooks {
  signal: AbortSignal;
  log: (line: string) => void;
  onCluster?: (handle: ClusterHandle) => void | Promise<void>;
}

/** Runs the canary with its reports rewritten after every phase (a crash still leaves them). */
export async function executeRun(config: RunConfig, hooks: ExecuteHooks): Promise<{ report: RunReport; paths: ReportPaths }> {
  const report = await runCanary(config, {
    signal: hooks.signal,
    log: hooks.log,
    loadReleases: releaseLoader(config),
    secrets: config.githubToken ? [config.githubToken] : [],
    onProgress: (r) => writeReports(r, config.reportDir).then(() => undefined),
    ...(hooks.onCluster ? { onCluster: hooks.onCluster } : {}),
  });
  await writeReports(report, config.reportDir);
  return { report, paths: reportPaths(config.reportDir) };
}

/** Aborts on the first SIGINT/SIGTERM (cleanup then runs); a second one exits at once. */
export function abortOnSignals(): AbortController {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort(new Error(`received ${signal}`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return controller;
}
