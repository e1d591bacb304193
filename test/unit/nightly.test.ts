import { chmod, mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { execa } from 'execa';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import type { Aggregate } from '../../src/aggregate/aggregate.js';
import { runNightly, type NightlyHooks } from '../../src/commands/nightly.js';
import { liveProgress, plainProgress, ProgressBoard, type NightlyProgress } from '../../src/commands/nightly-progress.js';
import { defaultParallelPaths } from '../../src/commands/parallel-limit.js';
import { aggregateGrid } from '../../src/aggregate/terminal.js';
import { InputError } from '../../src/inputs/input-error.js';
import { validateNightlyOptions } from '../../src/inputs/nightly-options.js';
import type { RunConfig } from '../../src/inputs/validate.js';
import type { CanaryDeps } from '../../src/pipeline/context.js';
import { releaseLoader, type ExecuteHooks } from '../../src/pipeline/execute.js';
import { runCanary } from '../../src/pipeline/run-canary.js';
import type { RunReport } from '../../src/report/model.js';
import { LOCK_FILE } from '../../src/report/report-dir.js';
import { reportPaths, writeReports } from '../../src/report/write.js';
import type { Tools } from '../../src/tools/toolset.js';
import { FakeCluster, type FakeReply } from '../helpers/fake-cluster.js';
import { startServer } from '../helpers/http-server.js';
import { RELEASES_FIXTURE, realReleases } from '../helpers/releases.js';
import type { Release } from '../../src/versions/releases.js';

/** A tools dir of stand-ins: the fake cluster answers by the binary's name, never runs it. */
async function toolsDir(...linkerdTags: string[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'nightly-tools-'));
  for (const name of ['kubectl', 'helm', 'gateway-api-crds.yaml', ...linkerdTags.map((t) => `linkerd-${t}`)]) {
    await writeFile(join(dir, name), '#!/bin/sh\n');
    await chmod(join(dir, name), 0o755);
  }
  return dir;
}

interface Executed {
  config: RunConfig;
  tools: Tools;
}

type Reply = (cluster: string, argv: string[], fake: FakeCluster) => FakeReply | Promise<FakeReply> | undefined;

/**
 * One path's canary by the real pipeline over a fake cluster of its own, with what the nightly
 * shares (tools, charts), its reports written as executeRun does.
 */
async function onFakeCluster(config: RunConfig, hooks: ExecuteHooks, shared: Pick<CanaryDeps, 'tools' | 'charts'>, reply?: Reply) {
  const cluster = new FakeCluster((argv, fake) => reply?.(config.clusterName, argv, fake));
  // The release list as executeRun gets it: the nightly's, else the run's own.
  const report = await runCanary(
    config,
    { ...hooks, loadReleases: hooks.loadReleases ?? releaseLoader(config) },
    {
      ...cluster.deps(),
      tools: shared.tools,
      ...(shared.charts ? { charts: shared.charts } : {}),
    },
  );
  await writeReports(report, config.reportDir);
  return { report, paths: reportPaths(config.reportDir) };
}

/**
 * The nightly with each path's canary run by the real pipeline over its own fake cluster; `reply`
 * may answer a path's commands differently (by its cluster name).
 */
async function nightly(args: Record<string, string>, options: { reply?: Reply; hooks?: Partial<NightlyHooks>; reportDir?: string } = {}) {
  const reportDir = options.reportDir ?? (await mkdtemp(join(tmpdir(), 'nightly-unit-')));
  const executed: Executed[] = [];
  const lines: string[] = [];
  let running = 0;
  let mostAtOnce = 0;
  const hooks: NightlyHooks = {
    signal: new AbortController().signal,
    progress: (paths) => plainProgress(new ProgressBoard(paths), (line) => lines.push(line)),
    warn: () => undefined,
    async execute(config, runHooks, deps) {
      const tools = deps!.tools;
      executed.push({ config, tools });
      mostAtOnce = Math.max(mostAtOnce, ++running);
      const result = await onFakeCluster(config, runHooks, deps!, options.reply);
      running--;
      return result;
    },
    ...options.hooks,
  };
  // The fake cluster answers the pipeline's commands, not the built-in scenarios' (the default).
  const config = validateNightlyOptions({
    'releases-file': RELEASES_FIXTURE,
    'report-dir': reportDir,
    'previous-edges': '0',
    majors: '0',
    scenarios: 'none',
    ...args,
  });
  const result = await runNightly(config, hooks);
  const saved = JSON.parse(await readFile(join(reportDir, 'aggregate.json'), 'utf8')) as Aggregate;
  return { result, saved, executed, lines, mostAtOnce, reportDir };
}

