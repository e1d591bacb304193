// Scenario engine figures: the same scenarios on one kwok cluster run one at a time (baseline)
// and `parallel` at a time, median of RUNS runs each, and the ratio.
import { mkdtemp, readFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { kwokManager, kwokProvider } from '../src/cluster/kwok.js';
import { DEFAULT_KWOK_VERSION } from '../src/inputs/options.js';
import { createRunner } from '../src/process/runner.js';
import { runHook } from '../src/scenarios/hooks.js';
import { loadScenarioFile } from '../src/scenarios/load.js';
import type { Scenario } from '../src/scenarios/model.js';
import { ToolSet } from '../src/tools/toolset.js';
import { median, row } from './stats.js';

const RUNS = Number(process.env.RUNS ?? 3);
const COPIES = Number(process.env.COPIES ?? 4);
const PARALLEL = Number(process.env.PARALLEL ?? 4);
const pins = JSON.parse(await readFile('scripts/sim/pins.json', 'utf8')) as { kubernetes: string };
const toolsDir = process.env.EDGE_CANARY_TOOLS_DIR || join(homedir(), '.cache', 'edge-canary', 'tools', pins.kubernetes);
const run = createRunner();
const workDir = await mkdtemp(join(tmpdir(), 'bench-scenarios-'));
const tools = new ToolSet({ kubectl: pins.kubernetes, kind: 'unused', kwok: DEFAULT_KWOK_VERSION }, toolsDir);
const context = { run, tools, workDir, clusterName: 'bench-scenarios', kubernetesVersion: pins.kubernetes };
const handle = await kwokProvider.handle(context);
try {
  await kwokProvider.create(context, handle);
  const kubectl = join(toolsDir, 'kubectl');
  const base = await loadScenarioFile(resolve('test/fixtures/scenarios/workload-survives.yaml'));
  const scenarios: Scenario[] = Array.from({ length: COPIES }, (_, i) => ({ ...base, name: `${base.name}-${i}` }));
  const ctx = { createRunner, kubectl, kubeconfig: handle.kubeconfig, capabilities: kwokProvider.capabilities, variables: { kubectl, kubeconfig: handle.kubeconfig }, stallMs: 60_000 };
  const timed = async (parallel: number) => {
    const started = Date.now();
    const reports = await runHook('before-upgrade', scenarios, parallel, ctx);
    if (reports.some((r) => r.verdict !== 'pass')) throw new Error(`a scenario did not pass: ${JSON.stringify(reports.map((r) => r.reason))}`);
    return Date.now() - started;
  };
  const serial: number[] = [];
  const parallel: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    serial.push(await timed(1));
    parallel.push(await timed(PARALLEL));
  }
  console.log(`scenario benchmark (${COPIES} scenarios of 5 operations each, ${RUNS} runs, kwok ${pins.kubernetes})`);
  console.log(row('one at a time (baseline)', serial));
  console.log(row(`parallel ${PARALLEL}`, parallel));
  console.log(`${'parallel / baseline'.padEnd(44)} ${(median(parallel) / median(serial)).toFixed(2)}x`);
} finally {
  await kwokManager.delete(handle, run);
}
