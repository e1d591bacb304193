import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { planBisect } from '../../src/bisect/plan.js';
import { bisectExitCode, bisectMarkdown, BISECT_SCHEMA_VERSION, type BisectReport } from '../../src/bisect/result.js';
import { searchFirstBad, type ProbeRunner } from '../../src/bisect/search.js';
import { failureSignature, normaliseError, type FailureSignature } from '../../src/bisect/signature.js';
import { InputError } from '../../src/inputs/input-error.js';
import type { RunReport } from '../../src/report/model.js';
import { ReleaseList, type Release } from '../../src/versions/releases.js';
import { phase, runReport } from '../helpers/report.js';

const releases = JSON.parse(readFileSync(new URL('../fixtures/linkerd-releases.json', import.meta.url), 'utf8')) as Release[];
const list = new ReleaseList(releases);

const tooOld = (to: string) =>
  `linkerd check: exit code 1 (× Kubernetes is on version [1.30.14], but version [1.31.0] or more recent is required): /tmp/tools-AbC12/linkerd-${to} check --wait 5m0s`;

function failedAt(name: string, reason: string, to: string): RunReport {
  return runReport({ result: 'fail', from: 'edge-26.4.1', to, failed: [name], phases: [phase('resolve-versions'), phase(name, { verdict: 'fail', reason })] });
}

/** A fake canary: releases from `firstBad` on fail the check as 26.5.1 does; others as `other` says. */
function fakeCanary(candidates: readonly string[], firstBad: string, other: (to: string, attempt: number) => RunReport | undefined = () => undefined) {
  const runs: string[] = [];
  const run: ProbeRunner = async (to, attempt) => {
    runs.push(to);
    const report =
      other(to, attempt) ??
      (candidates.indexOf(to) >= candidates.indexOf(firstBad) ? failedAt('check-control-plane', tooOld(to), to) : runReport({ from: 'edge-26.4.1', to }));
    return { report, reportDir: `/tmp/probes/${runs.length}` };
  };
  return { run, runs };
}

const failure: FailureSignature = failureSignature(failedAt('check-control-plane', tooOld('edge-26.5.2'), 'edge-26.5.2'))!;

describe('failure signatures', () => {
  it('masks the release, paths and durations, and keeps what the check said', () => {
    expect(normaliseError(tooOld('edge-26.5.1'))).toBe(normaliseError(tooOld('edge-26.5.2')));
    expect(normaliseError(tooOld('edge-26.5.1'))).toContain('version [1.31.0] or more recent is required');
    expect(normaliseError('linkerd check failed (attempt 3): [kubernetes-version] too old')).toBe(
      normaliseError('linkerd check failed (attempt 1): [kubernetes-version] too old'),
    );
    expect(normaliseError('rollout of pod web-7d9f8-x2k4q timed out after 30s')).toBe(normaliseError('rollout of pod web-7d9f8-p9z1m timed out after 45s'));
  });

  it('names the first failed phase or scenario, and none for a run that did not fail', () => {
    expect(failure.phase).toBe('check-control-plane');
    const scenario = runReport({
      result: 'fail',
      failed: ['scenario:traffic@after-upgrade'],
      scenarios: [{ name: 'traffic', file: 'f', phase: 'after-upgrade', verdict: 'fail', reason: 'no reply from web', durationMs: 1, attempts: [] }],
    });
    expect(failureSignature(scenario)).toEqual({ phase: 'scenario:traffic@after-upgrade', error: 'no reply from web' });
    expect(failureSignature(runReport())).toBeUndefined();
    expect(failureSignature(runReport({ result: 'error', failed: ['install-from'] }))).toBeUndefined();
  });
});

describe('the search', () => {
  const candidates = ['edge-26.4.2', 'edge-26.4.3', 'edge-26.4.4', 'edge-26.5.1'];

  it.each(candidates.concat('edge-26.5.2'))('finds %s as the first bad within ceil(log2(candidates + 1)) probes', async (firstBad) => {
    const canary = fakeCanary(candidates.concat('edge-26.5.2'), firstBad);
    const outcome = await searchFirstBad(candidates, 'edge-26.5.2', failure, canary.run);
    expect(outcome.firstBad).toBe(firstBad);
    expect(outcome.probes.length).toBeLessThanOrEqual(Math.ceil(Math.log2(candidates.length + 1)));
    expect(outcome.probes.map((p) => p.version)).toEqual(canary.runs);
  });

  it('takes 26.4.4 then 26.5.1 to find 26.5.1: log2 of the four releases between', async () => {
    const canary = fakeCanary(candidates.concat('edge-26.5.2'), 'edge-26.5.1');
    const outcome = await searchFirstBad(candidates, 'edge-26.5.2', failure, canary.run);
    expect(outcome.probes.map((p) => [p.version, p.verdict])).toEqual([
      ['edge-26.4.4', 'pass'],
      ['edge-26.5.1', 'same-failure'],
    ]);
  });

  it('counts another failure as not this one: it moves the search past it', async () => {
    const canary = fakeCanary(candidates.concat('edge-26.5.2'), 'edge-26.5.1', (to) =>
      to === 'edge-26.4.4' ? failedAt('roll-data-plane', 'rollout of web timed out', to) : undefined,
    );
    const outcome = await searchFirstBad(candidates, 'edge-26.5.2', failure, canary.run);
    expect(outcome.probes[0]).toMatchObject({ version: 'edge-26.4.4', verdict: 'other-failure', failure: { phase: 'roll-data-plane' } });
    expect(outcome.firstBad).toBe('edge-26.5.1');
  });

  it('runs an erroring probe again, and uses the second attempt when it tells', async () => {
    const canary = fakeCanary(candidates.concat('edge-26.5.2'), 'edge-26.4.3', (to, attempt) =>
      to === 'edge-26.4.4' && attempt === 1 ? runReport({ result: 'error', to, failed: ['install-from'] }) : undefined,
    );
    const outcome = await searchFirstBad(candidates, 'edge-26.5.2', failure, canary.run);
    expect(outcome.probes[0]).toMatchObject({ version: 'edge-26.4.4', verdict: 'same-failure', attempts: 2 });
    expect(outcome.firstBad).toBe('edge-26.4.3');
    expect(canary.runs.filter((r) => r === 'edge-26.4.4')).toHaveLength(2);
  });

  it('never counts a probe that errors twice as good: it is reported and left undecided', async () => {
    const canary = fakeCanary(candidates.concat('edge-26.5.2'), 'edge-26.5.1', (to) =>
      to === 'edge-26.5.1' ? runReport({ result: 'error', to, failed: ['create-cluster'] }) : undefined,
    );
    const outcome = await searchFirstBad(candidates, 'edge-26.5.2', failure, canary.run);
    expect(outcome.probes.find((p) => p.version === 'edge-26.5.1')).toMatchObject({ verdict: 'error', attempts: 2 });
    expect(outcome.firstBad).toBe('edge-26.5.2');
    expect(outcome.undecided).toEqual(['edge-26.5.1']);
  });

  it('stops at a cancelled probe without an answer', async () => {
    const canary = fakeCanary(candidates.concat('edge-26.5.2'), 'edge-26.5.1', (to) => runReport({ result: 'cancelled', to }));
    const outcome = await searchFirstBad(candidates, 'edge-26.5.2', failure, canary.run);
    expect(outcome.firstBad).toBeUndefined();
    expect(outcome.probes).toHaveLength(1);
  });
});

