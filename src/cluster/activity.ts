import type { Kubectl } from './kubectl.js';
import type { Liveness } from '../process/runner.js';

/** A watch on the cluster that shows whether anything in it is changing. */
export interface ClusterActivity extends Liveness {
  /** Ends the watches and waits for them to be gone. */
  stop(): Promise<void>;
}

const WATCH_LIMIT_MS = 60 * 60_000;

/**
 * Watches every pod and event of the cluster while a silent command (a retrying `linkerd
 * check`) waits on it: a pod changing or an event being recorded is the cluster converging, so
 * the command is not stalled, whatever it prints. A check that waits on something that never
 * changes (an evicted pod) still stalls. Each line a watch prints is one change.
 */
export function watchClusterActivity(kubectl: Kubectl): ClusterActivity {
  const listeners = new Set<() => void>();
  const stop = new AbortController();
  const notify = () => listeners.forEach((listener) => listener());
  const watches = [
    ['get', 'pods'],
    ['get', 'events'],
  ].map((args) => kubectl([...args, '--all-namespaces', '--watch-only', '-o', 'name'], { timeoutMs: WATCH_LIMIT_MS, stop: stop.signal, onOutput: notify }));
  return {
    onActivity(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async stop() {
      stop.abort(new Error('the command it watched for has ended'));
      await Promise.all(watches);
    },
  };
}
