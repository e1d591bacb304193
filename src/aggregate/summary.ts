import { cellCode, code, fitSummary, htmlCode, ICON, link, seconds, tailBlock } from '../report/markdown.js';
import type { Aggregate, PathSummary } from './aggregate.js';

/**
 * The nightly's job summary: one row per path (its result, where and why it broke, since when,
 * how long it took), each path's first failure, and, collapsed, the grid of phases and
 * scenarios. Output tails are shortened until it fits the summary limit. Everything in it comes
 * from downloaded reports: each field is a code span or a fenced block.
 */
export function aggregateMarkdown(agg: Aggregate): string {
  return fitSummary((tailLines) => render(agg, tailLines), 30, 3);
}

function render(agg: Aggregate, tailLines: number): string {
  const counts = Object.entries(agg.paths.reduce<Record<string, number>>((acc, p) => ({ ...acc, [p.result]: (acc[p.result] ?? 0) + 1 }), {}))
    .map(([r, n]) => `${n} ${r}`)
    .join(', ');
  const out = [`## ${ICON[agg.result]} edge-canary nightly: ${agg.result} (${agg.paths.length} paths: ${counts})`, ''];
  if (agg.paths.every((p) => p.result === 'skipped')) out.push('No path ran, so nothing was tested: an error, never a pass.', '');
  out.push(...pathTable(agg));
  if (agg.changes) {
    const list = (keys: string[]) => (keys.length ? keys.map(code).join(', ') : 'none');
    out.push('', `New failures: ${list(agg.changes.newFailures)}. Fixed: ${list(agg.changes.fixed)}. Still failing: ${list(agg.changes.stillFailing)}.`);
  }
  // Whole, where the table has a reason's first line cut short.
  const notes = agg.paths.filter((p) => p.firstFailure || p.reason);
  if (notes.length) out.push('', '### Details');
  for (const p of notes) out.push('', ...details(p, tailLines));
  const warned = agg.paths.filter((p) => p.warnings?.length);
  if (warned.length) {
    out.push('', `### ${ICON.warn} Warnings`, '', "What Linkerd does not promise, and did not hold: never a failure (each run's report says why).", '');
    for (const p of warned) for (const w of p.warnings!) out.push(`- ${code(p.name)}: ${code(w.where)}: ${code(w.step)}: ${code(w.reason)}`);
  }
  out.push('', ...phaseGrids(agg.paths));
  return `${out.join('\n')}\n`;
}

/** A reason in the path table is cut to this many characters, to keep one row short (the details have it whole). */
const REASON_CELL_CHARS = 100;

/** One row per path: the answer to which path broke, where, why and since when, without scrolling sideways. */
function pathTable(agg: Aggregate): string[] {
  const methods = new Set(agg.paths.map((p) => p.installMethod ?? 'cli'));
  const showMethod = methods.size > 1 || !methods.has('cli');
  const showImpact = agg.paths.some((p) => p.impact);
  const optional = (shown: boolean, header: string) => (shown ? ` ${header} |` : '');
  const out = [
    `| Path |${optional(showMethod, 'Method')} Result | Failing step | Reason | Since |${optional(showImpact, 'Upgrade changes')} Duration | Run |`,
    `| --- |${optional(showMethod, '---')} --- | --- | --- | --- |${optional(showImpact, '---')} --- | --- |`,
  ];
  for (const p of agg.paths) {
    const reason = [...(p.firstFailure?.reason ?? p.reason ?? '')];
    const cells = [
      cellCode(p.name),
      ...(showMethod ? [cellCode(p.installMethod ?? 'cli')] : []),
      `${ICON[p.result] ?? ''} ${cellCode(p.result)}${p.warnings?.length ? ` ${ICON.warn} ${p.warnings.length}` : ''}`,
      p.firstFailure ? cellCode(p.firstFailure.phase) : '',
      cellCode(reason.length > REASON_CELL_CHARS ? `${reason.slice(0, REASON_CELL_CHARS - 1).join('')}…` : reason.join('')),
      since(p.key, agg.changes),
      ...(showImpact ? [impactCell(p.impact)] : []),
      typeof p.durationMs === 'number' ? seconds(p.durationMs) : '',
      p.runUrl ? link('run', p.runUrl).replace(/\|/g, '\\|') : '',
    ];
    out.push(`| ${cells.join(' | ')} |`);
  }
  return out;
}

