/** A check that did not pass, as `linkerd check` reports it. */
export interface FailedCheck {
  category: string;
  description: string;
  result: 'warning' | 'error';
  error?: string;
  hint?: string;
}

export function describeFailures(failures: readonly FailedCheck[]): string {
  return failures.map((f) => `[${f.category}] ${f.description}${f.error ? `: ${f.error}` : ''}`).join('; ');
}

/**
 * Failed and warning checks from `linkerd check` table output: `× description` or
 * `‼ description`, then indented error lines and `see <url> for hints`; a category is a line
 * underlined with dashes. Table output prints each check as it completes, which is what lets a
 * stall be told from a slow check (JSON output prints nothing until the end).
 */
export function parseCheckTable(text: string): FailedCheck[] {
  const failures: FailedCheck[] = [];
  const lines = text.split(/\r?\n/);
  let category = '';
  let current: FailedCheck | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^-{3,}$/.test(lines[i + 1] ?? '') && line.trim() !== '') {
      category = line.trim();
      current = undefined;
      continue;
    }
    const mark = /^(×|‼) (.+)$/.exec(line);
    if (mark) {
      current = { category, description: mark[2]!.trim(), result: mark[1] === '×' ? 'error' : 'warning' };
      failures.push(current);
      continue;
    }
    if (!current || !/^\s/.test(line) || line.trim() === '') {
      if (!/^\s/.test(line)) current = undefined;
      continue;
    }
    const hint = /^\s+see (\S+) for hints$/.exec(line);
    if (hint) current.hint = hint[1]!;
    else current.error = current.error ? `${current.error}\n${line.trim()}` : line.trim();
  }
  return failures;
}
