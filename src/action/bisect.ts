import { join } from 'node:path';
import { DefaultArtifactClient } from '@actions/artifact';
import * as core from '@actions/core';
import { bisectCommand } from '../commands/bisect.js';
import { BISECT_OPTIONS } from '../inputs/command-options.js';
import { validateBisectOptions } from '../inputs/command-validate.js';
import { abortOnSignals } from '../pipeline/execute.js';
import { readActionInputs } from './inputs.js';
import { jobSummary } from '../report/markdown.js';
import { withWorkflowCommandsStopped } from './log.js';

/**
 * The bisect sub-action. Its artifact holds bisect.json and the summary only: the probes'
 * own report.json files would read as nightly paths to a report job that downloads it.
 */
async function mainStep(): Promise<void> {
  const raw = readActionInputs(BISECT_OPTIONS);
  if (raw['github-token']) core.setSecret(raw['github-token']);
  raw['report-dir'] ??= join(process.env.RUNNER_TEMP || '.', 'edge-canary-bisect');
  const config = validateBisectOptions(raw);
  const { report, markdown, jsonPath } = await withWorkflowCommandsStopped(() =>
    bisectCommand(config, { signal: abortOnSignals().signal, log: (line) => core.info(line) }),
  );
  core.setOutput('result', report.result);
  core.setOutput('first-bad', report.firstBad ?? '');
  core.setOutput('report', jsonPath);
  await core.summary.addRaw(jobSummary(markdown)).write();
  if (config.run.uploadArtifacts) {
    const name = `edge-canary-bisect-${config.run.pathKey ?? `${report.fixed}-${report.bad}`}-attempt-${process.env.GITHUB_RUN_ATTEMPT || '1'}`;
    await new DefaultArtifactClient()
      .uploadArtifact(name, [jsonPath, join(config.run.reportDir, 'summary.md')], config.run.reportDir)
      .catch((error: Error) => core.warning(`could not upload the bisect artifact: ${error.message}`));
  }
  if (report.result !== 'found') core.setFailed(`edge-canary bisect: ${report.result}`);
}

/** The step, as actions/typescript-action lays it out: entries/bisect.ts calls it; @github/local-action can too. */
export async function run(): Promise<void> {
  await mainStep().catch((error: unknown) => core.setFailed(error instanceof Error ? error.message : String(error)));
}
