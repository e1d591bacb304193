import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { getOctokit } from '@actions/github';
import { describe, expect, it } from 'vitest';
import { aggregate } from '../../src/aggregate/aggregate.js';
import { BISECT_SCHEMA_VERSION, type BisectReport } from '../../src/bisect/result.js';
import { buildReport, reportInput } from '../../src/commands/report.js';
import { validateReportOptions } from '../../src/inputs/command-validate.js';
import { trackIssues } from '../../src/issues/track.js';
import type { UpgradePath } from '../../src/matrix/paths.js';
import { phase, runReport } from '../helpers/report.js';

const K130 = 'v1.30.13@sha256:' + 'a'.repeat(64);
const matrix: UpgradePath[] = [
  {
    key: 'from-edge-26.4.1',
    name: 'edge-26.4.1 -> edge-26.5.2',
    from: 'edge-26.4.1',
    via: [],
    to: 'edge-26.5.2',
    kubernetesVersion: K130,
    kindVersion: 'v0.30.0',
  },
  { key: 'multi-hop', name: 'multi-hop', from: 'edge-25.4.4', via: ['edge-25.10.7'], to: 'edge-26.5.2', kubernetesVersion: K130, kindVersion: 'v0.30.0' },
];
const failing = (key: string, from: string, via: string[] = []) =>
  runReport({
    pathKey: key,
    from,
    via,
    to: 'edge-26.5.2',
    result: 'fail',
    failed: ['check-control-plane'],
    phases: [phase('check-control-plane', { verdict: 'fail', reason: 'Kubernetes is on version [1.30.13]' })],
  });
const bisected: BisectReport = {
  schemaVersion: BISECT_SCHEMA_VERSION,
  result: 'found',
  over: 'to',
  fixed: 'edge-26.4.1',
  good: 'edge-26.4.2',
  bad: 'edge-26.5.2',
  failure: { phase: 'check-control-plane', error: 'Kubernetes is on version [1.30.13]' },
  firstBad: 'edge-26.5.1',
  undecided: [],
  probes: [
    { version: 'edge-26.4.4', from: 'edge-26.4.1', to: 'edge-26.4.4', verdict: 'pass', result: 'pass', attempts: 1, durationMs: 1, reportDir: '/p/1' },
    { version: 'edge-26.5.1', from: 'edge-26.4.1', to: 'edge-26.5.1', verdict: 'same-failure', result: 'fail', attempts: 1, durationMs: 1, reportDir: '/p/2' },
  ],
  durationMs: 2,
};

/** Downloaded artifacts as the report job sees them: two canary jobs, one bisect job, last night's aggregate. */
async function artifacts(): Promise<{ dir: string; previous: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'bisect-report-'));
  for (const [name, content] of [
    ['edge-canary-from-edge-26.4.1-kind-attempt-1/report.json', failing('from-edge-26.4.1', 'edge-26.4.1')],
    ['edge-canary-multi-hop-kind-attempt-1/report.json', failing('multi-hop', 'edge-25.4.4', ['edge-25.10.7'])],
    ['edge-canary-bisect-from-edge-26.4.1-attempt-1/bisect.json', bisected],
  ] as const) {
    await mkdir(join(dir, 'reports', name, '..'), { recursive: true });
    await writeFile(join(dir, 'reports', name), JSON.stringify(content));
  }
  const previous = join(dir, 'previous.json');
  const lastNight = (key: string, from: string) => runReport({ pathKey: key, from, to: 'edge-26.4.4' });
  await writeFile(previous, JSON.stringify(aggregate([lastNight('from-edge-26.4.1', 'edge-26.4.1'), lastNight('multi-hop', 'edge-25.4.4')], matrix)));
  return { dir, previous };
}

describe('the report with bisect', () => {
  it('gives the bisect matrix of new one-hop failures, and names the first bad release with bisect: true', async () => {
    const { dir, previous } = await artifacts();
    const raw = { repository: '', 'github-token': '', reports: join(dir, 'reports'), previous, paths: JSON.stringify(matrix), 'output-dir': join(dir, 'out') };
    const withBisect = await buildReport(reportInput(validateReportOptions({ ...raw, bisect: 'true' })), { warn: () => undefined });
    expect(withBisect.newFailurePaths).toEqual({
      include: [
        { key: 'from-edge-26.4.1', from: 'edge-26.4.1', to: 'edge-26.5.2', 'kubernetes-version': K130, 'kind-version': 'v0.30.0', good: 'edge-26.4.4' },
      ],
    });
    expect(withBisect.aggregate.paths.find((p) => p.key === 'from-edge-26.4.1')?.bisect).toEqual({
      over: 'to',
      firstBad: 'edge-26.5.1',
      undecided: [],
      probes: 2,
    });
    expect(withBisect.aggregate.paths.find((p) => p.key === 'multi-hop')?.bisect).toBeUndefined();
    const without = await buildReport(reportInput(validateReportOptions(raw)), { warn: () => undefined });
    expect(without.aggregate.paths.every((p) => p.bisect === undefined)).toBe(true);
  });

  it("puts the first bad release in the new failure's issue", async () => {
    const { dir, previous } = await artifacts();
    const result = await buildReport(
      reportInput(
        validateReportOptions({
          repository: '',
          'github-token': '',
          reports: join(dir, 'reports'),
          previous,
          paths: JSON.stringify(matrix),
          'output-dir': join(dir, 'out'),
          bisect: 'true',
        }),
      ),
      { warn: () => undefined },
    );
    const created: { title: string; body: string }[] = [];
    const octokit = {
      paginate: async () => [],
      rest: {
        issues: {
          listForRepo: () => undefined,
          getLabel: async () => ({}),
          create: async (issue: { title: string; body: string }) => (created.push(issue), { data: { number: created.length } }),
        },
      },
    } as unknown as ReturnType<typeof getOctokit>;
    await trackIssues(result.aggregate, { octokit, owner: 'o', repo: 'r', label: 'edge-canary', warn: () => undefined });
    const [bisectedIssue, multiHopIssue] = created;
    expect(bisectedIssue!.body).toContain('- First bad `to` release (bisect, 2 probe(s)): `edge-26.5.1`');
    expect(multiHopIssue!.body).not.toContain('First bad');
  });
});
