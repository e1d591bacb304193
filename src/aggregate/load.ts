import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../inputs/input-error.js';
import type { RunReport } from '../report/model.js';
import { readRunReport } from '../report/parse.js';

/**
 * Every `report.json` under `dir` (downloaded artifacts land one per folder). A report that is
 * malformed or of another schema version is refused with its path: silently misreading one
 * would be worse.
 */
export async function loadRunReports(dir: string): Promise<{ path: string; report: RunReport }[]> {
  let entries;
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch (error) {
    throw new InputError('reports', dir, `cannot be read (${(error as NodeJS.ErrnoException).code ?? error})`);
  }
  // Named report.json but not a regular file (a FIFO, a link to a device): refused by the reader, not skipped.
  const files = entries
    .filter((e) => !e.isDirectory() && e.name === 'report.json')
    .map((e) => join(e.parentPath, e.name))
    .sort();
  return Promise.all(files.map(async (path) => ({ path, report: await readRunReport('reports', path) })));
}
