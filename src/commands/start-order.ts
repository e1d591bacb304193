/** What makes two runs of a nightly do the same work: how Linkerd is installed, and with which profile. */
export interface RunKind {
  installMethod: string;
  profile: string;
}

/**
 * How alike two runs are. The install method counts most: a Helm run does a CLI run's work with
 * fewer waits, so Helm runs side by side slowed each other most; then the profile (`ha` runs
 * three replicas on three nodes).
 */
function likeness(a: RunKind, b: RunKind): number {
  return (a.installMethod === b.installMethod ? 2 : 0) + (a.profile === b.profile ? 1 : 0);
}

/**
 * The order a nightly starts its runs in: each next one is the first, in the given (the matrix's)
 * order, that is least like the run started just before it, then least like the one before that,
 * for the `alongside` runs it will run beside. Runs side by side that do the same work compete for
 * the same cores at the same moments.
 */
export function startOrder<T>(runs: readonly T[], alongside: number, kindOf: (run: T) => RunKind): T[] {
  const left = [...runs];
  const order: T[] = [];
  while (left.length) {
    // Most recent first: a run competes most with the one started right before it.
    const recent = (alongside > 0 ? order.slice(-alongside) : []).reverse().map(kindOf);
    const unlike = (run: T) => recent.map((kind) => likeness(kindOf(run), kind));
    let next = 0;
    for (let i = 1; i < left.length; i++) if (lessLike(unlike(left[i]!), unlike(left[next]!))) next = i;
    order.push(...left.splice(next, 1));
  }
  return order;
}

/** Compares likeness to the recent runs, most recent first. */
function lessLike(a: number[], b: number[]): boolean {
  const differs = a.findIndex((x, i) => x !== b[i]);
  return differs >= 0 && a[differs]! < b[differs]!;
}
