import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Aggregate, BisectFinding } from '../aggregate/aggregate.js';
import { InputError } from '../inputs/input-error.js';
import { DATA_FILE_LIMIT_BYTES, parseJson, readInputFile } from '../inputs/read-file.js';
import { BISECT_SCHEMA_VERSION, type BisectReport } from './result.js';

/** Every `bisect.json` under `dir` (the bisect jobs' artifacts, downloaded beside the reports). */
export async function loadBisectReports(dir: string): Promise<BisectReport[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((e) => !e.isDirectory() && e.name === 'bisect.json')
    .map((e) => join(e.parentPath, e.name))
    .sort();
  return Promise.all(
    files.map(async (file) => {
      const report = parseJson(
        'reports',
        file,
        await readInputFile(file, { input: 'reports', maxBytes: DATA_FILE_LIMIT_BYTES }),
      ) as Partial<BisectReport> | null;
      if (report?.schemaVersion !== BISECT_SCHEMA_VERSION)
        throw new InputError('reports', file, `is a bisect.json of schema ${report?.schemaVersion}, not ${BISECT_SCHEMA_VERSION}`);
      return report as BisectReport;
    }),
  );
}

/** The failing path a bisect searched from: over `to` it kept from and started at the failing to. */
function bisectedPath(r: BisectReport): { from: string; to: string } {
  return r.over === 'to' ? { from: r.fixed, to: r.bad } : { from: r.bad, to: r.fixed };
}

/** Puts each bisect's answer on the one-hop path it bisected (a later bisect of a path wins). */
export function attachBisects(agg: Aggregate, reports: readonly BisectReport[]): Aggregate {
  const paths = agg.paths.map((p) => {
    const found = reports.filter((r) => !p.via?.length && bisectedPath(r).from === p.from && bisectedPath(r).to === p.to).at(-1);
    if (!found) return p;
    const finding: BisectFinding = {
      over: found.over,
      undecided: found.undecided,
      probes: found.probes.length,
      ...(found.firstBad ? { firstBad: found.firstBad } : {}),
    };
    return { ...p, bisect: finding };
  });
  return { ...agg, paths };
}
