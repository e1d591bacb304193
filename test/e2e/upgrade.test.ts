import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { RunReport } from '../../src/report/model.js';
import { outputs, processesMentioning, runnerDirs, startAction } from '../helpers/action.js';
import { hasLinkerd, kwokInputs, simToolsDir } from '../helpers/sim-tools.js';

const toolsDir = simToolsDir();

// Real upgrades need the Linkerd CLIs built by scripts/sim/build.sh (linkerd:<tag>). Where the
// Go module proxy refuses github.com/linkerd/linkerd2 (403), they cannot be built: these tests
// then report as skipped with that reason rather than pass.
describe.each([
  { from: 'edge-25.10.7', to: 'edge-26.8.3', why: 'two recent edges, embedded charts' },
  { from: 'edge-25.4.4', to: 'edge-25.10.7', why: '2.18 -> 2.19: run-time charts, Gateway API CRDs' },
])('real upgrade $from -> $to ($why)', ({ from, to }) => {
  it.skipIf(!hasLinkerd(toolsDir, from, to))(`passes (needs linkerd-${from} and linkerd-${to} in ${toolsDir})`, async () => {
    const dirs = await runnerDirs();
    const main = await startAction('main', dirs, kwokInputs(toolsDir, { from, to }));
    const out = await outputs(dirs);
    expect(out.result, main.all).toBe('pass');
    const report = JSON.parse(await readFile(out.report!, 'utf8')) as RunReport;
    expect(report.phases.every((p) => p.verdict === 'pass')).toBe(true);
    expect(report.proxyVersions.find((s) => s.stage === 'after-control-plane-upgrade')?.versions.map((v) => v.version)).toEqual([from]);
    expect(report.proxyVersions.find((s) => s.stage === 'after-rollout')?.versions.map((v) => v.version)).toEqual([to]);
    expect(await readFile(dirs.summary, 'utf8')).toContain(`\`${from}\` → \`${to}\``);
    expect(processesMentioning(dirs.root)).toEqual([]);
  });
});
