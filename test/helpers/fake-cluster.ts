import type { ClusterHandle, ClusterManager, ClusterProvider } from '../../src/cluster/provider.js';
import type { RunConfig } from '../../src/inputs/validate.js';
import type { CanaryDeps } from '../../src/pipeline/context.js';
import { expectSuccess } from '../../src/process/expect-success.js';
import type { CommandRecord, CommandResult, Runner, RunnerConfig } from '../../src/process/runner.js';
import type { Tools } from '../../src/tools/toolset.js';
import { realReleases } from './releases.js';

/** What a fake command does: its result, or `hang` (runs until the runner's signal aborts it). */
export type FakeReply = Partial<Pick<CommandResult, 'exitCode' | 'stdout' | 'stderr' | 'outcome' | 'reason'>> | 'hang';

/**
 * A cluster and Linkerd CLIs simulated at the command line: every argv the pipeline runs is
 * recorded, answered the way a healthy install answers, unless `override` answers first.
 * Proxy versions follow what was applied: the control plane's proxies run the last CLI that
 * installed or upgraded it, the workload's the last CLI that injected it.
 */
export class FakeCluster {
  readonly commands: string[][] = [];
  readonly deleted: string[] = [];
  controlPlane?: string;
  workload?: string;
  routeSpec: unknown;
  /** The nodes the run asked the provider for. */
  nodes?: number;

  constructor(private readonly override: (argv: string[], cluster: FakeCluster) => FakeReply | undefined = () => undefined) {}

  private reply(argv: string[]): FakeReply {
    const custom = this.override(argv, this);
    if (custom) return custom;
    const [bin = '', ...rest] = argv;
    const tag = /linkerd-(.+)$/.exec(bin)?.[1];
    const args = rest.filter((a, i) => a !== '--kubeconfig' && rest[i - 1] !== '--kubeconfig');
    if (tag) return this.linkerd(tag, args);
    if (args[0] === 'apply' && args.at(-1)?.endsWith('user-route.yaml')) this.routeSpec = { parentRefs: [{ name: 'server' }], hostnames: [] };
    if (args[0] === 'get' && args[1]?.startsWith('httproutes')) {
      return this.routeSpec ? { stdout: JSON.stringify({ spec: this.routeSpec }) } : { exitCode: 1, stderr: 'Error from server (NotFound): httproutes "server-route" not found' };
    }
    if (args[0] === 'get' && args.includes('json')) return { stdout: '{"items":[]}' };
    return { stdout: '' };
  }

  private linkerd(tag: string, args: string[]): FakeReply {
    if (args[0] === 'install' || args[0] === 'upgrade') {
      if (!args.includes('--crds')) this.controlPlane = tag;
      return { stdout: `kind: ConfigMap # ${args.join(' ')}\n` };
    }
    if (args[0] === 'inject') {
      this.workload = tag;
      return { stdout: 'kind: Deployment\n' };
    }
    if (args[0] === 'version') {
      const proxies = [`\t${this.workload} (4 pods)`, `\t${this.controlPlane} (3 pods)`].join('\n');
      return { stdout: `Client version: ${tag}\nServer version: ${this.controlPlane}\nProxy versions:\n${proxies}\n` };
    }
    if (args[0] === 'prune') return { stdout: args.includes('--help') ? 'usage' : '' };
    return { stdout: 'linkerd-config\n--------------\n√ control plane Namespace exists\n\nStatus check results are √\n' };
  }

  /** A Runner over this cluster with the real runner's contract: records, signals, outcomes. */
  runner(config: RunnerConfig): Runner {
    return async (argv) => {
      this.commands.push(argv);
      const started = new Date().toISOString();
      const aborted = (): CommandResult['outcome'] =>
        (config.signal?.reason as Error | undefined)?.name === 'TimeoutError' ? 'timeout' : 'cancelled';
      let reply = config.signal?.aborted ? { outcome: aborted() } : this.reply(argv);
      if (reply === 'hang') {
        const signal = config.signal;
        if (!signal) throw new Error(`fake: ${argv.join(' ')} hangs with no signal to stop it`);
        if (!signal.aborted) await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
        reply = { outcome: aborted(), reason: aborted() };
      }
      const outcome = reply.outcome ?? 'exit';
      const exitCode = outcome === 'exit' ? (reply.exitCode ?? 0) : null;
      const record: CommandRecord = {
        argv,
        startedAt: started,
        durationMs: 0,
        outcome,
        exitCode,
        outputTail: `${reply.stdout ?? ''}${reply.stderr ?? ''}`,
        ...(reply.reason ? { reason: reply.reason } : {}),
      };
      config.onCommand?.(record);
      return { ...record, ok: outcome === 'exit' && exitCode === 0, stdout: reply.stdout ?? '', stderr: reply.stderr ?? '' };
    };
  }

  /** Commands whose argv contains every one of `words`, in order of running. */
  ran(...words: string[]): string[][] {
    return this.commands.filter((argv) => words.every((w) => argv.some((a) => a === w || a.endsWith(`/${w}`))));
  }

  deps(): CanaryDeps {
    const tools: Tools = {
      get: async (name) => ({ name, version: 'fake', path: `/fake/tools/${name}`, source: 'tools-dir' }),
      path: async (name) => `/fake/tools/${name}`,
      linkerd: async (tag) => `/fake/tools/linkerd-${tag}`,
      reports: async () => [],
    };
    const handle = (name: string): ClusterHandle => ({ provider: 'kwok', name, kubeconfig: '/fake/kubeconfig', owned: true });
    const provider: ClusterProvider = {
      name: 'kwok',
      capabilities: ['status-evictions'],
      handle: async (ctx) => handle(ctx.clusterName),
      create: async (ctx) => {
        this.nodes = ctx.nodes;
        expectSuccess(await ctx.run(['/fake/tools/kwokctl', 'create', 'cluster'], { timeoutMs: 1000 }), 'kwokctl create cluster', 'error');
      },
    };
    const manager: ClusterManager = {
      delete: async (h) => void this.deleted.push(h.name),
      exportLogs: async () => undefined,
    };
    const implementation = { provider, manager };
    return {
      createRunner: (config) => this.runner(config),
      tools,
      providers: { kind: implementation, existing: implementation, kwok: implementation },
      now: Date.now,
    };
  }
}

export function fakeConfig(reportDir: string, overrides: Partial<RunConfig> = {}): RunConfig {
  return {
    from: 'edge-26.8.2',
    to: 'edge-26.8.3',
    via: [],
    provider: 'kwok',
    kubernetesVersion: 'v1.34.4',
    kindVersion: 'v0.30.0',
    kubectlVersion: 'v1.34.4',
    clusterName: 'fake',
    installArgs: [],
    profiles: [],
    gatewayApi: 'auto',
    installMethod: 'cli',
    helmUpgradeValues: 'reset-then-reuse',
    scenarios: [],
    parallel: 4,
    timeoutMs: 60_000,
    stallMs: 60_000,
    reportDir,
    keepCluster: false,
    uploadArtifacts: false,
    ...overrides,
  };
}

export const loadReleases = async () => realReleases();
