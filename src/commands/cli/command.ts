import type { OptionSpec, RawOptions } from '../../inputs/options.js';
import { abortOnSignals } from '../../pipeline/execute.js';

/** Exit codes of `run` (and what `versions`, `matrix` and `report` share): one per verdict. */
export const EXIT = { pass: 0, fail: 1, error: 2, skipped: 3, cancelled: 130 } as const;

/** Where a command prints and what it reads from its process: the real one, or a test's. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** The stream a live progress display draws on (the nightly's board). */
  progress: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
  /** Whether stdout is a terminal (colours). */
  isTTY: boolean;
  /** A signal that aborts on the process's first SIGINT or SIGTERM; made when a command starts work it must be able to cancel. */
  cancelSignal(): AbortSignal;
}

export function processIo(): CliIo {
  return {
    out: (text) => console.log(text),
    err: (text) => console.error(text),
    progress: process.stderr,
    env: process.env,
    isTTY: process.stdout.isTTY === true,
    cancelSignal: () => abortOnSignals().signal,
  };
}

/**
 * One command of the CLI: what help says of it and what it runs. A command with `options` gets
 * its flags parsed into raw options (and refuses positional arguments); one without reads its own
 * arguments (`tools fetch <tool...>`).
 */
export interface CliCommand {
  name: string;
  /** How help shows it when it takes arguments of its own (`scenarios validate <files...>`). */
  usage?: string[];
  summary: string;
  options?: readonly OptionSpec[];
  /** The options section help prints for it: those it adds to another command's. */
  help?: { heading: string; options: readonly OptionSpec[] };
  /** Its line of help's exit codes. */
  exitCodes?: string;
  run(input: { raw: RawOptions; argv: string[] }, io: CliIo): Promise<number>;
}
