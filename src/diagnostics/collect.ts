import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ClusterHandle, ClusterManager } from '../cluster/provider.js';
import { kubectlFor } from '../cluster/kubectl.js';
import type { CommandResult, Runner } from '../process/runner.js';

export interface DiagnosticsInput {
  run: Runner;
  kubectl?: string;
  linkerd?: string;
  expectedVersion?: string;
  /** With install-method helm: helm's argv prefix for the cluster and namespace, and the releases. */
  helm?: { argv: string[]; releases: readonly string[] };
  cluster: ClusterHandle;
  manager: ClusterManager;
  dir: string;
  /** All of the diagnostics' commands end within this (DIAGNOSTICS_BUDGET_MS, or the run's time limit when shorter). */
  budgetMs: number;
  /** The clock the budget is read on (tests give their own). */
  now?: () => number;
}

const TIMEOUT_MS = 60_000;
/** Diagnostics are what a failed run leaves to read; a cluster that answers slowly (or has many broken pods) must not hold the job for long. */
export const DIAGNOSTICS_BUDGET_MS = 5 * 60_000;

/** A runner that gives each command what is left of the budget at most, and runs none once it is spent. */
function withinBudget(run: Runner, budgetMs: number, now: () => number): Runner {
  const deadline = now() + budgetMs;
  return (argv, options) => {
    const left = deadline - now();
    if (left <= 0) return Promise.reject(new Error(`not run: the diagnostics' ${budgetMs / 1000}s were spent`));
    return run(argv, { ...options, timeoutMs: Math.min(options.timeoutMs, left) });
  };
}

/**
 * What a maintainer looks at first when a canary fails: every object, the events in order,
 * describe and logs (current and previous) of pods that are not ready and of the control plane,
 * `linkerd check`, Helm's history, values and manifest of each release (Helm runs), and the
 * provider's own logs. Each goes to its own file, named safely from the cluster's object names;
 * a command that fails (kwok has no container logs) writes its error instead. A file that
 * cannot be written does not stop the others: all are tried, then the failures are thrown
 * together. Every command runs within the budget, so a slow or crowded cluster cannot hold the
 * job. Never changes the verdict.
 */
export async function collectDiagnostics(input: DiagnosticsInput): Promise<string> {
  const { dir } = input;
  const run = withinBudget(input.run, input.budgetMs, input.now ?? Date.now);
  await mkdir(dir, { recursive: true });
  const failures: string[] = [];
  const attempt = async (what: string, work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (error) {
      failures.push(`${what}: ${(error as Error).message}`);
    }
  };
  const save = (file: string, command: () => Promise<CommandResult>) =>
    attempt(file, async () => {
      const result = await command();
      const body = result.ok
        ? result.stdout
        : `# ${result.argv.join(' ')}\n# ${result.reason ?? `exit code ${result.exitCode}`}\n${result.stdout}${result.stderr}`;
      await writeFile(join(dir, safeFileName(file)), body);
    });
  if (input.kubectl) {
    const kubectl = kubectlFor(run, input.kubectl, input.cluster.kubeconfig);
    const k =
      (...args: string[]) =>
      () =>
        kubectl(args, { timeoutMs: TIMEOUT_MS });
    await Promise.all([save('get-all.txt', k('get', 'all', '-A', '-o', 'wide')), save('events.txt', k('get', 'events', '-A', '--sort-by=.lastTimestamp'))]);
    let targets: PodRef[] = [];
    await attempt('the pod list', async () => {
      const pods = await k('get', 'pods', '-A', '-o', 'json')();
      if (pods.ok) targets = podsToInspect(pods.stdout);
    });
    for (const pod of targets) {
      const base = `pod-${pod.namespace}-${pod.name}`;
      await save(`${base}-describe.txt`, k('describe', 'pod', '-n', pod.namespace, pod.name));
      await save(`${base}-logs.txt`, k('logs', '-n', pod.namespace, pod.name, '--all-containers', '--tail=500'));
      await save(`${base}-logs-previous.txt`, k('logs', '-n', pod.namespace, pod.name, '--all-containers', '--previous', '--tail=500'));
    }
  }
  if (input.linkerd) {
    const linkerd =
      (...args: string[]) =>
      () =>
        run([input.linkerd!, '--kubeconfig', input.cluster.kubeconfig, ...args], { timeoutMs: TIMEOUT_MS });
    const version = input.expectedVersion ? ['--expected-version', input.expectedVersion] : [];
    await save('linkerd-check.json', linkerd('check', '-o', 'json', '--wait', '30s', ...version));
    await save('linkerd-check-proxy.json', linkerd('check', '--proxy', '-o', 'json', '--wait', '30s', ...version));
  }
  for (const release of input.helm?.releases ?? []) {
    const helm =
      (...args: string[]) =>
      () =>
        run([...input.helm!.argv, ...args], { timeoutMs: TIMEOUT_MS });
    await save(`helm-${release}-history.txt`, helm('history', release));
    await save(`helm-${release}-values.yaml`, helm('get', 'values', release));
    await save(`helm-${release}-manifest.yaml`, helm('get', 'manifest', release));
  }
  await attempt("the provider's logs", () => input.manager.exportLogs(input.cluster, dir, run));
  if (failures.length) throw new Error(`diagnostics incomplete (the rest were written to ${dir}): ${failures.join('; ')}`);
  return dir;
}

/**
 * A file name from names a cluster gave (namespaces, pods): only letters, digits, dots, dashes
 * and underscores, no leading dot, bounded, so nothing lands outside the diagnostics folder.
 */
export function safeFileName(name: string): string {
  return (
    name
      .replace(/[^A-Za-z0-9._-]/g, '_')
      .replace(/^\.+/, '_')
      .slice(0, 200) || '_'
  );
}

interface PodRef {
  namespace: string;
  name: string;
}

/** Pods of the Linkerd control plane, and any pod that is not Running with every container ready. */
export function podsToInspect(podListJson: string): PodRef[] {
  const list = JSON.parse(podListJson) as {
    items: {
      metadata: { namespace: string; name: string };
      status?: { phase?: string; containerStatuses?: { ready: boolean }[] };
    }[];
  };
  return list.items
    .filter((pod) => {
      const ready = pod.status?.phase === 'Running' && (pod.status.containerStatuses ?? []).every((c) => c.ready);
      return pod.metadata.namespace === 'linkerd' || !ready;
    })
    .slice(0, 30)
    .map((pod) => ({ namespace: pod.metadata.namespace, name: pod.metadata.name }));
}
