import { stat } from 'node:fs/promises';
import { loadRunReports } from '../aggregate/load.js';
import type { RunReport } from '../report/model.js';

/**
 * The run reports under `dir`, where the jobs' artifacts were downloaded; none when the folder
 * is not there: download-artifact with a pattern that matches no artifact (every job died before
 * uploading) succeeds and creates nothing.
 */
export async function downloadedReports(dir: string): Promise<RunReport[]> {
  const missing = await stat(dir).then(
    () => false,
    (error: NodeJS.ErrnoException) => error.code === 'ENOENT',
  );
  return missing ? [] : (await loadRunReports(dir)).map((r) => r.report);
}
