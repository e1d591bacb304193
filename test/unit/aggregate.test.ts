import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { aggregate, type Aggregate } from '../../src/aggregate/aggregate.js';
import { loadRunReports } from '../../src/aggregate/load.js';
import { aggregateMarkdown } from '../../src/aggregate/summary.js';
import type { RunReport } from '../../src/report/model.js';
import type { UpgradePath } from '../../src/matrix/paths.js';
import { REPORT_SCHEMA_VERSION } from '../../src/report/model.js';
import { command, phase, runReport } from '../helpers/report.js';

const matrix: UpgradePath[] = [
  {
    key: 'stable',
    name: 'stable-2.14.10 → edge-26.8.3',
    from: 'stable-2.14.10',
    via: [],
    to: 'edge-26.8.3',
    skipped: 'no Kubernetes version supported by both',
  },
  { key: 'major-2.19', name: '2.19 (edge-25.10.7) → edge-26.8.3', from: 'edge-25.10.7', via: [], to: 'edge-26.8.3', kubernetesVersion: 'v1.34.0' },
  { key: 'major-2.20', name: '2.20 (edge-26.6.3) → edge-26.8.3', from: 'edge-26.6.3', via: [], to: 'edge-26.8.3', kubernetesVersion: 'v1.34.0' },
  { key: 'previous-edge-1', name: 'edge-26.8.2 → edge-26.8.3', from: 'edge-26.8.2', via: [], to: 'edge-26.8.3', kubernetesVersion: 'v1.34.0' },
];

const passing = runReport({ pathKey: 'major-2.20', from: 'edge-26.6.3', run: { url: 'https://github.example/o/r/actions/runs/1' } });
const failing = runReport({
  pathKey: 'major-2.19',
  from: 'edge-25.10.7',
  result: 'fail',
  failed: ['check-proxies'],
  phases: [
    phase('resolve-versions'),
    phase('check-proxies', {
      verdict: 'fail',
      reason: 'linkerd check --proxy --namespace edge-canary-sample: stalled after 60s without new output',
      failedCommand: command({ argv: ['linkerd', 'check', '--proxy'], outcome: 'stall', exitCode: null, outputTail: '× pod not ready: retrying' }),
    }),
    phase('delete-cluster', { cleanup: true }),
  ],
});

