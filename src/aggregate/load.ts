import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../inputs/input-error.js';
import { REPORT_SCHEMA_VERSION, type RunReport } from '../report/model.js';

/**
 * Every `report.json` under `dir` (downloaded artifacts land one per folder). A report of
 * another schema version is refused with its path: silently misreading one would be worse.
 */
export async function loadRunReports(dir: string): Promise<{ path: string; report: RunReport }[]> {
  let entries;
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch (error) {
    throw new InputError('reports', dir, `cannot be read (${(error as NodeJS.ErrnoException).code ?? error})`);
  }
  const files = entries.filter((e) => e.isFile() && e.name === 'report.json').map((e) => join(e.parentPath, e.name)).sort();
  return Promise.all(files.map(async (path) => ({ path, report: parseRunReport(path, await readFile(path, 'utf8')) })));
}

export function parseRunReport(path: string, text: string): RunReport {
  let data: { schemaVersion?: unknown; tool?: { name?: unknown } };
  try {
    data = JSON.parse(text) as typeof data;
  } catch (error) {
    throw new InputError('reports', path, `is not JSON (${(error as Error).message})`);
  }
  if (data.tool?.name !== 'edge-canary') throw new InputError('reports', path, 'is not an edge-canary report');
  if (data.schemaVersion !== REPORT_SCHEMA_VERSION) {
    throw new InputError(
      'reports',
      path,
      `has report schema version ${JSON.stringify(data.schemaVersion)}; this edge-canary reads version ${REPORT_SCHEMA_VERSION} (use the same release for the canary jobs and the report job)`,
    );
  }
  return data as RunReport;
}
