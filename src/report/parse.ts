import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { InputError } from '../inputs/input-error.js';
import { DATA_FILE_LIMIT_BYTES, parseJson, readInputFile } from '../inputs/read-file.js';
import { PACKAGE_ROOT } from '../scenarios/load.js';
import { REPORT_SCHEMA_VERSION, type RunReport } from './model.js';

export const REPORT_SCHEMA = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'schema', 'report.schema.json'), 'utf8')) as Record<string, unknown>;
const validate = new Ajv({ allErrors: false }).compile<RunReport>(REPORT_SCHEMA);

/** A `report.json` read as `input` names it: a regular file of a sane size, checked against the schema. */
export async function readRunReport(input: string, path: string): Promise<RunReport> {
  return parseRunReport(input, path, await readInputFile(path, { input, maxBytes: DATA_FILE_LIMIT_BYTES }));
}

/**
 * A report's text, refused (an InputError naming the file) unless it is an edge-canary report
 * of this schema version whose result, phases, scenarios and names are what the schema says:
 * a report from anywhere must never be counted as a pass because a field read as something else.
 */
export function parseRunReport(input: string, path: string, text: string): RunReport {
  const data = parseJson(input, path, text);
  const header = (typeof data === 'object' && data !== null ? data : {}) as { schemaVersion?: unknown; tool?: { name?: unknown } };
  if (header.tool?.name !== 'edge-canary') throw new InputError(input, path, 'is not an edge-canary report');
  if (header.schemaVersion !== REPORT_SCHEMA_VERSION) {
    throw new InputError(
      input,
      path,
      `has report schema version ${JSON.stringify(header.schemaVersion)}; this edge-canary reads version ${REPORT_SCHEMA_VERSION} (use the same release for the canary jobs and the report job)`,
    );
  }
  if (!validate(data)) {
    const first = validate.errors?.[0];
    throw new InputError(input, path, `is a malformed report: at ${first?.instancePath || '/'} ${first?.message} (schema/report.schema.json)`);
  }
  return data;
}
