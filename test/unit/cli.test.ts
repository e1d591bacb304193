import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OPTIONS } from '../../src/inputs/options.js';
import type { RunReport } from '../../src/report/model.js';
import { LOCK_FILE } from '../../src/report/report-dir.js';
import { execa } from 'execa';
import { COMMANDS } from '../../src/commands/cli/main.js';
import { CLI, runMain } from '../helpers/cli.js';
import { RELEASES_FIXTURE } from '../helpers/releases.js';

const base = ['--releases-file', RELEASES_FIXTURE, '--provider', 'kwok', '--tools-dir', '/nonexistent/tools'];

describe('edge-canary CLI', () => {
  it('runs as a program of its own after a build, as npx runs it', async () => {
    const result = await execa(CLI, ['--help'], { reject: false });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^edge-canary: canary-test Linkerd upgrades/);
  });

  it('documents every option in --help', async () => {
    const result = await runMain(['--help']);
    expect(result.exitCode).toBe(0);
    for (const o of OPTIONS) expect(result.stdout).toContain(`--${o.cliFlag ?? o.name}`);
    expect(result.stdout).toContain('Exit codes: 0 pass, 1 fail, 2 error or bad input, 3 skipped (a version lacks a setting of the profile), 130 cancelled.');
  });

  it('prints how selectors resolve', async () => {
    const result = await runMain(['versions', '--from', 'previous-major', '--to', 'edge-26.7.1', '--releases-file', RELEASES_FIXTURE]);
    expect(result.stdout).toBe('from: edge-26.6.3 (previous-major)\nto:   edge-26.7.1 (edge-26.7.1)');
    expect(result.exitCode).toBe(0);
  });

  it('rejects an unknown version in one line with exit 2, before any cluster or download', async () => {
    const reportDir = await mkdtemp(join(tmpdir(), 'cli-report-'));
    const result = await runMain(['run', ...base, '--to', 'edge-99.1.1', '--report-dir', reportDir]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr.trim().split('\n').at(-1)).toBe('edge-canary: invalid to "edge-99.1.1": no such Linkerd release (newest edge: edge-26.8.3)');
    const report = JSON.parse(await readFile(join(reportDir, 'report.json'), 'utf8')) as RunReport;
    expect(report.phases.map((p) => p.name)).toEqual(['resolve-versions']);
    expect(report).toMatchObject({ result: 'error', inputError: { input: 'to', value: 'edge-99.1.1' }, tools: [] });
    expect(report.cluster).toBeUndefined();
  });

  it('skips with exit 3 a path whose `from` lacks a setting of the profile, before any cluster or download', async () => {
    const reportDir = await mkdtemp(join(tmpdir(), 'cli-report-'));
    const result = await runMain(['run', ...base, '--from', 'edge-22.6.2', '--to', 'edge-26.8.3', '--profile', 'custom-values', '--report-dir', reportDir]);
    expect(result.exitCode).toBe(3);
    expect(result.stdout).toContain('edge-canary SKIPPED: edge-22.6.2 -> edge-26.8.3 with profile custom-values on kwok');
    const report = JSON.parse(await readFile(join(reportDir, 'report.json'), 'utf8')) as RunReport;
    expect(report).toMatchObject({ result: 'skipped', profile: { name: 'custom-values' }, tools: [] });
    expect(report.phases.map((p) => [p.name, p.verdict])).toEqual([['resolve-versions', 'skipped']]);
  });

  it.each([
    [['--from', 'edge-26.8.3', '--to', 'edge-26.8.1'], /invalid from "edge-26.8.3": resolves to edge-26.8.3, which is not older than to/],
    [['--from', 'previous-edge', '--to', 'edge-18.9.2'], /invalid from "previous-edge": no edge release is older than edge-18.9.2/],
    [['--timeout=-5m'], /invalid timeout "-5m": expected a positive duration/],
    [['--timeout', '-5m'], /Option '--timeout' argument is ambiguous.*'--timeout=-XYZ'/],
    [['--provider', 'minikube'], /invalid provider "minikube": expected one of kind, existing, kwok/],
    [['--colour'], /invalid command line .*Unknown option '--colour'/],
    [['--keep-cluster=yes'], /Option '--keep-cluster' does not take an argument/],
    [['--install-arg=--set x=1;reboot'], /invalid install-args .*shell metacharacter ";"/],
    [['--releases-file', '/nonexistent/releases.json'], /invalid releases-file "\/nonexistent\/releases.json": cannot be read \(ENOENT\)/],
  ])('rejects %o with exit 2 and a one-line error', async (args, message) => {
    const reportDir = await mkdtemp(join(tmpdir(), 'cli-report-'));
    const result = await runMain(['run', ...base, '--report-dir', reportDir, ...args]);
    expect(result.exitCode).toBe(2);
    const last = result.stderr.trim().split('\n').at(-1)!;
    expect(last).toMatch(message);
  });

  it.each([
    [['--github-tokn', 'ghp_typoedFlagSecret0123456789']],
    [['--github-token=ghp_equalsSecret0123456789', '--colour']],
    [['ghp_positionalSecret0123456789']],
  ])('never echoes a token in a command-line error: %o', async (args) => {
    const result = await runMain(['run', ...base, ...args]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/invalid command line/);
    expect(result.stderr).not.toMatch(/Secret0123456789/);
  });

  it('refuses a report-dir that is a root, holds foreign files or cannot be created, naming it, exit 2', async () => {
    const crowded = await mkdtemp(join(tmpdir(), 'cli-report-'));
    await writeFile(join(crowded, 'id_rsa'), 'not ours');
    const file = join(crowded, 'id_rsa');
    for (const [dir, message] of [
      ['/', /invalid report-dir "\/": is a filesystem root/],
      [crowded, /invalid report-dir ".*": already holds files edge-canary did not write \(id_rsa\)/],
      [join(file, 'reports'), /invalid report-dir ".*id_rsa\/reports": cannot be created \(ENOTDIR\)/],
    ] as const) {
      const result = await runMain(['run', ...base, '--to', 'edge-26.8.3', '--from', 'edge-26.8.2', '--report-dir', dir]);
      expect(result.exitCode).toBe(2);
      expect(result.stderr.trim().split('\n').at(-1)).toMatch(message);
    }
    expect(await readFile(file, 'utf8')).toBe('not ours');
  });

  it('lists every command of its table in help, once, with its options section and exit codes', async () => {
    const { stdout } = await runMain(['--help']);
    const commandList = stdout.split('\n\n')[2]!;
    for (const command of COMMANDS) {
      for (const usage of command.usage ?? [command.name])
        expect(commandList).toMatch(new RegExp(`^  ${usage.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( |$)`, 'm'));
      if (command.help) expect(stdout.split(`\n${command.help.heading}:\n`)).toHaveLength(2);
      if (command.exitCodes) expect(stdout.split('\n')).toContain(command.exitCodes);
    }
  });

  it('prints help and exits 2 when given no command', async () => {
    const result = await runMain([]);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toMatch(/^edge-canary: canary-test Linkerd upgrades/);
  });

  it('refuses a report dir another live run holds, before any cluster, and leaves its lock alone', async () => {
    const reportDir = await mkdtemp(join(tmpdir(), 'cli-report-'));
    const holder = execa(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)']);
    try {
      await writeFile(join(reportDir, LOCK_FILE), `${holder.pid}\n`);
      const result = await runMain(['run', ...base, '--to', 'edge-26.8.3', '--from', 'edge-26.8.2', '--report-dir', reportDir]);
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toContain(
        `edge-canary: invalid report-dir "${reportDir}": is in use by another edge-canary run (process ${holder.pid}); give each run its own directory`,
      );
      expect(await readFile(join(reportDir, LOCK_FILE), 'utf8')).toBe(`${holder.pid}\n`);
    } finally {
      holder.kill();
      await holder.catch(() => undefined);
    }
  });

  it('impact refuses a selector or a missing tools dir before rendering anything, exit 2', async () => {
    const selector = await runMain(['impact', '--from', 'previous-edge', '--to', 'edge-26.8.3', '--tools-dir', '/nonexistent/tools']);
    expect(selector.exitCode).toBe(2);
    expect(selector.stderr).toBe(
      'edge-canary: invalid from "previous-edge": expected a release tag such as edge-26.8.3 or stable-2.14.10 (the review renders, it resolves no selector)',
    );
    const noTools = await runMain(['impact', '--from', 'edge-26.8.2', '--to', 'edge-26.8.3']);
    expect(noTools.exitCode).toBe(2);
    expect(noTools.stderr).toMatch(/^edge-canary: invalid tools-dir "": is required/);
  });

  it('matrix prints the paths as strategy.matrix JSON on stdout and their table on stderr', async () => {
    const result = await runMain(['matrix', '--releases-file', RELEASES_FIXTURE, '--to', 'edge-25.12.1', '--previous-edges', '1', '--majors', '0']);
    expect(result.exitCode).toBe(0);
    const matrix = JSON.parse(result.stdout) as { include: { key: string; from: string }[] };
    expect(matrix.include.map((p) => p.key)).toEqual(['previous-edge-1']);
    expect(result.stderr).toContain('| `previous-edge-1` |');
  });

  it('report of a reports dir in which no path ran prints the summary and exits 2: nothing tested is no pass', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-report-cmd-'));
    const paths = JSON.stringify([
      {
        key: 'stable',
        name: 'stable-2.14.10 → edge-26.8.3',
        from: 'stable-2.14.10',
        via: [],
        to: 'edge-26.8.3',
        skipped: 'no Kubernetes version supported by both',
      },
    ]);
    const result = await runMain(['report', '--reports', join(dir, 'reports'), '--paths', paths, '--output-dir', join(dir, 'out')]);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toContain('No path ran, so nothing was tested: an error, never a pass.');
    expect(result.stderr).toBe(`aggregate: ${join(dir, 'out', 'aggregate.json')}`);
  });

  it('tools fetch keeps what the tools dir has, and refuses any other form naming the one it takes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-tools-'));
    await writeFile(join(dir, 'kubectl'), '#!/bin/sh\n');
    const kept = await runMain(['tools', 'fetch', 'kubectl', '--tools-dir', dir]);
    expect(kept).toMatchObject({ exitCode: 0, stdout: `kubectl: in ${dir}` });
    const wrong = await runMain(['tools', 'get', 'kubectl']);
    expect(wrong.exitCode).toBe(2);
    expect(wrong.stderr).toBe('edge-canary: invalid command "tools get kubectl": expected tools fetch <tool...> --tools-dir <dir>');
  });

  it('nightly over paths none of which can run (their CLIs missing) writes the aggregate, says so, and exits 1', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-nightly-'));
    const tools = await mkdtemp(join(tmpdir(), 'cli-nightly-tools-'));
    const result = await runMain([
      'nightly',
      '--releases-file',
      RELEASES_FIXTURE,
      '--to',
      'edge-26.8.3',
      '--previous-edges',
      '1',
      '--majors',
      '0',
      '--tools-dir',
      tools,
      '--report-dir',
      dir,
    ]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('not run: the tools dir has no linkerd-edge-26.8.2, linkerd-edge-26.8.3');
    expect(result.stdout).toContain(`aggregate: ${join(dir, 'aggregate.json')}`);
  });

  it('rejects an unknown command', async () => {
    const result = await runMain(['deploy']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('invalid command "deploy": expected one of run, versions, matrix, report');
  });
});