describe('aggregating the matrix jobs', () => {
  it('has a row per path: from its report, missing, or skipped with the reason', () => {
    const agg = aggregate([passing, failing], matrix, undefined, new Date('2026-11-28T03:00:00Z'));
    expect(agg.result).toBe('fail');
    expect(agg.paths.map((p) => [p.key, p.result])).toEqual([
      ['stable', 'skipped'],
      ['major-2.19', 'fail'],
      ['major-2.20', 'pass'],
      ['previous-edge-1', 'missing'],
    ]);
    expect(agg.paths[1]!.firstFailure).toEqual({
      phase: 'check-proxies',
      reason: 'linkerd check --proxy --namespace edge-canary-sample: stalled after 60s without new output',
      command: 'linkerd check --proxy',
      outputTail: '× pod not ready: retrying',
    });
    expect(agg.paths[1]!.phases.map((p) => p.name)).toEqual(['resolve-versions', 'check-proxies']);
  });

  it('takes the latest attempt of a re-run path, whatever order the artifacts come in', () => {
    const run = 'https://github.example/o/r/actions/runs/7';
    const attempt = (n: number, result: 'pass' | 'fail', startedAt: string) =>
      runReport({ pathKey: 'major-2.20', from: 'edge-26.6.3', result, startedAt, run: { url: `${run}/attempts/${n}` } });
    const first = attempt(1, 'fail', '2026-11-28T03:10:00Z');
    const rerun = attempt(2, 'pass', '2026-11-28T09:00:00Z');
    const tenth = attempt(10, 'fail', '2026-11-28T08:00:00Z');
    expect(aggregate([rerun, first], matrix.slice(2, 3)).paths[0]!).toMatchObject({ result: 'pass', runUrl: `${run}/attempts/2` });
    expect(aggregate([first, rerun], matrix.slice(2, 3)).paths[0]!.result).toBe('pass');
    // Attempt 10 is later than attempt 2 even if its runner's clock says otherwise.
    expect(aggregate([tenth, rerun], matrix.slice(2, 3)).paths[0]!.runUrl).toBe(`${run}/attempts/10`);
  });

  it('adds a column per scenario, flaky shown as flaky', () => {
    const withScenario = runReport({
      pathKey: 'major-2.20',
      scenarios: [{ name: 'second-try', file: 'f', phase: 'after-upgrade', verdict: 'flaky', durationMs: 1, attempts: [] }],
    });
    const md = aggregateMarkdown(aggregate([withScenario], matrix.slice(2, 3)));
    const grids = md.slice(md.indexOf('<details><summary>Phases and scenarios of every path</summary>'));
    expect(grids).toContain('| Path | `resolve-versions` |\n| --- | --- |\n| `2.20 (edge-26.6.3) → edge-26.8.3` | ✅ |');
    expect(grids).toContain('| Path | `second-try@after-upgrade` |\n| --- | --- |\n| `2.20 (edge-26.6.3) → edge-26.8.3` | 🔁 |');
  });

  it('is an error, not a pass, when a job left no report', () => {
    expect(aggregate([passing], matrix.slice(2, 4)).result).toBe('error');
    expect(aggregate([passing], matrix.slice(2, 3)).result).toBe('pass');
  });

  it('marks new, fixed and still failing paths against the previous run', () => {
    const previous: Aggregate = aggregate([runReport({ pathKey: 'major-2.20', result: 'fail' }), failing], matrix.slice(1, 3));
    const agg = aggregate([passing, failing], matrix, previous);
    expect(agg.changes).toEqual({ newFailures: ['previous-edge-1'], fixed: ['major-2.20'], stillFailing: ['major-2.19'] });
  });

  it('keeps the CLI and Helm runs of one path apart and groups the grid by install method', () => {
    const cli = runReport({ from: 'edge-26.8.2', installMethod: 'cli' });
    const helm = runReport({
      from: 'edge-26.8.2',
      installMethod: 'helm',
      result: 'fail',
      failed: ['upgrade-control-plane'],
      phases: [phase('upgrade-control-plane', { verdict: 'fail', reason: 'kept linkerdVersion' })],
    });
    const agg = aggregate([cli, helm]);
    expect(agg.paths.map((p) => [p.key, p.installMethod, p.result])).toEqual([
      ['edge-26.8.2->edge-26.8.3', 'cli', 'pass'],
      ['edge-26.8.2->edge-26.8.3-helm', 'helm', 'fail'],
    ]);
    const md = aggregateMarkdown(agg);
    expect(md).toContain('| Path | Method | Result | Failing step | Reason | Since | Duration | Run |');
    expect(md).toContain('| `edge-26.8.2 → edge-26.8.3` | `cli` | ✅ `pass` |  |  |');
    expect(md).toContain('| `edge-26.8.2 → edge-26.8.3` | `helm` | ❌ `fail` | `upgrade-control-plane` | `kept linkerdVersion` |');
    const cliSection = md.slice(md.indexOf('#### Install method: `cli`'), md.indexOf('#### Install method: `helm`'));
    const helmSection = md.slice(md.indexOf('#### Install method: `helm`'), md.indexOf('</details>', md.indexOf('#### Install method: `helm`')));
    expect(cliSection).toMatch(/\| `edge-26.8.2 → edge-26.8.3` \| ✅ \|/);
    expect(helmSection).toMatch(/\| `edge-26.8.2 → edge-26.8.3` \| ❌ \|/);
    expect(aggregateMarkdown(aggregate([cli]))).not.toContain('Install method');
  });

  it("counts each path's upgrade changes from its impact review, its warnings first, in a column of their own", () => {
    const objects = {
      added: [{ kind: 'Secret', name: 'new' }],
      removed: [],
      changed: [
        { object: 'Deployment linkerd/linkerd-destination', fields: [] },
        { object: 'Service linkerd/x', fields: [] },
      ],
    };
    const review = {
      from: 'edge-26.6.3',
      to: 'edge-26.8.3',
      method: 'cli',
      objects,
      crds: [],
      rbac: [],
      images: { from: [], to: [], changed: [] },
      webhooks: [],
      staleMounts: [],
      deletedKinds: [],
      warnings: [{ step: 'upgrade', reason: 'deletes CRD x', why: 'y' }],
    };
    const reviewed = runReport({ pathKey: 'major-2.20', from: 'edge-26.6.3', impact: review as unknown as RunReport['impact'] });
    const agg = aggregate([reviewed, failing], matrix.slice(1, 3));
    expect(agg.paths.find((p) => p.key === 'major-2.20')!.impact).toEqual({ added: 1, removed: 0, changed: 2, warnings: 1 });
    expect(agg.paths.find((p) => p.key === 'major-2.19')!.impact).toBeUndefined();
    const md = aggregateMarkdown(agg);
    expect(md).toContain('| Path | Result | Failing step | Reason | Since | Upgrade changes | Duration | Run |');
    expect(md).toContain('| `2.20 (edge-26.6.3) → edge-26.8.3` | ✅ `pass` |  |  |  | ⚠️ 1 · +1 −0 ~2 | 1m5s |');
    expect(aggregateMarkdown(aggregate([failing], matrix.slice(1, 2)))).not.toContain('Upgrade changes');
  });

  it('cuts a long reason to one short cell and gives it whole in the details', () => {
    const long = `${'x'.repeat(150)} tail-of-reason`;
    const md = aggregateMarkdown(aggregate([], [{ ...matrix[0]!, skipped: long }]));
    const row = md.split('\n').find((line) => line.startsWith('| `stable-2.14.10'))!;
    expect(row).toContain(`\`${'x'.repeat(99)}…\``);
    expect(row).not.toContain('tail-of-reason');
    expect(md.slice(md.indexOf('### Details'))).toContain(`\`${long}\``);
  });

  it('renders the grid, the first failure with its tail, and the changes', () => {
    const previous = aggregate([], matrix.slice(1, 2));
    const md = aggregateMarkdown(aggregate([passing, failing], matrix, previous));
    expect(md).toMatch(/^## ❌ edge-canary nightly: fail \(4 paths: 1 skipped, 1 fail, 1 pass, 1 missing\)/);
    // The first table: one row per path, no column per phase.
    expect(md).toContain('| Path | Result | Failing step | Reason | Since | Duration | Run |');
    expect(md).toContain(
      '| `2.19 (edge-25.10.7) → edge-26.8.3` | ❌ `fail` | `check-proxies` | `linkerd check --proxy --namespace edge-canary-sample: stalled after 60s without new output` | still failing | 1m5s |  |',
    );
    expect(md).toContain('| `2.20 (edge-26.6.3) → edge-26.8.3` | ✅ `pass` |  |  |  | 1m5s | [run](https://github.example/o/r/actions/runs/1) |');
    expect(md).toContain('| `stable-2.14.10 → edge-26.8.3` | ⏭️ `skipped` |  | `no Kubernetes version supported by both` |  |  |  |');
    expect(md).toContain(
      '| `edge-26.8.2 → edge-26.8.3` | ❓ `missing` |  | `no report: the job failed before uploading one, or its artifact was not downloaded` | 🆕 new |  |  |',
    );
    expect(md).toContain('× pod not ready: retrying');
    // The per-phase grid, collapsed after everything else.
    expect(md.slice(md.lastIndexOf('<details><summary>Phases and scenarios of every path</summary>'))).toContain(
      '| `2.19 (edge-25.10.7) → edge-26.8.3` | ✅ | ❌ |',
    );
    expect(md).toContain('New failures: `previous-edge-1`. Fixed: none. Still failing: `major-2.19`.');
  });
});

describe('loading job reports', () => {
  it('finds report.json in each artifact folder and refuses other schema versions by path', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'reports-'));
    await mkdir(join(dir, 'job-a'));
    await writeFile(join(dir, 'job-a', 'report.json'), JSON.stringify(passing));
    expect((await loadRunReports(dir)).map((r) => r.report.pathKey)).toEqual(['major-2.20']);
    await mkdir(join(dir, 'job-b'));
    await writeFile(join(dir, 'job-b', 'report.json'), JSON.stringify({ ...passing, schemaVersion: REPORT_SCHEMA_VERSION + 1 }));
    await expect(loadRunReports(dir)).rejects.toThrow(
      `invalid reports "${join(dir, 'job-b', 'report.json')}": has report schema version ${REPORT_SCHEMA_VERSION + 1}; this edge-canary reads version ${REPORT_SCHEMA_VERSION}`,
    );
  });

  it('refuses a report from before warnings (schema 3), which would read as a pass without them', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'reports-'));
    const old: Record<string, unknown> = { ...passing, schemaVersion: 3 };
    delete old.warnings;
    await writeFile(join(dir, 'report.json'), JSON.stringify(old));
    await expect(loadRunReports(dir)).rejects.toThrow(
      /has report schema version 3; this edge-canary reads version 5 \(use the same release for the canary jobs and the report job\)/,
    );
  });
});
