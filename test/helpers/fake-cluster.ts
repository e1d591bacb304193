import { existsSync, readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
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
 * How the cluster meshes pods: `kwok` as the simulated cluster here (admission webhooks off:
 * only a proxy in the pod template, from `inject --manual`, meshes a pod); `kind` as a real
 * cluster (the injector webhook also meshes every new pod of a namespace or template annotated
 * `linkerd.io/inject: enabled`, with the proxy of the control plane running at that moment).
 */
export type FakeMode = 'kwok' | 'kind';

interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: { replicas?: number; template?: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> } } };
  items?: KubeObject[];
}

/** A deployment as the fake tracks it: the proxy its running pods have, and who put it there. */
export interface FakeDeployment {
  namespace: string;
  name: string;
  replicas: number;
  labels: Record<string, string>;
  templateAnnotations: Record<string, string>;
  /** The CLI version whose `inject --manual` put a proxy in its pod template. */
  manual?: string;
  /** The proxy version of its running pods; none when they are not meshed. */
  proxy?: string;
}

const INJECTED = /^# fake-linkerd injected (\S+)$/m;
const CONTROL_PLANE = /^# fake-linkerd control-plane (\S+)$/m;
const CONTROL_PLANE_PODS = 3;

/**
 * A cluster and Linkerd CLIs simulated at the command line: every argv the pipeline runs is
 * recorded and answered the way a healthy install answers, unless `override` answers first.
 * It keeps what was applied (files are read from disk, as kubectl does): the control plane runs
 * the last CLI's manifests applied, each deployment the proxy it was meshed with, and
 * `version --proxy`, `check --proxy` and pod listings answer from that, per namespace.
 */
export class FakeCluster {
  readonly commands: string[][] = [];
  readonly deleted: string[] = [];
  readonly deployments = new Map<string, FakeDeployment>();
  readonly namespaces = new Map<string, Record<string, string>>();
  private readonly objects = new Map<string, KubeObject>();
  controlPlane?: string;
  routeSpec: unknown;
  /** The nodes the run asked the provider for. */
  nodes?: number;

  constructor(
    /** Answers first; a promise holds the command until it settles (to order commands in a test). */
    private readonly override: (argv: string[], cluster: FakeCluster) => FakeReply | Promise<FakeReply> | undefined = () => undefined,
    readonly mode: FakeMode = 'kwok',
  ) {}

  /** The proxy version of the sample workload's pods (both deployments when they agree). */
  get workload(): string | undefined {
    const versions = new Set([...this.deployments.values()].filter((d) => d.namespace === 'edge-canary-sample').map((d) => d.proxy));
    return versions.size === 1 ? [...versions][0] : undefined;
  }

  private reply(argv: string[]): FakeReply | Promise<FakeReply> {
    const custom = this.override(argv, this);
    if (custom) return custom;
    const [bin = '', ...rest] = argv;
    const tag = /linkerd-(.+)$/.exec(bin)?.[1];
    const args = rest.filter((a, i) => a !== '--kubeconfig' && rest[i - 1] !== '--kubeconfig');
    if (tag) return this.linkerd(tag, args);
    if (bin.endsWith('/kubectl')) return this.kubectl(args);
    if (args[0] === 'get' && args.includes('json')) return { stdout: '{"items":[]}' };
    return { stdout: '' };
  }

  private kubectl(args: string[]): FakeReply {
    const namespace = flag(args, '-n') ?? flag(args, '--namespace');
    if (args[0] === 'apply') {
      if (args.at(-1)?.endsWith('user-route.yaml')) this.routeSpec = { parentRefs: [{ name: 'server' }], hostnames: [] };
      if (!args.some((a) => a.startsWith('--dry-run'))) for (const file of filesOf(args)) this.apply(readFileSync(file, 'utf8'), namespace);
      return { stdout: '' };
    }
    if (args[0] === 'get' && args[1]?.startsWith('httproutes')) {
      return this.routeSpec
        ? { stdout: JSON.stringify({ spec: this.routeSpec }) }
        : { exitCode: 1, stderr: 'Error from server (NotFound): httproutes "server-route" not found' };
    }
    if (args[0] === 'get' && args[1] === 'namespaces,deployments') return { stdout: JSON.stringify({ items: this.listed() }) };
    if (args[0] === 'get' && args[1] === 'pods' && args.some((a) => a.startsWith('jsonpath='))) return { stdout: this.pods(args, namespace) };
    if (args[0] === 'get' && args.includes('json') && args[1]?.includes('/')) return this.object(args[1], namespace);
    if (args[0] === 'rollout' && args[1] === 'restart') {
      for (const target of args.filter((a) => a.startsWith('deployment/'))) this.restart(`${namespace}/${target.slice('deployment/'.length)}`);
      return { stdout: '' };
    }
    if (args[0] === 'delete' && args[1] === 'namespace') {
      this.namespaces.delete(args[2]!);
      for (const [key, d] of this.deployments) if (d.namespace === args[2]) this.deployments.delete(key);
      return { stdout: '' };
    }
    if (args[0] === 'get' && args.includes('json')) return { stdout: '{"items":[]}' };
    return { stdout: '' };
  }

