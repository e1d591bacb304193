import { join } from 'node:path';
import * as core from '@actions/core';
import { InputError } from '../inputs/input-error.js';
import { validateOptions } from '../inputs/validate.js';
import { abortOnSignals, executeRun } from '../pipeline/execute.js';
import { readActionInputs } from './inputs.js';
import { withWorkflowCommandsStopped } from './log.js';
import { publishCancelled, publishRun } from './publish.js';
import { STATE } from './state.js';

async function main(): Promise<void> {
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

main().catch((error: unknown) => {
  core.setOutput('result', 'error');
  core.setFailed(error instanceof InputError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error));
});
