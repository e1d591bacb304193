import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NIGHTLY_OPTIONS } from '../../src/inputs/nightly-options.js';
import { runMain } from '../helpers/cli.js';
import { RELEASES_FIXTURE } from '../helpers/releases.js';

describe('edge-canary nightly, the command', () => {
  it('documents its options in --help', async () => {
    const result = await runMain(['--help']);
    const section = result.stdout.slice(result.stdout.indexOf('Options of nightly'));
    for (const o of NIGHTLY_OPTIONS) expect(section).toContain(`--${o.cliFlag ?? o.name} `);
  });

  it.each([
    [['--parallel-paths', '0'], 'edge-canary: invalid parallel-paths "0": expected a whole number from 1 to 16'],
    [['--to', 'edge-99.1.1'], 'edge-canary: invalid to "edge-99.1.1": no such Linkerd release (newest edge: edge-26.8.3)'],
    [['--to', 'edge-26.8.3', '--kubernetes-version', '1.34'], /^edge-canary: invalid kubernetes-version "1.34": expected a version like/],
  ])('exits 2 on bad input %j with one line, before any cluster', async (args, message) => {
    const reportDir = join(await mkdtemp(join(tmpdir(), 'nightly-cli-')), 'out');
    const result = await runMain(['nightly', '--releases-file', RELEASES_FIXTURE, '--report-dir', reportDir, ...args]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr.trim()).toMatch(message);
    await expect(readdir(reportDir)).rejects.toThrow(/ENOENT/);
  });
});
