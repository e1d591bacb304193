import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { expectSuccess, PhaseStop } from '../process/expect-success.js';
import { freeLoopbackPorts } from './free-ports.js';
import type { ClusterHandle, ClusterManager, ClusterProvider, ProviderContext } from './provider.js';

/** Nodes unless the run needs more: three, so that `--ha` (three replicas with required anti-affinity by host) can schedule. */
const NODES = 3;

/**
 * A real control plane (kube-apiserver, etcd, controller-manager, scheduler) with nodes and pods
 * simulated by kwok: everything above the data plane is real. Every component listens on
 * 127.0.0.1 and the fake nodes report loopback addresses; simulated pod and service IPs are never dialled,
 * which is why the webhook admission plugins (that would call Linkerd's injector on a 10.x
 * service IP) are off.
 */
export const kwokProvider: ClusterProvider = {
  name: 'kwok',
  capabilities: ['status-evictions'],
  async handle(ctx: ProviderContext): Promise<ClusterHandle> {
    return {
      provider: 'kwok',
      name: ctx.clusterName,
      kubeconfig: join(ctx.workDir, 'kubeconfig'),
      manager: await ctx.tools.path('kwokctl'),
      // kwokctl keeps each cluster's state under its work dir: one per run lets runs coexist.
      env: { KWOK_WORKDIR: join(ctx.workDir, 'kwok') },
      owned: true,
    };
  },
  async create(ctx: ProviderContext, handle: ClusterHandle): Promise<void> {
    const kubectl = await ctx.tools.path('kubectl');
    await mkdir(handle.env!.KWOK_WORKDIR!, { recursive: true });
    const [etcdPeerPort, etcdPort, kubeApiserverPort, kubeControllerManagerPort, kubeSchedulerPort, kwokControllerPort] = await freeLoopbackPorts(6);
    const options: Record<string, unknown> = {
      runtime: 'binary',
      etcdPeerPort,
      etcdPort,
      kubeApiserverPort,
      kubeControllerManagerPort,
      kubeSchedulerPort,
      kwokControllerPort,
      bindAddress: '127.0.0.1',
      // A kind node image digest (v1.35.8@sha256:...) means nothing to kwok: the version is the tag.
      kubeVersion: ctx.kubernetesVersion.replace(/@.*$/, ''),
      kubectlBinary: kubectl,
      // Linkerd's install and check make bursts of API calls; client-side rate limits only slow them.
      disableQPSLimits: true,
    };
    if (ctx.tools.toolsDir) {
      const apiserver = await ctx.tools.path('kube-apiserver');
      await expectKubernetesVersion(ctx, apiserver, options.kubeVersion as string);
      options.kubeBinaryPrefix = dirname(apiserver);
      options.etcdBinary = await ctx.tools.path('etcd');
      options.kwokControllerBinary = await ctx.tools.path('kwok');
    }
    const config = join(ctx.workDir, 'kwok.yaml');
    await writeFile(config, stringify({ apiVersion: 'config.kwok.x-k8s.io/v1alpha1', kind: 'KwokctlConfiguration', options }));
    const kwok = (args: string[], timeoutMs: number) =>
      ctx.run([handle.manager!, '--config', config, '--name', ctx.clusterName, ...args], { timeoutMs, env: handle.env });
    expectSuccess(
      await kwok(
        [
          'create',
          'cluster',
          '--kubeconfig',
          handle.kubeconfig,
          '--wait',
          '120s',
          '--extra-args',
          'kube-apiserver=disable-admission-plugins=MutatingAdmissionWebhook,ValidatingAdmissionWebhook',
          // A cluster lives for one run and is never restarted: etcd need not wait for the disk on
          // each write, and a sole controller-manager and scheduler need not renew leases every
          // 2 s. What Linkerd talks to is unchanged; a nightly of several paths saves the CPU.
          ...['etcd=unsafe-no-fsync=true', 'kube-controller-manager=leader-elect=false', 'kube-scheduler=leader-elect=false'].flatMap((arg) => [
            '--extra-args',
            arg,
          ]),
        ],
        5 * 60_000,
      ),
      'kwokctl create cluster',
      'error',
    );
    // Node addresses come from the node template's nodeIPs (node i gets 127.0.0.1 + i): loopback,
    // so whatever dials a node (logs, exec through the API server) never leaves this machine.
    expectSuccess(
      await kwok(['scale', 'node', '--replicas', String(Math.max(NODES, ctx.nodes ?? 0)), '--param', '.nodeIPs=["127.0.0.1"]'], 120_000),
      'kwokctl scale node',
      'error',
    );
  },
};

/**
 * kwokctl runs whatever binaries it is given: a tools dir built for another Kubernetes would
 * quietly run a path on the wrong version, so the run stops here instead.
 */
async function expectKubernetesVersion(ctx: ProviderContext, apiserver: string, wanted: string): Promise<void> {
  const result = expectSuccess(await ctx.run([apiserver, '--version'], { timeoutMs: 30_000 }), 'kube-apiserver --version', 'error');
  const found = /v\d+\.\d+\.\d+\S*/.exec(result.stdout)?.[0];
  if (found !== wanted) {
    throw new PhaseStop('error', `the tools dir's kube-apiserver is ${found ?? 'of no known version'}, not the kubernetes-version ${wanted} this run asks for`);
  }
}

export const kwokManager: ClusterManager = {
  async delete(handle, run) {
    expectSuccess(
      await run([handle.manager!, '--name', handle.name, 'delete', 'cluster', '--kubeconfig', handle.kubeconfig], {
        timeoutMs: 120_000,
        env: handle.env,
      }),
      'kwokctl delete cluster',
      'error',
    );
  },
  async exportLogs(handle, dir, run) {
    await run([handle.manager!, '--name', handle.name, 'export', 'logs', join(dir, 'kwok-logs')], { timeoutMs: 120_000, env: handle.env });
  },
  // kwokctl starts the components detached, out of reach of the runner's process groups; it keeps
  // their pids in the cluster's pids dir.
  stopNow(handle) {
    const dir = join(handle.env!.KWOK_WORKDIR!, 'clusters', handle.name, 'pids');
    let files: string[] = [];
    try {
      files = readdirSync(dir);
    } catch {
      return `kwok cluster ${handle.name}: no processes started yet`;
    }
    for (const file of files) {
      try {
        process.kill(Number(readFileSync(join(dir, file), 'utf8').trim()), 'SIGKILL');
      } catch {
        // already gone
      }
    }
    return `kwok cluster ${handle.name}: its processes are killed; not deleted: its files stay in ${handle.env!.KWOK_WORKDIR}`;
  },
};
