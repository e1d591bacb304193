import { sizeOf } from '../process/text-cut.js';
import { cutMarkdown } from './cut.js';

/** Pieces shared by the job summaries (one run's, and the nightly aggregate's). */

/** GitHub rejects a step summary over 1 MiB; stay well under it. */
export const SUMMARY_LIMIT_BYTES = 1024 * 1024 - 64 * 1024;

export const ICON = {
  pass: '✅',
  warn: '⚠️',
  fail: '❌',
  error: '💥',
  skipped: '⏭️',
  cancelled: '🛑',
  running: '⏳',
  missing: '❓',
  flaky: '🔁',
} as const;

/**
 * Renders with output tails of `tailLines`, then shorter ones (divided by `shrink`, down to
 * none) until the text fits under the summary limit; what still does not is cut, balanced.
 */
export function fitSummary(render: (tailLines: number) => string, tailLines: number, shrink = 2): string {
  for (let lines = tailLines; ; lines = Math.floor(lines / shrink)) {
    const text = render(lines);
    if (sizeOf(text, 'bytes') <= SUMMARY_LIMIT_BYTES || lines === 0) return jobSummary(text);
  }
}

export const SUMMARY_CUT_NOTE = '(cut to fit the job summary: the report files have it all)';

/** Markdown for a job summary: cut, balanced, to what GitHub accepts. */
export function jobSummary(markdown: string): string {
  return cutMarkdown(markdown, SUMMARY_LIMIT_BYTES, 'bytes', SUMMARY_CUT_NOTE);
}

/** The last `lines` lines of an output tail as a fenced block. */
export function tailBlock(tail: string, lines: number): string[] {
  return fenced(tail.split('\n').slice(-lines).join('\n'));
}

/**
 * Text as a fenced code block: GitHub renders nothing in it. The fence is longer than any run
 * of backticks inside, so no line of the text can close it.
 */
export function fenced(text: string, info = ''): string[] {
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(text) + 1));
  return [`${fence}${info}`, text, fence];
}

/**
 * Text written by someone else (a version, a name, a reason, a command) as an inline code span:
 * GitHub renders no markdown or HTML in it and links no @mention, #reference or URL. Line
 * breaks become spaces; the fence is longer than any run of backticks inside. In a table cell,
 * use `cellCode`.
 */
export function code(text: string): string {
  const flat = text.replace(/\r\n|\r|\n/g, ' ');
  if (flat === '') return '';
  const fence = '`'.repeat(longestBacktickRun(flat) + 1);
  // CommonMark strips one space from each end when both are spaces, and a backtick at an end would join the fence.
  const pad = /^`|`$|^ .* $/.test(flat) ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** `code` for a table cell: a pipe, even inside a code span, would end the cell. */
export function cellCode(text: string): string {
  return code(text).replace(/\|/g, '\\|');
}

/** `code` inside HTML (`<summary>`): GitHub links no mention or reference inside `<code>`. */
export function htmlCode(text: string): string {
  return `<code>${escapeHtml(text.replace(/\r\n|\r|\n/g, ' '))}</code>`;
}

function longestBacktickRun(text: string): number {
  return Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
}

/** A link only to an http(s) address, its text ours; anything else is shown as code. */
export function link(label: string, url: string): string {
  return /^https?:\/\/[\w.~:/?#@!$&'*+,;=%-]+$/.test(url) ? `[${label}](${url})` : code(url);
}

export function seconds(ms: number): string {
  return ms < 60_000 ? `${(ms / 1000).toFixed(1)}s` : `${Math.floor(ms / 60_000)}m${Math.round((ms % 60_000) / 1000)}s`;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
