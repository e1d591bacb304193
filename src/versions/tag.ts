/** A Linkerd release tag: `edge-YY.M.N`, `stable-2.X.Y` or the major marker `version-2.X`. */
export type Tag =
  | { kind: 'edge'; name: string; year: number; month: number; n: number }
  | { kind: 'stable'; name: string; major: number; minor: number; patch: number }
  | { kind: 'version'; name: string; major: number; minor: number };

const EDGE = /^edge-(\d{2})\.(\d{1,2})\.(\d{1,2})$/;
const STABLE = /^stable-(\d+)\.(\d+)\.(\d+)$/;
const VERSION = /^version-(\d+)\.(\d+)$/;

export function parseTag(name: string): Tag | undefined {
  let m = EDGE.exec(name);
  if (m) return { kind: 'edge', name, year: Number(m[1]), month: Number(m[2]), n: Number(m[3]) };
  m = STABLE.exec(name);
  if (m) return { kind: 'stable', name, major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]) };
  m = VERSION.exec(name);
  if (m) return { kind: 'version', name, major: Number(m[1]), minor: Number(m[2]) };
  return undefined;
}

/** Orders two edge tags numerically by (year, month, n); string order is wrong (edge-24.10 < edge-24.9). */
export function compareEdges(a: string, b: string): number {
  const x = parseTag(a);
  const y = parseTag(b);
  if (x?.kind !== 'edge' || y?.kind !== 'edge') throw new Error(`not edge tags: ${a}, ${b}`);
  return x.year - y.year || x.month - y.month || x.n - y.n;
}