/** The GitHub API's answers about linkerd/linkerd2's releases, as `fetchReleases` asks for them, from a release list. */
async function releasesApi(releases: readonly Release[]) {
  const [versionTags, published] = [releases.filter((r) => r.tag.startsWith('version-')), releases.filter((r) => !r.tag.startsWith('version-'))];
  const server = await startServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    const json = (body: unknown, headers: Record<string, string> = {}) =>
      res.writeHead(200, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
    const repo = '/repos/linkerd/linkerd2';
    if (url.pathname === `${repo}/releases`) {
      const page = Number(url.searchParams.get('page') ?? '1');
      const next: Record<string, string> =
        page * 100 < published.length ? { link: `<${server.url}${repo}/releases?per_page=100&page=${page + 1}>; rel="next"` } : {};
      const rows = published
        .slice((page - 1) * 100, page * 100)
        .map((r) => ({ tag_name: r.tag, published_at: r.date, created_at: r.date, target_commitish: r.commit }));
      return json(rows, next);
    }
    if (url.pathname === `${repo}/git/matching-refs/tags/version-`) {
      return json(versionTags.map((r) => ({ ref: `refs/tags/${r.tag}`, object: { sha: r.commit, type: 'commit' } })));
    }
    const tag = versionTags.find((r) => url.pathname === `${repo}/commits/${r.commit}`);
    if (tag) return json({ commit: { committer: { date: tag.date } } });
    res.writeHead(404).end('{}');
  });
  return server;
}

const report = async (config: RunConfig) => JSON.parse(await readFile(join(config.reportDir, 'report.json'), 'utf8')) as RunReport;

