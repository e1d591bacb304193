import { AsyncLocalStorage } from 'node:async_hooks';
import { PhaseStop } from '../process/expect-success.js';
import type { CommandRecord } from '../process/runner.js';
import { InputError } from '../inputs/input-error.js';
import type { PhaseReport } from '../report/model.js';
import type { StepWarning } from '../scenarios/model.js';

/**
 * Records phases: each one's timing, verdict and every command run while it was current
 * (AsyncLocalStorage keeps that right when phases overlap).
 */
export class PhaseRecorder {
  readonly phases: PhaseReport[] = [];
  private readonly current = new AsyncLocalStorage<PhaseReport>();

  constructor(private readonly now: () => number = Date.now) {}

  /** For the runner's onCommand. Commands outside any phase are dropped. */
  readonly record = (command: CommandRecord) => this.current.getStore()?.commands.push(command);

  /**
   * Runs `body` as phase `name`. A PhaseStop or any other error ends the phase and is re-thrown
   * as a PhaseStop so the pipeline stops; an InputError is re-thrown as it is (the CLI exits 2
   * on it). `failVerdict` is what a failure means here: in a phase that sets up the starting
   * point (`error`) even a failing command is an error, never an upgrade failure.
   */
  async run<T>(name: string, title: string, body: () => Promise<T>, failVerdict: 'fail' | 'error' = 'error', cleanup = false): Promise<T> {
    const started = this.now();
    const phase: PhaseReport = { name, title, startedAt: new Date(started).toISOString(), durationMs: 0, verdict: 'running', commands: [] };
    if (cleanup) phase.cleanup = true;
    this.phases.push(phase);
    try {
      const result = await this.current.run(phase, body);
      if (phase.verdict === 'running' && phase.warnings?.length) {
        phase.verdict = 'warn';
        phase.reason = phase.warnings.map((w) => w.reason).join('; ');
      }
      if (phase.verdict === 'running') phase.verdict = 'pass';
      return result;
    } catch (error) {
      if (error instanceof PhaseStop) {
        phase.verdict = error.verdict === 'fail' ? failVerdict : error.verdict;
        phase.reason = error.reason;
        if (error.command) phase.failedCommand = error.command;
        throw error;
      }
      phase.verdict = failVerdict;
      phase.reason = error instanceof Error ? error.message : String(error);
      throw error instanceof InputError ? error : new PhaseStop(failVerdict, phase.reason);
    } finally {
      phase.durationMs = this.now() - started;
    }
  }

  /** Adds a warning to the current phase: it ends `warn` unless it fails. */
  warnCurrent(warning: StepWarning): void {
    const phase = this.current.getStore();
    if (phase) (phase.warnings ??= []).push(warning);
  }

  /** Marks the current phase failed without stopping it (scenario results, which must not end the run). */
  flagCurrent(verdict: 'warn' | 'fail' | 'error', reason: string): void {
    const phase = this.current.getStore();
    if (phase) Object.assign(phase, { verdict, reason });
  }
}
