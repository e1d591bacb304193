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
  const results: Promise<R>[] = [];
  for (const [i, item] of items.entries()) {
    const reads = outputsRead(item);
    const before = results.filter((_, j) => saves(items[j]!).some((name) => reads.has(name)));
    results[i] = Promise.allSettled(before).then(() => run(item));
  }
  return Promise.all(results);
}
