import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { InputError } from '../inputs/input-error.js';
import type { ReleaseList } from './releases.js';
import { parseTag } from './tag.js';

/** What the last run saw: kept between scheduled runs (in the Actions cache, say). */
export interface WatchState {
  latestEdge: string;
  checkedAt: string;
}

export interface NewEdges {
  /** The newest edge the last run saw; undefined on the first run (no state yet). */
  since?: string;
  /** Edges newer than it, oldest first; on the first run, the newest edge alone. */
  edges: string[];
}

/** The state file's content, or undefined when there is none yet (the first run, an evicted cache). */
export async function readWatchState(file: string): Promise<WatchState | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new InputError('new-since', file, `cannot be read (${(error as NodeJS.ErrnoException).code ?? error})`);
  }
  let state: Partial<WatchState>;
  try {
    state = JSON.parse(text) as Partial<WatchState>;
  } catch {
    throw new InputError('new-since', file, 'is not JSON; expected {"latestEdge": "edge-YY.M.N", "checkedAt": "..."}');
  }
  if (typeof state.latestEdge !== 'string' || parseTag(state.latestEdge)?.kind !== 'edge') {
    throw new InputError('new-since', file, 'has no latestEdge tag; expected {"latestEdge": "edge-YY.M.N", "checkedAt": "..."}');
  }
  return { latestEdge: state.latestEdge, checkedAt: String(state.checkedAt ?? '') };
}

/** Which edges appeared since the state was written. */
export function newEdgesSince(list: ReleaseList, state: WatchState | undefined): NewEdges {
  const newest = list.latestEdge()?.tag;
  if (!state) return { edges: newest ? [newest] : [] };
  return { since: state.latestEdge, edges: list.edges.filter((e) => list.isOlder(state.latestEdge, e.tag)).map((e) => e.tag) };
}

/** Records the newest edge as seen, for the next run. */
export async function writeWatchState(file: string, list: ReleaseList, now = new Date()): Promise<void> {
  const newest = list.latestEdge()?.tag;
  if (!newest) return;
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify({ latestEdge: newest, checkedAt: now.toISOString() } satisfies WatchState, null, 2)}\n`);
}

/** Checks the state file against the release list and moves it on: what a watching run needs. */
export async function watchNewEdges(file: string, list: ReleaseList): Promise<NewEdges> {
  const found = newEdgesSince(list, await readWatchState(file));
  await writeWatchState(file, list);
  return found;
}
