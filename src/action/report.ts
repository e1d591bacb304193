import { join } from 'node:path';
import * as core from '@actions/core';
import { buildReport, reportInput } from '../commands/report.js';
import { REPORT_OPTIONS } from '../inputs/command-options.js';
import { validateReportOptions } from '../inputs/command-validate.js';
import { abortOnSignals } from '../pipeline/execute.js';
import { readActionInputs } from './inputs.js';

async function mainStep(): Promise<void> {
  const raw = readActionInputs(REPORT_OPTIONS);
  if (raw['github-token']) core.setSecret(raw['github-token']);
  raw['output-dir'] ??= join(process.env.RUNNER_TEMP || '.', 'edge-canary-aggregate');
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: id } = process.env;
  const result = await buildReport(reportInput(validateReportOptions(raw)), {
    warn: (m) => core.warning(m),
    signal: abortOnSignals().signal,
    ...(server && repo && id ? { runUrl: `${server}/${repo}/actions/runs/${id}` } : {}),
  });
  core.setOutput('result', result.aggregate.result);
  core.setOutput('aggregate', result.aggregatePath);
  core.setOutput('new-failures', (result.aggregate.changes?.newFailures ?? []).join(','));
  core.setOutput('new-failure-paths', JSON.stringify(result.newFailurePaths));
  await core.summary.addRaw(result.markdown).write();
  if (result.issues) {
    // Numbers only: path keys come from downloaded reports, and each failed one was warned about (escaped).
    core.info(
      `issues opened: ${result.issues.opened.join(', ') || 'none'}; updated: ${result.issues.commented.join(', ') || 'none'}; closed: ${result.issues.closed.join(', ') || 'none'}; failed: ${result.issues.failed.length}`,
    );
  }
  if (result.aggregate.result !== 'pass') core.setFailed(`edge-canary nightly: ${result.aggregate.result}`);
}

/** The step, as actions/typescript-action lays it out: entries/report.ts calls it; @github/local-action can too. */
export async function run(): Promise<void> {
  await mainStep().catch((error: unknown) => core.setFailed(error instanceof Error ? error.message : String(error)));
}
