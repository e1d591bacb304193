import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { executeRun, releaseLoader } from '../../src/pipeline/execute.js';
import type { RunReport } from '../../src/report/model.js';
import { FakeCluster, fakeConfig } from '../helpers/fake-cluster.js';
import { RELEASES_FIXTURE, realReleases } from '../helpers/releases.js';

async function config(overrides = {}) {
  return fakeConfig(join(await mkdtemp(join(tmpdir(), 'execute-')), 'report'), { releasesFile: RELEASES_FIXTURE, ...overrides });
}
const readReport = async (dir: string) => JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as RunReport;

describe('executeRun: the canary with its reports on disk at every moment', () => {
  it('says running while it runs and the verdict at the end', async () => {
    const c = await config();
    let midRun: RunReport | undefined;
    const { report, paths } = await executeRun(
      c,
      { signal: new AbortController().signal, log: () => undefined, onCluster: async () => void (midRun = await readReport(c.reportDir)) },
      new FakeCluster().deps(),
    );
    expect(midRun?.result).toBe('running');
    // Tools may be done by then; the cluster is being made.
    expect(midRun?.running).toContain('create-cluster');
    expect(report.result).toBe('pass');
    expect(await readReport(c.reportDir)).toMatchObject({ result: 'pass', from: 'edge-26.8.2', to: 'edge-26.8.3' });
    expect(paths.json).toBe(join(c.reportDir, 'report.json'));
  });

  it('writes cancelled at once when the run is cancelled, before the cleanup ends', async () => {
    const c = await config();
    const controller = new AbortController();
    const cancelled: RunReport[] = [];
    const cluster = new FakeCluster((argv) => {
      if (!argv.includes('inject')) return undefined;
      controller.abort(new Error('received SIGINT'));
      return 'hang';
    });
    const { report } = await executeRun(c, { signal: controller.signal, log: () => undefined, onCancelled: (r) => cancelled.push(r) }, cluster.deps());
    expect(cancelled.map((r) => r.result)).toEqual(['cancelled']);
    expect(cancelled[0]!.phases.find((p) => p.name === 'deploy-workload')).toMatchObject({ verdict: 'cancelled', reason: 'cancelled while it ran' });
    expect(report.result).toBe('cancelled');
    expect((await readReport(c.reportDir)).result).toBe('cancelled');
  });
});

describe('releaseLoader', () => {
  it('reads the releases file when one is given', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'releases-'));
    const file = join(dir, 'releases.json');
    await writeFile(file, JSON.stringify(realReleases().slice(0, 3)));
    expect((await releaseLoader({ releasesFile: file })()).map((r) => r.tag)).toEqual(
      realReleases()
        .slice(0, 3)
        .map((r) => r.tag),
    );
  });
});
