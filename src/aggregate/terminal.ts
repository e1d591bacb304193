import { seconds } from '../report/markdown.js';
import { COLOUR as VERDICT_COLOUR } from '../report/terminal.js';
import type { Aggregate, PathResult } from './aggregate.js';

/** A phase still `running` shows in a path whose job died before its run ended. */
type Shown = PathResult | 'running' | 'warn';
/** One-character marks of path and phase results, for the grid and the live progress. */
export const MARK: Record<Shown, string> = { pass: '✔', warn: '~', fail: '✘', error: '!', cancelled: '■', skipped: '-', missing: '?', running: '…' };
const COLOUR: Record<Shown, string> = { ...VERDICT_COLOUR, missing: VERDICT_COLOUR.error };
const WIDTH = 100;

/**
 * The aggregate for a terminal: a grid of paths x phases (numbered columns, the legend below,
 * so it fits WIDTH columns), then why each path that did not pass did not. Colour only when asked.
 */
export function aggregateGrid(agg: Aggregate, colour: boolean): string {
  const paint = (result: Shown, text: string) => (colour ? `\u001b[${COLOUR[result]}m${text}\u001b[0m` : text);
  const phases = [...new Set(agg.paths.flatMap((p) => p.phases.map((ph) => ph.name)))];
  const width = Math.max(4, ...agg.paths.map((p) => p.name.length));
  const column = (n: number) => String(n).padStart(2);
  const lines = [
    `edge-canary nightly ${paint(agg.result, agg.result.toUpperCase())}: ${agg.paths.length} paths`,
    `  ${'Path'.padEnd(width)}  ${phases.map((_, i) => column(i + 1)).join(' ')}  result     time`,
  ];
  for (const p of agg.paths) {
    const cells = phases.map((name) => {
      const phase = p.phases.find((ph) => ph.name === name);
      return phase ? paint(phase.verdict, MARK[phase.verdict].padStart(2)) : '  ';
    });
    const time = p.durationMs === undefined ? '' : seconds(p.durationMs);
    const warned = p.warnings?.length ? `  ${paint('warn', `${p.warnings.length} warning${p.warnings.length === 1 ? '' : 's'}`)}` : '';
    lines.push(`  ${p.name.padEnd(width)}  ${cells.join(' ')}  ${paint(p.result, p.result.padEnd(9))} ${time.padStart(6)}${warned}`);
  }
  if (phases.length) lines.push(...legend(phases.map((name, i) => `${i + 1} ${name}`)));
  for (const p of agg.paths) {
    const why = p.firstFailure ? `${p.firstFailure.phase}: ${p.firstFailure.reason}` : p.reason;
    if (p.result !== 'pass' && why) lines.push(`  ${paint(p.result, MARK[p.result])} ${p.name}: ${why}`);
  }
  for (const p of agg.paths) {
    for (const w of p.warnings ?? []) lines.push(`  ${paint('warn', MARK.warn)} ${p.name}: warning: ${w.where}: ${w.step}: ${w.reason}`);
  }
  return lines.join('\n');
}

/** `phases: 1 name, 2 name, ...` over as many lines as WIDTH needs, never splitting an entry. */
function legend(entries: string[]): string[] {
  const lines = ['  phases:'];
  for (const entry of entries) {
    const last = lines.length - 1;
    if (lines[last]!.length + entry.length + 2 <= WIDTH) lines[last] += `${lines[last]!.endsWith(':') ? '' : ','} ${entry}`;
    else lines.push(`    ${entry}`);
  }
  return lines;
}
