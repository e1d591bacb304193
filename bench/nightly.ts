// The whole nightly matrix on this machine (kwok, the simulated-cluster tools): the matrix of
// `--to edge-26.8.3` with 3 previous edges and 2 majors, every built-in scenario, run by
// `edge-canary nightly` at --parallel-paths 1 and at its default; wall time of each and the
// speed-up. Goal: the whole matrix under 5 minutes on a 2-core machine.
// Paths whose Linkerd CLI is not in the tools dir are not run (the nightly skips them): they
// are listed with the reason, never counted as run.
import { mkdtemp, readFile } from 'node:fs/promises';
import { availableParallelism, freemem, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Aggregate } from '../src/aggregate/aggregate.js';
import { seconds } from '../src/report/markdown.js';
import { builtInNames } from '../src/scenarios/load.js';
import { pins, run, toolsDir } from './canary.js';

const GOAL_MS = 5 * 60_000;
const scenarios = await builtInNames();

async function nightly(parallel: string): Promise<{ wallMs: number; exitCode: number | null; agg: Aggregate; atOnce: string }> {
  const reportDir = await mkdtemp(join(tmpdir(), 'bench-nightly-'));
  const started = Date.now();
  const result = await run(
    [
      process.execPath,
      'dist/cli.js',
      'nightly',
      '--to',
      'edge-26.8.3',
      '--previous-edges',
      '3',
      '--majors',
      '2',
      '--provider',
      'kwok',
      '--tools-dir',
      toolsDir,
      '--releases-file',
      'test/fixtures/linkerd-releases.json',
      '--kubernetes-version',
      pins.kubernetes,
      '--kubectl-version',
      pins.kubernetes,
      ...scenarios.flatMap((name) => ['--scenario', name]),
      '--cluster-name',
      `bench-p${parallel}`,
      '--report-dir',
      reportDir,
      '--parallel-paths',
      parallel,
    ],
    { timeoutMs: 30 * 60_000 },
  );
  const wallMs = Date.now() - started;
  const agg = JSON.parse(await readFile(join(reportDir, 'aggregate.json'), 'utf8')) as Aggregate;
  // What the nightly itself chose, as it prints it.
  const atOnce = /paths run at once: (\d+)/.exec(result.stdout)?.[1] ?? '?';
  return { wallMs, exitCode: result.exitCode, agg, atOnce };
}

const serial = await nightly('1');
const parallel = await nightly('auto');
const ran = serial.agg.paths.filter((p) => p.result !== 'skipped');
console.log(`nightly benchmark: matrix of --to edge-26.8.3, 3 previous edges, 2 majors, on kwok (Kubernetes ${pins.kubernetes})`);
console.log(`machine: ${availableParallelism()} cores, ${(freemem() / 1024 ** 3).toFixed(1)} GiB free; default --parallel-paths: ${parallel.atOnce}`);
console.log(`built-in scenarios: ${scenarios.join(', ') || 'none in this release'}`);
console.log(`paths run (${ran.length}):`);
for (const p of ran) {
  const other = parallel.agg.paths.find((q) => q.key === p.key);
  console.log(`  ${p.name.padEnd(40)} parallel 1: ${p.result} ${seconds(p.durationMs ?? 0)}   default: ${other?.result} ${seconds(other?.durationMs ?? 0)}`);
}
const notRun = serial.agg.paths.filter((q) => q.result === 'skipped');
if (notRun.length) console.log(`paths not run (${notRun.length}):`);
for (const p of notRun) console.log(`  ${p.name}: ${p.reason}`);
console.log(`${'wall time, --parallel-paths 1'.padEnd(44)} ${seconds(serial.wallMs)} (exit ${serial.exitCode})`);
console.log(`${`wall time, --parallel-paths auto (${parallel.atOnce})`.padEnd(44)} ${seconds(parallel.wallMs)} (exit ${parallel.exitCode})`);
console.log(`${'speed-up'.padEnd(44)} ${(serial.wallMs / parallel.wallMs).toFixed(2)}x`);
console.log(
  `${'goal: the runnable matrix under 5 minutes'.padEnd(44)} ${parallel.wallMs < GOAL_MS ? 'met' : 'not met'} (${ran.length} of ${serial.agg.paths.length} paths runnable here)`,
);
