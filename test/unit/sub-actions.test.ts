import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Aggregate } from '../../src/aggregate/aggregate.js';
import type { ImpactReview } from '../../src/impact/model.js';
import type { UpgradePath } from '../../src/matrix/paths.js';
import { currentPlatform, linkerdAsset } from '../../src/tools/assets.js';
import { outputs, runnerDirs, runStep, startAction } from '../helpers/action.js';
import { startServer } from '../helpers/http-server.js';
import { RELEASES_FIXTURE } from '../helpers/releases.js';
import { command, phase, runReport } from '../helpers/report.js';
import { needsLinkerd, toolsDirPath } from '../helpers/sim-tools.js';

describe('matrix sub-action', () => {
  it('outputs the paths as strategy.matrix JSON, the full list, and a summary table', async () => {
    const dirs = await runnerDirs();
    const result = await startAction('matrix', dirs, {
      to: 'edge-25.12.1',
      'previous-edges': '1',
      majors: '2',
      'include-stable': 'true',
      'multi-hop': 'true',
      'releases-file': RELEASES_FIXTURE,
    });
    expect(result.exitCode, result.all).toBe(0);
    const out = await outputs(dirs);
    const matrix = JSON.parse(out.matrix!) as { include: Record<string, string>[] };
    const k32 = 'v1.32.8@sha256:abd489f042d2b644e2d033f5c2d900bc707798d075e8186cb65e3f1367a9d5a1';
    const k35 = 'v1.35.8@sha256:07b2536e30b803ed61d1677a79df6115f798ce64c80f9e22f6ed45afd09323c0';
    expect(matrix.include.map((p) => [p.key, p.from, p.via, p['kubernetes-version'], p['kind-version']])).toEqual([
      ['major-2.18', 'edge-25.4.4', '', k32, 'v0.30.0'],
      ['multi-hop', 'edge-25.4.4', 'edge-25.10.7', k32, 'v0.30.0'],
      ['major-2.19', 'edge-25.10.7', '', k35, 'v0.33.0'],
      ['previous-edge-1', expect.stringMatching(/^edge-25\.1[12]\./), '', k35, 'v0.33.0'],
    ]);
    const paths = JSON.parse(out.paths!) as UpgradePath[];
    expect(paths.find((p) => p.key === 'stable')?.skipped).toMatch(/no Kubernetes version supported by both: stable-2.14.10 supports 1.21-1.28/);
    expect(out['to-version']).toBe('edge-25.12.1');
    expect(await readFile(dirs.summary, 'utf8')).toContain('⏭️ skipped');
  });

  it('emits Helm paths when asked, with the install method for the canary job', async () => {
    const dirs = await runnerDirs();
    const result = await runStep('matrix', dirs, {
      to: 'edge-25.12.1',
      'previous-edges': '0',
      majors: '1',
      'install-methods': 'helm',
      'releases-file': RELEASES_FIXTURE,
    });
    expect(result.exitCode, result.all).toBe(0);
    const matrix = JSON.parse((await outputs(dirs)).matrix!) as { include: Record<string, string>[] };
    expect(matrix.include.map((p) => [p.key, p.from, p['install-method']])).toEqual([['major-2.19-helm', 'edge-25.10.7', 'helm']]);
  });

  it('fails with a one-line error on a bad count', async () => {
    const dirs = await runnerDirs();
    const result = await runStep('matrix', dirs, { majors: 'two', 'releases-file': RELEASES_FIXTURE });
    expect(result.exitCode).toBe(1);
    expect(result.all).toContain('::error::invalid majors "two": expected a whole number from 0 to 50');
  });
});

