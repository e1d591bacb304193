// The full canary with every built-in scenario on kwok (edge-26.8.2 -> edge-26.8.3 unless FROM
// and TO say otherwise), RUNS runs (default 1): its wall time, and for each scenario phase the
// ratio of its concurrent part (the phase less its exclusive scenarios, which run alone first)
// to the longest scenario of that part. 1.0 would mean the concurrent scenarios cost no more
// than the slowest of them.
import { mkdtemp, readFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createRunner } from '../src/process/runner.js';
import type { RunReport } from '../src/report/model.js';
import { loadScenarios } from '../src/scenarios/load.js';
import { HOOK_PHASES } from '../src/scenarios/model.js';
import { median, row } from './stats.js';

const RUNS = Number(process.env.RUNS ?? 1);
const FROM = process.env.FROM ?? 'edge-26.8.2';
const TO = process.env.TO ?? 'edge-26.8.3';
const pins = JSON.parse(await readFile('scripts/sim/pins.json', 'utf8')) as { kubernetes: string };
const toolsDir = process.env.EDGE_CANARY_TOOLS_DIR || join(homedir(), '.cache', 'edge-canary', 'tools', pins.kubernetes);
const exclusive = new Set((await loadScenarios(['builtin'])).filter((s) => s.exclusive).map((s) => s.name));
const run = createRunner();

async function canary(i: number): Promise<RunReport> {
  const reportDir = await mkdtemp(join(tmpdir(), 'bench-builtin-'));
  const result = await run(
    [
      process.execPath,
      resolve('dist/cli.js'),
      'run',
      ...['--from', FROM, '--to', TO, '--provider', 'kwok', '--tools-dir', toolsDir, '--releases-file', 'test/fixtures/linkerd-releases.json'],
      ...['--kubernetes-version', pins.kubernetes, '--kubectl-version', pins.kubernetes, '--report-dir', reportDir, '--cluster-name', `bench-builtin-${i}`],
    ],
    { timeoutMs: 20 * 60_000 },
  );
  const report = JSON.parse(await readFile(join(reportDir, 'report.json'), 'utf8')) as RunReport;
  if (report.result !== 'pass') throw new Error(`the canary did not pass (${report.result}): ${report.failed.join(', ')}\n${result.outputTail}`);
  return report;
}

const wall: number[] = [];
const ratios = new Map<string, number[]>();
for (let i = 0; i < RUNS; i++) {
  const report = await canary(i);
  wall.push(report.durationMs);
  for (const phase of HOOK_PHASES) {
    const hook = report.phases.find((p) => p.name === `scenarios@${phase}`);
    if (!hook) continue;
    const scenarios = report.scenarios.filter((s) => s.phase === phase);
    const alone = scenarios.filter((s) => exclusive.has(s.name)).reduce((sum, s) => sum + s.durationMs, 0);
    const longest = Math.max(...scenarios.filter((s) => !exclusive.has(s.name)).map((s) => s.durationMs));
    if (longest > 0) ratios.set(phase, [...(ratios.get(phase) ?? []), (hook.durationMs - alone) / longest]);
  }
}
console.log(`built-in scenarios benchmark: ${FROM} -> ${TO} on kwok ${pins.kubernetes}, ${RUNS} run(s), every built-in`);
console.log(row('canary wall time (goal under 90s)', wall));
for (const [phase, values] of ratios) {
  console.log(`${`${phase}: concurrent part / longest scenario`.padEnd(44)} median ${median(values).toFixed(2)}x   runs: ${values.map((v) => v.toFixed(2)).join(', ')}`);
}
