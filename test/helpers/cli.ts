import { execa } from 'execa';

export const CLI = new URL('../../dist/cli.js', import.meta.url).pathname;

/** Runs the bundled CLI as a user would, never throwing on a non-zero exit. */
export function runCli(args: string[], env: Record<string, string> = {}, timeoutMs = 60_000) {
  return execa(process.execPath, [CLI, ...args], { reject: false, env: { ...env, GITHUB_TOKEN: '' }, timeout: timeoutMs });
}
