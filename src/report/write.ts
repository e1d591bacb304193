import { mkdir, writeFile } from 'node:fs/promises';
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

/** Writes the JSON report, JUnit XML and markdown summary; called after every phase and at the end. */
export async function writeReports(report: RunReport, dir: string): Promise<ReportPaths> {
  await mkdir(dir, { recursive: true });
  const paths = reportPaths(dir);
  await Promise.all([
    writeFile(paths.json, `${JSON.stringify(report, null, 2)}\n`),
    writeFile(paths.junit, junitXml(report)),
    writeFile(paths.summary, markdownSummary(report)),
  ]);
  return paths;
}