describe('report sub-action', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  const created: { title: string; labels: string[] }[] = [];
  beforeAll(async () => {
    server = await startServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        if (req.method === 'GET') return res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
        created.push(JSON.parse(body) as { title: string; labels: string[] });
        res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ number: created.length }));
      });
    });
  });
  afterAll(() => server.close());

  it('aggregates the jobs, compares with the previous night, opens issues and fails the job', async () => {
    const dirs = await runnerDirs();
    const reports = join(dirs.root, 'reports');
    const paths: UpgradePath[] = [
      { key: 'major-2.19', name: '2.19 → edge-26.8.3', from: 'edge-25.10.7', via: [], to: 'edge-26.8.3', kubernetesVersion: 'v1.34.0' },
      { key: 'previous-edge-1', name: 'edge-26.8.2 → edge-26.8.3', from: 'edge-26.8.2', via: [], to: 'edge-26.8.3', kubernetesVersion: 'v1.34.0' },
    ];
    await mkdir(join(reports, 'edge-canary-major-2.19-kind'), { recursive: true });
    await writeFile(
      join(reports, 'edge-canary-major-2.19-kind', 'report.json'),
      JSON.stringify(
        runReport({
          pathKey: 'major-2.19',
          from: 'edge-25.10.7',
          result: 'fail',
          phases: [phase('upgrade-control-plane', { verdict: 'fail', reason: 'could not render', failedCommand: command({ exitCode: 1 }) })],
        }),
      ),
    );
    const previous = join(dirs.root, 'previous.json');
    const before: Aggregate = { kind: 'edge-canary-aggregate', schemaVersion: 1, generatedAt: '2026-11-27T03:00:00Z', result: 'pass', paths: [] };
    await writeFile(previous, JSON.stringify(before));
    const result = await runStep(
      'report',
      dirs,
      {
        reports,
        paths: JSON.stringify(paths),
        previous,
        'output-dir': join(dirs.root, 'aggregate'),
        'open-issues': 'true',
        'issue-label': 'edge-canary',
        repository: 'o/r',
        'github-token': 'ghs_reportToken123',
      },
      { GITHUB_API_URL: server.url },
    );
    expect(result.exitCode).toBe(1);
    expect(result.all).toContain('::error::edge-canary nightly: fail');
    const out = await outputs(dirs);
    expect(out).toMatchObject({ result: 'fail', 'new-failures': 'major-2.19,previous-edge-1' });
    const agg = JSON.parse(await readFile(out.aggregate!, 'utf8')) as Aggregate;
    expect(agg.paths.map((p) => [p.key, p.result])).toEqual([
      ['major-2.19', 'fail'],
      ['previous-edge-1', 'missing'],
    ]);
    expect(await readFile(dirs.summary, 'utf8')).toContain('| `2.19 → edge-26.8.3` | ❌ `fail` |');
    expect(created).toEqual([
      expect.objectContaining({ title: 'edge-canary: upgrade path major-2.19 fails at upgrade-control-plane', labels: ['edge-canary'] }),
    ]);
    // ::add-mask:: is how the runner learns what to mask; nothing else may carry the token.
    expect(
      result.all
        .split('\n')
        .filter((l) => !l.startsWith('::add-mask::'))
        .join('\n'),
    ).not.toContain('ghs_reportToken123');
  });

  it('lists every path as missing when no canary uploaded a report (download-artifact then makes no folder)', async () => {
    const dirs = await runnerDirs();
    const paths: UpgradePath[] = [
      { key: 'major-2.19', name: '2.19 → edge-26.8.3', from: 'edge-25.10.7', via: [], to: 'edge-26.8.3', kubernetesVersion: 'v1.35.8' },
      { key: 'previous-edge-1', name: 'edge-26.8.2 → edge-26.8.3', from: 'edge-26.8.2', via: [], to: 'edge-26.8.3', kubernetesVersion: 'v1.35.8' },
    ];
    const inputs = {
      reports: join(dirs.root, 'reports'),
      paths: JSON.stringify(paths),
      'output-dir': join(dirs.root, 'aggregate'),
      bisect: 'true',
      repository: 'o/r',
    };
    const result = await runStep('report', dirs, inputs);
    expect(result.all).toContain('::error::edge-canary nightly: error');
    const agg = JSON.parse(await readFile((await outputs(dirs)).aggregate!, 'utf8')) as Aggregate;
    expect(agg.paths.map((p) => [p.key, p.result])).toEqual([
      ['major-2.19', 'missing'],
      ['previous-edge-1', 'missing'],
    ]);
    expect(await readFile(dirs.summary, 'utf8')).toContain('`edge-26.8.2 → edge-26.8.3`');
  });

  it('still refuses a reports folder that is not there when no paths say what to expect', async () => {
    const dirs = await runnerDirs();
    const result = await runStep('report', dirs, { reports: join(dirs.root, 'reports'), 'output-dir': join(dirs.root, 'aggregate'), repository: 'o/r' });
    expect(result.all).toMatch(/::error::invalid reports ".*reports": cannot be read \(ENOENT\)/);
  });
});

