// The full canary with every built-in scenario on kwok (edge-26.8.2 -> edge-26.8.3 unless FROM
// and TO say otherwise), RUNS runs (default 1): its wall time, and for each scenario phase the
// ratio of its concurrent part (the phase less its exclusive scenarios, which run alone first)
// to the longest scenario of that part. 1.0 would mean the concurrent scenarios cost no more
// than the slowest of them.
import { loadScenarios } from '../src/scenarios/load.js';
import { HOOK_PHASES } from '../src/scenarios/model.js';
import { kwokCanary, pins } from './canary.js';
import { median, row } from './stats.js';

const RUNS = Number(process.env.RUNS ?? 1);
const FROM = process.env.FROM ?? 'edge-26.8.2';
const TO = process.env.TO ?? 'edge-26.8.3';
const exclusive = new Set((await loadScenarios(['builtin'])).filter((s) => s.exclusive).map((s) => s.name));

const canary = (i: number) => kwokCanary(FROM, TO, `bench-builtin-${i}`);

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
  console.log(
    `${`${phase}: concurrent part / longest scenario`.padEnd(44)} median ${median(values).toFixed(2)}x   runs: ${values.map((v) => v.toFixed(2)).join(', ')}`,
  );
}
