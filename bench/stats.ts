export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Total time covered by a set of [start, end] intervals, overlaps counted once. */
export function coveredMs(intervals: readonly [number, number][]): number {
  let total = 0;
  let end = -Infinity;
  for (const [s, e] of [...intervals].sort((a, b) => a[0] - b[0])) {
    if (e <= end) continue;
    total += e - Math.max(s, end);
    end = e;
  }
  return total;
}

export function row(label: string, ms: number[], unit = 's'): string {
  const fmt = (v: number) => (unit === 's' ? (v / 1000).toFixed(2) : v.toFixed(3));
  return `${label.padEnd(44)} median ${fmt(median(ms))}${unit}   runs: ${ms.map(fmt).join(', ')}`;
}