  /** What `kubectl apply` of a file does here: the control plane a CLI rendered, namespaces, deployments and any object to read back. */
  private apply(text: string, namespace: string | undefined): void {
    const controlPlane = CONTROL_PLANE.exec(text)?.[1];
    if (controlPlane) this.controlPlane = controlPlane;
    const injectedBy = INJECTED.exec(text)?.[1];
    const docs = parseAllDocuments(text).flatMap((d) => (d.toJS() as KubeObject | null) ?? []);
    for (const doc of docs.flatMap((d) => (d.kind === 'List' ? (d.items ?? []) : [d]))) {
      const name = doc.metadata?.name;
      if (!doc.kind || !name) continue;
      const ns = doc.metadata?.namespace ?? namespace ?? 'default';
      this.objects.set(objectKey(doc.kind, doc.kind === 'Namespace' ? '' : ns, name), doc);
      if (doc.kind === 'Namespace') this.namespaces.set(name, doc.metadata?.annotations ?? {});
      if (doc.kind !== 'Deployment') continue;
      const deployment: FakeDeployment = {
        namespace: ns,
        name,
        replicas: doc.spec?.replicas ?? 1,
        labels: doc.spec?.template?.metadata?.labels ?? {},
        templateAnnotations: doc.spec?.template?.metadata?.annotations ?? {},
        ...(injectedBy ? { manual: injectedBy } : {}),
      };
      deployment.proxy = injectedBy ?? this.webhookProxy(deployment);
      this.deployments.set(`${ns}/${name}`, deployment);
    }
  }

  /** The proxy the injector webhook gives a new pod of `d` (kind only): the control plane's. */
  private webhookProxy(d: FakeDeployment): string | undefined {
    if (this.mode !== 'kind') return undefined;
    const own = d.templateAnnotations['linkerd.io/inject'];
    const fromNamespace = this.namespaces.get(d.namespace)?.['linkerd.io/inject'];
    return own === 'enabled' || (own === undefined && fromNamespace === 'enabled') ? this.controlPlane : undefined;
  }

  private restart(key: string): void {
    const d = this.deployments.get(key);
    if (d) d.proxy = d.manual ?? this.webhookProxy(d);
  }

