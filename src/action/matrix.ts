import * as core from '@actions/core';
import { MATRIX_OPTIONS } from '../inputs/command-options.js';
import { validateMatrixOptions } from '../inputs/command-validate.js';
import { buildMatrix } from '../commands/matrix.js';
import { recordWatch } from '../commands/watch.js';
import { ERRORED_POLLS_LIMIT } from '../versions/new-since.js';
import { jobSummary } from '../report/markdown.js';
import { readActionInputs } from './inputs.js';

async function mainStep(): Promise<void> {
  const raw = readActionInputs(MATRIX_OPTIONS);
  if (raw['github-token']) core.setSecret(raw['github-token']);
  const config = validateMatrixOptions(raw);
  if (config.newSince && config.record) {
    const recorded = await recordWatch({ ...config, newSince: config.newSince, record: config.record });
    await core.summary.addRaw(jobSummary(recorded.markdown)).write();
    if (recorded.givenUp.length) core.warning(`edge-canary watch: gave up on ${recorded.givenUp.join(', ')} after ${ERRORED_POLLS_LIMIT} errored polls`);
    return;
  }
  const result = await buildMatrix(config);
  core.setOutput('matrix', JSON.stringify(result.matrix));
  core.setOutput('paths', JSON.stringify(result.paths));
  core.setOutput('to-version', result.to);
  if (result.newEdges) core.setOutput('new-edges', result.newEdges.edges.join(','));
  await core.summary.addRaw(jobSummary(result.markdown)).write();
  // Nothing new is no failure of the watch: its canary job is skipped.
  if (result.matrix.include.length === 0 && result.newEdges?.edges.length !== 0)
    core.setFailed('edge-canary matrix: no runnable upgrade path (see the summary)');
}

/** The step, as actions/typescript-action lays it out: entries/matrix.ts calls it; @github/local-action can too. */
export async function run(): Promise<void> {
  await mainStep().catch((error: unknown) => core.setFailed(error instanceof Error ? error.message : String(error)));
}
