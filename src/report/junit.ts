import junitModule, { type Builder, type TestCase } from 'junit-report-builder';
import type { StepWarning } from '../scenarios/model.js';
import { pathTitle, type PhaseReport, type RunReport } from './model.js';

// The package's types declare an ES default export; at run time module.exports is the builder.
const junit = junitModule as unknown as Builder;
/** One testsuite for the run, one testcase per phase, with the failing command's output tail. */
export function junitXml(report: RunReport): string {
  const builder = junit.newBuilder();
  const suite = builder
    .testSuite()
    .name(`edge-canary ${pathTitle(report)} (${report.provider})`)
    .timestamp(report.startedAt)
    .time(report.durationMs / 1000)
    .property('result', report.result);
  for (const phase of report.phases) {
    const testCase = suite
      .testCase()
      .className('edge-canary.phases')
      .name(phase.name)
      .time(phase.durationMs / 1000);
    const detail = details(phase);
    if (phase.verdict === 'fail') testCase.failure(phase.reason, 'fail').standardOutput(detail);
    else if (phase.verdict === 'error') testCase.error(phase.reason, 'error', detail);
    else if (phase.verdict === 'cancelled') testCase.error(phase.reason ?? 'cancelled', 'cancelled');
    else if (phase.verdict === 'skipped') testCase.skipped().standardOutput(phase.reason);
    else if (phase.verdict === 'running') testCase.skipped().standardOutput('still running when this report was written');
    // JUnit has no warning result either: it passed, and says what warned.
    else if (phase.verdict === 'warn') warned(testCase, phase.warnings ?? []);
  }
  for (const s of report.scenarios) {
    const testCase = suite
      .testCase()
      .className(`edge-canary.scenarios.${s.phase}`)
      .name(s.name)
      .time(s.durationMs / 1000);
    const op = s.attempts
      .at(-1)
      ?.steps.flatMap((step) => step.operations)
      .find((o) => o.verdict !== 'pass');
    const detail = op?.command ? [`$ ${op.command.argv.join(' ')}`, op.command.outputTail].join('\n') : '';
    if (s.verdict === 'fail') testCase.failure(s.reason, 'fail').standardOutput(detail);
    else if (s.verdict === 'error') testCase.error(s.reason, 'error', detail);
    else if (s.verdict === 'cancelled') testCase.error(s.reason ?? 'cancelled', 'cancelled');
    else if (s.verdict === 'skipped') testCase.skipped().standardOutput(s.reason);
    // JUnit has no flaky result: it passed, and says how.
    else if (s.verdict === 'flaky') testCase.property('flaky', 'true').standardOutput(`flaky: ${s.reason}`);
    else if (s.verdict === 'warn') warned(testCase, s.warnings ?? []);
  }
  return builder.build();
}

function warned(testCase: TestCase, warnings: readonly StepWarning[]): void {
  testCase.property('warning', warnings.map((w) => `${w.step}: ${w.reason}`).join('; '));
  const text = warnings.map((w) =>
    [`warning: ${w.step}: ${w.reason}`, `why only a warning: ${w.why}`, ...(w.command ? [`$ ${w.command.argv.join(' ')}`, w.command.outputTail] : [])].join(
      '\n',
    ),
  );
  testCase.standardOutput(text.join('\n\n'));
}

function details(phase: PhaseReport): string {
  const c = phase.failedCommand;
  if (!c) return phase.reason ?? '';
  return [`$ ${c.argv.join(' ')}`, `${c.outcome}${c.exitCode === null ? '' : ` (exit code ${c.exitCode})`} after ${c.durationMs} ms`, c.outputTail].join('\n');
}
