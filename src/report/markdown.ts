/** Pieces shared by the job summaries (one run's, and the nightly aggregate's). */

/** GitHub rejects a step summary over 1 MiB; stay well under it. */
export const SUMMARY_LIMIT_BYTES = 1024 * 1024 - 64 * 1024;

export const ICON = {
  pass: '✅',
  fail: '❌',
  error: '⚠️',
  skipped: '⏭️',
  cancelled: '🛑',
  running: '⏳',
  missing: '❓',
  flaky: '🔁',
} as const;

/**
 * Renders with output tails of `tailLines`, then shorter ones (divided by `shrink`, down to
 * none) until the text fits under the summary limit.
 */
export function fitSummary(render: (tailLines: number) => string, tailLines: number, shrink = 2): string {
  for (let lines = tailLines; ; lines = Math.floor(lines / shrink)) {
    const text = render(lines);
    if (Buffer.byteLength(text) <= SUMMARY_LIMIT_BYTES || lines === 0) return text.slice(0, SUMMARY_LIMIT_BYTES);
  }
}

/** The last `lines` lines of an output tail as a fenced block (fences inside it defused). */
export function tailBlock(tail: string, lines: number): string[] {
  return ['```', tail.split('\n').slice(-lines).join('\n').replace(/```/g, "'''"), '```'];
}

export function seconds(ms: number): string {
  return ms < 60_000 ? `${(ms / 1000).toFixed(1)}s` : `${Math.floor(ms / 60_000)}m${Math.round((ms % 60_000) / 1000)}s`;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
