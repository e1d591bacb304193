import type { CommandResult, Runner, RunOptions } from '../process/runner.js';

/** kubectl bound to one cluster: every caller passes only what differs (the arguments). */
export type Kubectl = (args: string[], options?: Partial<Pick<RunOptions, 'timeoutMs' | 'input' | 'stop' | 'onOutput'>>) => Promise<CommandResult>;

const DEFAULT_TIMEOUT_MS = 180_000;

/**
 * `kubectl apply`'s flag to compute its patches of Kubernetes' own kinds from its built-in types
 * instead of the API server's OpenAPI document. A kubectl of the cluster's minor knows the same
 * types and patch strategies as the server, so the patches are the same (custom resources get
 * merge patches either way), at a fifth of the CPU: 0.5-0.65 CPU-s against 2.9-3.2 for the 43
 * objects of edge-26.8.2 -> edge-26.8.3's control plane, the costliest command of a CLI run.
 */
export const BUILT_IN_PATCHES = '--openapi-patch=false';

/**
 * The one way the product calls kubectl. No stall limit: `kubectl wait` is silent until it is
 * done, and its own timeout bounds it.
 */
export function kubectlFor(run: Runner, kubectlPath: string, kubeconfig: string): Kubectl {
  return (args, options = {}) => run([kubectlPath, '--kubeconfig', kubeconfig, ...args], { ...options, timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS });
}
