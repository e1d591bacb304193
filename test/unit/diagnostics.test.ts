import { mkdir, mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ClusterManager } from '../../src/cluster/provider.js';
import { collectDiagnostics, safeFileName } from '../../src/diagnostics/collect.js';
import type { CommandResult, Runner } from '../../src/process/runner.js';

/** A cluster whose pods have hostile names, answered by a stand-in for kubectl. */
const hostilePods = ['../../escaped', '.hidden', 'a/b/c', '..', 'ok-pod'];

const fakeRun: Runner = (argv) => {
  const pods = { items: hostilePods.map((name) => ({ metadata: { namespace: name === 'ok-pod' ? '../ns' : 'linkerd', name } })) };
  const stdout = argv.includes('pods') && argv.includes('json') ? JSON.stringify(pods) : `output of ${argv.slice(3).join(' ')}`;
  const result: CommandResult = { argv, startedAt: '', durationMs: 0, outcome: 'exit', exitCode: 0, outputTail: '', ok: true, stdout, stderr: '' };
  return Promise.resolve(result);
};

const manager: ClusterManager = { delete: () => Promise.resolve(), exportLogs: () => Promise.reject(new Error('no logs here')), stopNow: () => '' };

describe('diagnostics', () => {
  it('names files from cluster objects safely, and one failed write does not stop the rest', async () => {
    const root = await mkdtemp(join(tmpdir(), 'diagnostics-'));
    const dir = join(root, 'diagnostics');
    // A folder where events.txt would go: that one write fails.
    await mkdir(join(dir, 'events.txt'), { recursive: true });
    const cluster = { provider: 'kwok' as const, name: 'c', kubeconfig: 'k', owned: true };
    const error = await collectDiagnostics({ run: fakeRun, kubectl: 'kubectl', linkerd: 'linkerd', cluster, manager, dir, budgetMs: 60_000 }).catch(
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/^diagnostics incomplete .*: events.txt: EISDIR.*; the provider's logs: no logs here$/);
    expect(await readdir(root)).toEqual(['diagnostics']);
    const files = await readdir(dir);
    expect(files).toEqual(
      expect.arrayContaining([
        'get-all.txt',
        'linkerd-check.json',
        'linkerd-check-proxy.json',
        'pod-linkerd-.._.._escaped-describe.txt',
        'pod-.._ns-ok-pod-logs.txt',
      ]),
    );
    expect(files.filter((f) => f.startsWith('pod-'))).toHaveLength(hostilePods.length * 3);
  });

  it('turns any name into one plain file name inside the folder', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (name) => {
        const file = safeFileName(name);
        return /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}$/.test(file) && join('/d', file).startsWith('/d/') && join('/d', file) !== '/d/..';
      }),
      { numRuns: 1000 },
    );
  });
});
