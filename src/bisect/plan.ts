import { InputError } from '../inputs/input-error.js';
import type { ReleaseList } from '../versions/releases.js';
import { parseTag } from '../versions/tag.js';

/** `to`: fixed from, which candidate first fails. `from`: fixed to, which release can no longer upgrade to it. */
export const BISECT_ENDS = ['to', 'from'] as const;
export type BisectEnd = (typeof BISECT_ENDS)[number];

export interface BisectPlan {
  over: BisectEnd;
  /** The end that stays: `from` when bisecting over `to`, and the other way round. */
  fixed: string;
  good: string;
  bad: string;
  /** Edges strictly between good and bad, ordered from the good side. */
  candidates: string[];
}

function edge(list: ReleaseList, input: string, tag: string): string {
  if (parseTag(tag)?.kind !== 'edge') throw new InputError(input, tag, 'bisect walks edge releases: expected an edge tag such as edge-26.4.1');
  if (!list.has(tag)) throw new InputError(input, tag, `no such Linkerd release (newest edge: ${list.latestEdge()?.tag ?? 'none'})`);
  return tag;
}

/**
 * The releases to search for a resolved failing path. Over `to`, the default good release is
 * the edge right after `from` (its one-edge upgrade is what the nightly runs every day); over
 * `from`, the edge right before `to` (likewise).
 */
export function planBisect(list: ReleaseList, path: { from: string; to: string }, over: BisectEnd, good?: string): BisectPlan {
  const edges = list.edges.map((e) => e.tag);
  if (over === 'to') {
    const bad = edge(list, 'to', path.to);
    const known = good ? edge(list, 'good', good) : edges.find((e) => list.isOlder(path.from, e));
    if (!known || !list.isOlder(known, bad) || list.isOlder(known, path.from)) {
      throw new InputError('good', good ?? '', `a known-good to must be an edge from ${path.from} on and older than ${bad}`);
    }
    return { over, fixed: path.from, good: known, bad, candidates: edges.filter((e) => list.isOlder(known, e) && list.isOlder(e, bad)) };
  }
  const bad = edge(list, 'from', path.from);
  const known = good ? edge(list, 'good', good) : list.edgesBefore(path.to)[0]?.tag;
  if (!known || !list.isOlder(bad, known) || !list.isOlder(known, path.to)) {
    throw new InputError('good', good ?? '', `a known-good from must be an edge newer than ${bad} and older than ${path.to}`);
  }
  return { over, fixed: path.to, good: known, bad, candidates: edges.filter((e) => list.isOlder(bad, e) && list.isOlder(e, known)).reverse() };
}
