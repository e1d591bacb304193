// What the built-in scenarios cost: the canary on kwok (edge-26.8.2 -> edge-26.8.3 unless FROM
// and TO say otherwise) with every built-in scenario and with none, RUNS runs of each
// (default 3), interleaved so both see the same machine. Prints both wall times, their ratio
// (goal: at most 1.4x), each scenario phase's time, and the operations that set the pace (the
// longest of each scenario phase, median over the runs).
import type { RunReport } from '../src/report/model.js';
import { HOOK_PHASES } from '../src/scenarios/model.js';
import { kwokCanary, pins } from './canary.js';
import { median, row } from './stats.js';

const RUNS = Number(process.env.RUNS ?? 3);
const FROM = process.env.FROM ?? 'edge-26.8.2';
const TO = process.env.TO ?? 'edge-26.8.3';
const GOAL_RATIO = 1.4;

const withScenarios: RunReport[] = [];
const bare: RunReport[] = [];
for (let i = 0; i < RUNS; i++) {
  withScenarios.push(await kwokCanary(FROM, TO, `bench-builtin-${i}`));
  bare.push(await kwokCanary(FROM, TO, `bench-bare-${i}`, ['--scenario', 'none']));
}

const wall = (reports: RunReport[]) => reports.map((r) => r.durationMs);
const ratio = median(wall(withScenarios)) / median(wall(bare));
console.log(`built-in scenarios benchmark: ${FROM} -> ${TO} on kwok ${pins.kubernetes}, ${RUNS} run(s) each, interleaved`);
console.log(row('canary, every built-in scenario', wall(withScenarios)));
console.log(row('canary, no scenario', wall(bare)));
console.log(`${'ratio (goal: at most 1.4x)'.padEnd(44)} ${ratio.toFixed(2)}x ${ratio <= GOAL_RATIO ? 'met' : 'not met'}`);
for (const phase of HOOK_PHASES) {
  const times = withScenarios.flatMap((r) => r.phases.filter((p) => p.name === `scenarios@${phase}`).map((p) => p.durationMs));
  if (times.length) console.log(row(`scenarios@${phase}`, times));
}
// Per scenario and phase, its longest operation: the pace setter of a concurrent scenario.
const longest = new Map<string, number[]>();
for (const report of withScenarios) {
  for (const s of report.scenarios) {
    const ops = s.attempts.flatMap((a) => a.steps.flatMap((step) => step.operations.map((o) => ({ step: step.name, o }))));
    const top = ops.sort((a, b) => b.o.durationMs - a.o.durationMs)[0];
    if (!top) continue;
    const key = `${s.name}@${s.phase}: ${top.o.operation} in "${top.step.slice(0, 50)}"`;
    longest.set(key, [...(longest.get(key) ?? []), top.o.durationMs]);
  }
}
console.log('longest operation of each scenario:');
for (const [key, ms] of [...longest].sort((a, b) => median(b[1]) - median(a[1]))) console.log(`  ${key}: median ${(median(ms) / 1000).toFixed(2)}s`);
