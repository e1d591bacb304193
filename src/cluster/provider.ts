import type { ProviderName } from '../inputs/options.js';
import type { Runner } from '../process/runner.js';
import type { Tools } from '../tools/toolset.js';

/**
 * What a cluster can do beyond the API server. Scenarios name the ones they need and are
 * skipped, with the missing capability as the reason, where the provider lacks it.
 * - dataplane: containers really run (proxies serve traffic, probes, logs).
 * - kubelet-evictions: a kubelet evicts pods over their ephemeral-storage limit.
 * - status-evictions: evicted pods can be made by writing the pod status.
 * - webhooks: the API server reaches admission webhooks (proxy injection by annotation).
 */
export const CAPABILITIES = ['dataplane', 'kubelet-evictions', 'status-evictions', 'webhooks'] as const;
export type Capability = (typeof CAPABILITIES)[number];

/** Everything needed to use and later delete a cluster, also from the post step (serialisable). */
export interface ClusterHandle {
  provider: ProviderName;
  name: string;
  kubeconfig: string;
  /** Binary that manages the cluster (kind, kwokctl), when there is one. */
  manager?: string;
  /** Extra environment for the manager (kwokctl's work dir). */
  env?: Record<string, string>;
  /** False for clusters the canary did not create. */
  owned: boolean;
}

export interface ProviderContext {
  run: Runner;
  tools: Tools;
  /** A directory private to this run (configs, kubeconfig). */
  workDir: string;
  clusterName: string;
  kubernetesVersion: string;
  /** Nodes the run needs (HA's anti-affinity wants one per replica); providers that make nodes add them. */
  nodes?: number;
}

export interface ClusterProvider {
  readonly name: ProviderName;
  readonly capabilities: readonly Capability[];
  /**
   * The handle of the cluster `create` will make, known before it starts: a cancel or crash
   * during creation must still be able to delete what was half made.
   */
  handle(context: ProviderContext): Promise<ClusterHandle>;
  create(context: ProviderContext, handle: ClusterHandle): Promise<void>;
}

/** Delete and log export work from a handle alone, so the post step can call them. */
export interface ClusterManager {
  delete(handle: ClusterHandle, run: Runner): Promise<void>;
  exportLogs(handle: ClusterHandle, dir: string, run: Runner): Promise<void>;
  /**
   * A forced exit's last resort (a second Ctrl-C leaves no time to delete): stops what it can of
   * the cluster at once, synchronously, and says what it did or what is left to delete by hand.
   */
  stopNow(handle: ClusterHandle): string;
}
