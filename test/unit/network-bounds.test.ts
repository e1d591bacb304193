import { mkdir, mkdtemp } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildReport, reportInput } from '../../src/commands/report.js';
import { validateReportOptions } from '../../src/inputs/command-validate.js';
import { releaseLoader } from '../../src/pipeline/execute.js';
import { runCanary } from '../../src/pipeline/run-canary.js';
import { currentPlatform, downloadSources, kubectlAsset } from '../../src/tools/assets.js';
import { fetchTool } from '../../src/tools/fetch-tool.js';
import { githubReleaseDigests } from '../../src/tools/release-digests.js';
import { ToolSet } from '../../src/tools/toolset.js';
import { FakeCluster, fakeConfig, loadReleases } from '../helpers/fake-cluster.js';
import { startServer } from '../helpers/http-server.js';

/**
 * Hostile servers on loopback for every network call of a run and of the report command: one
 * that never answers, one whose body never ends, one whose next page is itself, one whose next
 * page or redirect is on another origin.
 */
let hostile: Awaited<ReturnType<typeof startServer>>;
let elsewhere: Awaited<ReturnType<typeof startServer>>;
const auth: Record<string, string | undefined> = {};

const endless = (res: ServerResponse) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  const pump = () => {
    while (res.write('[[[[[[[['));
  };
  res.on('drain', pump);
  pump();
};

beforeAll(async () => {
  elsewhere = await startServer((req, res) => {
    auth[`elsewhere ${req.url}`] = req.headers.authorization;
    res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
  });
  hostile = await startServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    auth[url.pathname + url.search] = req.headers.authorization;
    const [, scope] = url.pathname.split('/');
    if (scope === 'silent') return;
    if (url.pathname === '/repos/o/self/issues')
      return void res.writeHead(200, { 'content-type': 'application/json', link: `<${hostile.url}${req.url}>; rel="next"` }).end('[]');
    if (url.pathname === '/repos/o/away/issues')
      return void res.writeHead(200, { 'content-type': 'application/json', link: `<${elsewhere.url}/steal?page=2>; rel="next"` }).end('[]');
    if (url.pathname === '/repos/o/endless/issues') return endless(res);
    if (url.pathname === '/repos/o/moved/issues') return void res.writeHead(307, { location: `${elsewhere.url}/moved-issues` }).end();
    if (url.pathname === '/repos/o/silent/issues') return;
    if (url.pathname.startsWith('/mirror/')) return void res.writeHead(302, { location: `${elsewhere.url}/blob` }).end();
    res.writeHead(404).end('{}');
  });
});
afterAll(async () => {
  await hostile.close();
  await elsewhere.close();
});

const savedApiUrl = process.env.GITHUB_API_URL;
beforeEach(async () => {
  process.env.RUNNER_TOOL_CACHE = await mkdtemp(join(tmpdir(), 'tool-cache-'));
  process.env.RUNNER_TEMP = await mkdtemp(join(tmpdir(), 'runner-temp-'));
});
afterAll(() => {
  if (savedApiUrl === undefined) delete process.env.GITHUB_API_URL;
  else process.env.GITHUB_API_URL = savedApiUrl;
});

describe('a run against servers that never answer', () => {
  it('ends as error at its time limit when the release API never answers, naming the URL', async () => {
    process.env.GITHUB_API_URL = `${hostile.url}/silent`;
    const reportDir = await mkdtemp(join(tmpdir(), 'bounds-'));
    const config = fakeConfig(reportDir, { timeoutMs: 1000 });
    const started = Date.now();
    const report = await runCanary(config, { loadReleases: releaseLoader(config) }, new FakeCluster().deps());
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(report.result).toBe('error');
    const resolve = report.phases.find((p) => p.name === 'resolve-versions')!;
    expect(resolve.verdict).toBe('error');
    expect(resolve.reason).toBe(`GitHub API ${hostile.url}/silent/repos/linkerd/linkerd2/releases?per_page=100: the run reached its time limit`);
  });

  it('ends as error at its time limit when a download never answers, and deletes the cluster', async () => {
    const reportDir = await mkdtemp(join(tmpdir(), 'bounds-'));
    const silentMirror = `${hostile.url}/silent`;
    const sources = { linkerd: silentMirror, kubectl: silentMirror, kind: silentMirror, kwokctl: silentMirror, gatewayApi: silentMirror, helm: silentMirror };
    const cluster = new FakeCluster();
    const tools = new ToolSet(
      { kubectl: 'v1.34.0', kind: 'v0.30.0', kwok: 'v0.8.0' },
      undefined,
      sources,
      githubReleaseDigests({ apiUrl: `${hostile.url}/silent` }),
    );
    const started = Date.now();
    const report = await runCanary(fakeConfig(reportDir, { timeoutMs: 1000 }), { loadReleases }, { ...cluster.deps(), tools });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(report.result).toBe('error');
    const install = report.phases.find((p) => p.name === 'install-tools')!;
    expect(install.verdict).toBe('error');
    expect(install.reason).toContain(
      `waiting for kubectl from ${kubectlAsset('v1.34.0', currentPlatform(), silentMirror).url}: the run reached its time limit`,
    );
    expect(cluster.deleted).toEqual(['fake']);
  });

  it('ends a digest look-up whose API never answers, naming the URL', async () => {
    const lookup = githubReleaseDigests({ apiUrl: `${hostile.url}/silent`, limits: { timeoutMs: 300, maxBytes: 1024, maxRedirects: 1 } });
    await expect(lookup({ repo: 'linkerd/linkerd2', tag: 'edge-26.8.3', name: 'linkerd2-cli-edge-26.8.3-linux-amd64' })).rejects.toThrow(
      `GitHub API ${hostile.url}/silent/repos/linkerd/linkerd2/releases/tags/edge-26.8.3: no complete answer within 0.3s`,
    );
  });

  it('stops a download at the first cancel, naming the URL', async () => {
    const controller = new AbortController();
    const asset = { url: `${hostile.url}/silent/kubectl` };
    const pending = fetchTool('kubectl', 'v1.34.0', 'kubectl', asset, undefined, controller.signal);
    controller.abort(new Error('received SIGINT'));
    await expect(pending).rejects.toThrow(`${hostile.url}/silent/kubectl: cancelled`);
  });
});

