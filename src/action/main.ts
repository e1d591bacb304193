import { join } from 'node:path';
import * as core from '@actions/core';
import { InputError } from '../inputs/input-error.js';
import { validateOptions } from '../inputs/validate.js';
import { abortOnSignals, executeRun } from '../pipeline/execute.js';
import { readActionInputs } from './inputs.js';
import { withWorkflowCommandsStopped } from './log.js';
import { publishCancelled, publishRun } from './publish.js';
import { STATE } from './state.js';

async function mainStep(): Promise<void> {
  const raw = readActionInputs();
  if (raw['github-token']) core.setSecret(raw['github-token']);
  raw['report-dir'] ??= join(process.env.RUNNER_TEMP || '.', 'edge-canary');
  let config;
  try {
    config = validateOptions(raw);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    core.setOutput('result', 'error');
    core.setFailed(error.message);
    return;
  }
  core.saveState(STATE.keepCluster, String(config.keepCluster));
  const controller = abortOnSignals();
  const { report, paths } = await withWorkflowCommandsStopped(() =>
    executeRun(config, {
      signal: controller.signal,
      log: (line) => core.info(line),
      onCluster: (handle) => core.saveState(STATE.cluster, JSON.stringify(handle)),
      onCancelled: publishCancelled,
    }),
  );
  if (report.cluster?.deleted) core.saveState(STATE.clusterDeleted, 'true');
  await publishRun(report, paths, config);
}

/** The step, as actions/typescript-action lays it out: entries/main.ts calls it; @github/local-action can too. */
export async function run(): Promise<void> {
  await mainStep().catch((error: unknown) => {
    core.setOutput('result', 'error');
    core.setFailed(error instanceof InputError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error));
  });
}
