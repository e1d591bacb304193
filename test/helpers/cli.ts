import { PassThrough } from 'node:stream';
import { execa } from 'execa';
import { main } from '../../src/commands/cli/main.js';

export const CLI = new URL('../../dist/cli.js', import.meta.url).pathname;

/**
 * The environment of a user's shell wherever the tests run: no token, and not in a workflow
 * even when CI runs the tests (there the CLI adds its workflow-command guard to stderr).
 */
export const CLI_ENV = { GITHUB_TOKEN: '', GITHUB_ACTIONS: '' };

/** Runs the bundled CLI as a user would, never throwing on a non-zero exit. */
export function runCli(args: string[], env: Record<string, string> = {}, timeoutMs = 60_000) {
  return execa(process.execPath, [CLI, ...args], { reject: false, env: { ...CLI_ENV, ...env, GITHUB_TOKEN: '' }, timeout: timeoutMs });
}

/** Runs the CLI's `main` in this process (so coverage sees it), with its output captured as `runCli` returns it. */
export async function runMain(args: string[]): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const progress = Object.assign(new PassThrough(), { isTTY: false }) as unknown as NodeJS.WriteStream;
  progress.on('data', (chunk: Buffer) => stderr.push(chunk.toString().replace(/\n$/, '')));
  const exitCode = await main(args, {
    out: (text) => stdout.push(text),
    err: (text) => stderr.push(text),
    progress,
    env: { ...process.env, GITHUB_TOKEN: '', GITHUB_ACTIONS: '' },
    isTTY: false,
    cancelSignal: () => new AbortController().signal,
  });
  return { exitCode, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
}
