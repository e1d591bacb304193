import { execa } from 'execa';
import { redact } from './redact.js';
import { OutputTail } from './output-tail.js';

/** How a command ended. Only `exit` with code 0 is a success. */
export type CommandOutcome = 'exit' | 'timeout' | 'stall' | 'cancelled' | 'spawn-error';

export interface CommandRecord {
  argv: string[];
  startedAt: string;
  durationMs: number;
  outcome: CommandOutcome;
  exitCode: number | null;
  /** Last lines of stdout and stderr interleaved, redacted and bounded. */
  outputTail: string;
  /** One-line explanation for anything but a clean exit. */
  reason?: string;
}

export interface CommandResult extends CommandRecord {
  ok: boolean;
  /** Full stdout and stderr (redacted). Not kept in reports: callers parse what they need. */
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Hard limit on wall time; the whole process tree is killed when it expires. */
  timeoutMs: number;
  /** Kill and report a stall when the command prints nothing new for this long. */
  stallMs?: number;
  env?: Record<string, string | undefined>;
  cwd?: string;
  input?: string;
  /** Lines kept in `outputTail`. */
  tailLines?: number;
}

export interface RunnerConfig {
  /** Strings to mask everywhere they could leak: argv, output, reasons. */
  secrets?: string[];
  /** Aborting it kills every running command; later calls end at once as cancelled (or timed out). */
  signal?: AbortSignal;
  /** Called with every finished command, for the report. */
  onCommand?: (record: CommandRecord) => void;
  /** Grace between SIGTERM and SIGKILL of a process tree. */
  killGraceMs?: number;
}

export type Runner = (argv: string[], options: RunOptions) => Promise<CommandResult>;

/** Process groups of every command running now, from every runner: a forced exit kills them all. */
const liveGroups = new Set<number>();

/** SIGKILLs every running command's process group at once (a second SIGINT/SIGTERM: no grace left). */
export function killAllCommands(): void {
  for (const pid of liveGroups) signalGroup(pid, 'SIGKILL');
}

/**
 * The parent's environment without a variable that holds a secret (INPUT_GITHUB-TOKEN,
 * GITHUB_TOKEN): no command the canary runs needs the token, so none is given it.
 */
function environmentWithout(secrets: readonly string[]): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(process.env).filter(([, v]) => !secrets.some((s) => s.length >= 4 && v?.includes(s))));
}

/**
 * The one way the product runs an external command: an argument array (never a shell), its own
 * process group so a timeout, a stall or a cancel kills the whole tree, output captured and
 * redacted, and a record of every command for the report.
 */
export function createRunner(config: RunnerConfig = {}): Runner {
  const secrets = config.secrets ?? [];
  const graceMs = config.killGraceMs ?? 3000;
  const mask = (text: string) => redact(text, secrets);

  return async function run(argv, options) {
    const [file, ...args] = argv;
    if (!file) throw new Error('run: empty argv');
    const startedAt = new Date();
    const tail = new OutputTail(options.tailLines ?? 60, secrets);
    let outcome: CommandOutcome = 'exit';
    let reason: string | undefined;

    const finish = (exitCode: number | null, stdout: string, stderr: string): CommandResult => {
      const record: CommandRecord = {
        argv: argv.map(mask),
        startedAt: startedAt.toISOString(),
        durationMs: Date.now() - startedAt.getTime(),
        outcome,
        exitCode,
        outputTail: tail.text(),
        ...(reason === undefined ? {} : { reason: mask(reason) }),
      };
      config.onCommand?.(record);
      return { ...record, ok: outcome === 'exit' && exitCode === 0, stdout: mask(stdout), stderr: mask(stderr) };
    };

    if (config.signal?.aborted) {
      const timedOut = (config.signal.reason as Error | undefined)?.name === 'TimeoutError';
      outcome = timedOut ? 'timeout' : 'cancelled';
      reason = timedOut ? 'the run reached its time limit before it started' : 'cancelled before it started';
      return finish(null, '', '');
    }

    const child = execa(file, args, {
      reject: false,
      detached: true,
      cleanup: false,
      stripFinalNewline: false,
      cwd: options.cwd,
      env: { ...environmentWithout(secrets), ...options.env },
      extendEnv: false,
      input: options.input,
      stdin: options.input === undefined ? 'ignore' : 'pipe',
      maxBuffer: 64 * 1024 * 1024,
    });
    if (child.pid !== undefined) liveGroups.add(child.pid);

    const killTree = (why: CommandOutcome, message: string) => {
      if (outcome !== 'exit') return;
      outcome = why;
      reason = message;
      signalGroup(child.pid, 'SIGTERM');
      const force = setTimeout(() => signalGroup(child.pid, 'SIGKILL'), graceMs);
      force.unref();
      void child.finally(() => clearTimeout(force)).catch(() => undefined);
    };

    const seconds = (ms: number) => `${Math.round(ms / 100) / 10}s`;
    const timeout = setTimeout(
      () => killTree('timeout', `timed out after ${seconds(options.timeoutMs)}`),
      options.timeoutMs,
    );
    let stall: NodeJS.Timeout | undefined;
    const armStall = () => {
      if (options.stallMs === undefined) return;
      clearTimeout(stall);
      stall = setTimeout(
        () => killTree('stall', `stalled after ${seconds(options.stallMs!)} without new output`),
        options.stallMs,
      );
    };
    armStall();
    const onData = (chunk: Buffer) => {
      tail.push(chunk.toString('utf8'));
      armStall();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    // AbortSignal.timeout() (the whole-run limit) aborts with a TimeoutError: that is a timeout.
    const onAbort = () =>
      (config.signal?.reason as Error | undefined)?.name === 'TimeoutError'
        ? killTree('timeout', 'the run reached its time limit')
        : killTree('cancelled', 'cancelled');
    config.signal?.addEventListener('abort', onAbort, { once: true });

    try {
      const result = await child;
      if (result.failed && result.exitCode === undefined && !result.isTerminated) {
        outcome = 'spawn-error';
        reason = result.originalMessage ?? result.shortMessage;
      }
      return finish(result.exitCode ?? null, String(result.stdout ?? ''), String(result.stderr ?? ''));
    } finally {
      if (child.pid !== undefined) liveGroups.delete(child.pid);
      clearTimeout(timeout);
      clearTimeout(stall);
      config.signal?.removeEventListener('abort', onAbort);
    }
  };
}

function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}
