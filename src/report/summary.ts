import { impactDetails } from './impact.js';
import { cellCode, code, fenced, fitSummary, htmlCode, ICON, seconds, tailBlock } from './markdown.js';
import type { ScenarioReport } from '../scenarios/model.js';
import { pathTitle, type HelmReport, type PhaseReport, type RunReport, type RunWarning } from './model.js';

/**
 * The job summary: verdict line, the upgrade path, a phase table, each failure with its command,
 * exit code and output tail (collapsed), proxy versions and a gantt of the phases. Output tails
 * are cut shorter until the whole fits under the summary limit. Every field is data (a report
 * may come from anywhere, output from a cluster): each is a code span or a fenced block.
 */
export function markdownSummary(report: RunReport): string {
  return fitSummary((tailLines) => render(report, tailLines), 60);
}

function render(report: RunReport, tailLines: number): string {
  const out: string[] = [
    `## ${ICON[report.result]} edge-canary: ${report.result}: ${pathTitle(report, true)} on ${code(report.provider)}`,
    '',
    `${seconds(report.durationMs)} in all.${report.failed.length ? ` Failed: ${report.failed.map(code).join(', ')}.` : ''}${
      report.warnings.length
        ? ` ${ICON.warn} ${report.warnings.length} warning${report.warnings.length === 1 ? '' : 's'} (never a failure): ${[...new Set(report.warnings.map((w) => w.where))].map(code).join(', ')}.`
        : ''
    }`,
  ];
  if (report.helm) out.push('', helmLine(report.helm));
  const problem = report.inputError?.message ?? report.error;
  if (problem) out.push('', `> ${code(problem)}`);
  out.push('', '| Phase | Verdict | Duration |', '| --- | --- | --- |');
  for (const p of report.phases) out.push(`| ${cellCode(p.title)} | ${ICON[p.verdict]} ${p.verdict} | ${seconds(p.durationMs)} |`);
  const failures = report.phases.filter((p) => p.verdict === 'fail' || p.verdict === 'error' || p.verdict === 'cancelled');
  if (failures.length) {
    out.push('', '### What failed');
    for (const p of failures) out.push('', ...failure(p, tailLines));
  }
  if (report.scenarios.length) {
    out.push('', '### Scenarios', '', '| Scenario | Phase | Verdict | Attempts | Duration | Why |', '| --- | --- | --- | --- | --- | --- |');
    for (const s of report.scenarios) {
      out.push(
        `| ${cellCode(s.name)} | ${cellCode(s.hop ? `${s.phase}@${s.hop}` : s.phase)} | ${ICON[s.verdict]} ${s.verdict} | ${s.attempts.length} | ${seconds(s.durationMs)} | ${cellCode(s.reason ?? '')} |`,
      );
    }
    for (const s of report.scenarios.filter((x) => x.verdict === 'fail' || x.verdict === 'error')) out.push('', ...scenarioFailure(s, tailLines));
  }
  if (report.warnings.length) {
    out.push('', '### Warnings', '', 'What Linkerd does not promise for this upgrade, and did not hold: the run still passes.');
    for (const w of report.warnings) out.push('', ...warning(w, tailLines));
  }
  if (report.impact) out.push('', ...impactDetails(report.impact));
  if (report.proxyVersions.length) {
    out.push('', '### Proxy versions', '', '| Stage | Version | Pods |', '| --- | --- | --- |');
    for (const stage of report.proxyVersions) {
      if (stage.versions.length === 0) out.push(`| ${cellCode(stage.stage)} | none | 0 |`);
      for (const v of stage.versions) out.push(`| ${cellCode(stage.stage)} | ${cellCode(v.version)} | ${v.pods} |`);
    }
  }
  if (report.diagnosticsDir) out.push('', `Diagnostics: ${code(report.diagnosticsDir)}`);
  out.push('', ...gantt(report.phases));
  return `${out.join('\n')}\n`;
}

/** Which charts a Helm run used, and how its upgrades treated the old values. */
function helmLine(helm: HelmReport): string {
  const releases = helm.releases.map((r) => `${r.action} \`${r.chart}\` ${r.version}`).join(', ');
  return `Installed with Helm, \`helm-upgrade-values: ${helm.valuesMode}\`: ${releases || 'no release yet'}.`;
}

function failure(p: PhaseReport, tailLines: number): string[] {
  const lines = [`<details><summary>${ICON[p.verdict]} <b>${htmlCode(p.title)}</b>: ${htmlCode(p.reason ?? p.verdict)}</summary>`, ''];
  const c = p.failedCommand;
  if (c) {
    lines.push(
      `Command: ${code(c.argv.join(' '))}`,
      '',
      `Ended: ${c.outcome}${c.exitCode === null ? '' : `, exit code ${c.exitCode}`}, after ${seconds(c.durationMs)}`,
      '',
      ...(tailLines > 0 ? tailBlock(c.outputTail, tailLines) : ['(output cut to fit the summary)']),
    );
  }
  lines.push('', '</details>');
  return lines;
}

function warning(w: RunWarning, tailLines: number): string[] {
  const lines = [
    `<details><summary>${ICON.warn} <b>${htmlCode(w.where)}</b>: ${htmlCode(w.step)}: ${htmlCode(w.reason)}</summary>`,
    '',
    `Why only a warning: ${code(w.why)}`,
  ];
  if (w.command) lines.push('', `Command: ${code(w.command.argv.join(' '))}`, '', ...(tailLines > 0 ? tailBlock(w.command.outputTail, tailLines) : []));
  lines.push('', '</details>');
  return lines;
}

function scenarioFailure(s: ScenarioReport, tailLines: number): string[] {
  const op = s.attempts
    .at(-1)
    ?.steps.flatMap((step) => step.operations)
    .find((o) => o.verdict !== 'pass');
  const lines = [
    `<details><summary>${ICON[s.verdict]} <b>scenario ${htmlCode(s.name)}</b> (${htmlCode(s.phase)}): ${htmlCode(s.reason ?? s.verdict)}</summary>`,
    '',
  ];
  if (op?.command) lines.push(`Command: ${code(op.command.argv.join(' '))}`, '', ...(tailLines > 0 ? tailBlock(op.command.outputTail, tailLines) : []));
  lines.push('', '</details>');
  return lines;
}

function gantt(phases: readonly PhaseReport[]): string[] {
  const timed = phases.filter((p) => p.verdict !== 'skipped');
  if (timed.length === 0) return [];
  const origin = Math.min(...timed.map((p) => Date.parse(p.startedAt)));
  const lines = ['gantt', '  title Phases', '  dateFormat x', '  axisFormat %M:%S'];
  for (const p of timed) {
    const start = Date.parse(p.startedAt) - origin;
    const state = p.verdict === 'pass' ? 'done' : 'crit';
    // Only what a mermaid task name cannot misread.
    lines.push(`  ${p.title.replace(/[^\w .@()-]/g, ' ')} :${state}, ${start}, ${start + Math.max(p.durationMs, 1)}`);
  }
  return fenced(lines.join('\n'), 'mermaid');
}
