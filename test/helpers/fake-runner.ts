import type { CommandResult, RunOptions, Runner, RunnerConfig } from '../../src/process/runner.js';

export interface FakeCall {
  argv: string[];
  options: RunOptions;
  /** The config of the runner that ran it (signal, secrets). */
  config: RunnerConfig;
}

/** What a fake command answers: a clean exit 0 with no output unless told otherwise. */
export type Reply = Partial<Omit<CommandResult, 'argv'>>;
export type Responder = (argv: string[], options: RunOptions, config: RunnerConfig) => Reply | Promise<Reply>;

/** A finished command as the real runner reports it; `ok` follows outcome and exit code unless given. */
export function commandResult(argv: string[], reply: Reply = {}): CommandResult {
  const outcome = reply.outcome ?? 'exit';
  const exitCode = reply.exitCode === undefined ? (outcome === 'exit' ? 0 : null) : reply.exitCode;
  return {
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 0,
    stdout: '',
    stderr: '',
    outputTail: [reply.stdout, reply.stderr].filter(Boolean).join('\n'),
    ...reply,
    argv,
    outcome,
    exitCode,
    ok: reply.ok ?? (outcome === 'exit' && exitCode === 0),
  };
}

/**
 * A runner factory that runs nothing: every command is recorded with the config of the runner
 * it went through, and answered by `respond`.
 */
export function fakeRunners(respond: Responder = () => ({})) {
  const calls: FakeCall[] = [];
  const createRunner =
    (config: RunnerConfig = {}): Runner =>
    async (argv, options) => {
      calls.push({ argv, options, config });
      return commandResult(argv, await respond(argv, options, config));
    };
  return { calls, createRunner, run: createRunner() };
}

/** The kubectl arguments of a call (after the binary and `--kubeconfig <file>`), or undefined for other commands. */
export function kubectlArgs(call: FakeCall, kubectl = 'kubectl'): string[] | undefined {
  return call.argv[0] === kubectl ? call.argv.slice(3) : undefined;
}
