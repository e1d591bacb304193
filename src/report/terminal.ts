import { pathTitle, type RunReport, type Verdict } from './model.js';
import { seconds } from './markdown.js';

/** ANSI colour codes of verdicts, for every terminal rendering. */
export const COLOUR: Record<Verdict | 'flaky', string> = {
  pass: '32',
  warn: '93',
  fail: '31',
  error: '33',
  skipped: '90',
  cancelled: '35',
  running: '34',
  flaky: '36',
};

/** The same facts as the job summary for a terminal; colour only when `colour` (a TTY). */
export function terminalSummary(report: RunReport, colour: boolean): string {
  const paint = (verdict: Verdict | 'flaky', text: string) => (colour ? `\u001b[${COLOUR[verdict]}m${text}\u001b[0m` : text);
  const warned = report.warnings.length ? ` with ${paint('warn', `${report.warnings.length} warning${report.warnings.length === 1 ? '' : 's'}`)}` : '';
  const lines = [
    `edge-canary ${paint(report.result, report.result.toUpperCase())}${warned}: ${pathTitle(report)} on ${report.provider} (${seconds(report.durationMs)})`,
  ];
  const problem = report.inputError?.message ?? report.error;
  if (problem) lines.push(`  ${problem}`);
  const width = Math.max(0, ...report.phases.map((p) => p.title.length));
  for (const p of report.phases) {
    lines.push(`  ${p.title.padEnd(width)}  ${paint(p.verdict, p.verdict.padEnd(9))} ${seconds(p.durationMs).padStart(7)}${p.reason ? `  ${p.reason}` : ''}`);
    if (p.failedCommand && p.verdict !== 'pass') {
      for (const line of p.failedCommand.outputTail.split('\n').slice(-15)) lines.push(`      | ${line}`);
    }
  }
  for (const s of report.scenarios) {
    lines.push(`  scenario ${s.name} (${s.phase}${s.hop ? `@${s.hop}` : ''})  ${paint(s.verdict, s.verdict)}${s.reason ? `  ${s.reason}` : ''}`);
  }
  for (const w of report.warnings) {
    lines.push(`  ${paint('warn', 'warning')} ${w.where}: ${w.step}: ${w.reason}`, `      why only a warning: ${w.why}`);
    if (w.command)
      lines.push(
        `      $ ${w.command.argv.join(' ')}`,
        ...w.command.outputTail
          .split('\n')
          .slice(-5)
          .map((line) => `      | ${line}`),
      );
  }
  for (const stage of report.proxyVersions) {
    lines.push(`  proxies ${stage.stage}: ${stage.versions.map((v) => `${v.version} (${v.pods})`).join(', ') || 'none'}`);
  }
  if (report.diagnosticsDir) lines.push(`  diagnostics: ${report.diagnosticsDir}`);
  return lines.join('\n');
}
