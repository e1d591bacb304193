import type { RunReport, RunResult } from '../report/model.js';
import { failureSignature, sameFailure, type FailureSignature } from './signature.js';

/**
 * What one probe showed: `same-failure` (the failure being bisected), `other-failure` (it
 * failed, but elsewhere or otherwise: not this failure), `pass`, or `error` (it could not
 * tell, even when tried again: never counted as good).
 */
export type ProbeVerdict = 'same-failure' | 'other-failure' | 'pass' | 'error' | 'cancelled';

export interface Probe {
  /** The release probed (the `to` or the `from` being bisected). */
  version: string;
  from: string;
  to: string;
  verdict: ProbeVerdict;
  result: RunResult | 'running';
  /** 2 when the first attempt errored and it was run again. */
  attempts: number;
  durationMs: number;
  failure?: FailureSignature;
  reportDir: string;
}

/** One canary run of a candidate: its report and where it was written. */
export type ProbeRunner = (version: string, attempt: number) => Promise<{ report: RunReport; reportDir: string }>;

export interface SearchOutcome {
  /** The first release (from the good side) that fails the same way; undefined when cancelled. */
  firstBad?: string;
  /** Releases between the last good one and firstBad that errored: the first bad may be one of them. */
  undecided: string[];
  probes: Probe[];
}

/** Without a failure to compare with (reproducing it), any failure is the one. */
function verdictOf(report: RunReport, failure: FailureSignature | undefined): { verdict: ProbeVerdict; failure?: FailureSignature } {
  if (report.result === 'pass') return { verdict: 'pass' };
  if (report.result === 'cancelled') return { verdict: 'cancelled' };
  const seen = failureSignature(report);
  if (!seen) return { verdict: 'error' };
  return { verdict: !failure || sameFailure(seen, failure) ? 'same-failure' : 'other-failure', failure: seen };
}

/** Runs a candidate, and once more when it errors (a flaky cluster must not decide a bisect). */
export async function probeOnce(version: string, failure: FailureSignature | undefined, run: ProbeRunner): Promise<Probe> {
  let attempts = 0;
  let durationMs = 0;
  for (;;) {
    attempts += 1;
    const { report, reportDir } = await run(version, attempts);
    durationMs += report.durationMs;
    const seen = verdictOf(report, failure);
    if (seen.verdict !== 'error' || attempts === 2) {
      const to = report.to ?? report.requested.to;
      const from = report.from ?? report.requested.from;
      return {
        version,
        from,
        to,
        verdict: seen.verdict,
        result: report.result,
        attempts,
        durationMs,
        reportDir,
        ...(seen.failure ? { failure: seen.failure } : {}),
      };
    }
  }
}

/**
 * Binary search for the first candidate that fails as `failure` does. `candidates` are the
 * releases strictly between the known-good one and `bad`, ordered from the good side; `bad`
 * is known to fail that way. A passing or otherwise failing probe moves the search past it;
 * an erroring one is set aside (never counted as good) and the search goes on without it.
 * ceil(log2(candidates + 1)) probes at most when none errors.
 */
export async function searchFirstBad(candidates: readonly string[], bad: string, failure: FailureSignature, run: ProbeRunner): Promise<SearchOutcome> {
  const open = [...candidates];
  const probes: Probe[] = [];
  const errored = new Set<string>();
  let low = 0;
  let high = open.length;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    const probe = await probeOnce(open[middle]!, failure, run);
    probes.push(probe);
    if (probe.verdict === 'cancelled') return { undecided: [], probes };
    if (probe.verdict === 'same-failure') high = middle;
    else if (probe.verdict === 'error') {
      errored.add(open[middle]!);
      open.splice(middle, 1);
      high -= 1;
    } else low = middle + 1;
  }
  const firstBad = open[low] ?? bad;
  // Errored releases after the last one left on the good side, and before firstBad.
  const start = low === 0 ? 0 : candidates.indexOf(open[low - 1]!) + 1;
  const end = firstBad === bad ? candidates.length : candidates.indexOf(firstBad);
  return { firstBad, undecided: candidates.slice(start, end).filter((c) => errored.has(c)), probes };
}
