import type { CommandRecord, CommandResult } from './runner.js';

/** Every verdict but pass, spelled as the report spells it. */
export type StopVerdict = 'fail' | 'error' | 'skipped' | 'cancelled';

/** A phase ended without passing: the verdict and reason go into the report as they are. */
export class PhaseStop extends Error {
  constructor(
    readonly verdict: StopVerdict,
    readonly reason: string,
    readonly command?: CommandRecord,
  ) {
    super(reason);
    this.name = 'PhaseStop';
  }
}

/** Throws unless the command exited 0; a stall, timeout or cancel keeps its own wording. */
export function expectSuccess(result: CommandResult, what: string, verdict: 'fail' | 'error' = 'fail'): CommandResult {
  if (result.ok) return result;
  if (result.outcome === 'cancelled') throw new PhaseStop('cancelled', `${what}: cancelled`, result);
  const how =
    result.outcome === 'exit' ? `exit code ${result.exitCode}` : (result.reason ?? result.outcome);
  throw new PhaseStop(verdict, `${what}: ${how}: ${result.argv.join(' ')}`, result);
}
