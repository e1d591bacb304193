import { summarise } from './fields.js';

/** One chart default added, removed or changed, by its dotted path. */
export interface ValueChange {
  path: string;
  from?: string;
  to?: string;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Leaves by dotted path; an empty map is a leaf (a default of `{}` is a value too). */
function leaves(values: Record<string, unknown>, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(values)) {
    if (isRecord(value) && Object.keys(value).length) for (const [k, v] of leaves(value, `${prefix}${key}.`)) out.set(k, v);
    else out.set(`${prefix}${key}`, value);
  }
  return out;
}

/** The defaults of two values.yaml files that differ, by path. */
export function diffValues(from: Record<string, unknown>, to: Record<string, unknown>): ValueChange[] {
  const a = leaves(from);
  const b = leaves(to);
  return [...new Set([...a.keys(), ...b.keys()])].sort().flatMap((path) => {
    if (JSON.stringify(a.get(path)) === JSON.stringify(b.get(path))) return [];
    return [{ path, ...(a.has(path) ? { from: summarise(a.get(path)) } : {}), ...(b.has(path) ? { to: summarise(b.get(path)) } : {}) }];
  });
}
