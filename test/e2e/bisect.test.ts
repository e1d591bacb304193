import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import type { BisectReport } from '../../src/bisect/result.js';
import { CLI } from '../helpers/cli.js';
import { RELEASES_FIXTURE } from '../helpers/releases.js';
import { missingLinkerd, simToolsDir, simToolsDirFor, withLinkerdOf } from '../helpers/sim-tools.js';

// A real failure, bisected with real CLIs: edge-26.5.1 raised Linkerd's minimum Kubernetes to
// 1.31, so on a 1.30 control plane every upgrade from edge-25.10.7 to it or later fails its
// checks, and every one to an earlier edge passes. Known good: edge-26.4.1 (never run).
const KUBERNETES = 'v1.30.14';
const FROM = 'edge-25.10.7';
const BETWEEN = ['edge-26.4.2', 'edge-26.4.3', 'edge-26.4.4', 'edge-26.5.1'];
const linkerdDir = simToolsDir();
const kubernetesDir = simToolsDirFor('1.30');
const missing = [
  ...(kubernetesDir ? [] : [`a ${KUBERNETES} tools dir (scripts/sim/build.sh --kubernetes 1.30)`]),
  ...missingLinkerd(linkerdDir, FROM, ...BETWEEN, 'edge-26.5.2'),
];

describe.skipIf(missing.length > 0)(`bisect on kwok with real CLIs${missing.length ? ` (skipped: missing ${missing.join(', ')})` : ''}`, () => {
  it('names edge-26.5.1 as the first to that fails, in ceil(log2) probes of the edges between', async () => {
    const reportDir = await mkdtemp(join(tmpdir(), 'bisect-e2e-'));
    const result = await execa(
      process.execPath,
      // The failure under study is Kubernetes' minimum; the built-in scenarios (the default) have
      // their own findings on these paths (cli-skew: the edge-25.10.7 CLI panics on 26.x).
      [
        CLI,
        'bisect',
        '--from',
        FROM,
        '--to',
        'edge-26.5.2',
        '--good',
        'edge-26.4.1',
        '--scenario',
        'none',
        '--provider',
        'kwok',
        '--tools-dir',
        await withLinkerdOf(kubernetesDir!, linkerdDir),
        '--kubernetes-version',
        KUBERNETES,
        '--kubectl-version',
        KUBERNETES,
        '--releases-file',
        RELEASES_FIXTURE,
        '--report-dir',
        reportDir,
      ],
      { reject: false, env: { GITHUB_TOKEN: '' } },
    );
    const report = JSON.parse(await readFile(join(reportDir, 'bisect.json'), 'utf8')) as BisectReport;
    expect(result.exitCode, result.stderr).toBe(0);
    expect(report.result).toBe('found');
    expect(report.firstBad).toBe('edge-26.5.1');
    expect(report.reproduced).toMatchObject({ version: 'edge-26.5.2', verdict: 'same-failure' });
    expect(report.failure?.error).toContain('but version [1.31.0] or more recent is required');
    expect(report.probes).toHaveLength(Math.ceil(Math.log2(BETWEEN.length)));
    expect(report.probes.map((p) => [p.version, p.verdict])).toEqual([
      ['edge-26.4.4', 'pass'],
      ['edge-26.5.1', 'same-failure'],
    ]);
    const summary = await readFile(join(reportDir, 'summary.md'), 'utf8');
    expect(summary).toContain('First bad to: `edge-26.5.1`.');
    for (const p of report.probes) expect(summary).toContain(`| \`${p.version}\` |`);
    console.log(`bisect figures: ${report.probes.length} probes + 1 reproduction, ${Math.round(report.durationMs / 1000)} s in all`);
  });
});