describe('main, post and bisect steps, run by import', () => {
  const run = { 'releases-file': RELEASES_FIXTURE, provider: 'kwok', 'tools-dir': '/nonexistent/tools', 'upload-artifacts': 'false' };

  it('main fails the step on bad input with result error and the one-line message, before any cluster', async () => {
    const dirs = await runnerDirs();
    const result = await runStep('main', dirs, { ...run, timeout: '-5m' });
    expect(result.exitCode).toBe(1);
    expect(result.all).toContain('::error::invalid timeout "-5m": expected a positive duration');
    expect((await outputs(dirs)).result).toBe('error');
  });

  it('main reports an unknown version as a run that errored in resolve-versions, with its report', async () => {
    const dirs = await runnerDirs();
    const result = await runStep('main', dirs, { ...run, to: 'edge-99.1.1' });
    expect(result.exitCode).toBe(1);
    const out = await outputs(dirs);
    expect(out.result).toBe('error');
    const report = JSON.parse(await readFile(out.report!, 'utf8')) as { phases: { name: string }[] };
    expect(report.phases.map((p) => p.name)).toEqual(['resolve-versions']);
    expect(await readFile(dirs.summary, 'utf8')).toContain('no such Linkerd release');
  });

  it('post leaves a cluster it does not own, and does nothing without a saved cluster', async () => {
    const dirs = await runnerDirs();
    const handle = { name: 'theirs', provider: 'kind', owned: false, kubeconfig: join(dirs.root, 'kubeconfig') };
    expect((await runStep('post', dirs, {}, { STATE_cluster: JSON.stringify(handle) })).all).toContain('leaving cluster theirs in place');
    expect((await runStep('post', dirs, {})).all).toBe('');
  });

  it('bisect fails the step on bad input with the one-line message', async () => {
    const dirs = await runnerDirs();
    const result = await runStep('bisect', dirs, { ...run, from: 'edge-26.4.1', to: 'edge-26.5.2', over: 'sideways' });
    expect(result.exitCode).toBe(1);
    expect(result.all).toMatch(/::error::invalid over "sideways"/);
  });
});

