import { mkdtemp, readlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fetchToolsInto } from '../../src/commands/tools.js';
import type { Tools } from '../../src/tools/toolset.js';

function downloads(available: Record<string, string>): Tools & { asked: string[] } {
  const asked: string[] = [];
  const get: Tools['get'] = async (name) => {
    asked.push(name);
    const path = available[name];
    if (!path) throw new Error(`download of ${name}: getaddrinfo ENOTFOUND github.com`);
    return { name, version: name.replace('linkerd-', ''), path, source: 'download', sha256: 'ab'.repeat(32), verified: true };
  };
  return { asked, get, path: async (n) => (await get(n)).path, linkerd: async (t) => (await get(`linkerd-${t}`)).path, reports: async () => [] };
}

describe('edge-canary tools fetch', () => {
  it('keeps what the dir has, links in what it downloads, and names what it could not get and where it goes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tools-fetch-'));
    await writeFile(join(dir, 'linkerd-edge-26.8.2'), '#!/bin/sh\n');
    const tools = downloads({ 'linkerd-edge-26.8.3': '/cache/linkerd/edge-26.8.3/linkerd' });
    const result = await fetchToolsInto(dir, ['linkerd-edge-26.8.2', 'linkerd-edge-26.8.3', 'linkerd-edge-26.8.1'], tools);
    expect(tools.asked).toEqual(['linkerd-edge-26.8.3', 'linkerd-edge-26.8.1']);
    expect(result.lines).toEqual([`linkerd-edge-26.8.2: in ${dir}`, `linkerd-edge-26.8.3: download edge-26.8.3, sha256 ${'ab'.repeat(32)} (verified)`]);
    expect(await readlink(join(dir, 'linkerd-edge-26.8.3'))).toBe('/cache/linkerd/edge-26.8.3/linkerd');
    expect(result.problems).toEqual([
      `linkerd-edge-26.8.1: not in ${dir}, and the download failed (download of linkerd-edge-26.8.1: getaddrinfo ENOTFOUND github.com); put it there as ${join(dir, 'linkerd-edge-26.8.1')}`,
    ]);
  });
});