describe('the plan', () => {
  it('over to: the edges between the edge after from and the failing to', () => {
    expect(planBisect(list, { from: 'edge-26.4.1', to: 'edge-26.5.2' }, 'to')).toEqual({
      over: 'to',
      fixed: 'edge-26.4.1',
      good: 'edge-26.4.2',
      bad: 'edge-26.5.2',
      candidates: ['edge-26.4.3', 'edge-26.4.4', 'edge-26.5.1'],
    });
    // From a stable: the first edge released after it.
    expect(planBisect(list, { from: 'stable-2.14.10', to: 'edge-24.3.1' }, 'to')).toMatchObject({ good: 'edge-24.2.4', candidates: ['edge-24.2.5'] });
    expect(planBisect(list, { from: 'edge-25.10.7', to: 'edge-26.5.2' }, 'to', 'edge-26.4.1').candidates).toEqual([
      'edge-26.4.2',
      'edge-26.4.3',
      'edge-26.4.4',
      'edge-26.5.1',
    ]);
  });

  it('over from: the edges between the failing from and the edge before to, newest first', () => {
    expect(planBisect(list, { from: 'edge-26.4.1', to: 'edge-26.6.1' }, 'from')).toMatchObject({
      fixed: 'edge-26.6.1',
      good: 'edge-26.5.5',
      bad: 'edge-26.4.1',
      candidates: ['edge-26.5.4', 'edge-26.5.3', 'edge-26.5.2', 'edge-26.5.1', 'edge-26.4.4', 'edge-26.4.3', 'edge-26.4.2'],
    });
  });

  it('refuses a good release on the wrong side, and stables', () => {
    expect(() => planBisect(list, { from: 'edge-26.4.1', to: 'edge-26.5.2' }, 'to', 'edge-26.6.1')).toThrow(InputError);
    expect(() => planBisect(list, { from: 'edge-26.4.1', to: 'edge-26.5.2' }, 'from', 'edge-26.3.1')).toThrow(InputError);
    expect(() => planBisect(list, { from: 'edge-26.4.1', to: 'stable-2.14.10' }, 'to')).toThrow(/edge releases/);
  });
});

describe('the bisect report', () => {
  const base: BisectReport = {
    schemaVersion: BISECT_SCHEMA_VERSION,
    result: 'found',
    over: 'to',
    fixed: 'edge-26.4.1',
    good: 'edge-26.4.1',
    bad: 'edge-26.5.2',
    failure,
    firstBad: 'edge-26.5.1',
    undecided: [],
    probes: [
      { version: 'edge-26.4.4', from: 'edge-26.4.1', to: 'edge-26.4.4', verdict: 'pass', result: 'pass', attempts: 1, durationMs: 41_000, reportDir: '/r/1' },
      {
        version: 'edge-26.5.1',
        from: 'edge-26.4.1',
        to: 'edge-26.5.1',
        verdict: 'same-failure',
        result: 'fail',
        attempts: 1,
        durationMs: 30_000,
        reportDir: '/r/2',
        failure,
      },
    ],
    durationMs: 71_000,
  };

  it('shows the answer and one row per probe', () => {
    const md = bisectMarkdown(base);
    expect(md).toContain('First bad to: `edge-26.5.1`.');
    expect(md.split('\n').filter((l) => /^\| \d+ \|/.test(l))).toEqual([
      '| 1 | `edge-26.4.4` | ✅ pass | 1 | 41.0s |  |',
      '| 2 | `edge-26.5.1` | ❌ same-failure | 1 | 30.0s | `check-control-plane` |',
    ]);
  });

  it('exits 0 when found, 1 when the failure did not reproduce', () => {
    expect(bisectExitCode(base)).toBe(0);
    const notReproduced: BisectReport = { ...base, result: 'not-reproduced', probes: [] };
    delete notReproduced.firstBad;
    expect(bisectExitCode(notReproduced)).toBe(1);
    expect(bisectMarkdown(notReproduced)).toContain('did not reproduce at `edge-26.5.2`');
  });
});
