import { cellCode, code, seconds } from '../report/markdown.js';
import type { BisectPlan } from './plan.js';
import type { Probe } from './search.js';
import type { FailureSignature } from './signature.js';

/** Bump on any change a reader of bisect.json could notice. */
export const BISECT_SCHEMA_VERSION = 1;

/**
 * `found`: the first bad release is named; `not-reproduced`: bad passed or failed otherwise;
 * `error`: reproducing it errored twice (nothing is known); `cancelled`.
 */
export type BisectResult = 'found' | 'not-reproduced' | 'error' | 'cancelled';

export interface BisectReport {
  schemaVersion: typeof BISECT_SCHEMA_VERSION;
  result: BisectResult;
  over: BisectPlan['over'];
  fixed: string;
  good: string;
  bad: string;
  /** The failure bisected: from the failing run's report, or from reproducing it at bad (none when it did not reproduce). */
  failure?: FailureSignature;
  /** The run that showed the failure at bad, when it was reproduced here (not a search probe). */
  reproduced?: Probe;
  firstBad?: string;
  /** Releases that errored in the range where the first bad may also be. */
  undecided: string[];
  /** Search probes in the order run. */
  probes: Probe[];
  durationMs: number;
}

const VERDICT_ICON: Record<Probe['verdict'], string> = { 'same-failure': '❌', 'other-failure': '⚠️', pass: '✅', error: '💥', cancelled: '⏹️' };

function probeRow(label: string, p: Probe): string {
  const failure = p.failure ? `${cellCode(p.failure.phase)}` : '';
  return `| ${label} | ${cellCode(p.version)} | ${VERDICT_ICON[p.verdict]} ${p.verdict} | ${p.attempts} | ${seconds(p.durationMs)} | ${failure} |`;
}

/** The job summary: the answer first, then every probe. */
export function bisectMarkdown(r: BisectReport): string {
  const path = r.over === 'to' ? `${code(r.fixed)} -> ?` : `? -> ${code(r.fixed)}`;
  const answer =
    r.result === 'found'
      ? `First bad ${r.over}: ${code(r.firstBad!)}${r.undecided.length ? ` (or one of ${r.undecided.map(code).join(', ')}, which errored)` : ''}.`
      : r.result === 'not-reproduced'
        ? `The failure did not reproduce at ${code(r.bad)}: nothing to bisect.`
        : r.result === 'error'
          ? `Running ${code(r.bad)} to see the failure errored twice: nothing to bisect.`
          : 'Cancelled before an answer.';
  const out = [
    `## edge-canary bisect: ${path}`,
    '',
    answer,
    '',
    `Known good: ${code(r.good)}. Bad: ${code(r.bad)}.${r.failure ? ` Failure: ${code(r.failure.phase)}: ${code(r.failure.error)}.` : ''}`,
    `${r.probes.length} probe(s), ${seconds(r.durationMs)} in all.`,
    '',
    '| Probe | Release | Verdict | Attempts | Duration | Failed at |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  if (r.reproduced) out.push(probeRow('reproduce', r.reproduced));
  r.probes.forEach((p, i) => out.push(probeRow(String(i + 1), p)));
  return `${out.join('\n')}\n`;
}

export function bisectExitCode(r: BisectReport): number {
  return { found: 0, 'not-reproduced': 1, error: 2, cancelled: 130 }[r.result];
}
