/**
 * Where `actual` departs from the partial object `expected`, or undefined when every field
 * given matches: objects by their given keys, lists element by element (same length), scalars
 * by equality.
 */
export function partialMismatch(actual: unknown, expected: unknown, path = ''): string | undefined {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${path || '(root)'}: expected a list, found ${describe(actual)}`;
    if (actual.length !== expected.length) return `${path}: expected ${expected.length} items, found ${actual.length}`;
    for (let i = 0; i < expected.length; i++) {
      const m = partialMismatch(actual[i], expected[i], `${path}[${i}]`);
      if (m) return m;
    }
    return undefined;
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return `${path || '(root)'}: expected an object, found ${describe(actual)}`;
    for (const [key, value] of Object.entries(expected)) {
      const m = partialMismatch((actual as Record<string, unknown>)[key], value, path ? `${path}.${key}` : key);
      if (m) return m;
    }
    return undefined;
  }
  return actual === expected ? undefined : `${path}: expected ${JSON.stringify(expected)}, found ${describe(actual)}`;
}

function describe(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}
