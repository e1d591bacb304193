// kwok provider figures, median of RUNS runs each:
//  - cluster create (to nodes Ready): raw kwokctl (baseline) vs the provider, and their ratio;
//  - the canary run through the bundled CLI: wall time, time inside external commands, and the
//    orchestration overhead (wall minus command time, overlaps counted once) as a ratio.
// The Linkerd CLIs cannot be built here (module proxy 403), so the canary run measured is the
// part that can run: resolve, tools || cluster, diagnostics, delete.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { kwokManager, kwokProvider } from '../src/cluster/kwok.js';
import { createRunner } from '../src/process/runner.js';
import type { RunReport } from '../src/report/model.js';
import { ToolSet } from '../src/tools/toolset.js';
import { coveredMs, median, row } from './stats.js';

const RUNS = Number(process.env.RUNS ?? 3);
const pins = JSON.parse(await readFile('scripts/sim/pins.json', 'utf8')) as { kubernetes: string; linkerd: string[] };
const toolsDir = process.env.EDGE_CANARY_TOOLS_DIR || join(homedir(), '.cache', 'edge-canary', 'tools', pins.kubernetes);
const run = createRunner();
const must = async (argv: string[], env?: Record<string, string>) => {
  const r = await run(argv, { timeoutMs: 300_000, ...(env ? { env } : {}) });
  if (!r.ok) throw new Error(`${argv.join(' ')}: ${r.outputTail}`);
};
const kubectl = join(toolsDir, 'kubectl');

async function rawKwokctl(i: number): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-raw-'));
  const config = join(dir, 'kwok.yaml');
  await writeFile(config, `apiVersion: config.kwok.x-k8s.io/v1alpha1
kind: KwokctlConfiguration
options: {runtime: binary, bindAddress: 127.0.0.1, kubeVersion: ${pins.kubernetes}, kubectlBinary: ${kubectl}, kubeBinaryPrefix: ${toolsDir}, etcdBinary: ${toolsDir}/etcd, kwokControllerBinary: ${toolsDir}/kwok}
`);
  const env = { KWOK_WORKDIR: join(dir, 'w') };
  const kwokctl = [join(toolsDir, 'kwokctl'), '--config', config, '--name', `raw${i}`];
  const started = Date.now();
  await must([...kwokctl, 'create', 'cluster', '--kubeconfig', join(dir, 'kc'), '--wait', '120s'], env);
  await must([...kwokctl, 'scale', 'node', '--replicas', '2'], env);
  await must([kubectl, '--kubeconfig', join(dir, 'kc'), 'wait', '--for=condition=Ready', 'node', '--all', '--timeout=60s']);
  const elapsed = Date.now() - started;
  await must([...kwokctl, 'delete', 'cluster', '--kubeconfig', join(dir, 'kc')], env);
  return elapsed;
}

async function provider(i: number): Promise<number> {
  const workDir = await mkdtemp(join(tmpdir(), 'bench-provider-'));
  const tools = new ToolSet({ kubectl: pins.kubernetes, kind: 'unused', kwok: 'v0.8.0' }, toolsDir);
  const context = { run, tools, workDir, clusterName: `prov${i}`, kubernetesVersion: pins.kubernetes };
  const started = Date.now();
  const handle = await kwokProvider.handle(context);
  await kwokProvider.create(context, handle);
  await must([kubectl, '--kubeconfig', handle.kubeconfig, 'wait', '--for=condition=Ready', 'node', '--all', '--timeout=60s']);
  const elapsed = Date.now() - started;
  await kwokManager.delete(handle, run);
  return elapsed;
}

async function canary(i: number): Promise<{ wall: number; commands: number }> {
  const reportDir = await mkdtemp(join(tmpdir(), 'bench-canary-'));
  const [from, to] = pins.linkerd.slice(-2);
  await run(
    [process.execPath, 'dist/cli.js', 'run', '--provider', 'kwok', '--tools-dir', toolsDir, '--from', from!, '--to', to!,
      '--kubernetes-version', pins.kubernetes, '--releases-file', 'test/fixtures/linkerd-releases.json',
      '--report-dir', reportDir, '--cluster-name', `bench${i}`],
    { timeoutMs: 600_000 },
  );
  const report = JSON.parse(await readFile(join(reportDir, 'report.json'), 'utf8')) as RunReport;
  const intervals = report.phases.flatMap((p) =>
    p.commands.map((c): [number, number] => [Date.parse(c.startedAt), Date.parse(c.startedAt) + c.durationMs]),
  );
  return { wall: report.durationMs, commands: coveredMs(intervals) };
}

const raw: number[] = [];
const prov: number[] = [];
const walls: number[] = [];
const inside: number[] = [];
for (let i = 0; i < RUNS; i++) {
  raw.push(await rawKwokctl(i));
  prov.push(await provider(i));
  const c = await canary(i);
  walls.push(c.wall);
  inside.push(c.commands);
}
const overhead = walls.map((w, i) => (w - inside[i]!) / w);
console.log(`kwok benchmark (${RUNS} runs, Kubernetes ${pins.kubernetes})`);
console.log(row('cluster ready, raw kwokctl (baseline)', raw));
console.log(row('cluster ready, kwok provider', prov));
console.log(`${'provider / baseline'.padEnd(44)} ${(median(prov) / median(raw)).toFixed(2)}x`);
console.log(row('canary run wall time (reachable phases)', walls));
console.log(row('  of which inside external commands', inside));
console.log(row('orchestration overhead ratio', overhead, ''));
