import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import type { RunReport } from '../../src/report/model.js';
import { parseRunReport } from '../../src/report/parse.js';
import { CLI, CLI_ENV } from './cli.js';
import { asCliFlags, kwokInputs } from './sim-tools.js';

/** A finished canary: its report and the files it left, for assertions. */
export interface CanaryRun {
  report: RunReport;
  /** The report dir. */
  dir: string;
  output: string;
  manifest: (name: string) => Promise<string>;
  /** Each command of a phase as one string. */
  commands: (phase: string) => string[];
}

/**
 * A real canary on kwok with the bundled CLI, as a user runs it: the action's inputs as flags,
 * a fresh report dir, and `extra` flags after them.
 */
export async function runCanaryCli(toolsDir: string, inputs: Record<string, string>, extra: string[] = []): Promise<CanaryRun> {
  const dir = await mkdtemp(join(tmpdir(), 'canary-e2e-'));
  const flags = asCliFlags(kwokInputs(toolsDir, { ...inputs, 'report-dir': dir }));
  const result = await execa(process.execPath, [CLI, 'run', ...flags, ...extra], { reject: false, all: true, env: CLI_ENV, timeout: 10 * 60_000 });
  const text = await readFile(join(dir, 'report.json'), 'utf8').catch(() => {
    throw new Error(`no report; the CLI said:\n${result.all}`);
  });
  // What the nightly would read of it: a report the schema refuses fails the run's test.
  const report = parseRunReport('report', join(dir, 'report.json'), text);
  return {
    report,
    dir,
    output: result.all ?? '',
    manifest: (name) => readFile(join(dir, 'manifests', name), 'utf8'),
    commands: (phase) => report.phases.find((p) => p.name === phase)?.commands.map((c) => c.argv.join(' ')) ?? [],
  };
}
