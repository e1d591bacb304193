import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HELM_VERSION, kindAsset, linkerdAsset, parseDigestFile } from '../../src/tools/assets.js';
import { fetchTool } from '../../src/tools/fetch-tool.js';
import { createRunner } from '../../src/process/runner.js';
import { githubReleaseDigests } from '../../src/tools/release-digests.js';
import { ToolSet } from '../../src/tools/toolset.js';
import { startServer } from '../helpers/http-server.js';

const linux = { os: 'linux', arch: 'amd64' } as const;

describe('asset names', () => {
  it('uses the arch-less Linux asset up to edge-20.7 / stable-2.8', () => {
    expect(linkerdAsset('edge-20.7.5', linux, 'R').url).toBe('R/edge-20.7.5/linkerd2-cli-edge-20.7.5-linux');
    expect(linkerdAsset('stable-2.8.1', linux, 'R').url).toBe('R/stable-2.8.1/linkerd2-cli-stable-2.8.1-linux');
    expect(linkerdAsset('edge-20.8.1', linux, 'R').url).toBe('R/edge-20.8.1/linkerd2-cli-edge-20.8.1-linux-amd64');
    expect(linkerdAsset('edge-26.8.3', { os: 'linux', arch: 'arm64' }, 'R').url).toBe('R/edge-26.8.3/linkerd2-cli-edge-26.8.3-linux-arm64');
    expect(linkerdAsset('edge-26.8.3', { os: 'darwin', arch: 'arm64' }, 'R').digestUrl).toBe('R/edge-26.8.3/linkerd2-cli-edge-26.8.3-darwin-arm64.sha256');
    expect(linkerdAsset('edge-26.8.3', linux, 'R').release).toEqual({
      repo: 'linkerd/linkerd2',
      tag: 'edge-26.8.3',
      name: 'linkerd2-cli-edge-26.8.3-linux-amd64',
    });
    expect(kindAsset('v0.30.0', linux, 'K').digestUrl).toBe('K/v0.30.0/kind-linux-amd64.sha256sum');
  });

  it('reads a digest alone or followed by a file name', () => {
    const hex = 'a'.repeat(64);
    expect(parseDigestFile(`${hex}\n`)).toBe(hex);
    expect(parseDigestFile(`${hex.toUpperCase()}  kind-linux-amd64\n`)).toBe(hex);
    expect(parseDigestFile('<html>not found</html>')).toBeUndefined();
  });
});

