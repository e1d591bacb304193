import { execa } from 'execa';

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