/** The impact review's counts: objects added, removed and changed, and its warnings (what costs data or availability). */
function impactCell(impact: PathSummary['impact']): string {
  if (!impact) return '';
  const counts = `+${impact.added} −${impact.removed} ~${impact.changed}`;
  return impact.warnings ? `${ICON.warn} ${impact.warnings} · ${counts}` : counts;
}

/** Whether a path's failure is new tonight, fixed tonight or an old one (against the previous nightly). */
function since(key: string, changes: Aggregate['changes']): string {
  if (!changes) return '';
  if (changes.newFailures.includes(key)) return '🆕 new';
  if (changes.fixed.includes(key)) return '🎉 fixed';
  if (changes.stillFailing.includes(key)) return 'still failing';
  return '';
}

/**
 * Every path's phases and scenarios, collapsed: one table of phases and one of scenarios (each
 * with only the columns its paths have), per install method when there is more than the CLI.
 */
function phaseGrids(paths: readonly PathSummary[]): string[] {
  const methods = [...new Set(paths.map((p) => p.installMethod ?? 'cli'))];
  const groups =
    methods.length === 1 && methods[0] === 'cli'
      ? [{ title: '', paths }]
      : methods.map((m) => ({ title: `#### Install method: ${code(m)}`, paths: paths.filter((p) => (p.installMethod ?? 'cli') === m) }));
  const out = ['<details><summary>Phases and scenarios of every path</summary>', ''];
  for (const group of groups) {
    if (group.title) out.push(group.title, '');
    out.push(...grid(group.paths, (p) => p.phases.map((ph) => [ph.name, ph.verdict])), '');
    const scenarios = grid(group.paths, (p) => p.scenarios.map((sc) => [`${sc.name}@${sc.phase}`, sc.verdict]));
    if (scenarios.length > 2) out.push(...scenarios, '');
  }
  out.push('</details>');
  return out;
}

/** Paths x the columns `cells` names, one row per path that has any; nothing but the header when none has. */
function grid(paths: readonly PathSummary[], cells: (p: PathSummary) => [string, string][]): string[] {
  const columns = [...new Set(paths.flatMap((p) => cells(p).map(([name]) => name)))];
  const out = [`| Path | ${columns.map(cellCode).join(' | ')} |`, `| --- | ${columns.map(() => '---').join(' | ')} |`];
  if (columns.length === 0) return out;
  for (const p of paths) {
    const verdicts = new Map(cells(p));
    const icon = (verdict: string) => (ICON as Record<string, string | undefined>)[verdict] ?? cellCode(verdict);
    out.push(`| ${cellCode(p.name)} | ${columns.map((c) => (verdicts.has(c) ? icon(verdicts.get(c)!) : '')).join(' | ')} |`);
  }
  return out;
}

function details(p: PathSummary, tailLines: number): string[] {
  if (!p.firstFailure) return [`- ${ICON[p.result] ?? ''} ${code(p.name)}: ${code(p.reason ?? '')}`];
  const f = p.firstFailure;
  const lines = [`<details><summary>${ICON[p.result] ?? ''} <b>${htmlCode(p.name)}</b>: ${htmlCode(f.phase)}: ${htmlCode(f.reason)}</summary>`, ''];
  if (f.command) lines.push(code(f.command), '');
  if (f.outputTail && tailLines > 0) lines.push(...tailBlock(f.outputTail, tailLines), '');
  lines.push('</details>');
  return lines;
}
