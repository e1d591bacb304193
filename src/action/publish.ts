import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { DefaultArtifactClient } from '@actions/artifact';
import * as core from '@actions/core';
import type { RunConfig } from '../inputs/validate.js';
import type { RunReport } from '../report/model.js';
import { markdownSummary } from '../report/summary.js';
import { reportFiles, type ReportPaths } from '../report/write.js';

/** Outputs, job summary, failure annotations and (optionally) the report dir as an artifact. */
export async function publishRun(report: RunReport, paths: ReportPaths, config: RunConfig): Promise<void> {
  core.setOutput('result', report.result);
  core.setOutput('from-version', report.from ?? '');
  core.setOutput('to-version', report.to ?? '');
  core.setOutput('report', paths.json);
  core.setOutput('junit', paths.junit);
  core.setOutput('failed', report.failed.join(','));
  await core.summary.addRaw(markdownSummary(report)).write({ overwrite: true });
  const path = `edge-canary ${report.from ?? report.requested.from} -> ${report.to ?? report.requested.to}`;
  for (const phase of report.phases) {
    if (phase.verdict === 'fail' || phase.verdict === 'error') core.error(phase.reason ?? phase.verdict, { title: `${path}: ${phase.title}` });
  }
  // Annotations point at files relative to the repository the workflow checked out.
  const inRepo = (file: string) => relative(process.env.GITHUB_WORKSPACE || process.cwd(), file);
  for (const s of report.scenarios) {
    if (s.verdict === 'fail' || s.verdict === 'error')
      core.error(s.reason ?? s.verdict, { title: `${path}: scenario ${s.name} (${s.phase})`, file: inRepo(s.file) });
    // Flaky is not a pass: it gets a warning even though the run passes.
    if (s.verdict === 'flaky') core.warning(s.reason ?? 'flaky', { title: `${path}: scenario ${s.name} is flaky`, file: inRepo(s.file) });
  }
  if (config.uploadArtifacts) {
    try {
      const files = await reportFiles(config.reportDir);
      await new DefaultArtifactClient().uploadArtifact(artifactName(report, config.provider), files, config.reportDir);
    } catch (error) {
      core.warning(`could not upload the report artifact: ${(error as Error).message}`);
    }
  }
  const problem = report.inputError?.message ?? report.error;
  // A skipped path tested nothing: said loudly, but it is no failure of the candidate.
  if (report.result === 'skipped') core.warning(`edge-canary: skipped: ${report.phases.find((p) => p.verdict === 'skipped')?.reason ?? ''}`);
  else if (report.result !== 'pass') core.setFailed(`edge-canary: ${report.result}${problem ? `: ${problem}` : ''}`);
}

/**
 * Unique per matrix job and attempt: the path key when there is one (two paths can share from
 * and to), and the run attempt, because "Re-run failed jobs" keeps the first attempt's
 * artifacts in the run and a second upload under the same name is refused (409).
 */
export function artifactName(report: RunReport, provider: string, env: NodeJS.ProcessEnv = process.env): string {
  const path = report.pathKey ?? `${report.from ?? 'unresolved'}-to-${report.to ?? 'unresolved'}`;
  return `edge-canary-${path}-${provider}-attempt-${env.GITHUB_RUN_ATTEMPT || '1'}`;
}

/**
 * The result and job summary of a cancelled run, written synchronously at once: the runner
 * kills a cancelled job 10 s after its first signal. publishRun overwrites both if it gets to.
 */
export function publishCancelled(report: RunReport): void {
  core.setOutput('result', report.result);
  const summary = process.env.GITHUB_STEP_SUMMARY;
  if (summary) writeFileSync(summary, markdownSummary(report));
}