describe('edge-canary nightly (paths over fake clusters)', () => {
  it('runs every path of the matrix in its own cluster and report dir, at most parallel-paths at once, and aggregates their reports', async () => {
    const dir = await toolsDir('edge-25.10.7', 'edge-26.8.2', 'edge-26.8.3', 'edge-26.6.3');
    const { result, saved, executed, mostAtOnce } = await nightly({
      to: 'edge-26.8.3',
      from: 'edge-26.8.2\nedge-25.10.7\nedge-26.6.3',
      'tools-dir': dir,
      'kubernetes-version': 'v1.34.4',
      'parallel-paths': '2',
    });
    expect(mostAtOnce).toBe(2);
    expect(result.parallel).toBe(2);
    expect(executed.map((e) => e.config.from).sort()).toEqual(['edge-25.10.7', 'edge-26.6.3', 'edge-26.8.2']);
    expect(new Set(executed.map((e) => e.config.clusterName)).size).toBe(3);
    expect(new Set(executed.map((e) => e.config.reportDir)).size).toBe(3);
    expect(executed.every((e) => e.config.kubernetesVersion === 'v1.34.4' && e.config.pathKey === `from-${e.config.from}`)).toBe(true);
    expect(saved).toEqual(result.aggregate);
    expect(saved.result).toBe('pass');
    for (const { config } of executed) {
      const r = await report(config);
      const row = saved.paths.find((p) => p.key === config.pathKey)!;
      expect(row).toMatchObject({ result: r.result, durationMs: r.durationMs, from: r.from, to: r.to });
      expect(row.phases.map((p) => p.name)).toEqual(r.phases.filter((p) => !p.cleanup).map((p) => p.name));
    }
  });

  it('shares each tool between paths (one fetch, the same promise) while each report lists only its own', async () => {
    const dir = await toolsDir('edge-25.10.7', 'edge-26.8.2', 'edge-26.8.3');
    const { executed } = await nightly({ to: 'edge-26.8.3', from: 'edge-26.8.2\nedge-25.10.7', 'tools-dir': dir, 'kubernetes-version': 'v1.34.4' });
    const [a, b] = executed;
    expect(a!.tools).not.toBe(b!.tools);
    expect(a!.tools.get('linkerd-edge-26.8.3')).toBe(b!.tools.get('linkerd-edge-26.8.3'));
    expect(a!.tools.get('kubectl')).toBe(b!.tools.get('kubectl'));
    for (const { config } of executed) {
      const names = (await report(config)).tools.map((t) => t.name).sort();
      expect(names).toEqual(['gateway-api-crds', 'kubectl', `linkerd-${config.from}`, 'linkerd-edge-26.8.3']);
    }
  });

  it('asks the GitHub API for the release list once: the matrix and every path resolve against it', async () => {
    const api = await releasesApi(realReleases());
    vi.stubEnv('GITHUB_API_URL', api.url);
    try {
      const dir = await toolsDir('edge-25.10.7', 'edge-26.8.2', 'edge-26.8.3');
      const { saved, executed } = await nightly({
        'releases-file': '',
        to: 'edge-26.8.3',
        from: 'edge-26.8.2\nedge-25.10.7',
        'tools-dir': dir,
        'kubernetes-version': 'v1.34.4',
      });
      expect(executed).toHaveLength(2);
      expect(saved.result).toBe('pass');
      // Five pages of releases, the version- refs, a commit per version- tag: once, not once per path too.
      const once = api.requests.length;
      expect(api.requests.filter((r) => r.startsWith('/repos/linkerd/linkerd2/releases'))).toHaveLength(5);
      expect(once).toBe(5 + 1 + realReleases().filter((r) => r.tag.startsWith('version-')).length);
    } finally {
      vi.unstubAllEnvs();
      await api.close();
    }
  });

  it("shares each tag's Helm charts between the paths: the repository added once, each chart pulled once, the store removed after", async () => {
    const temp = await mkdtemp(join(tmpdir(), 'nightly-runner-temp-'));
    vi.stubEnv('RUNNER_TEMP', temp);
    try {
      const dir = await toolsDir('edge-25.10.7', 'edge-26.8.2', 'edge-26.8.3');
      // Helm's control plane runs the version of the package it was given.
      const helm: Reply = (_cluster, argv, fake) => {
        const [verb, release, chart] = argv.slice(argv.indexOf('--namespace') + 2);
        if ((verb === 'install' || verb === 'upgrade') && release === 'linkerd-control-plane')
          fake.controlPlane = `edge-${/-20(\d+\.\d+\.\d+)\.tgz$/.exec(chart!)![1]}`;
        return argv.includes('values') ? { stdout: JSON.stringify({ linkerdVersion: fake.controlPlane }) } : undefined;
      };
      const { saved, executed } = await nightly(
        {
          to: 'edge-26.8.3',
          from: 'edge-26.8.2\nedge-25.10.7',
          'install-methods': 'helm',
          'tools-dir': dir,
          'kubernetes-version': 'v1.34.4',
          'parallel-paths': '2',
        },
        { reply: helm },
      );
      expect(saved.paths.map((p) => [p.key, p.result])).toEqual([
        ['from-edge-25.10.7-helm', 'pass'],
        ['from-edge-26.8.2-helm', 'pass'],
      ]);
      const commands = (await Promise.all(executed.map(({ config }) => report(config)))).flatMap((r) => r.phases.flatMap((p) => p.commands));
      const fetched = commands.map((c) => c.argv.slice(1, 5).join(' ')).filter((c) => /^(repo add|pull) /.test(c));
      expect(fetched.sort()).toEqual([
        ...['2025.10.7', '2026.8.2', '2026.8.3'].map((v) => `pull linkerd-edge/linkerd-control-plane --version ${v}`),
        ...['2025.10.7', '2026.8.2', '2026.8.3'].map((v) => `pull linkerd-edge/linkerd-crds --version ${v}`),
        'repo add linkerd-edge https://helm.linkerd.io/edge',
      ]);
      expect(await readdir(temp)).toEqual([]);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('does not run a path whose Linkerd CLI the tools dir lacks, and says which one in the aggregate', async () => {
    const dir = await toolsDir('edge-26.8.2', 'edge-26.8.3');
    const { saved, executed } = await nightly({ to: 'edge-26.8.3', from: 'edge-26.8.2\nedge-25.10.7', 'tools-dir': dir, 'kubernetes-version': 'v1.34.4' });
    expect(executed.map((e) => e.config.from)).toEqual(['edge-26.8.2']);
    expect(saved.paths.find((p) => p.key === 'from-edge-25.10.7')).toMatchObject({
      result: 'skipped',
      reason: 'not run: the tools dir has no linkerd-edge-25.10.7',
    });
    expect(saved.result).toBe('pass');
  });

  it('on cancel stops the running path, starts no other, and still writes the aggregate', async () => {
    const dir = await toolsDir('edge-25.10.7', 'edge-26.8.2', 'edge-26.8.3');
    const controller = new AbortController();
    let started: () => void;
    const upgrading = new Promise<void>((resolve) => (started = resolve));
    const pending = nightly(
      { to: 'edge-26.8.3', from: 'edge-26.8.2\nedge-25.10.7', 'tools-dir': dir, 'kubernetes-version': 'v1.34.4', 'parallel-paths': '1' },
      {
        reply: (_cluster, argv) => (argv.includes('upgrade') ? (started(), 'hang') : undefined),
        hooks: { signal: controller.signal },
      },
    );
    await upgrading;
    controller.abort(new Error('received SIGINT'));
    const { result, saved, executed } = await pending;
    expect(result.cancelled).toBe(true);
    expect(executed).toHaveLength(1);
    const first = saved.paths.find((p) => p.key === executed[0]!.config.pathKey)!;
    expect(first.result).toBe('cancelled');
    expect((await report(executed[0]!.config)).cluster?.deleted).toBe(true);
    expect(saved.paths.find((p) => p.key !== first.key)).toMatchObject({ result: 'skipped', reason: 'not started: the nightly was cancelled' });
  });

  it('starts a path once the one started before it has installed Linkerd, and runs it alongside the rest of that one', async () => {
    const dir = await toolsDir('edge-25.10.7', 'edge-26.8.2', 'edge-26.8.3', 'edge-26.6.3');
    const events: string[] = [];
    let lastStarted!: () => void;
    const upgradeGoesOn = new Promise<FakeReply>((resolve) => (lastStarted = () => resolve({})));
    const installed = (r: RunReport) => r.phases.some((p) => p.name === 'install-from' && p.verdict !== 'running');
    // The first path's upgrade waits for the last path to start: never, were a path to wait for the one before it to end.
    const reply: Reply = (cluster, argv) => (cluster.endsWith('-1') && argv.includes('upgrade') ? upgradeGoesOn : undefined);
    await nightly(
      { to: 'edge-26.8.3', from: 'edge-26.8.2\nedge-25.10.7\nedge-26.6.3', 'tools-dir': dir, 'kubernetes-version': 'v1.34.4', 'parallel-paths': '3' },
      {
        hooks: {
          execute: (config, h, deps) => {
            events.push(`start ${config.pathKey}`);
            if (events.filter((e) => e.startsWith('start ')).length === 3) lastStarted();
            const onProgress = (r: RunReport) => {
              if (installed(r) && !events.includes(`installed ${config.pathKey}`)) events.push(`installed ${config.pathKey}`);
              h.onProgress?.(r);
            };
            return onFakeCluster(config, { ...h, onProgress }, deps!, reply);
          },
        },
      },
    );
    const started = events.filter((e) => e.startsWith('start ')).map((e) => e.slice('start '.length));
    expect(started).toHaveLength(3);
    for (let i = 1; i < started.length; i++) {
      expect(events.indexOf(`installed ${started[i - 1]}`)).toBeGreaterThanOrEqual(0);
      expect(events.indexOf(`installed ${started[i - 1]}`)).toBeLessThan(events.indexOf(`start ${started[i]}`));
    }
  });

  it('goes on with the other paths when one cannot write its report, and lists that one without a report', async () => {
    const dir = await toolsDir('edge-25.10.7', 'edge-26.8.2', 'edge-26.8.3');
    const warnings: string[] = [];
    let calls = 0;
    const { saved, lines } = await nightly(
      { to: 'edge-26.8.3', from: 'edge-26.8.2\nedge-25.10.7', 'tools-dir': dir, 'kubernetes-version': 'v1.34.4', 'parallel-paths': '1' },
      {
        hooks: {
          warn: (m) => warnings.push(m),
          execute: (config, h, tools) => (calls++ ? onFakeCluster(config, h, tools!) : Promise.reject(new Error('EACCES: report dir'))),
        },
      },
    );
    expect(calls).toBe(2);
    expect(warnings).toEqual(['2.19 (edge-25.10.7) → edge-26.8.3: EACCES: report dir']);
    expect(lines).toContain('[2.19 (edge-25.10.7) → edge-26.8.3 0.0s] finished: error');
    expect(saved.paths.map((p) => [p.key, p.result])).toEqual([
      ['from-edge-25.10.7', 'missing'],
      ['from-edge-26.8.2', 'pass'],
    ]);
  });

  it('runs each path with its own install method and profile, under the key the matrix gave it', async () => {
    const dir = await toolsDir('edge-26.8.2', 'edge-26.8.3');
    const ran = new Map<string, Pick<RunConfig, 'installMethod' | 'profiles'>>();
    await nightly(
      { to: 'edge-26.8.3', from: 'edge-26.8.2', 'install-methods': 'cli\nhelm', profiles: 'default\nha+custom-values', 'tools-dir': dir },
      {
        hooks: {
          execute: (config) => (
            ran.set(config.pathKey!, { installMethod: config.installMethod, profiles: config.profiles }),
            Promise.reject(new Error('not run here'))
          ),
        },
      },
    );
    // Run in turn by method, whatever order the matrix lists them in.
    expect([...ran.values()].map((r) => r.installMethod)).toEqual(['cli', 'helm', 'cli', 'helm']);
    expect(Object.fromEntries(ran)).toEqual({
      'from-edge-26.8.2': { installMethod: 'cli', profiles: ['default'] },
      'from-edge-26.8.2@ha+custom-values': { installMethod: 'cli', profiles: ['ha', 'custom-values'] },
      'from-edge-26.8.2-helm': { installMethod: 'helm', profiles: ['default'] },
      'from-edge-26.8.2-helm@ha+custom-values': { installMethod: 'helm', profiles: ['ha', 'custom-values'] },
    });
  });

  it('refuses bad input before any path runs', async () => {
    await expect(nightly({ 'parallel-paths': 'many' })).rejects.toThrow(InputError);
    await expect(nightly({ to: 'edge-26.8.3', from: 'edge-26.8.2', 'cluster-name': 'Bad_Name' })).rejects.toThrow(/cluster-name/);
    await expect(nightly({ via: 'edge-26.8.1' })).rejects.toThrow(/unknown option/);
  });
});

describe("the nightly's report dir", () => {
  const onePath = async () => ({
    to: 'edge-26.8.3',
    from: 'edge-26.8.2',
    'tools-dir': await toolsDir('edge-26.8.2', 'edge-26.8.3'),
    'kubernetes-version': 'v1.34.4',
  });
  const files = async (dir: string) => (await readdir(dir, { recursive: true })).sort();

  it('refuses a dir holding a file no nightly writes, anywhere in it, and deletes nothing', async () => {
    for (const foreign of ['notes.txt', 'paths/from-edge-26.8.2/notes.txt', 'paths/stray.txt', 'paths/from-edge-26.8.2/manifests.bak']) {
      const dir = await mkdtemp(join(tmpdir(), 'nightly-dir-'));
      await mkdir(join(dir, 'paths', 'from-edge-26.8.2', 'manifests'), { recursive: true });
      await writeFile(join(dir, 'paths', 'from-edge-26.8.2', 'report.json'), '{}');
      await writeFile(join(dir, 'paths', 'from-edge-26.8.2', 'manifests', 'install.yaml'), 'kind: x');
      await writeFile(join(dir, foreign), 'mine');
      const before = await files(dir);
      await expect(nightly(await onePath(), { reportDir: dir })).rejects.toThrow(
        new RegExp(`invalid report-dir ".*": already holds files edge-canary did not write \\(${foreign.split('/').at(-1)!.replace('.', '\\.')}\\)`),
      );
      expect(await files(dir)).toEqual(before);
    }
  });

  it('reuses a dir of an earlier nightly, removing only the path reports a run writes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nightly-dir-'));
    await mkdir(join(dir, 'paths', 'gone-path', 'diagnostics'), { recursive: true });
    await writeFile(join(dir, 'paths', 'gone-path', 'report.json'), JSON.stringify({ stale: true }));
    await writeFile(join(dir, 'paths', 'gone-path', 'diagnostics', 'events.txt'), 'old');
    const { saved } = await nightly(await onePath(), { reportDir: dir });
    expect(saved.paths.map((p) => p.key)).toEqual(['from-edge-26.8.2']);
    expect(await readdir(join(dir, 'paths'))).toEqual(['from-edge-26.8.2']);
    expect(await readdir(dir)).not.toContain(LOCK_FILE);
  });

  it('refuses a second nightly on a dir while the first runs, and takes the dir over once it is done', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nightly-dir-'));
    let started!: () => void;
    let finish!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const held = new Promise<void>((resolve) => (finish = resolve));
    const first = nightly(await onePath(), {
      reportDir: dir,
      hooks: { execute: async (config, h, deps) => (started(), await held, onFakeCluster(config, h, deps!)) },
    });
    await running;
    await expect(nightly(await onePath(), { reportDir: dir })).rejects.toThrow(
      `invalid report-dir "${dir}": is in use by another edge-canary run (process ${process.pid}); give each run its own directory`,
    );
    finish();
    expect((await first).saved.result).toBe('pass');
    expect((await nightly(await onePath(), { reportDir: dir })).saved.result).toBe('pass');
  });

  it('takes over the lock of a run that was killed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nightly-dir-'));
    const gone = await execa(process.execPath, ['-e', 'console.log(process.pid)']);
    await writeFile(join(dir, LOCK_FILE), `${gone.stdout}\n`);
    expect((await nightly(await onePath(), { reportDir: dir })).saved.result).toBe('pass');
  });

  it('is no pass when no path ran: every path skipped is an error, said so', async () => {
    const { saved, result } = await nightly({ to: 'edge-26.8.3', from: 'edge-26.8.2', 'tools-dir': await toolsDir('edge-26.8.3') });
    expect(saved.paths.map((p) => p.result)).toEqual(['skipped']);
    expect(saved.result).toBe('error');
    expect(result.markdown).toContain('No path ran, so nothing was tested: an error, never a pass.');
  });
});

