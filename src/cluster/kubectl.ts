import type { CommandResult, Runner } from '../process/runner.js';

/** kubectl bound to one cluster: every caller passes only what differs (the arguments). */
export type Kubectl = (args: string[], options?: { timeoutMs?: number; input?: string }) => Promise<CommandResult>;

const DEFAULT_TIMEOUT_MS = 180_000;

/**
 * The one way the product calls kubectl. No stall limit: `kubectl wait` is silent until it is
 * done, and its own timeout bounds it.
 */
export function kubectlFor(run: Runner, kubectlPath: string, kubeconfig: string): Kubectl {
  return (args, options = {}) =>
    run([kubectlPath, '--kubeconfig', kubeconfig, ...args], {
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      ...(options.input === undefined ? {} : { input: options.input }),
    });
}