describe('impact sub-action', () => {
  it('fails the step with the one-line message on a bad tag, before any download', async () => {
    const dirs = await runnerDirs();
    const result = await runStep('impact', dirs, { from: 'latest-edge', to: 'edge-26.8.3' });
    expect(result.exitCode).toBe(1);
    expect(result.all).toBe(
      '::error::invalid from "latest-edge": expected a release tag such as edge-26.8.3 or stable-2.14.10 (the review renders, it resolves no selector)\n',
    );
    expect(await outputs(dirs)).toEqual({});
  });

  const toolsDir = toolsDirPath();
  const skip = needsLinkerd(toolsDir, 'edge-26.8.2', 'edge-26.8.3');
  it.skipIf(skip)(
    `reviews edge-26.8.2 -> edge-26.8.3 with the CLIs of tools-dir: no warning, the JSON in output-dir, the markdown in the summary ${skip}`,
    async () => {
      const dirs = await runnerDirs();
      const outputDir = join(dirs.root, 'review');
      const result = await runStep('impact', dirs, { from: 'edge-26.8.2', to: 'edge-26.8.3', 'tools-dir': toolsDir, 'output-dir': outputDir });
      expect(result.exitCode, result.all).toBe(0);
      const out = await outputs(dirs);
      expect(out).toEqual({ warnings: '0', review: join(outputDir, 'impact.json') });
      const review = JSON.parse(await readFile(out.review!, 'utf8')) as ImpactReview;
      expect(review).toMatchObject({ from: 'edge-26.8.2', to: 'edge-26.8.3', method: 'cli', warnings: [] });
      expect(review.images.changed.length).toBeGreaterThan(0);
      expect(await readFile(dirs.summary, 'utf8')).toContain('## What upgrading `edge-26.8.2` → `edge-26.8.3` changes (cli)');
    },
  );

  describe('without a tools dir', () => {
    /** Release assets by URL path: the Linkerd CLIs under /linkerd, their GitHub releases under /repos. */
    const files = new Map<string, { file?: string; body?: string }>();
    const authorizations: (string | undefined)[] = [];
    let server: Awaited<ReturnType<typeof startServer>>;
    beforeAll(async () => {
      server = await startServer((req, res) => {
        if (req.url?.startsWith('/repos/')) authorizations.push(req.headers.authorization);
        const found = files.get(req.url ?? '');
        if (!found) return res.writeHead(404).end('not found');
        if (found.file) return createReadStream(found.file).pipe(res.writeHead(200));
        res.writeHead(200, { 'content-type': 'application/json' }).end(found.body);
      });
    });
    afterAll(() => server.close());
    const mirror = () => ({ EDGE_CANARY_LINKERD_URL: `${server.url}/linkerd`, GITHUB_API_URL: server.url });
    /** Publishes `file` as the CLI of `tag`, with the digest GitHub gives its release asset. */
    async function publish(tag: string, file: string) {
      const asset = linkerdAsset(tag, currentPlatform(), `${server.url}/linkerd`);
      files.set(new URL(asset.url).pathname, { file });
      const digest = createHash('sha256')
        .update(await readFile(file))
        .digest('hex');
      files.set(`/repos/linkerd/linkerd2/releases/tags/${tag}`, {
        body: JSON.stringify({ tag_name: tag, assets: [{ name: asset.release!.name, digest: `sha256:${digest}` }] }),
      });
    }

    it('fails the step naming the CLI it could not download and where to put it', async () => {
      const dirs = await runnerDirs();
      // Tags never published here.
      const result = await runStep('impact', dirs, { from: 'edge-26.7.1', to: 'edge-26.7.2' }, mirror());
      expect(result.exitCode).toBe(1);
      const tools = join(dirs.temp, 'edge-canary-impact-tools');
      expect(result.all).toContain(`::error::edge-canary impact: linkerd-edge-26.7.1: not in ${tools}, and the download failed`);
      expect(result.all).toContain(`put it there as ${join(tools, 'linkerd-edge-26.7.2')}`);
    });

    it.skipIf(skip)(`downloads both CLIs digest-checked, with the token, and reviews with them ${skip}`, async () => {
      await publish('edge-26.8.2', join(toolsDir, 'linkerd-edge-26.8.2'));
      await publish('edge-26.8.3', join(toolsDir, 'linkerd-edge-26.8.3'));
      const dirs = await runnerDirs();
      const result = await runStep('impact', dirs, { from: 'edge-26.8.2', to: 'edge-26.8.3', 'github-token': 'ghs_impactToken123' }, mirror());
      expect(result.exitCode, result.all).toBe(0);
      expect(result.all).toMatch(/linkerd-edge-26\.8\.2: .* edge-26\.8\.2, sha256 [0-9a-f]{64} \(verified\)/);
      expect(result.all).toMatch(/linkerd-edge-26\.8\.3: .* edge-26\.8\.3, sha256 [0-9a-f]{64} \(verified\)/);
      expect(authorizations).toEqual(['Bearer ghs_impactToken123', 'Bearer ghs_impactToken123']);
      expect(
        result.all
          .split('\n')
          .filter((l) => !l.startsWith('::add-mask::'))
          .join('\n'),
      ).not.toContain('ghs_impactToken123');
      const out = await outputs(dirs);
      expect(out.warnings).toBe('0');
      expect(JSON.parse(await readFile(out.review!, 'utf8'))).toMatchObject({ from: 'edge-26.8.2', to: 'edge-26.8.3' });
    });
  });
});