describe('nightly options', () => {
  it("default to kwok, the matrix's Kubernetes version per path, auto parallelism and ./edge-canary-nightly", () => {
    // The CLI gives github-token its CLI default (empty) when not set.
    const config = validateNightlyOptions({ 'github-token': '' }, '/work');
    expect(config.matrix).toEqual({
      to: 'latest-edge',
      previousEdges: 3,
      majors: 2,
      includeStable: false,
      extraFrom: [],
      exclude: [],
      multiHop: false,
      installMethods: ['cli'],
      profiles: ['default'],
    });
    expect(config.run).toMatchObject({ provider: 'kwok', clusterName: 'edge-canary', uploadArtifacts: false });
    expect(config.given).toEqual({ kubernetesVersion: false, kindVersion: false });
    expect(config.parallelPaths).toBeUndefined();
    expect(config.reportDir).toBe('/work/edge-canary-nightly');
  });

  it("keep the matrix's options apart from the run options every path shares, validated once, typed", () => {
    const config = validateNightlyOptions(
      { from: 'edge-26.8.2', 'multi-hop': 'true', provider: 'kind', scenarios: 'a.yaml', 'parallel-paths': '2', timeout: '20m' },
      '/work',
    );
    expect(config.matrix).toMatchObject({ extraFrom: ['edge-26.8.2'], multiHop: true });
    expect(config.run).toMatchObject({ provider: 'kind', scenarios: ['a.yaml'], clusterName: 'edge-canary', timeoutMs: 20 * 60_000 });
    expect(config.run).not.toHaveProperty('from');
    expect(config.parallelPaths).toBe(2);
  });

  it("take the Helm paths' options for every path: where the charts come from and how upgrades treat values", () => {
    const config = validateNightlyOptions({ 'install-methods': 'cli\nhelm', 'chart-repo': 'charts', 'helm-upgrade-values': 'fresh' }, '/work');
    expect(config.matrix.installMethods).toEqual(['cli', 'helm']);
    expect(config.run).toMatchObject({ chartRepo: '/work/charts', helmUpgradeValues: 'fresh' });
    expect(validateNightlyOptions({ 'chart-repo': 'https://charts.example/linkerd' }, '/work').run.chartRepo).toBe('https://charts.example/linkerd');
    expect(() => validateNightlyOptions({ 'helm-upgrade-values': 'keep' }, '/work')).toThrow(/invalid helm-upgrade-values "keep"/);
  });

  it('refuse a bad shared option before any path, naming it', () => {
    expect(() => validateNightlyOptions({ timeout: 'soon' }, '/work')).toThrow(/invalid timeout "soon"/);
    expect(() => validateNightlyOptions({ 'kubernetes-version': 'v1.35.8', 'kubectl-version': 'v1.30.0' }, '/work')).toThrow(
      /invalid kubectl-version "v1.30.0"/,
    );
  });
});

