/** One object of `linkerd check -o json` output (core, then one per extension since 2.10). */
export interface CheckDocument {
  success: boolean;
  categories: {
    categoryName: string;
    checks: { description: string; hint?: string; error?: string; result: 'success' | 'warning' | 'error' }[];
  }[];
}

export interface FailedCheck {
  category: string;
  description: string;
  result: 'warning' | 'error';
  error?: string;
  hint?: string;
}

/**
 * Parses a stream of concatenated JSON objects (not one document). Text between objects (a
 * deprecation notice, a progress line) is skipped.
 */
export function parseCheckStream(text: string): CheckDocument[] {
  const documents: CheckDocument[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  let escaped = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === '"') inString = false;
    } else if (ch === '"' && depth > 0) {
      inString = true;
    } else if (ch === '{') {
      if (depth++ === 0) start = i;
    } else if (ch === '}' && depth > 0 && --depth === 0) {
      const parsed = tryParse(text.slice(start, i + 1));
      if (parsed) documents.push(parsed);
    }
  }
  return documents;
}

function tryParse(json: string): CheckDocument | undefined {
  try {
    const value = JSON.parse(json) as Partial<CheckDocument>;
    return typeof value.success === 'boolean' && Array.isArray(value.categories) ? (value as CheckDocument) : undefined;
  } catch {
    return undefined;
  }
}

export function failedChecks(documents: readonly CheckDocument[], include: 'error' | 'warning' = 'error'): FailedCheck[] {
  return documents.flatMap((doc) =>
    doc.categories.flatMap((category) =>
      category.checks
        .filter((c) => c.result === 'error' || (include === 'warning' && c.result === 'warning'))
        .map((c) => ({
          category: category.categoryName,
          description: c.description,
          result: c.result as 'warning' | 'error',
          ...(c.error ? { error: c.error } : {}),
          ...(c.hint ? { hint: c.hint } : {}),
        })),
    ),
  );
}

export function describeFailures(failures: readonly FailedCheck[]): string {
  return failures.map((f) => `[${f.category}] ${f.description}${f.error ? `: ${f.error}` : ''}`).join('; ');
}
