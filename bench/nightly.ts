// The nightly matrix on this machine (kwok, the simulated-cluster tools) through `edge-canary
// nightly`: the matrix of `--to edge-26.8.3` with 3 previous edges and 2 majors, the built-in
// scenarios as the product runs them by default (`builtin`: the optional rollback left out).
//
// By default the CLI paths at --parallel-paths 1 and at the default (auto): wall time of each and
// the speed-up. Goal: the whole matrix under 5 minutes on a 2-core machine (FULL: 15 minutes).
//
// FULL=1: every path with install methods cli and helm and the four built-in profiles (40 runs,
// about 12-13 minutes on 2 cores), at the default --parallel-paths only. The Helm paths take
// their charts from a local chart repository packaged from the linkerd2 git dir of the tools dir
// (test/helpers/linkerd-charts.ts; CHART_REPO=<url or dir> to give one). ALONE=1 adds a pass at
// --parallel-paths 1, each run alone: goal, no run slower than 1.5x its time alone (it doubles
// the time). To try the bench in less time: PATHS=n (the first n paths: previous edges, then
// majors), METHODS=cli,helm, PROFILES=default,ha, SCENARIOS=none or a comma-separated list.
// PARALLEL=n runs the matrix pass at --parallel-paths n instead of the default.
//
// Printed: wall time, runs per minute, the peak memory (bench/process-usage.ts) and the CPU time
// of the whole process tree (memory sampled every second, INTERVAL_MS to change; the CPU time of
// every command counted when it ends), each run's time, the slowest phases across all runs (from
// each path's report.json), the slowest run; with ALONE=1, the cores one run keeps busy alone and
// what the matrix's runs at once ask of the machine. Paths whose Linkerd CLI is not in the tools
// dir are not run (the nightly skips them): listed with the reason, never counted as run.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { availableParallelism, freemem, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import type { Aggregate } from '../src/aggregate/aggregate.js';
import { buildMatrix } from '../src/commands/matrix.js';
import { validateMatrixOptions } from '../src/inputs/command-validate.js';
import { BUILT_IN_PROFILES } from '../src/profiles/built-in.js';
import { seconds } from '../src/report/markdown.js';
import type { RunReport } from '../src/report/model.js';
import { loadScenarios } from '../src/scenarios/load.js';
import { buildChartRepo, chartsUnavailable } from '../test/helpers/linkerd-charts.js';
import { hasLinkerd } from '../test/helpers/sim-tools.js';
import { pins, toolsDir } from './canary.js';
import { sampleTree, type TreeUsage } from './process-usage.js';

/** The slowest run of the full matrix may take this much longer than alone. */
const ALONE_RATIO_GOAL = 1.5;
const TO = 'edge-26.8.3';
const RELEASES = 'test/fixtures/linkerd-releases.json';
const MIB = 1024 * 1024;

const FULL = process.env.FULL === '1';
/** The CLI matrix, and the full product matrix (FULL=1). */
const GOAL_MS = (FULL ? 15 : 5) * 60_000;
const list = (name: string, fallback: readonly string[]) => process.env[name]?.split(',').filter(Boolean) ?? fallback;
const paths = Number(process.env.PATHS ?? 5);
const methods = list('METHODS', FULL ? ['cli', 'helm'] : ['cli']);
const profiles = list('PROFILES', FULL ? BUILT_IN_PROFILES.map((p) => p.name) : ['default']);
// The product's default, `builtin`: the optional built-ins (rollback) run only when named.
const scenarios = list('SCENARIOS', ['builtin']);
const intervalMs = Number(process.env.INTERVAL_MS ?? 1000);
/** The matrix pass's --parallel-paths: the product's default unless PARALLEL names a number. */
const atOnceSetting = process.env.PARALLEL ?? 'auto';

/** The matrix options: the first `paths` of 3 previous edges and 2 majors. */
const matrix = ['--to', TO, '--previous-edges', String(Math.min(paths, 3)), '--majors', String(Math.min(Math.max(paths - 3, 0), 2))];

interface Pass {
  wallMs: number;
  exitCode: number | undefined;
  agg: Aggregate;
  reports: Map<string, RunReport>;
  atOnce: string;
  usage: TreeUsage;
}

/**
 * Linkerd's charts for the Helm paths: CHART_REPO, else packaged here from the tools dir's
 * linkerd2 git dir, for the versions of the matrix whose CLI is there (the others do not run).
 */
async function chartRepo(): Promise<string | undefined> {
  if (!methods.includes('helm')) return undefined;
  if (process.env.CHART_REPO) return process.env.CHART_REPO;
  const unavailable = chartsUnavailable(toolsDir);
  if (unavailable) throw new Error(`the Helm paths need charts: ${unavailable}; or set CHART_REPO, or METHODS=cli`);
  const options = { to: TO, 'previous-edges': matrix[3]!, majors: matrix[5]!, 'releases-file': RELEASES };
  const { paths } = await buildMatrix(validateMatrixOptions(options));
  const tags = new Set(paths.flatMap((p) => [p.from, ...p.via, p.to]));
  return buildChartRepo(
    toolsDir,
    [...tags].filter((tag) => hasLinkerd(toolsDir, tag)),
  );
}