describe('nightly progress', () => {
  it("shows each path's current phase (the latest still running) and its elapsed time, then its result", () => {
    let now = 0;
    const board = new ProgressBoard(
      [
        { key: 'a', name: 'edge-26.8.2 → edge-26.8.3' },
        { key: 'b', name: 'x' },
      ],
      () => now,
    );
    board.start('a');
    board.line('a', '▶ Install tools');
    board.line('a', '▶ Create kwok cluster');
    now = 3000;
    board.line('a', '✔ Create kwok cluster: pass');
    expect(board.render().split('\n')).toEqual([
      `▶ edge-26.8.2 → edge-26.8.3  ${'Install tools'.padEnd(36)}    3.0s`,
      `· x                          ${'queued'.padEnd(36)}       -`,
    ]);
    board.skip('b', 'not run: the tools dir has no linkerd-edge-26.8.1');
    expect(board.render().split('\n')[1]).toBe('- x                          not run: the tools dir has no linkerd-edge-26.8.1');
    now = 61_000;
    board.finish('a', 'fail');
    now = 99_000;
    expect(board.render().split('\n')[0]).toBe(`✘ edge-26.8.2 → edge-26.8.3  ${'fail'.padEnd(36)}    1m1s`);
  });

  it('writes plain lines prefixed with the path and its elapsed time', () => {
    const lines: string[] = [];
    let now = 0;
    const progress: NightlyProgress = plainProgress(new ProgressBoard([{ key: 'k', name: 'p' }], () => now), (l) => lines.push(l));
    progress.start('k');
    now = 1500;
    progress.line('k', '▶ Install tools');
    progress.finish('k', 'pass');
    progress.skip('k', 'not started: the nightly was cancelled');
    expect(lines).toEqual([
      '[p 0.0s] started',
      '[p 1.5s] ▶ Install tools',
      '[p 1.5s] finished: pass',
      '[p 1.5s] skipped: not started: the nightly was cancelled',
    ]);
  });
});

