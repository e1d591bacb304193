import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { InputError } from '../inputs/input-error.js';
import { DATA_FILE_LIMIT_BYTES, readInputFileIfExists } from '../inputs/read-file.js';
import type { ReleaseList } from './releases.js';
import { compareEdges, parseTag } from './tag.js';

/**
 * What the new-edge watch knows between polls (kept in the Actions cache, say). Written only
 * once the canaries of the new edges have run, so an edge is new until its canary ran.
 */
export interface WatchState {
  /** Every edge up to this one has been run (or was out before the watch began). */
  latestEdge: string;
  /** Newer edges already run, while an older one waits to run again. */
  done?: string[];
  /** Newer edges whose canary errored, and at how many polls in a row. */
  errors?: Record<string, number>;
  checkedAt: string;
}

export interface NewEdges {
  /** The newest edge the last run saw; undefined on the first run (no state yet). */
  since?: string;
  /** Edges newer than it, oldest first; on the first run, the newest edge alone. */
  edges: string[];
}

/** How the canaries of one edge ended: every path with a verdict, or one errored (or died, next to others that did not). */
export type EdgeOutcome = 'verdict' | 'error';

/** An edge that errors at this many polls is recorded all the same: it would hold the watch forever. */
export const ERRORED_POLLS_LIMIT = 3;

const SHAPE = '{"latestEdge": "edge-YY.M.N", "done": [...], "errors": {...}, "checkedAt": "..."}';

const isEdge = (tag: unknown): tag is string => typeof tag === 'string' && parseTag(tag)?.kind === 'edge';

/** The state file's content, or undefined when there is none yet (the first run, an evicted cache). */
export async function readWatchState(file: string): Promise<WatchState | undefined> {
  const text = await readInputFileIfExists(file, { input: 'new-since', maxBytes: DATA_FILE_LIMIT_BYTES });
  if (text === undefined) return undefined;
  let state: Partial<WatchState> | null;
  try {
    state = JSON.parse(text) as Partial<WatchState> | null;
  } catch {
    throw new InputError('new-since', file, `is not JSON; expected ${SHAPE}`);
  }
  if (typeof state !== 'object' || state === null || Array.isArray(state)) throw new InputError('new-since', file, `is not a JSON object; expected ${SHAPE}`);
  if (!isEdge(state.latestEdge)) throw new InputError('new-since', file, `has no latestEdge tag; expected ${SHAPE}`);
  const done = state.done ?? [];
  const errors = state.errors ?? {};
  if (!Array.isArray(done) || !done.every(isEdge) || !Object.entries(errors).every(([tag, n]) => isEdge(tag) && Number.isInteger(n))) {
    throw new InputError('new-since', file, `has done or errors that are not edge tags (and counts); expected ${SHAPE}`);
  }
  return {
    latestEdge: state.latestEdge,
    ...(done.length ? { done } : {}),
    ...(Object.keys(errors).length ? { errors } : {}),
    checkedAt: String(state.checkedAt ?? ''),
  };
}

/** Which edges have not been run: those after the state's latest, less those already done. */
export function newEdgesSince(list: ReleaseList, state: WatchState | undefined): NewEdges {
  const newest = list.latestEdge()?.tag;
  if (!state) return { edges: newest ? [newest] : [] };
  const done = new Set(state.done);
  return { since: state.latestEdge, edges: list.edges.map((e) => e.tag).filter((tag) => list.isOlder(state.latestEdge, tag) && !done.has(tag)) };
}

/**
 * The state after the canaries of new edges ended: an edge with a verdict is done, one that
 * errored counts a poll (done all the same at the limit: `givenUp`), an edge missing from
 * `outcomes` stays new without a count (nothing ran: its job died, or it came out since the
 * watch). The latest edge moves up over the edges done in a row. Without an earlier state the
 * watch begins just before the oldest edge that ran; with nothing run there is still no state.
 */
export function recordOutcomes(
  list: ReleaseList,
  state: WatchState | undefined,
  outcomes: ReadonlyMap<string, EdgeOutcome>,
  now = new Date(),
): { state?: WatchState; givenUp: string[] } {
  const ran = [...outcomes.keys()].sort(compareEdges);
  const start = state?.latestEdge ?? (ran[0] && list.edgesBefore(ran[0])[0]?.tag);
  if (!start) return { ...(state ? { state } : {}), givenUp: [] };
  const done = new Set(state?.done);
  const errors = { ...state?.errors };
  const givenUp: string[] = [];
  for (const edge of ran) {
    const polls = outcomes.get(edge) === 'error' ? (errors[edge] ?? 0) + 1 : 0;
    if (polls > 0 && polls < ERRORED_POLLS_LIMIT) {
      errors[edge] = polls;
      continue;
    }
    if (polls >= ERRORED_POLLS_LIMIT) givenUp.push(edge);
    delete errors[edge];
    done.add(edge);
  }
  let latestEdge = start;
  for (const edge of list.edges.map((e) => e.tag).filter((tag) => list.isOlder(start, tag))) {
    if (!done.delete(edge)) break;
    latestEdge = edge;
  }
  const next: WatchState = {
    latestEdge,
    ...(done.size ? { done: [...done].sort(compareEdges) } : {}),
    ...(Object.keys(errors).length ? { errors } : {}),
    checkedAt: now.toISOString(),
  };
  return { state: next, givenUp };
}

export async function writeWatchState(file: string, state: WatchState): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(state, null, 2)}\n`);
}
