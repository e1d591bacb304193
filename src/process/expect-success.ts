import type { CommandRecord, CommandResult } from './runner.js';
import { prefixWithin } from './text-cut.js';

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

// How CLIs start the line that says what went wrong: cobra's `Error:`, Linkerd's `×`, Go's `panic:`, Helm's `Error:`.
const ERROR_LINE = /^\s*(Error:|error:|×|panic:|fatal:|F\d{4} )/;

/**
 * The first line of a failed command's output that says what went wrong: a CLI often prints
 * its usage after it, which would push it out of the output tail. Without such a line, the
 * last line of stderr: `linkerd upgrade` prints its refusal bare, and a CLI's last word before
 * it exits is why.
 */
export function firstErrorLine(result: Pick<CommandResult, 'stdout' | 'stderr'>): string | undefined {
  for (const text of [result.stderr, result.stdout]) {
    const line = text.split('\n').find((l) => ERROR_LINE.test(l));
    if (line) return prefixWithin(line.trim(), 500, 'chars');
  }
  const last = result.stderr
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .at(-1);
  return last === undefined ? undefined : prefixWithin(last, 500, 'chars');
}

/** Throws unless the command exited 0; a stall, timeout or cancel keeps its own wording. */
export function expectSuccess(result: CommandResult, what: string, verdict: 'fail' | 'error' = 'fail'): CommandResult {
  if (result.ok) return result;
  if (result.outcome === 'cancelled') throw new PhaseStop('cancelled', `${what}: cancelled`, result);
  const how = result.outcome === 'exit' ? `exit code ${result.exitCode}` : (result.reason ?? result.outcome);
  const said = result.outcome === 'exit' ? firstErrorLine(result) : undefined;
  throw new PhaseStop(verdict, `${what}: ${how}${said ? ` (${said})` : ''}: ${result.argv.join(' ')}`, result);
}