describe('how many paths run at once by default', () => {
  const GIB = 1024 ** 3;

  it('on kwok, one more than the cores (a canary mostly waits), unless the free memory holds fewer', () => {
    expect(defaultParallelPaths('kwok', { cores: 2, freeBytes: 16 * GIB })).toBe(3);
    // 2.5 GiB a kwok path: 11 GiB free hold four.
    expect(defaultParallelPaths('kwok', { cores: 8, freeBytes: 11 * GIB })).toBe(4);
    expect(defaultParallelPaths('kwok', { cores: 2, freeBytes: 6 * GIB })).toBe(2);
    expect(defaultParallelPaths('kwok', { cores: 2, freeBytes: 2 * GIB })).toBe(1);
  });

  it('on kind, one per two cores; on an existing cluster one, which is the only cluster', () => {
    expect(defaultParallelPaths('kind', { cores: 2, freeBytes: 16 * GIB })).toBe(1);
    expect(defaultParallelPaths('kind', { cores: 8, freeBytes: 16 * GIB })).toBe(4);
    expect(defaultParallelPaths('existing', { cores: 8, freeBytes: 16 * GIB })).toBe(1);
  });
});

describe('the nightly grid for a terminal', () => {
  const phase = (name: string, verdict: 'pass' | 'fail') => ({ name, verdict, durationMs: 1000 });
  const agg: Aggregate = {
    kind: 'edge-canary-aggregate',
    schemaVersion: 1,
    generatedAt: '2026-11-29T00:00:00.000Z',
    result: 'fail',
    paths: [
      {
        key: 'a',
        name: 'edge-26.8.2 → edge-26.8.3',
        result: 'pass',
        durationMs: 40_000,
        phases: [phase('install-from', 'pass'), phase('upgrade-control-plane', 'pass')],
        scenarios: [],
      },
      {
        key: 'b',
        name: 'edge-25.10.7 → edge-26.8.3',
        result: 'fail',
        durationMs: 61_000,
        phases: [phase('install-from', 'pass'), phase('upgrade-control-plane', 'fail')],
        scenarios: [],
        firstFailure: { phase: 'upgrade-control-plane', reason: 'linkerd upgrade exited 1' },
      },
      {
        key: 'c',
        name: 'edge-26.8.1 → edge-26.8.3',
        result: 'skipped',
        reason: 'not run: the tools dir has no linkerd-edge-26.8.1',
        phases: [],
        scenarios: [],
      },
    ],
  };

  it('has a row per path and a numbered column per phase, then why each path did not pass', () => {
    expect(aggregateGrid(agg, false).split('\n')).toEqual([
      'edge-canary nightly FAIL: 3 paths',
      '  Path                         1  2  result     time',
      '  edge-26.8.2 → edge-26.8.3    ✔  ✔  pass       40.0s',
      '  edge-25.10.7 → edge-26.8.3   ✔  ✘  fail        1m1s',
      '  edge-26.8.1 → edge-26.8.3          skipped         ',
      '  phases: 1 install-from, 2 upgrade-control-plane',
      '  ✘ edge-25.10.7 → edge-26.8.3: upgrade-control-plane: linkerd upgrade exited 1',
      '  - edge-26.8.1 → edge-26.8.3: not run: the tools dir has no linkerd-edge-26.8.1',
    ]);
  });

  it('wraps the phase legend to fit 100 columns', () => {
    const names = [
      'resolve-versions',
      'install-tools',
      'create-cluster',
      'install-from',
      'deploy-workload',
      'upgrade-control-plane',
      'check-control-plane',
      'roll-data-plane',
      'check-proxies',
    ];
    const long: Aggregate = { ...agg, paths: [{ ...agg.paths[0]!, phases: names.map((n) => phase(n, 'pass')) }] };
    const lines = aggregateGrid(long, false).split('\n');
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(100);
    const legend = lines.slice(lines.findIndex((l) => l.startsWith('  phases: '))).join(' ');
    for (const [i, n] of names.entries()) expect(legend).toContain(`${i + 1} ${n}`);
  });

  it('colours verdicts only when asked', () => {
    expect(aggregateGrid(agg, true)).toContain('\u001b[31m ✘\u001b[0m');
    expect(aggregateGrid(agg, false)).not.toContain('\u001b[');
  });
});

describe('live progress in a terminal', () => {
  it('redraws the board in place (erasing the previous frame) and leaves the last frame', () => {
    const writes: string[] = [];
    const stream = Object.assign(new Writable({ write: (chunk, _enc, done) => (writes.push(String(chunk)), done()) }), { isTTY: true, columns: 120, rows: 40 });
    const progress = liveProgress(new ProgressBoard([{ key: 'k', name: 'path-one' }], () => 0), stream as unknown as NodeJS.WriteStream);
    progress.start('k');
    progress.line('k', '▶ Install Linkerd edge-26.8.2');
    progress.stop();
    const output = writes.join('');
    expect(output).toContain('Install Linkerd edge-26.8.2');
    expect(output).toContain('\u001b[2K'); // erase line: the previous frame is overwritten, not appended to
  });
});
