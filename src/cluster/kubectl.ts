import type { CommandResult, Runner, RunOptions } from '../process/runner.js';

/** kubectl bound to one cluster: every caller passes only what differs (the arguments). */
export type Kubectl = (args: string[], options?: Partial<Pick<RunOptions, 'timeoutMs' | 'input' | 'stop' | 'onOutput'>>) => Promise<CommandResult>;

const DEFAULT_TIMEOUT_MS = 180_000;

/**
 * The one way the product calls kubectl. No stall limit: `kubectl wait` is silent until it is
 * done, and its own timeout bounds it.
 */
export function kubectlFor(run: Runner, kubectlPath: string, kubeconfig: string): Kubectl {
  return (args, options = {}) => run([kubectlPath, '--kubeconfig', kubeconfig, ...args], { ...options, timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS });
}
