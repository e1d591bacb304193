import { availableParallelism, freemem } from 'node:os';
import type { ProviderName } from '../inputs/options.js';

const MIB = 1024 * 1024;

/**
 * What one path holds while it runs, by provider. kwok: the peak memory of the whole process tree
 * of one canary with every built-in scenario (API server, etcd, controller-manager, scheduler,
 * kwok, kubectl and the Linkerd or Helm CLIs, edge-canary's node) over the 40 runs of the full
 * product matrix run one at a time (`npm run bench -- nightly`, FULL=1 ALONE=1): 2412 MiB, the
 * API server 1361 MiB of it (the Go tools at GOGC 400, see process/runner.ts), so 2.5 GiB. kind:
 * a node container running Linkerd and the workload.
 */
const MEMORY_PER_PATH: Record<ProviderName, number> = { kwok: 2560 * MIB, kind: 3072 * MIB, existing: 0 };

/**
 * Paths a core keeps busy. A kwok canary mostly waits (rollouts, `linkerd check` polls): three
 * side by side on 2 cores give 2.2x the throughput of one after another, so one more path than
 * cores. A kind node runs real containers: two cores per path.
 */
function cpuLimit(provider: ProviderName, cores: number): number {
  if (provider === 'existing') return 1; // one cluster: its paths cannot overlap
  return provider === 'kwok' ? cores + 1 : Math.floor(cores / 2);
}

export interface Machine {
  cores: number;
  freeBytes: number;
}

export function thisMachine(): Machine {
  return { cores: availableParallelism(), freeBytes: freemem() };
}

/** How many paths run at once by default: the fewer of what the cores and the free memory hold, at least one. */
export function defaultParallelPaths(provider: ProviderName, machine: Machine): number {
  const perPath = MEMORY_PER_PATH[provider];
  const byMemory = perPath ? Math.floor(machine.freeBytes / perPath) : Infinity;
  return Math.max(1, Math.min(cpuLimit(provider, machine.cores), byMemory));
}
