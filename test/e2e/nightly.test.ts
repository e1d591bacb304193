import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it, vi } from 'vitest';
import type { Aggregate } from '../../src/aggregate/aggregate.js';
import type { RunReport } from '../../src/report/model.js';
import { processesMentioning } from '../helpers/action.js';
import { CLI } from '../helpers/cli.js';
import { RELEASES_FIXTURE } from '../helpers/releases.js';
import { chartsUnavailable, serveChartRepo } from '../helpers/linkerd-charts.js';
import { missingLinkerd, SIM_KUBERNETES_VERSION, simToolsDir } from '../helpers/sim-tools.js';

const toolsDir = simToolsDir();
const TO = 'edge-26.8.3';
const FROM = ['edge-26.8.2', 'edge-25.10.7', 'edge-25.4.4'];
const missing = missingLinkerd(toolsDir, TO, ...FROM);
const needs = missing.length ? `skipped: ${toolsDir} has no ${missing.join(', ')}` : `real CLIs of ${[...FROM, TO].join(', ')}`;

/** A nightly on kwok of the paths `paths` name (by default three explicit from tags, nothing else); its work dirs under a temp dir of its own. */
async function startNightly(parallel: number, paths: readonly string[] = FROM.flatMap((tag) => ['--from', tag])) {
  const root = await mkdtemp(join(tmpdir(), 'edge-canary-nightly-e2e-'));
  const reportDir = join(root, 'out');
  const child = execa(
    process.execPath,
    [
      CLI,
      'nightly',
      '--to',
      TO,
      '--previous-edges',
      '0',
      '--majors',
      '0',
      ...paths,
      '--provider',
      'kwok',
      '--tools-dir',
      toolsDir,
      '--releases-file',
      RELEASES_FIXTURE,
      '--kubernetes-version',
      SIM_KUBERNETES_VERSION,
      '--kubectl-version',
      SIM_KUBERNETES_VERSION,
      '--cluster-name',
      'nightly-e2e',
      '--report-dir',
      reportDir,
      '--parallel-paths',
      String(parallel),
    ],
    { reject: false, all: true, env: { RUNNER_TEMP: root, GITHUB_TOKEN: '' } },
  );
  return { child, root, reportDir };
}

async function aggregateOf(reportDir: string): Promise<Aggregate> {
  return JSON.parse(await readFile(join(reportDir, 'aggregate.json'), 'utf8')) as Aggregate;
}

async function pathReport(reportDir: string, key: string): Promise<RunReport> {
  return JSON.parse(await readFile(join(reportDir, 'paths', key, 'report.json'), 'utf8')) as RunReport;
}

