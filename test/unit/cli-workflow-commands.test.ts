import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { CLI } from '../helpers/cli.js';
import { workflowCommands } from '../helpers/fake-tools.js';
import { command, phase, runReport } from '../helpers/report.js';
import { RELEASES_FIXTURE } from '../helpers/releases.js';

/** Lines a runner would act on, as a cluster or a report may hold them: every form, leading whitespace or not. */
const HOSTILE_LINES = [
  '::set-output name=result::pass',
  '  ::add-mask::edge',
  '\t::error title=pwned::from a report',
  '::stop-commands::pwned',
  '::pwned::',
  '##[set-output name=result;]pass',
  '   ##[error]legacy',
];

function cli(args: string[], githubActions: boolean) {
  return execa(process.execPath, [CLI, ...args], { reject: false, all: true, env: { GITHUB_TOKEN: '', GITHUB_ACTIONS: githubActions ? 'true' : '' } });
}

describe('the CLI in a GitHub workflow', () => {
  it('lets no line of a report act as a workflow command, on stdout or stderr', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-commands-'));
    await mkdir(join(dir, 'reports', 'job'), { recursive: true });
    const failing = phase('install-from', {
      verdict: 'fail',
      reason: HOSTILE_LINES.join('\n'),
      failedCommand: command({ exitCode: 1, outputTail: HOSTILE_LINES.join('\n') }),
    });
    await writeFile(join(dir, 'reports', 'job', 'report.json'), JSON.stringify(runReport({ result: 'fail', phases: [failing] })));
    const args = ['report', '--reports', join(dir, 'reports'), '--output-dir', join(dir, 'out'), '--previous', join(dir, 'none.json')];

    const inWorkflow = await cli(args, true);
    expect(inWorkflow.exitCode).toBe(1);
    // The data is printed as it is (in the summary's fenced output tail)...
    expect(inWorkflow.stdout).toContain('\n  ::add-mask::edge\n');
    // ...and nothing but the guard itself is a command.
    expect(workflowCommands(inWorkflow.all).map((c) => c.name)).toEqual(['stop-commands']);
    // Resumed at the end, by a token no data had.
    expect(inWorkflow.stderr.trim().split('\n').at(-1)).toMatch(/^::[0-9a-f-]{36}::$/);

    // Outside a workflow nothing is added, and the same output would act.
    const outside = await cli(args, false);
    expect(outside.all).not.toMatch(/stop-commands::[0-9a-f-]{36}/);
    expect(workflowCommands(outside.all).map((c) => c.name)).toContain('add-mask');
  });

  it('keeps stdout what a step captures: the matrix JSON alone', async () => {
    const result = await cli(['matrix', '--to', 'edge-26.7.1', '--releases-file', RELEASES_FIXTURE], true);
    expect(result.exitCode).toBe(0);
    expect(() => JSON.parse(result.stdout) as unknown).not.toThrow();
    expect(result.stderr.split('\n')[0]).toMatch(/^::stop-commands::[0-9a-f-]{36}$/);
  });
});
