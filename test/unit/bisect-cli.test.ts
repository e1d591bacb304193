import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BISECT_ONLY_OPTIONS } from '../../src/inputs/command-options.js';
import { outputs, runnerDirs, startAction } from '../helpers/action.js';
import { runMain } from '../helpers/cli.js';
import { RELEASES_FIXTURE } from '../helpers/releases.js';
import { phase, runReport } from '../helpers/report.js';

const base = ['bisect', '--releases-file', RELEASES_FIXTURE, '--provider', 'kwok', '--tools-dir', '/nonexistent/tools'];

describe('edge-canary bisect', () => {
  it('documents its options and exit codes in --help', async () => {
    const result = await runMain(['--help']);
    for (const o of BISECT_ONLY_OPTIONS) expect(result.stdout).toContain(`--${o.name}`);
    expect(result.stdout).toContain('bisect: 0 a first bad release was found, 1 the failure did not reproduce, 2 bad input.');
  });

  it.each([
    [['--from', 'edge-26.4.1', '--to', 'edge-26.5.2', '--over', 'sideways'], 'invalid over "sideways": expected to or from'],
    [
      ['--from', 'edge-26.4.1', '--to', 'edge-26.5.2', '--good', 'edge-26.6.1'],
      'invalid good "edge-26.6.1": a known-good to must be an edge from edge-26.4.1 on and older than edge-26.5.2',
    ],
    [
      ['--from', 'edge-26.4.1', '--to', 'edge-26.5.2', '--over', 'from', '--good', 'edge-26.3.1'],
      'invalid good "edge-26.3.1": a known-good from must be an edge newer than edge-26.4.1 and older than edge-26.5.2',
    ],
    [['--over', 'from', '--from', 'stable-2.14.10', '--to', 'edge-26.5.2'], 'invalid from "stable-2.14.10": bisect walks edge releases'],
    [['--from', 'edge-26.4.1', '--to', 'edge-26.5.2', '--via', 'edge-26.4.3'], 'invalid command line'],
  ])('refuses %j with exit 2 before any canary run', async (args, message) => {
    const result = await runMain([...base, ...args]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toContain('bisect: probe');
  });

  it('refuses a failure report of another path, or one without a failure, with exit 2', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bisect-cli-'));
    const other = join(dir, 'other.json');
    await writeFile(
      other,
      JSON.stringify(
        runReport({
          result: 'fail',
          from: 'edge-26.8.2',
          to: 'edge-26.8.3',
          failed: ['check-control-plane'],
          phases: [phase('check-control-plane', { verdict: 'fail' })],
        }),
      ),
    );
    const passed = join(dir, 'passed.json');
    await writeFile(passed, JSON.stringify(runReport({ from: 'edge-26.4.1', to: 'edge-26.5.2' })));
    for (const [file, message] of [
      [other, 'is a report of edge-26.8.2 -> edge-26.8.3, not of the failing path edge-26.4.1 -> edge-26.5.2'],
      [passed, 'shows no failure (result: pass)'],
    ] as const) {
      const result = await runMain([...base, '--from', 'edge-26.4.1', '--to', 'edge-26.5.2', '--failure-report', file, '--report-dir', join(dir, 'out')]);
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toContain(message);
    }
  });
});

describe('the bisect sub-action', () => {
  const failed = runReport({
    result: 'fail',
    from: 'edge-25.10.7',
    to: 'edge-26.5.1',
    failed: ['check-control-plane'],
    phases: [phase('check-control-plane', { verdict: 'fail', reason: 'linkerd check failed (attempt 3): Kubernetes is on version [1.30.14]' })],
  });

  it('outputs the first bad release and writes the job summary (nothing between good and bad: no run)', async () => {
    const dirs = await runnerDirs();
    const failureReport = join(dirs.temp, 'report.json');
    await writeFile(failureReport, JSON.stringify(failed));
    const inputs = {
      from: 'edge-25.10.7',
      to: 'edge-26.5.1',
      good: 'edge-26.4.4',
      'failure-report': failureReport,
      provider: 'kwok',
      'releases-file': RELEASES_FIXTURE,
      'upload-artifacts': 'false',
    };
    const result = await startAction('bisect', dirs, inputs);
    expect(result.exitCode, result.all).toBe(0);
    const out = await outputs(dirs);
    expect(out).toMatchObject({ result: 'found', 'first-bad': 'edge-26.5.1', report: join(dirs.temp, 'edge-canary-bisect', 'bisect.json') });
    expect(await readFile(dirs.summary, 'utf8')).toContain('First bad to: `edge-26.5.1`.');
  });

  it('fails with the one-line input error on bad input', async () => {
    const dirs = await runnerDirs();
    const result = await startAction('bisect', dirs, { from: 'edge-26.4.1', to: 'edge-26.5.2', over: 'sideways', 'releases-file': RELEASES_FIXTURE });
    expect(result.exitCode).toBe(1);
    expect(result.all).toContain('::error::invalid over "sideways": expected to or from');
  });
});