describe('download mirrors with credentials in their URL', () => {
  it('sends them to the mirror only, never to the host it redirects to, and never shows them', async () => {
    const mirror = hostile.url.replace('http://', 'http://mirror-user:mirror-pass@');
    const url = `${downloadSources({ EDGE_CANARY_KUBECTL_URL: `${mirror}/mirror` }).kubectl}/v1.34.0/bin/linux/amd64/kubectl?token=query-secret`;
    await expect(fetchTool('kubectl', 'v9.9.9', 'kubectl', { url })).resolves.toMatchObject({ source: 'download' });
    expect(auth['/mirror/v1.34.0/bin/linux/amd64/kubectl?token=query-secret']).toBe(`Basic ${Buffer.from('mirror-user:mirror-pass').toString('base64')}`);
    expect(auth['elsewhere /blob']).toBeUndefined();
    const error = await fetchTool('kubectl', 'v9.9.8', 'kubectl', { url: `${mirror}/nothing-here?token=query-secret` }).then(
      () => undefined,
      (e: Error) => e.message,
    );
    expect(error).toBe(`http://***@${hostile.url.slice('http://'.length)}/nothing-here?token=***: HTTP 404`);
  });
});

describe('the issues API of the report command', () => {
  const report = async (repo: string, signal?: AbortSignal) => {
    const dir = await mkdtemp(join(tmpdir(), 'bounds-report-'));
    await mkdir(join(dir, 'reports'));
    process.env.GITHUB_API_URL = hostile.url;
    const config = validateReportOptions({
      reports: join(dir, 'reports'),
      'output-dir': join(dir, 'out'),
      'open-issues': 'true',
      repository: `o/${repo}`,
      'github-token': 'issues-token',
    });
    return buildReport(reportInput(config), { warn: () => undefined, ...(signal ? { signal } : {}) });
  };

  it('ends a self-pointing next page with an error naming it', async () => {
    await expect(report('self')).rejects.toThrow(
      /GitHub API issues of o\/self: the next page http:\/\/127\.0\.0\.1:\d+\/repos\/o\/self\/issues\?.* was already read \(a pagination loop\)/,
    );
  });

  it('sends the token to the API only, not to a next page on another origin', async () => {
    await report('away');
    expect(auth['/repos/o/away/issues?labels=edge-canary&state=open&per_page=100']).toBe('token issues-token');
    expect(Object.keys(auth)).toContain('elsewhere /steal?page=2');
    expect(auth['elsewhere /steal?page=2']).toBeUndefined();
  });

  it('sends the token to the API only, not to the origin a redirect names', async () => {
    await report('moved');
    expect(auth['/repos/o/moved/issues?labels=edge-canary&state=open&per_page=100']).toBe('token issues-token');
    expect(Object.keys(auth)).toContain('elsewhere /moved-issues');
    expect(auth['elsewhere /moved-issues']).toBeUndefined();
  });

  it('refuses a body longer than the cap, naming the URL', async () => {
    await expect(report('endless')).rejects.toThrow(/\/repos\/o\/endless\/issues\?.*: the answer is longer than the 16777216 bytes allowed/);
  });

  it('ends a server that never answers at the signal', async () => {
    await expect(report('silent', AbortSignal.timeout(300))).rejects.toThrow(/\/repos\/o\/silent\/issues\?.*: the run reached its time limit/);
  });
});
