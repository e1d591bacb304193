import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kindProvider } from '../../src/cluster/kind.js';
import type { CommandResult, Runner } from '../../src/process/runner.js';
import { ToolSet } from '../../src/tools/toolset.js';

/** The `kind create cluster` argv the provider runs for a Kubernetes version, with kind `kindVersion`. */
async function createArgv(kubernetesVersion: string, kindVersion: string): Promise<string[]> {
  const toolsDir = await mkdtemp(join(tmpdir(), 'kind-tools-'));
  await writeFile(join(toolsDir, 'kind'), '#!/bin/sh\n');
  await chmod(join(toolsDir, 'kind'), 0o755);
  const argvs: string[][] = [];
  const run: Runner = async (argv) => {
    argvs.push(argv);
    return { ok: true, argv } as unknown as CommandResult;
  };
  const ctx = {
    run,
    tools: new ToolSet({ kubectl: 'v1.35.8', kind: kindVersion, kwok: 'v0.8.0' }, toolsDir),
    workDir: toolsDir,
    clusterName: 'canary',
    kubernetesVersion,
  };
  await kindProvider.create(ctx, await kindProvider.handle(ctx));
  return argvs[0]!;
}

describe('kind provider', () => {
  it('creates the cluster from the node image pinned by digest for its kind release', async () => {
    const argv = await createArgv('v1.35.8', 'v0.33.0');
    expect(argv[argv.indexOf('--image') + 1]).toBe('kindest/node:v1.35.8@sha256:07b2536e30b803ed61d1677a79df6115f798ce64c80f9e22f6ed45afd09323c0');
  });

  it('passes a digest the user pinned as it is', async () => {
    const pinned = `v1.36.0@sha256:${'b'.repeat(64)}`;
    const argv = await createArgv(pinned, 'v0.33.0');
    expect(argv[argv.indexOf('--image') + 1]).toBe(`kindest/node:${pinned}`);
  });
});
