import junitModule, { type Builder } from 'junit-report-builder';
import type { PhaseReport, RunReport } from './model.js';

// The package's types declare an ES default export; at run time module.exports is the builder.
const junit = junitModule as unknown as Builder;
/** One testsuite for the run, one testcase per phase, with the failing command's output tail. */
export function junitXml(report: RunReport): string {
  const builder = junit.newBuilder();
  const suite = builder
    .testSuite()
    .name(`edge-canary ${report.from ?? report.requested.from} -> ${report.to ?? report.requested.to} (${report.provider})`)
    .timestamp(report.startedAt)
    .time(report.durationMs / 1000)
    .property('result', report.result);
  for (const phase of report.phases) {
    const testCase = suite.testCase().className('edge-canary.phases').name(phase.name).time(phase.durationMs / 1000);
    const detail = details(phase);
    if (phase.verdict === 'fail') testCase.failure(phase.reason, 'fail').standardOutput(detail);
    else if (phase.verdict === 'error') testCase.error(phase.reason, 'error', detail);
    else if (phase.verdict === 'cancelled') testCase.error(phase.reason ?? 'cancelled', 'cancelled');
    else if (phase.verdict === 'skipped') testCase.skipped().standardOutput(phase.reason);
  }
  return builder.build();
}

function details(phase: PhaseReport): string {
  const c = phase.failedCommand;
  if (!c) return phase.reason ?? '';
  return [`$ ${c.argv.join(' ')}`, `${c.outcome}${c.exitCode === null ? '' : ` (exit code ${c.exitCode})`} after ${c.durationMs} ms`, c.outputTail].join('\n');
}