/** The executable's name of a running process; empty once it has ended. */
function commandName(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

/** No kwok component or CLI still running from the nightly's dirs, and no cluster state left. */
async function expectNothingLeft(root: string): Promise<void> {
  expect(processesMentioning(root)).toEqual([]);
  expect((await readdir(root)).filter((name) => name.startsWith('edge-canary-'))).toEqual([]);
}

describe(`edge-canary nightly on kwok (${needs})`, () => {
  it.skipIf(missing.length > 0)('runs three paths side by side and aggregates exactly their reports', async () => {
    const { child, root, reportDir } = await startNightly(3);
    const result = await child;
    const agg = await aggregateOf(reportDir);
    expect(agg.paths.map((p) => p.key).sort()).toEqual(FROM.map((tag) => `from-${tag}`).sort());
    const reports = await Promise.all(agg.paths.map((p) => pathReport(reportDir, p.key)));
    for (const [i, row] of agg.paths.entries()) {
      const report = reports[i]!;
      expect(row, result.all).toMatchObject({ result: report.result, durationMs: report.durationMs, from: report.from, to: TO });
      expect(row.phases).toEqual(report.phases.filter((p) => !p.cleanup).map((p) => ({ name: p.name, verdict: p.verdict, durationMs: p.durationMs })));
      expect(report.cluster?.deleted).toBe(true);
    }
    expect(new Set(reports.map((r) => r.cluster?.name)).size).toBe(3);
    expect(result.exitCode).toBe(agg.result === 'pass' ? 0 : 1);
    expect(result.stdout).toContain(`edge-canary nightly ${agg.result.toUpperCase()}: 3 paths`);
    const summary = await readFile(join(reportDir, 'summary.md'), 'utf8');
    for (const p of agg.paths) expect(summary).toContain(p.name);
    await expectNothingLeft(root);
  });

  it.skipIf(missing.length > 0)('on SIGINT midway cancels the running paths, deletes their clusters and still aggregates the finished ones', async () => {
    const { child, root, reportDir } = await startNightly(2);
    const finished = new Map<string, string>();
    let output = '';
    // Two paths run at once: once one has finished the third starts; interrupt it while it installs Linkerd.
    await new Promise<void>((resolve) => {
      child.all!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        for (const m of output.matchAll(/^\[(.+) [\dm.s]+\] finished: (\w+)$/gm)) finished.set(m[1]!, m[2]!);
        const installing = [...output.matchAll(/^\[(.+) [\dm.s]+\] ▶ Install edge-/gm)].map((m) => m[1]!);
        if (finished.size > 0 && installing.length >= 3 && !finished.has(installing[2]!)) resolve();
      });
    });
    child.kill('SIGINT');
    const result = await child;
    expect(result.exitCode, result.all).toBe(130);
    const agg = await aggregateOf(reportDir);
    expect(agg.paths).toHaveLength(3);
    for (const [name, printed] of finished) expect(agg.paths.find((p) => p.name === name)?.result).toBe(printed);
    const cancelled = agg.paths.filter((p) => p.result === 'cancelled');
    expect(cancelled.length).toBeGreaterThan(0);
    for (const p of cancelled) expect((await pathReport(reportDir, p.key)).cluster?.deleted).toBe(true);
    await expectNothingLeft(root);
  });
  it.skipIf(missing.length > 0)("on a second signal kills the running paths' clusters at once, says so and exits 130", async () => {
    const { child, root, reportDir } = await startNightly(2);
    const apiServers = () => processesMentioning(root).filter((pid) => commandName(pid) === 'kube-apiserver');
    await vi.waitFor(() => expect(apiServers()).toHaveLength(2), { timeout: 120_000, interval: 100 });
    // The first starts the cancel (each path would delete its cluster); the second leaves no time for it.
    // Two different signals: a second SIGINT sent before the first is taken would merge with it.
    child.kill('SIGINT');
    child.kill('SIGTERM');
    const result = await child;
    expect(result.exitCode, result.all).toBe(130);
    expect(result.all?.match(/kwok cluster nightly-e2e-\d: its processes are killed; not deleted/g)).toHaveLength(2);
    expect(processesMentioning(root)).toEqual([]);
    const reports = await Promise.all((await readdir(join(reportDir, 'paths'))).map((key) => pathReport(reportDir, key)));
    expect(reports.filter((r) => r.result === 'cancelled' && r.cluster?.deleted === false)).toHaveLength(2);
  });
});

describe('edge-canary nightly of a CLI and a Helm path', () => {
  const from = 'edge-26.8.2';
  const skip =
    chartsUnavailable(toolsDir) ??
    (missingLinkerd(toolsDir, from, TO).length ? `${toolsDir} has no ${missingLinkerd(toolsDir, from, TO).join(', ')}` : undefined);
  const charts = serveChartRepo(toolsDir, [from, TO]);

  it.skipIf(skip !== undefined)(
    skip ? `skipped: ${skip}` : 'runs each path with its own install method and profile, the charts from a repository',
    async () => {
      const paths = [
        '--from',
        from,
        '--install-method',
        'cli',
        '--install-method',
        'helm',
        '--profile',
        'custom-values',
        '--chart-repo',
        charts.url(),
        '--scenario',
        'none',
      ];
      const { child, root, reportDir } = await startNightly(2, paths);
      const result = await child;
      const agg = await aggregateOf(reportDir);
      expect(agg.paths.map((p) => [p.key, p.result]).sort(), result.all).toEqual([
        [`from-${from}-helm@custom-values`, 'pass'],
        [`from-${from}@custom-values`, 'pass'],
      ]);
      const cli = await pathReport(reportDir, `from-${from}@custom-values`);
      const helm = await pathReport(reportDir, `from-${from}-helm@custom-values`);
      expect([cli.installMethod, cli.profile?.name, cli.helm]).toEqual(['cli', 'custom-values', undefined]);
      expect([helm.installMethod, helm.profile?.name]).toEqual(['helm', 'custom-values']);
      expect(helm.helm?.releases.map((r) => `${r.action} ${r.chart} ${r.version}`)).toEqual([
        'install linkerd-crds 2026.8.2',
        'install linkerd-control-plane 2026.8.2',
        'upgrade linkerd-crds 2026.8.3',
        'upgrade linkerd-control-plane 2026.8.3',
      ]);
      expect(result.exitCode).toBe(0);
      await expectNothingLeft(root);
    },
  );
});
