import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { chartVersionFromTag } from '../../src/linkerd/helm-charts.js';
import { expectSuccess } from '../../src/process/expect-success.js';
import { createRunner } from '../../src/process/runner.js';
import { startServer } from './http-server.js';
import { hasLinkerd } from './sim-tools.js';

/**
 * The git directory of linkerd/linkerd2 (every release a tag) the chart fixtures come from:
 * EDGE_CANARY_LINKERD_GIT, else `linkerd2.git` in the tools dir, put there by hand like the CLIs.
 */
export function linkerdGitDir(toolsDir: string): string {
  return process.env.EDGE_CANARY_LINKERD_GIT ?? join(toolsDir, 'linkerd2.git');
}

/** Why the chart fixtures cannot be built here (no linkerd2 git dir, no helm), or undefined when they can. */
export function chartsUnavailable(toolsDir: string): string | undefined {
  const gitDir = linkerdGitDir(toolsDir);
  if (!existsSync(join(gitDir, 'HEAD'))) return `no linkerd/linkerd2 git dir at ${gitDir} (link one there, or set EDGE_CANARY_LINKERD_GIT)`;
  if (!existsSync(join(toolsDir, 'helm'))) return `no helm in ${toolsDir} (scripts/sim/build.sh helm)`;
  return undefined;
}

/**
 * A Helm repository of Linkerd's charts as its release job publishes them, in a temp dir
 * outside the repo (never committed): each tag's charts/ from the snapshot, the version
 * stamped into values.yaml and Chart.yaml as the release does, the `partials` library
 * vendored, packaged, and one index.yaml. Returns the dir.
 */
export async function buildChartRepo(toolsDir: string, tags: readonly string[]): Promise<string> {
  const helm = join(toolsDir, 'helm');
  const work = await mkdtemp(join(tmpdir(), 'linkerd-charts-'));
  const repo = join(work, 'repo');
  const env = { HELM_CACHE_HOME: join(work, 'cache'), HELM_CONFIG_HOME: join(work, 'config'), HELM_DATA_HOME: join(work, 'data') };
  const run = createRunner();
  const sh = async (argv: string[], env?: Record<string, string>) =>
    expectSuccess(await run(argv, { timeoutMs: 60_000, ...(env ? { env } : {}) }), argv.join(' '));
  const helmRun = (...args: string[]) => sh([helm, ...args], env);
  for (const tag of tags) {
    const version = chartVersionFromTag(tag);
    if (!version) throw new Error(`${tag}: only the 20YY.M.N chart scheme is built here`);
    const src = join(work, tag);
    await mkdir(src, { recursive: true });
    await mkdir(repo, { recursive: true });
    await sh(['git', '--git-dir', linkerdGitDir(toolsDir), 'archive', '--output', `${src}.tar`, tag, 'charts']);
    await sh(['tar', '-xf', `${src}.tar`, '-C', src]);
    const values = join(src, 'charts', 'linkerd-control-plane', 'values.yaml');
    await writeFile(values, (await readFile(values, 'utf8')).replaceAll('linkerdVersionValue', tag));
    for (const chart of ['linkerd-crds', 'linkerd-control-plane']) {
      const dir = join(src, 'charts', chart);
      await helmRun('dependency', 'build', dir, '--skip-refresh');
      // The release job stamps an app version on the control plane only.
      await helmRun('package', dir, '--version', version, ...(chart === 'linkerd-control-plane' ? ['--app-version', tag] : []), '-d', repo);
    }
  }
  await helmRun('repo', 'index', repo);
  return repo;
}

/** Serves a directory's files over loopback HTTP, as a chart repository is served. */
export async function serveDir(dir: string) {
  return startServer((req, res) => {
    const file = join(dir, basename(new URL(req.url ?? '/', 'http://x').pathname));
    readFile(file).then(
      (body) => res.writeHead(200).end(body),
      () => res.writeHead(404).end('not found'),
    );
  });
}

/**
 * The chart repository of the `tags` whose CLIs are in the tools dir, built and served for one
 * test file (nothing when the fixtures are unavailable): its loopback URL and its directory.
 */
export function serveChartRepo(toolsDir: string, tags: readonly string[]) {
  let dir = '';
  let server: Awaited<ReturnType<typeof serveDir>> | undefined;
  beforeAll(async () => {
    if (chartsUnavailable(toolsDir)) return;
    dir = await buildChartRepo(
      toolsDir,
      tags.filter((tag) => hasLinkerd(toolsDir, tag)),
    );
    server = await serveDir(dir);
  });
  afterAll(() => server?.close());
  return { url: () => server!.url, dir: () => dir };
}