  /** `kubectl get namespaces,deployments -A -o json`: the control plane's too, as a real cluster lists it. */
  private listed(): KubeObject[] {
    const namespaces: KubeObject[] = [...this.namespaces].map(([name, annotations]) => ({ kind: 'Namespace', metadata: { name, annotations } }));
    const controlPlane: KubeObject[] = this.controlPlane
      ? [
          // Unlabelled, as Helm's --create-namespace makes it: the component's own label says it is Linkerd's.
          { kind: 'Namespace', metadata: { name: 'linkerd' } },
          {
            kind: 'Deployment',
            metadata: { name: 'linkerd-destination', namespace: 'linkerd', labels: { 'linkerd.io/control-plane-component': 'destination' } },
            spec: { template: { spec: { containers: [{ name: 'linkerd-proxy' }] } } } as KubeObject['spec'],
          },
        ]
      : [];
    const deployments = [...this.deployments.values()].map((d) => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: d.name, namespace: d.namespace, resourceVersion: '7', uid: 'u' },
      spec: {
        replicas: d.replicas,
        template: {
          metadata: { labels: d.labels, annotations: d.templateAnnotations },
          spec: { containers: [{ name: d.name }, ...(d.manual ? [{ name: 'linkerd-proxy' }] : [])] },
        },
      },
      status: { readyReplicas: d.replicas },
    }));
    return [...controlPlane, ...namespaces, ...deployments];
  }

  /** Pod names, as the jsonpath listings of pods by proxy version or label ask for them. */
  private pods(args: string[], namespace: string | undefined): string {
    const selector = flag(args, '-l');
    const jsonpath = args.find((a) => a.startsWith('jsonpath=')) ?? '';
    const version = /proxy-version=='([^']+)'/.exec(jsonpath)?.[1];
    const names = [...this.deployments.values()]
      .filter((d) => d.namespace === namespace)
      .filter((d) => (version ? d.proxy === version : true))
      .filter((d) => (selector ? selector.split(',').every((kv) => d.labels[kv.split('=')[0]!] === kv.split('=')[1]) : true))
      .flatMap((d) => Array.from({ length: d.replicas }, (_, i) => `${d.name}-${i}`));
    if (!version) return names.join(' ');
    return names.map((n) => (jsonpath.includes('pod {.metadata.name} on') ? `pod ${n} on ${version}\n` : `${n}\n`)).join('');
  }

  /** `kubectl get <kind>[.<version>.<group>]/<name> -o json` of an applied object. */
  private object(target: string, namespace: string | undefined): FakeReply {
    const [resource = '', name = ''] = target.split('/');
    const kind = resource.split('.')[0]!;
    const found = this.objects.get(objectKey(kind, kind === 'namespace' ? '' : (namespace ?? 'default'), name));
    return found ? { stdout: JSON.stringify(found) } : { exitCode: 1, stderr: `Error from server (NotFound): ${resource} "${name}" not found` };
  }

  private linkerd(tag: string, args: string[]): FakeReply {
    if (args[0] === 'install' || args[0] === 'upgrade') {
      const what = args.includes('--crds') ? `crds ${tag}` : `control-plane ${tag}`;
      return { stdout: `# fake-linkerd ${what}\nkind: ConfigMap # ${args.join(' ')}\n` };
    }
    if (args[0] === 'inject') {
      // Like the real one, inject takes out a proxy injected before and puts in its own.
      const file = args.at(-1)!;
      const source = existsSync(file) ? readFileSync(file, 'utf8').replace(new RegExp(INJECTED.source, 'gm'), '') : '';
      return { stdout: `# fake-linkerd injected ${tag}\n${source}` };
    }
    if (args[0] === 'version') return { stdout: this.version(tag, flag(args, '--namespace') ?? flag(args, '-n')) };
    if (args[0] === 'prune') return { stdout: args.includes('--help') ? 'usage' : '' };
    if (args[0] === 'check') return { stdout: this.check(tag, args) };
    return { stdout: '' };
  }

  /** The proxies of meshed pods in `namespace` (every namespace when none), by version. */
  private proxies(namespace: string | undefined): Map<string, number> {
    const counts = new Map<string, number>();
    const add = (version: string, pods: number) => counts.set(version, (counts.get(version) ?? 0) + pods);
    for (const d of this.deployments.values()) if (d.proxy && (!namespace || d.namespace === namespace)) add(d.proxy, d.replicas);
    if (this.controlPlane && (!namespace || namespace === 'linkerd')) add(this.controlPlane, CONTROL_PLANE_PODS);
    return counts;
  }

  private version(tag: string, namespace: string | undefined): string {
    const lines = [...this.proxies(namespace)].map(([v, pods]) => `\t${v} (${pods} pods)`);
    return `Client version: ${tag}\nServer version: ${this.controlPlane ?? 'unavailable'}\nProxy versions:${lines.length ? `\n${lines.join('\n')}` : ' unavailable'}\n`;
  }

  /** A passing check; with --proxy, the warning a data plane behind the CLI gets. */
  private check(tag: string, args: string[]): string {
    const lines = ['linkerd-config', '--------------', '√ control plane Namespace exists', ''];
    if (args.includes('--proxy')) {
      const behind = [...this.proxies(flag(args, '--namespace'))].filter(([v]) => v !== tag);
      lines.push('linkerd-data-plane', '------------------', behind.length ? '‼ data plane and cli versions match' : '√ data plane and cli versions match', '');
      if (behind.length) lines.push(`    ${behind[0]![0]} running but cli running ${tag}`, '');
    }
    return `${lines.join('\n')}\nStatus check results are √\n`;
  }

  /** A Runner over this cluster with the real runner's contract: records, signals, outcomes. */
  runner(config: RunnerConfig): Runner {
    return async (argv) => {
      this.commands.push(argv);
      const started = new Date().toISOString();
      const aborted = (): CommandResult['outcome'] => ((config.signal?.reason as Error | undefined)?.name === 'TimeoutError' ? 'timeout' : 'cancelled');
      let reply = config.signal?.aborted ? { outcome: aborted() } : await this.reply(argv);
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
    const handle = (name: string): ClusterHandle => ({ provider: this.mode, name, kubeconfig: '/fake/kubeconfig', owned: true });
    const provider: ClusterProvider = {
      name: this.mode,
      // As the real providers declare them.
      capabilities: this.mode === 'kind' ? ['dataplane', 'kubelet-evictions', 'webhooks'] : ['status-evictions'],
      handle: async (ctx) => handle(ctx.clusterName),
      create: async (ctx) => {
        this.nodes = ctx.nodes;
        expectSuccess(
          await ctx.run([`/fake/tools/${this.mode === 'kind' ? 'kind' : 'kwokctl'}`, 'create', 'cluster'], { timeoutMs: 1000 }),
          'create cluster',
          'error',
        );
      },
    };
    const manager: ClusterManager = {
      delete: async (h) => void this.deleted.push(h.name),
      exportLogs: async () => undefined,
      stopNow: (h) => `stopped ${h.name}`,
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

function flag(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

function filesOf(args: readonly string[]): string[] {
  return args.flatMap((a, i) => (args[i - 1] === '-f' && existsSync(a) ? [a] : []));
}

function objectKey(kind: string, namespace: string, name: string): string {
  return `${kind.toLowerCase()}/${namespace}/${name}`;
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