async function nightly(parallel: string, charts: string | undefined): Promise<Pass> {
  // The runs' work dirs go under it, so the memory sampler finds the detached kwok components by it.
  const root = await mkdtemp(join(tmpdir(), 'bench-nightly-'));
  const reportDir = join(root, 'out');
  const started = Date.now();
  const child = execa(
    process.execPath,
    [
      'dist/cli.js',
      'nightly',
      ...matrix,
      ...methods.flatMap((m) => ['--install-method', m]),
      ...profiles.flatMap((p) => ['--profile', p]),
      ...(charts ? ['--chart-repo', charts] : []),
      ...['--provider', 'kwok', '--tools-dir', toolsDir, '--releases-file', RELEASES],
      ...['--kubernetes-version', pins.kubernetes, '--kubectl-version', pins.kubernetes],
      ...(scenarios.length ? scenarios : ['none']).flatMap((name) => ['--scenario', name]),
      ...['--cluster-name', `bench-p${parallel}`, '--report-dir', reportDir, '--parallel-paths', parallel],
    ],
    { reject: false, all: true, timeout: 60 * 60_000, env: { RUNNER_TEMP: root } },
  );
  const memory = sampleTree(child.pid!, root, intervalMs);
  const result = await child;
  const usage = memory.stop();
  const wallMs = Date.now() - started;
  const agg = JSON.parse(await readFile(join(reportDir, 'aggregate.json'), 'utf8')) as Aggregate;
  const reports = new Map<string, RunReport>();
  for (const p of agg.paths.filter((q) => q.result !== 'skipped' && q.result !== 'missing')) {
    reports.set(p.key, JSON.parse(await readFile(join(reportDir, 'paths', p.key, 'report.json'), 'utf8')) as RunReport);
  }
  // What the nightly itself chose, as it prints it.
  const atOnce = /paths run at once: (\d+)/.exec(result.stdout)?.[1] ?? '?';
  if (!reports.size) console.log(result.all);
  return { wallMs, exitCode: result.exitCode, agg, reports, atOnce, usage };
}

const line = (label: string, value: string) => console.log(`${label.padEnd(52)} ${value}`);

const charts = await chartRepo();
const matrixPass = await nightly(atOnceSetting, charts);
const alone = !FULL || process.env.ALONE === '1' ? await nightly('1', charts) : undefined;
// A chart repository packaged here goes with its work dir (buildChartRepo's temp dir).
if (charts && !process.env.CHART_REPO) await rm(dirname(charts), { recursive: true, force: true });
const ran = [...matrixPass.reports.values()];

console.log(
  `nightly benchmark${FULL ? ' (FULL)' : ''}: matrix of --to ${TO}, ${matrix.slice(2).join(' ')}, methods ${methods.join(', ')}, profiles ${profiles.join(', ')}, on kwok (Kubernetes ${pins.kubernetes})`,
);
console.log(`machine: ${availableParallelism()} cores, ${(freemem() / 1024 ** 3).toFixed(1)} GiB free; default --parallel-paths: ${matrixPass.atOnce}`);
const expanded = scenarios.includes('builtin') ? ` (${(await loadScenarios(['builtin'])).map((s) => s.name).join(', ')})` : '';
console.log(`scenarios: ${scenarios.join(', ') || 'none'}${expanded}`);
console.log(`runs (${ran.length}), time in the matrix${alone ? ' / alone' : ''}:`);
const aloneMs = (key: string) => alone?.reports.get(key)?.durationMs;
for (const r of ran) {
  const key = r.pathKey!;
  const a = aloneMs(key);
  console.log(
    `  ${key.padEnd(40)} ${r.result.padEnd(5)} ${seconds(r.durationMs).padStart(7)}${a ? `   alone ${seconds(a).padStart(7)}  ${(r.durationMs / a).toFixed(2)}x` : ''}`,
  );
}
const notRun = matrixPass.agg.paths.filter((p) => p.result === 'skipped' || p.result === 'missing');
if (notRun.length) console.log(`paths not run (${notRun.length}):`);
for (const p of notRun) console.log(`  ${p.key}: ${p.reason ?? p.result}`);

console.log('slowest phases across all runs:');
const phases = ran.flatMap((r) => r.phases.filter((p) => !p.cleanup).map((p) => ({ run: r.pathKey!, name: p.name, durationMs: p.durationMs })));
for (const p of phases.sort((a, b) => b.durationMs - a.durationMs).slice(0, 10)) {
  console.log(`  ${p.name.padEnd(40)} ${seconds(p.durationMs).padStart(7)}  ${p.run}`);
}

