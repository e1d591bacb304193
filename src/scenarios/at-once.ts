import type { Operation, Step } from './model.js';

const OUTPUT_READ = /\{\{\s*outputs\.([\w-]+)\s*\}\}/g;

/** The outputs a step or operation reads: every `{{ outputs.<name> }}` anywhere in it. */
export function outputsRead(item: Step | Operation): Set<string> {
  return new Set([...JSON.stringify(item).matchAll(OUTPUT_READ)].map((m) => m[1]!));
}

/** The outputs operations save (`run` with `saveOutput`). */
export function outputsSaved(ops: readonly Operation[]): string[] {
  return ops.flatMap((op) => ('run' in op && op.run.saveOutput ? [op.run.saveOutput] : []));
}

/**
 * Runs every item at once, except that an item waits until each earlier item that saves an
 * output it reads has finished (whatever its verdict: in order, it would have run after it too).
 * The results come back in declared order, so the caller judges them exactly as if the items had
 * run one after another.
 */
export async function runAtOnce<T extends Step | Operation, R>(
  items: readonly T[],
  saves: (item: T) => readonly string[],
  run: (item: T) => Promise<R>,
): Promise<R[]> {
  const finished: Promise<unknown>[] = [];
  const results = items.map((item, i) => {
    const reads = outputsRead(item);
    const before = finished.filter((_, j) => saves(items[j]!).some((name) => reads.has(name)));
    const result = Promise.allSettled(before).then(() => run(item));
    finished[i] = result;
    return result;
  });
  return Promise.all(results);
}
