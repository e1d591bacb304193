// What each built-in install profile costs: the full canary through the bundled CLI on kwok
// (FROM -> TO, default edge-26.8.2 -> edge-26.8.3, no scenarios), RUNS runs per profile
// (default 3), interleaved so that load drifts hit every profile alike. Prints each profile's
// median wall time, its ratio to `default` in the same run, and the medians of the phases a
// profile changes (its preparation, the cluster with more nodes, install and upgrade).
// METHOD=helm canaries the Helm install method instead; it needs CHART_REPO, a chart repository.
import { BUILT_IN_PROFILES } from '../src/profiles/built-in.js';
import type { RunReport } from '../src/report/model.js';
import { kwokCanary, pins } from './canary.js';
import { median, row } from './stats.js';

const RUNS = Number(process.env.RUNS ?? 3);
const [FROM, TO] = [process.env.FROM ?? 'edge-26.8.2', process.env.TO ?? 'edge-26.8.3'];
const METHOD = process.env.METHOD ?? 'cli';
const PHASES = ['create-cluster', 'prepare-profile', 'install-from', 'upgrade-control-plane'];

function canary(profile: string, i: number): Promise<RunReport> {
  const method = METHOD === 'helm' ? ['--install-method', 'helm', '--chart-repo', process.env.CHART_REPO ?? ''] : [];
  return kwokCanary(FROM, TO, `bench-${profile}-${i}`, ['--profile', profile, '--scenario', 'none', ...method]);
}

const profiles = BUILT_IN_PROFILES.map((p) => p.name);
const reports = new Map<string, RunReport[]>(profiles.map((p) => [p, []]));
for (let i = 0; i < RUNS; i++) {
  for (const profile of profiles) reports.get(profile)!.push(await canary(profile, i));
}

const wall = (profile: string) => reports.get(profile)!.map((r) => r.durationMs);
const baseline = median(wall('default'));
console.log(`install profiles benchmark: ${FROM} -> ${TO} by ${METHOD} on kwok ${pins.kubernetes}, ${RUNS} run(s) each, no scenarios`);
for (const profile of profiles) {
  console.log(`${row(`${profile}: canary wall time`, wall(profile))}   ${(median(wall(profile)) / baseline).toFixed(2)}x default`);
  const phases = PHASES.flatMap((name) => {
    const ms = reports.get(profile)!.flatMap((r) => r.phases.filter((p) => p.name === name).map((p) => p.durationMs));
    return ms.length ? [`${name} ${(median(ms) / 1000).toFixed(1)}s`] : [];
  });
  console.log(`${''.padEnd(4)}${phases.join(', ')}`);
}