line(`wall time, --parallel-paths ${atOnceSetting} (${matrixPass.atOnce})`, `${seconds(matrixPass.wallMs)} (exit ${matrixPass.exitCode})`);
line('runs per minute', (ran.length / (matrixPass.wallMs / 60_000)).toFixed(2));
const mib = (bytes: number) => `${(bytes / MIB).toFixed(0)} MiB`;
const heldBy = (usage: TreeUsage) =>
  [...usage.byName]
    .sort((a, b) => b[1] - a[1])
    .map(([name, bytes]) => `${name} ${mib(bytes)}`)
    .join(', ');
line(`peak memory (process tree, every ${intervalMs} ms)`, `${mib(matrixPass.usage.peakBytes)} at ${seconds(matrixPass.usage.atMs)}`);
console.log(`  held by: ${heldBy(matrixPass.usage)}`);
const cpuSeconds = (usage: TreeUsage) => [...usage.cpuByName.values()].reduce((sum, s) => sum + s, 0);
const cpu = [...matrixPass.usage.cpuByName].sort((a, b) => b[1] - a[1]);
const cpuTotal = cpuSeconds(matrixPass.usage);
line(
  'CPU time (process tree, per run)',
  `${(cpuTotal / ran.length).toFixed(1)} s (on average ${(cpuTotal / (matrixPass.wallMs / 1000)).toFixed(2)} cores busy)`,
);
console.log(
  `  by process, per run: ${cpu
    .filter(([, s]) => s >= 0.05 * ran.length)
    .map(([name, s]) => `${name} ${(s / ran.length).toFixed(1)} s`)
    .join(', ')}`,
);
const slowest = ran.reduce<RunReport | undefined>((s, r) => (!s || r.durationMs > s.durationMs ? r : s), undefined);
if (slowest) {
  const a = aloneMs(slowest.pathKey!);
  const ratio = a ? ` / ${seconds(a)} alone = ${(slowest.durationMs / a).toFixed(2)}x (goal: at most ${ALONE_RATIO_GOAL}x)` : ' (ALONE=1 for its time alone)';
  line('slowest run in the matrix', `${slowest.pathKey} ${seconds(slowest.durationMs)}${ratio}`);
}
if (alone) {
  const ratios = ran.map((r) => r.durationMs / (aloneMs(r.pathKey!) ?? Infinity)).sort((a, b) => a - b);
  const worst = Math.max(...ratios);
  line('wall time, --parallel-paths 1', `${seconds(alone.wallMs)} (exit ${alone.exitCode})`);
  line('speed-up', `${(alone.wallMs / matrixPass.wallMs).toFixed(2)}x`);
  // What one path needs: the budget behind --parallel-paths auto (src/commands/parallel-limit.ts).
  line('peak memory, one run at a time', `${mib(alone.usage.peakBytes)} at ${seconds(alone.usage.atMs)}`);
  console.log(`  held by: ${heldBy(alone.usage)}`);
  // Why the ratio is what it is: N runs at once, each keeping `busy` cores busy alone, ask the
  // machine for N x busy cores; above its cores, every run slows by at least that share on average
  // (CPU cut from what a run waits on shortens its time alone too, and leaves this share as it was).
  const aloneCpu = cpuSeconds(alone.usage) / alone.reports.size;
  const aloneMean = [...alone.reports.values()].reduce((sum, r) => sum + r.durationMs, 0) / alone.reports.size / 1000;
  const busy = aloneCpu / aloneMean;
  const atOnce = Math.min(Number(matrixPass.atOnce), ran.length);
  line('CPU time per run, alone', `${aloneCpu.toFixed(1)} s over ${aloneMean.toFixed(1)} s: ${busy.toFixed(2)} cores busy`);
  line(
    `  ${atOnce} at once ask for`,
    `${(atOnce * busy).toFixed(2)} of ${availableParallelism()} cores: ${((atOnce * busy) / availableParallelism()).toFixed(2)}x`,
  );
  line(
    'time in the matrix / alone',
    `median ${ratios[Math.floor(ratios.length / 2)]!.toFixed(2)}x, ${ratios.filter((r) => r <= ALONE_RATIO_GOAL).length} of ${ratios.length} runs at most ${ALONE_RATIO_GOAL}x`,
  );
  line(`goal: no run over ${ALONE_RATIO_GOAL}x its time alone`, `${worst <= ALONE_RATIO_GOAL ? 'met' : 'not met'} (worst ${worst.toFixed(2)}x)`);
}
line(
  `goal: the runnable matrix under ${GOAL_MS / 60_000} minutes`,
  `${matrixPass.wallMs < GOAL_MS ? 'met' : 'not met'} (${ran.length} of ${matrixPass.agg.paths.length} paths runnable here)`,
);