describe('edge-canary scenarios', () => {
  const fixtures = new URL('../fixtures/scenarios/', import.meta.url).pathname;

  it('validates good files and reports each bad one with file, line and column, exit 2', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-scenarios-'));
    const bad = join(dir, 'bad.yaml');
    await writeFile(bad, 'name: bad\ndescription: d\nphases: [after-upgrade]\nsteps:\n  - name: s\n    try:\n      - wiat: {resource: pod/x, for: delete}\n');
    const result = await runMain(['scenarios', 'validate', join(fixtures, 'workload-survives.yaml'), bad]);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe(`ok ${join(fixtures, 'workload-survives.yaml')} (workload-survives)`);
    expect(result.stderr).toBe(
      `invalid scenarios "${bad}:7:9": steps[0].try[0].wiat: unknown key; expected one of run, apply, delete, wait, assert, error, evict, dry-run, linkerd-check, rollback`,
    );
    expect((await runMain(['scenarios', 'validate', join(fixtures, 'second-try.yaml')])).exitCode).toBe(0);
  });

  it('lists the built-ins', async () => {
    const result = await runMain(['scenarios', 'list']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout.split('\n').map((line) => line.split(/\s+/)[0])).toEqual([
      'cli-skew',
      'evicted-pods',
      'proxy-version-skew',
      'render-errors',
      'resources-survive',
      'rollback',
    ]);
    expect(result.stdout).toMatch(/^rollback .*\(optional: runs only when named\) After the upgrade/m);
  });

  it('refuses a bad scenario file before any cluster work in a run', async () => {
    const reportDir = await mkdtemp(join(tmpdir(), 'cli-report-'));
    const result = await runMain(['run', ...base, '--report-dir', reportDir, '--scenario', join(fixtures, 'missing.yaml')]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr.trim().split('\n').at(-1)).toBe(`edge-canary: invalid scenarios "${join(fixtures, 'missing.yaml')}": no such file or directory`);
    const report = JSON.parse(await readFile(join(reportDir, 'report.json'), 'utf8')) as RunReport;
    expect(report.phases.map((p) => p.name)).toEqual(['resolve-versions', 'load-scenarios']);
  });
});
