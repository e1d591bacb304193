import { cellCode, code, fitSummary, htmlCode, ICON, link, seconds, tailBlock } from '../report/markdown.js';
import type { Aggregate, PathSummary } from './aggregate.js';

/**
 * The nightly's job summary: a grid of paths x phases, each path's first failure, and what
 * changed. Output tails are shortened until it fits the summary limit. Everything in it comes
 * from downloaded reports: each field is a code span or a fenced block.
 */
export function aggregateMarkdown(agg: Aggregate): string {
  return fitSummary((tailLines) => render(agg, tailLines), 30, 3);
}

function render(agg: Aggregate, tailLines: number): string {
  const counts = Object.entries(
    agg.paths.reduce<Record<string, number>>((acc, p) => ({ ...acc, [p.result]: (acc[p.result] ?? 0) + 1 }), {}),
  )
    .map(([r, n]) => `${n} ${r}`)
    .join(', ');
  const out = [`## ${ICON[agg.result]} edge-canary nightly: ${agg.result} (${agg.paths.length} paths: ${counts})`, ''];
  const methods = [...new Set(agg.paths.map((p) => p.installMethod ?? 'cli'))];
  // One grid per install method once there is more than the CLI: a Helm failure reads apart from a CLI one.
  if (methods.length === 1 && methods[0] === 'cli') out.push(...grid(agg.paths));
  else for (const method of methods) out.push(`### Install method: ${code(method)}`, '', ...grid(agg.paths.filter((p) => (p.installMethod ?? 'cli') === method)), '');
  if (agg.changes) {
    const list = (keys: string[]) => (keys.length ? keys.map(code).join(', ') : 'none');
    out.push('', `New failures: ${list(agg.changes.newFailures)}. Fixed: ${list(agg.changes.fixed)}. Still failing: ${list(agg.changes.stillFailing)}.`);
  }
  const notes = agg.paths.filter((p) => p.firstFailure || p.reason);
  if (notes.length) out.push('', '### Details');
  for (const p of notes) out.push('', ...details(p, tailLines));
  const warned = agg.paths.filter((p) => p.warnings?.length);
  if (warned.length) {
    out.push('', `### ${ICON.warn} Warnings`, '', 'What Linkerd does not promise, and did not hold: never a failure (each run\'s report says why).', '');
    for (const p of warned) for (const w of p.warnings!) out.push(`- ${code(p.name)}: ${code(w.where)}: ${code(w.step)}: ${code(w.reason)}`);
  }
  return `${out.join('\n')}\n`;
}

/** Paths x phases (and scenarios), one row per path. */
function grid(paths: readonly PathSummary[]): string[] {
  const columns = [...new Set(paths.flatMap((p) => p.phases.map((ph) => ph.name)))];
  const scenarioColumns = [...new Set(paths.flatMap((p) => p.scenarios.map((s) => `${s.name}@${s.phase}`)))];
  const headers = [...columns, ...scenarioColumns];
  const out = [`| Path | Result | ${headers.map(cellCode).join(' | ')} | Warnings | Duration | Run |`, `| --- | --- | ${headers.map(() => '---').join(' | ')} | --- | --- | --- |`];
  for (const p of paths) {
    const cells: string[] = columns.map((c) => {
      const phase = p.phases.find((ph) => ph.name === c);
      return phase ? (ICON[phase.verdict] ?? cellCode(phase.verdict)) : '';
    });
    for (const c of scenarioColumns) {
      const scenario = p.scenarios.find((s) => `${s.name}@${s.phase}` === c);
      cells.push(scenario ? (ICON[scenario.verdict] ?? cellCode(scenario.verdict)) : '');
    }
    out.push(
      `| ${cellCode(p.name)} | ${ICON[p.result] ?? ''} ${cellCode(p.result)} | ${cells.join(' | ')} | ${p.warnings?.length ? `${ICON.warn} ${p.warnings.length}` : ''} | ${typeof p.durationMs === 'number' ? seconds(p.durationMs) : ''} | ${p.runUrl ? link('run', p.runUrl).replace(/\|/g, '\\|') : ''} |`,
    );
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
