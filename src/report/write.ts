import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { junitXml } from './junit.js';
import type { RunReport } from './model.js';
import { markdownSummary } from './summary.js';

export interface ReportPaths {
  json: string;
  junit: string;
  summary: string;
}

export function reportPaths(dir: string): ReportPaths {
  return { json: join(dir, 'report.json'), junit: join(dir, 'junit.xml'), summary: join(dir, 'summary.md') };
}

function rendered(report: RunReport, dir: string): [string, string][] {
  const paths = reportPaths(dir);
  return [
    [paths.json, `${JSON.stringify(report, null, 2)}\n`],
    [paths.junit, junitXml(report)],
    [paths.summary, markdownSummary(report)],
  ];
}

/** Each file is written aside and renamed into place: a reader never sees half a report. */
const aside = (path: string) => `${path}.${randomBytes(4).toString('hex')}.tmp`;

/** Writes the JSON report, JUnit XML and markdown summary; called after every phase and at the end. */
export async function writeReports(report: RunReport, dir: string): Promise<ReportPaths> {
  await mkdir(dir, { recursive: true });
  await Promise.all(
    rendered(report, dir).map(async ([path, text]) => {
      const temporary = aside(path);
      await writeFile(temporary, text);
      await rename(temporary, path);
    }),
  );
  return reportPaths(dir);
}

/** The same, synchronously: for the moment before a forced exit, when no promise will settle. */
export function writeReportsSync(report: RunReport, dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const [path, text] of rendered(report, dir)) {
    const temporary = aside(path);
    writeFileSync(temporary, text);
    renameSync(temporary, path);
  }
}
