import { InputError } from '../inputs/input-error.js';
import type { ReleaseList } from './releases.js';
import { parseTag } from './tag.js';

export const TO_SELECTORS = ['latest-edge'] as const;
export const FROM_SELECTORS = ['previous-edge', 'latest-stable', 'previous-major'] as const;

export interface ResolvedVersions {
  from: string;
  to: string;
}

/** Intermediate versions of a multi-hop path: known tags, each newer than the one before, older than `to`. */
export function resolveVia(list: ReleaseList, via: readonly string[], from: string, to: string): string[] {
  let previous = from;
  for (const tag of via) {
    knownTag(list, 'via', tag, []);
    if (!list.isOlder(previous, tag) || !list.isOlder(tag, to)) {
      throw new InputError('via', tag, `each hop must be newer than the one before (${previous}) and older than to (${to})`);
    }
    previous = tag;
  }
  return [...via];
}

/** Resolves `to` then `from` (tags or selectors) against the release list; throws InputError. */
export function resolveVersions(list: ReleaseList, input: { from: string; to: string }): ResolvedVersions {
  const to = resolveTo(list, input.to);
  const from = resolveFrom(list, input.from, to);
  if (from === to) throw new InputError('from', input.from, `resolves to ${from}, the same release as to`);
  if (!list.isOlder(from, to)) {
    throw new InputError('from', input.from, `resolves to ${from}, which is not older than to (${to})`);
  }
  return { from, to };
}

function resolveTo(list: ReleaseList, value: string): string {
  if (value === 'latest-edge') {
    return required(list.latestEdge()?.tag, 'to', value, 'the release list has no edge release');
  }
  return knownTag(list, 'to', value, TO_SELECTORS);
}

function resolveFrom(list: ReleaseList, value: string, to: string): string {
  switch (value) {
    case 'previous-edge':
      return required(list.edgesBefore(to)[0]?.tag, 'from', value, `no edge release is older than ${to}`);
    case 'latest-stable':
      return required(list.latestStable()?.tag, 'from', value, 'the release list has no stable release');
    case 'previous-major': {
      const point = list
        .majorReleasePoints()
        .filter((p) => list.isOlder(p.edge, to))
        .at(-1);
      return required(point?.edge, 'from', value, `no version-2.X release point is older than ${to}`);
    }
    default:
      return knownTag(list, 'from', value, FROM_SELECTORS);
  }
}

function knownTag(list: ReleaseList, input: string, value: string, selectors: readonly string[]): string {
  const tag = parseTag(value);
  const accepted = `expected a release tag (edge-YY.M.N or stable-2.X.Y)${selectors.length ? ` or one of ${selectors.join(', ')}` : ''}`;
  if (!tag || tag.kind === 'version') throw new InputError(input, value, accepted);
  if (!list.has(value)) {
    throw new InputError(input, value, `no such Linkerd release (newest edge: ${list.latestEdge()?.tag ?? 'none'})`);
  }
  return value;
}

function required(tag: string | undefined, input: string, value: string, why: string): string {
  if (tag === undefined) throw new InputError(input, value, why);
  return tag;
}
