import * as core from '@actions/core';
import { stopWorkflowCommands } from '../process/workflow-commands.js';

/**
 * Runs `body` with workflow commands stopped (see stopWorkflowCommands); annotations come
 * after, escaped by the toolkit.
 */
export async function withWorkflowCommandsStopped<T>(body: () => Promise<T>): Promise<T> {
  const resume = stopWorkflowCommands((line) => core.info(line));
  try {
    return await body();
  } finally {
    resume();
  }
}
