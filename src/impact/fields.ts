/** One field that differs between two versions of an object; `before`/`after` absent where the field is. */
export interface FieldChange {
  /** Dotted path; list items that have a `name` are named (`containers[linkerd-proxy].image`). */
  path: string;
  before?: string;
  after?: string;
}

const SHOWN_CHARS = 80;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A value as a review shows it: scalars as they are (long ones cut), structures by their size. */
export function summarise(value: unknown): string {
  if (Array.isArray(value)) return `[${value.length} items]`;
  if (isRecord(value)) return `{${Object.keys(value).length} fields}`;
  const text = typeof value === 'string' && value !== '' ? value : JSON.stringify(value);
  return text.length > SHOWN_CHARS ? `${text.slice(0, SHOWN_CHARS)}… (${text.length} chars)` : text;
}

/** Items keyed by name when every one has a distinct one (containers, volumes, ports), else by position. */
function keyed(items: unknown[]): Map<string, unknown> {
  const names = items.map((item) => (isRecord(item) && typeof item.name === 'string' ? item.name : undefined));
  const byName = names.every((n) => n !== undefined) && new Set(names).size === names.length;
  return new Map(items.map((item, i) => [byName ? `[${names[i]}]` : `[${i}]`, item]));
}

function entries(value: unknown): Map<string, unknown> | undefined {
  if (Array.isArray(value)) return keyed(value);
  if (isRecord(value)) return new Map(Object.entries(value).map(([k, v]) => [`.${k}`, v]));
  return undefined;
}

function diff(before: unknown, after: unknown, path: string): FieldChange[] {
  const a = entries(before);
  const b = entries(after);
  if (a && b && Array.isArray(before) === Array.isArray(after)) {
    const keys = [...new Set([...a.keys(), ...b.keys()])];
    return keys.flatMap((key) => {
      const child = `${path}${key}`;
      if (!a.has(key)) return [{ path: child, after: summarise(b.get(key)) }];
      if (!b.has(key)) return [{ path: child, before: summarise(a.get(key)) }];
      return diff(a.get(key), b.get(key), child);
    });
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [{ path, before: summarise(before), after: summarise(after) }];
}

/**
 * Every field that differs between `before` and `after`, deepest first where both sides have
 * structure; a field only one side has is one change (its whole subtree), not one per leaf.
 */
export function fieldChanges(before: unknown, after: unknown): FieldChange[] {
  return diff(before, after, '').map((change) => ({ ...change, path: change.path.replace(/^\./, '') || '.' }));
}
