import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { mkdir, readdir, rename, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
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

/** What edge-canary writes into report-dir: the reports, and the manifests and diagnostics folders. */
export const REPORT_DIR_ENTRIES = ['report.json', 'junit.xml', 'summary.md', 'manifests', 'diagnostics'] as const;

/** Files under `dir` that edge-canary wrote (see REPORT_DIR_ENTRIES), and nothing else: what may be uploaded. */
export async function reportFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .filter((path) => {
      const [top, ...rest] = relative(dir, path).split(sep);
      return (REPORT_DIR_ENTRIES as readonly string[]).includes(top!) && (rest.length === 0) === !['manifests', 'diagnostics'].includes(top!);
    })
    .sort();
}
