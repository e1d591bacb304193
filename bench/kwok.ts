// kwok provider figures, median of RUNS runs each:
//  - cluster create (to nodes Ready): raw kwokctl (baseline) vs the provider, and their ratio;
//  - a full real canary through the bundled CLI (FROM -> TO, default edge-26.8.2 -> edge-26.8.3,
//    whose linkerd-<tag> CLIs must be in the tools dir; the built-in scenarios, as by default): wall time, time inside external
//    commands, the orchestration overhead (wall minus command time, overlaps counted once) as a
//    ratio, and the slowest commands.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kwokManager, kwokProvider } from '../src/cluster/kwok.js';
import { ToolSet } from '../src/tools/toolset.js';
import { kwokCanary, pins, run, toolsDir } from './canary.js';
import { coveredMs, median, row } from './stats.js';

const RUNS = Number(process.env.RUNS ?? 3);
const [from, to] = [process.env.FROM ?? 'edge-26.8.2', process.env.TO ?? 'edge-26.8.3'];
const must = async (argv: string[], env?: Record<string, string>) => {
  const r = await run(argv, { timeoutMs: 300_000, ...(env ? { env } : {}) });
  if (!r.ok) throw new Error(`${argv.join(' ')}: ${r.outputTail}`);
};
const kubectl = join(toolsDir, 'kubectl');

async function rawKwokctl(i: number): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-raw-'));
  const config = join(dir, 'kwok.yaml');
  await writeFile(
    config,
    `apiVersion: config.kwok.x-k8s.io/v1alpha1
kind: KwokctlConfiguration
options: {runtime: binary, bindAddress: 127.0.0.1, kubeVersion: ${pins.kubernetes}, kubectlBinary: ${kubectl}, kubeBinaryPrefix: ${toolsDir}, etcdBinary: ${toolsDir}/etcd, kwokControllerBinary: ${toolsDir}/kwok}
`,
  );
  const env = { KWOK_WORKDIR: join(dir, 'w') };
  const kwokctl = [join(toolsDir, 'kwokctl'), '--config', config, '--name', `raw${i}`];
  const started = Date.now();
  await must([...kwokctl, 'create', 'cluster', '--kubeconfig', join(dir, 'kc'), '--wait', '120s'], env);
  await must([...kwokctl, 'scale', 'node', '--replicas', '3'], env);
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

interface Slow {
  command: string;
  ms: number;
}

async function canary(i: number): Promise<{ wall: number; commands: number; slowest: Slow[] }> {
  const report = await kwokCanary(from, to, `bench${i}`);
  // The built-in scenarios run by default: their commands are in the scenario reports, not the phases'.
  const scenarioCommands = report.scenarios.flatMap((s) =>
    s.attempts.flatMap((a) => a.steps.flatMap((st) => st.operations.flatMap((o) => (o.command ? [o.command] : [])))),
  );
  const commands = [...report.phases.flatMap((p) => p.commands), ...scenarioCommands];
  const intervals = commands.map((c): [number, number] => [Date.parse(c.startedAt), Date.parse(c.startedAt) + c.durationMs]);
  const slowest = commands
    .map((c) => ({
      command: c.argv
        .map((a) => a.replace(/^.*\//, ''))
        .filter((a) => !a.includes('kubeconfig'))
        .slice(0, 4)
        .join(' '),
      ms: c.durationMs,
    }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 5);
  return { wall: report.durationMs, commands: coveredMs(intervals), slowest };
}

const raw: number[] = [];
const prov: number[] = [];
const walls: number[] = [];
const inside: number[] = [];
let slowest: Slow[] = [];
for (let i = 0; i < RUNS; i++) {
  raw.push(await rawKwokctl(i));
  prov.push(await provider(i));
  const c = await canary(i);
  walls.push(c.wall);
  inside.push(c.commands);
  if (c.wall === Math.max(...walls)) slowest = c.slowest;
}
const overhead = walls.map((w, i) => (w - inside[i]!) / w);
console.log(`kwok benchmark (${RUNS} runs, Kubernetes ${pins.kubernetes})`);
console.log(row('cluster ready, raw kwokctl (baseline)', raw));
console.log(row('cluster ready, kwok provider', prov));
console.log(`${'provider / baseline'.padEnd(44)} ${(median(prov) / median(raw)).toFixed(2)}x`);
console.log(row(`real canary ${from} -> ${to}, wall time`, walls));
console.log(row('  of which inside external commands', inside));
console.log(row('orchestration overhead ratio (goal < 0.05)', overhead, ''));
console.log('slowest commands of the slowest run:');
for (const s of slowest) console.log(`  ${(s.ms / 1000).toFixed(2).padStart(7)}s  ${s.command}`);