describe('downloads', () => {
  const files: Record<string, { status?: number; body?: string | Buffer }> = {};
  let server: Awaited<ReturnType<typeof startServer>>;
  const sha = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');
  let failuresLeft = 0;

  beforeAll(async () => {
    server = await startServer((req, res) => {
      if (req.url === '/flaky/tool' && failuresLeft-- > 0) {
        res.writeHead(503).end('busy');
        return;
      }
      const file = files[req.url ?? ''];
      res.writeHead(file?.status ?? (file ? 200 : 404)).end(file?.body ?? 'not found');
    });
  });
  afterAll(() => server.close());
  beforeEach(async () => {
    process.env.RUNNER_TOOL_CACHE = await mkdtemp(join(tmpdir(), 'tool-cache-'));
    process.env.RUNNER_TEMP = await mkdtemp(join(tmpdir(), 'runner-temp-'));
    server.requests.length = 0;
  });

  it('downloads, verifies against the published digest, records it, and then uses the cache', async () => {
    files['/v1/tool'] = { body: 'binary v1' };
    files['/v1/tool.sha256'] = { body: `${sha('binary v1')}\n` };
    const first = await fetchTool('demo', '1.0.0', 'demo', { url: `${server.url}/v1/tool`, digestUrl: `${server.url}/v1/tool.sha256` });
    expect(first).toMatchObject({ source: 'download', sha256: sha('binary v1'), verified: true });
    expect(await readFile(first.path, 'utf8')).toBe('binary v1');
    const second = await fetchTool('demo', '1.0.0', 'demo', { url: `${server.url}/v1/tool`, digestUrl: `${server.url}/v1/tool.sha256` });
    expect(second).toMatchObject({ source: 'cache', path: first.path, sha256: sha('binary v1') });
    expect(server.requests).toEqual(['/v1/tool', '/v1/tool.sha256']);
  });

  it('finds a Linkerd CLI in the tool cache although its version is a tag, not semver', async () => {
    files['/edge-26.8.3/linkerd'] = { body: 'linkerd edge' };
    const asset = { url: `${server.url}/edge-26.8.3/linkerd` };
    const first = await fetchTool('linkerd', 'edge-26.8.3', 'linkerd', asset);
    const second = await fetchTool('linkerd', 'edge-26.8.3', 'linkerd', asset);
    expect(first).toMatchObject({ source: 'download', version: 'edge-26.8.3' });
    expect(second).toMatchObject({ source: 'cache', version: 'edge-26.8.3', path: first.path });
    expect(server.requests).toEqual(['/edge-26.8.3/linkerd']);
  });

  it('refuses a file whose digest does not match the published one', async () => {
    files['/bad/tool'] = { body: 'tampered' };
    files['/bad/tool.sha256'] = { body: sha('original') };
    await expect(fetchTool('bad', '1.0.0', 'bad', { url: `${server.url}/bad/tool`, digestUrl: `${server.url}/bad/tool.sha256` })).rejects.toThrow(
      /does not match the published/,
    );
  });

  it('records the digest unverified when none is published (after edge-25.9)', async () => {
    files['/new/tool'] = { body: 'new binary' };
    const report = await fetchTool('new', '1.0.0', 'new', { url: `${server.url}/new/tool`, digestUrl: `${server.url}/new/tool.sha256` });
    expect(report).toMatchObject({ source: 'download', sha256: sha('new binary'), verified: false });
  });

  it('retries a server error and fails at once on a missing file', async () => {
    files['/flaky/tool'] = { body: 'eventually' };
    failuresLeft = 2;
    const report = await fetchTool('flaky', '1.0.0', 'flaky', { url: `${server.url}/flaky/tool` });
    expect(report.sha256).toBe(sha('eventually'));
    expect(server.requests.filter((r) => r === '/flaky/tool')).toHaveLength(3);
    server.requests.length = 0;
    await expect(fetchTool('gone', '1.0.0', 'gone', { url: `${server.url}/gone` })).rejects.toThrow(/404/);
    expect(server.requests).toEqual(['/gone']);
  });

  const mirror = () => ({
    linkerd: `${server.url}/linkerd`,
    kubectl: `${server.url}/k`,
    kind: `${server.url}/kind`,
    kwokctl: `${server.url}/kwok`,
    gatewayApi: `${server.url}/gw`,
    helm: `${server.url}/helm`,
  });
  const release = (tag: string, assets: { name: string; digest: string | null }[]) => {
    files[`/repos/linkerd/linkerd2/releases/tags/${tag}`] = { body: JSON.stringify({ tag_name: tag, assets }) };
  };

  it('verifies a Linkerd CLI against the digest GitHub gives its release asset (no .sha256 since edge-25.9.4)', async () => {
    const tag = 'edge-26.6.3';
    const name = `linkerd2-cli-${tag}-linux-amd64`;
    files[`/linkerd/${tag}/${name}`] = { body: 'linkerd 2.20' };
    release(tag, [
      { name: `${name}.sha256`, digest: null },
      { name, digest: `sha256:${sha('linkerd 2.20')}` },
    ]);
    const tools = new ToolSet({ kubectl: 'v1.34.0', kind: 'v0.30.0', kwok: 'v0.8.0' }, undefined, mirror(), githubReleaseDigests({ apiUrl: server.url }));
    expect((await tools.get(`linkerd-${tag}`)).verified).toBe(true);
    expect(server.requests).toEqual([`/linkerd/${tag}/${name}`, `/repos/linkerd/linkerd2/releases/tags/${tag}`]);
  });

  it('refuses a Linkerd CLI that does not match its GitHub asset digest', async () => {
    const tag = 'edge-26.7.1';
    const name = `linkerd2-cli-${tag}-linux-amd64`;
    files[`/linkerd/${tag}/${name}`] = { body: 'tampered' };
    release(tag, [{ name, digest: `sha256:${sha('the real one')}` }]);
    const tools = new ToolSet({ kubectl: 'v1.34.0', kind: 'v0.30.0', kwok: 'v0.8.0' }, undefined, mirror(), githubReleaseDigests({ apiUrl: server.url }));
    await expect(tools.linkerd(tag)).rejects.toThrow(/does not match the published/);
  });

  it('falls back to the .sha256 file when GitHub has no digest for an old asset, and to unverified without either', async () => {
    const lookup = githubReleaseDigests({ apiUrl: server.url });
    release('stable-2.14.10', [{ name: 'old', digest: null }]);
    files['/old/old'] = { body: 'old cli' };
    files['/old/old.sha256'] = { body: sha('old cli') };
    const old = {
      url: `${server.url}/old/old`,
      digestUrl: `${server.url}/old/old.sha256`,
      release: { repo: 'linkerd/linkerd2', tag: 'stable-2.14.10', name: 'old' },
    };
    expect(await fetchTool('old', 'stable-2.14.10', 'old', old, lookup)).toMatchObject({ verified: true });
    files['/norelease/tool'] = { body: 'x' };
    const orphan = { url: `${server.url}/norelease/tool`, release: { repo: 'linkerd/linkerd2', tag: 'edge-99.1.1', name: 'tool' } };
    expect(await fetchTool('orphan', '1.0.0', 'tool', orphan, lookup)).toMatchObject({ verified: false });
  });

  it('downloads each tool of a ToolSet once, from the configured mirror', async () => {
    const tag = 'edge-26.8.3';
    files[`/linkerd/${tag}/linkerd2-cli-${tag}-linux-amd64`] = { body: 'linkerd cli' };
    const tools = new ToolSet({ kubectl: 'v1.34.0', kind: 'v0.30.0', kwok: 'v0.8.0' }, undefined, mirror(), githubReleaseDigests({ apiUrl: server.url }));
    const [a, b] = await Promise.all([tools.linkerd(tag), tools.linkerd(tag)]);
    expect(a).toBe(b);
    expect(server.requests.filter((r) => r.endsWith('linux-amd64'))).toHaveLength(1);
    expect((await tools.reports()).map((r) => r.name)).toEqual([`linkerd-${tag}`]);
  });

  it('takes helm out of its release tarball after checking the tarball against its .sha256sum', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'helm-tarball-'));
    await mkdir(join(dir, 'linux-amd64'));
    await writeFile(join(dir, 'linux-amd64', 'helm'), '#!/bin/sh\necho helm\n');
    const file = join(dir, 'helm.tar.gz');
    expect((await createRunner()(['tar', '-czf', file, '-C', dir, 'linux-amd64'], { timeoutMs: 10_000 })).ok).toBe(true);
    const tarball = await readFile(file);
    const name = `helm-${HELM_VERSION}-linux-amd64.tar.gz`;
    files[`/helm/${name}`] = { body: tarball };
    files[`/helm/${name}.sha256sum`] = { body: `${sha(tarball)}  ${name}\n` };
    const tools = new ToolSet({ kubectl: 'v1.34.0', kind: 'v0.30.0', kwok: 'v0.8.0' }, undefined, mirror(), githubReleaseDigests({ apiUrl: server.url }));
    const helm = await tools.get('helm');
    expect(helm).toMatchObject({ name: 'helm', version: HELM_VERSION, verified: true, sha256: sha(tarball) });
    expect(await readFile(helm.path, 'utf8')).toContain('echo helm');
    files[`/helm/${name}.sha256sum`] = { body: `${sha('another tarball')}  ${name}\n` };
    process.env.RUNNER_TOOL_CACHE = await mkdtemp(join(tmpdir(), 'tool-cache-'));
    await expect(new ToolSet({ kubectl: 'v1.34.0', kind: 'v0.30.0', kwok: 'v0.8.0' }, undefined, mirror()).get('helm')).rejects.toThrow(
      /does not match the published/,
    );
  });

  it('takes tools from a tools dir without any download, and names what is missing', async () => {
    const tools = new ToolSet({ kubectl: 'v1.34.0', kind: 'v0.30.0', kwok: 'v0.8.0' }, '/nonexistent/tools');
    await expect(tools.linkerd('edge-26.8.3')).rejects.toThrow('tools-dir /nonexistent/tools has no executable linkerd-edge-26.8.3');
    expect(server.requests).toEqual([]);
  });
});
