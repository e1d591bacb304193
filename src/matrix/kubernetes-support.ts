import { compareEdges, parseTag } from '../versions/tag.js';
import type { ReleaseList } from '../versions/releases.js';
import { kindNodeFor, pinnedMinors, type KindNode } from '../versions/kind-images.js';

/**
 * Kubernetes minors each Linkerd major supports, from Linkerd's "Supported Kubernetes Versions"
 * reference (https://linkerd.io/2/reference/k8s-versions/, source
 * linkerd/website linkerd.io/content/docs/reference/k8s-versions.md at 93f0017, 2026-08-20):
 * minimum and maximum minor of 1.x. Edge releases support what was current when they shipped,
 * so an edge takes the range of the major it led up to. A major outside the table takes the
 * range of the nearest listed one: the edges after the newest release point have been tested on
 * no newer Kubernetes than it was. (The 2.19-versioned copy of that page still gives 2.19 a
 * minimum of 1.29; the current page, cited here, says 1.22.)
 */
export const LINKERD_KUBERNETES_SUPPORT: Record<string, { min: number; max: number }> = {
  '2.10': { min: 16, max: 23 },
  '2.11': { min: 17, max: 23 },
  '2.12': { min: 21, max: 24 },
  '2.13': { min: 21, max: 28 },
  '2.14': { min: 21, max: 28 },
  '2.15': { min: 22, max: 29 },
  '2.16': { min: 22, max: 29 },
  '2.17': { min: 22, max: 31 },
  '2.18': { min: 22, max: 32 },
  '2.19': { min: 22, max: 35 },
  '2.20': { min: 31, max: 35 },
};

/** Linkerd's CLI refuses Kubernetes older than 1.31 from edge-26.5.1 (its minimum-version check). */
const EDGE_MIN_131 = 'edge-26.5.1';

/** The Linkerd major (`2.19`) a release belongs to: its own for stables, the one it led up to for edges. */
export function majorOf(tag: string, list: ReleaseList): string | undefined {
  const t = parseTag(tag);
  if (t?.kind === 'stable') return `${t.major}.${t.minor}`;
  if (t?.kind !== 'edge') return undefined;
  const points = list.majorReleasePoints();
  // Before version-2.X tags existed (2.15): the first x.y.0 stable released after the edge.
  if (points.length === 0 || compareEdges(tag, points[0]!.edge) < 0) {
    const stable = list.stables.find((s) => s.tag.endsWith('.0') && list.isOlder(tag, s.tag));
    const st = stable ? parseTag(stable.tag) : undefined;
    if (st?.kind === 'stable') return `${st.major}.${st.minor}`;
  }
  const point = points.find((p) => compareEdges(tag, p.edge) <= 0);
  if (point) return point.major;
  // After the newest release point: the next major, still in development.
  const last = list.majorReleasePoints().at(-1);
  return last ? `2.${Number(last.major.split('.')[1]) + 1}` : undefined;
}

/** The table's range for `major` (`2.19`), or that of the nearest major the table lists. */
function rangeOf(major: string | undefined): { min: number; max: number } {
  const listed = Object.keys(LINKERD_KUBERNETES_SUPPORT);
  const minorOf = (m: string) => Number(m.split('.')[1]);
  if (major && LINKERD_KUBERNETES_SUPPORT[major]) return LINKERD_KUBERNETES_SUPPORT[major];
  const nearest = major && minorOf(major) < minorOf(listed[0]!) ? listed[0]! : listed.at(-1)!;
  return LINKERD_KUBERNETES_SUPPORT[nearest]!;
}

export function supportedMinors(tag: string, list: ReleaseList): { min: number; max: number; major?: string } {
  const major = majorOf(tag, list);
  const range = rangeOf(major);
  const t = parseTag(tag);
  const min = t?.kind === 'edge' && compareEdges(tag, EDGE_MIN_131) >= 0 ? Math.max(range.min, 31) : range.min;
  return { ...range, min, ...(major ? { major } : {}) };
}

/**
 * The newest Kubernetes that every version of a path supports, as a kind node image pinned by
 * digest with the kind release it was built for, or the reason there is none.
 */
export function kubernetesFor(tags: readonly string[], list: ReleaseList): KindNode | { skip: string } {
  const ranges = tags.map((tag) => ({ tag, ...supportedMinors(tag, list) }));
  const min = Math.max(...ranges.map((r) => r.min));
  const max = Math.min(...ranges.map((r) => r.max));
  const minor = pinnedMinors().find((m) => m >= min && m <= max);
  if (minor !== undefined) return kindNodeFor(minor)!;
  const describe = (r: (typeof ranges)[number]) => `${r.tag} supports 1.${r.min}-1.${r.max}`;
  if (min <= max) return { skip: `no pinned kind node image for Kubernetes 1.${min}-1.${max} (${ranges.map(describe).join(', ')})` };
  return { skip: `no Kubernetes version supported by both: ${ranges.map(describe).join(', ')}` };
}
