import { randomUUID } from 'node:crypto';
import * as core from '@actions/core';

/**
 * Runs `body` with workflow commands stopped: everything it logs (phase reasons, output of
 * CLIs, text read from a cluster) is data written by someone else, and a line of it such as
 * `::add-mask::` or `::set-output` must not act on the job. Commands resume with a token
 * nothing else has seen; annotations come after, escaped by the toolkit.
 */
export async function withWorkflowCommandsStopped<T>(body: () => Promise<T>): Promise<T> {
  const token = randomUUID();
  core.info(`::stop-commands::${token}`);
  try {
    return await body();
  } finally {
    core.info(`::${token}::`);
  }
}
