import { execa, type ResultPromise } from 'execa';
import { environmentWithoutCredentials } from './credential-env.js';
import { redact } from './redact.js';
import { OutputTail } from './output-tail.js';

/** How a command ended. Only `exit` with code 0 is a success. */
export type CommandOutcome = 'exit' | 'timeout' | 'stall' | 'cancelled' | 'stopped' | 'spawn-error';

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

/** Something besides a command's own output that shows it is getting somewhere (a cluster changing). */
export interface Liveness {
  /** Calls `listener` on each sign of progress until the returned function is called. */
  onActivity(listener: () => void): () => void;
}

export interface RunOptions {
  /** Hard limit on wall time; the whole process tree is killed when it expires. */
  timeoutMs: number;
  /** Kill and report a stall when the command prints nothing new (and `liveness` shows nothing) for this long. */
  stallMs?: number;
  /** Progress that is not the command's output but counts against a stall (the cluster it waits on). */
  liveness?: Liveness;
  /** Stops this one command (recorded as `stopped`, with the abort reason), e.g. a watch no longer needed. */
  stop?: AbortSignal;
  /** Each chunk of output as it comes (redacted), for commands whose output is a stream of events. */
  onOutput?: (chunk: string) => void;
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

/**
 * Go runtime settings for the commands run, each unless edge-canary's own environment sets it:
 * every tool is a Go program (kubectl, the Linkerd and Helm CLIs, kwok's control plane, which
 * inherits them from kwokctl).
 * - GOGC 400 instead of Go's 100: the tools allocate heavily for a short while. A kwok canary
 *   with every built-in scenario took 50 CPU-seconds instead of 57 (median of three each) and
 *   peaked at 2.0 GiB instead of 1.35 (2.4 GiB at most over the 40 runs of the full product
 *   matrix): on a 2-core machine the nightly is bound by CPU, not memory.
 * - GOMAXPROCS 1 instead of one per core: a run is many Go processes at once (the control plane,
 *   the CLIs of concurrent scenarios; a nightly, several runs), and each one's runtime otherwise
 *   keeps threads spinning for work and collects garbage on every core. The same canary took
 *   49 CPU-seconds of the whole machine instead of 53 and 57, in the same time (52 s).
 */
const GO_RUNTIME = { GOGC: '400', GOMAXPROCS: '1' };

/** Process groups of every command running now, from every runner: a forced exit kills them all. */
const liveGroups = new Set<number>();

/** SIGKILLs every running command's process group at once (a second SIGINT/SIGTERM: no grace left). */
export function killAllCommands(): void {
  for (const pid of liveGroups) signalGroup(pid, 'SIGKILL');
}

/**
 * The one way the product runs an external command: an argument array (never a shell), its own
 * process group so a timeout, a stall or a cancel kills the whole tree, output captured and
 * redacted, and a record of every command for the report.
 */
export function createRunner(config: RunnerConfig = {}): Runner {
  const secrets = config.secrets ?? [];
  const mask = (text: string) => redact(text, secrets);

  return async function run(argv, options) {
    const [file, ...args] = argv;
    if (!file) throw new Error('run: empty argv');
    const startedAt = new Date();
    const tail = new OutputTail(options.tailLines ?? 60, secrets);
    const finish = (ending: Ending, exitCode: number | null, stdout: string, stderr: string): CommandResult => {
      const record: CommandRecord = {
        argv: argv.map(mask),
        startedAt: startedAt.toISOString(),
        durationMs: Date.now() - startedAt.getTime(),
        outcome: ending.outcome,
        exitCode,
        outputTail: tail.text(),
        ...(ending.reason === undefined ? {} : { reason: mask(ending.reason) }),
      };
      config.onCommand?.(record);
      return { ...record, ok: ending.outcome === 'exit' && exitCode === 0, stdout: mask(stdout), stderr: mask(stderr) };
    };

    if (config.signal?.aborted) {
      const timedOut = (config.signal.reason as Error | undefined)?.name === 'TimeoutError';
      return finish(
        timedOut
          ? { outcome: 'timeout', reason: 'the run reached its time limit before it started' }
          : { outcome: 'cancelled', reason: 'cancelled before it started' },
        null,
        '',
        '',
      );
    }

    const child = execa(file, args, {
      reject: false,
      detached: true,
      cleanup: false,
      stripFinalNewline: false,
      cwd: options.cwd,
      env: { ...GO_RUNTIME, ...environmentWithoutCredentials(process.env, secrets), ...options.env },
      extendEnv: false,
      input: options.input,
      stdin: options.input === undefined ? 'ignore' : 'pipe',
      maxBuffer: 64 * 1024 * 1024,
    });
    if (child.pid !== undefined) liveGroups.add(child.pid);
    const guard = guardChild(child, options, config, (chunk) => {
      tail.push(chunk);
      options.onOutput?.(mask(chunk));
    });
    try {
      const result = await child;
      const spawnFailed = result.failed && result.exitCode === undefined && !result.isTerminated;
      const ending: Ending = spawnFailed ? { outcome: 'spawn-error', reason: result.originalMessage ?? result.shortMessage } : guard.ending;
      return finish(ending, result.exitCode ?? null, String(result.stdout ?? ''), String(result.stderr ?? ''));
    } finally {
      if (child.pid !== undefined) liveGroups.delete(child.pid);
      guard.release();
    }
  };
}

interface Ending {
  outcome: CommandOutcome;
  reason?: string;
}

const seconds = (ms: number) => `${Math.round(ms / 100) / 10}s`;

/**
 * Watches a running command: its time limit, its stall limit (reset by its output and by any
 * liveness it was given), the run's cancel and its own stop signal. The first of them to fire
 * kills its process group (SIGTERM, then SIGKILL after the grace) and decides its ending.
 */
function guardChild(
  child: ResultPromise,
  options: RunOptions,
  config: RunnerConfig,
  onChunk: (chunk: string) => void,
): { ending: Ending; release: () => void } {
  const graceMs = config.killGraceMs ?? 3000;
  const ending: Ending = { outcome: 'exit' };
  const killTree = (outcome: CommandOutcome, reason: string) => {
    if (ending.outcome !== 'exit') return;
    Object.assign(ending, { outcome, reason });
    signalGroup(child.pid, 'SIGTERM');
    const force = setTimeout(() => signalGroup(child.pid, 'SIGKILL'), graceMs);
    force.unref();
    void child.finally(() => clearTimeout(force)).catch(() => undefined);
  };
  const timeout = setTimeout(() => killTree('timeout', `timed out after ${seconds(options.timeoutMs)}`), options.timeoutMs);
  let stall: NodeJS.Timeout | undefined;
  const silence = options.liveness ? 'without new output or cluster activity' : 'without new output';
  const armStall = () => {
    if (options.stallMs === undefined) return;
    clearTimeout(stall);
    stall = setTimeout(() => killTree('stall', `stalled after ${seconds(options.stallMs!)} ${silence}`), options.stallMs);
  };
  armStall();
  const stopListening = options.liveness?.onActivity(armStall);
  const onData = (chunk: Buffer) => {
    onChunk(chunk.toString('utf8'));
    armStall();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  // AbortSignal.timeout() (the whole-run limit) aborts with a TimeoutError: that is a timeout.
  const onAbort = () =>
    (config.signal?.reason as Error | undefined)?.name === 'TimeoutError'
      ? killTree('timeout', 'the run reached its time limit')
      : killTree('cancelled', 'cancelled');
  const onStop = () => killTree('stopped', String((options.stop?.reason as Error | undefined)?.message ?? 'stopped'));
  config.signal?.addEventListener('abort', onAbort, { once: true });
  options.stop?.addEventListener('abort', onStop, { once: true });
  if (options.stop?.aborted) onStop();
  return {
    ending,
    release: () => {
      clearTimeout(timeout);
      clearTimeout(stall);
      stopListening?.();
      config.signal?.removeEventListener('abort', onAbort);
      options.stop?.removeEventListener('abort', onStop);
    },
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
