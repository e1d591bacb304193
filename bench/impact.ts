// What the impact review adds to a run: one passing canary per install method on kwok
// (edge-26.8.2 -> edge-26.8.3 unless FROM and TO say otherwise, no scenarios), then the review of
// that run's own manifests timed RUNS times (default 5), and with Helm the plain render of to's
// charts the run made for it (its `helm template` commands in the upgrade phase). Printed: the
// run's wall time, the review's median, and their ratio (goal: under 10 % of a run).
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reviewRunImpact } from '../src/pipeline/impact.js';
import { buildChartRepo, chartsUnavailable } from '../test/helpers/linkerd-charts.js';
import { kwokCanary, toolsDir } from './canary.js';
import { median, row } from './stats.js';

const RUNS = Number(process.env.RUNS ?? 5);
const FROM = process.env.FROM ?? 'edge-26.8.2';
const TO = process.env.TO ?? 'edge-26.8.3';

for (const method of ['cli', 'helm'] as const) {
  const reportDir = await mkdtemp(join(tmpdir(), `bench-impact-${method}-`));
  const unavailable = method === 'helm' && !process.env.CHART_REPO ? chartsUnavailable(toolsDir) : undefined;
  if (unavailable) {
    console.log(`${method}: skipped: ${unavailable} (or set CHART_REPO)`);
    continue;
  }
  const chartRepo = method === 'helm' ? (process.env.CHART_REPO ?? (await buildChartRepo(toolsDir, [FROM, TO]))) : '';
  const helm = method === 'helm' ? ['--install-method', 'helm', '--chart-repo', chartRepo] : [];
  const report = await kwokCanary(FROM, TO, `bench-impact-${method}`, ['--scenario', 'none', ...helm], reportDir);
  const review: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    const impact = await reviewRunImpact(join(reportDir, 'manifests'), FROM, TO, method);
    review.push(performance.now() - started);
    if (!impact) throw new Error(`no impact review from ${reportDir}/manifests`);
  }
  const plainRenders = report.phases
    .flatMap((p) => p.commands)
    .filter((c) => c.argv.includes('template') && !c.argv.includes('--is-upgrade'))
    .reduce((sum, c) => sum + c.durationMs, 0);
  const added = median(review) + plainRenders;
  console.log(`${method}: ${FROM} -> ${TO}, ${report.impact?.objects.changed.length ?? 0} objects changed, ${report.impact?.warnings.length ?? 0} warnings`);
  console.log(row('  the run (wall)', [report.durationMs]));
  console.log(row('  the review of its manifests', review));
  if (method === 'helm') console.log(row("  the plain render of to's charts (helm template)", [plainRenders]));
  console.log(`  the review adds ${((added / report.durationMs) * 100).toFixed(1)} % to the run (goal: under 10 %)`);
}
