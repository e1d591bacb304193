import { scenarioId } from '../scenarios/hooks.js';
import type { RunReport } from '../report/model.js';

/** What a failure is, for telling the same failure from another: where it happened and what it said. */
export interface FailureSignature {
  /** The first failed phase, or `scenario:<name>@<phase>`, as the report's `failed` names it. */
  phase: string;
  /** Its reason with what differs between runs of the same failure (versions, paths, ids, times) masked. */
  error: string;
}

const MASKS: readonly [RegExp, string][] = [
  [/\b(edge|stable)-\d+\.\d+\.\d+\b/g, '<release>'],
  [/\d{4}-\d\d-\d\dT[\d:.]+Z?/g, '<time>'],
  [/(?:\/[\w.@+-]+)+/g, '<path>'],
  [/\b[0-9a-f]{12,}\b/g, '<hex>'],
  [/\b\d+(?:\.\d+)?(?:ms|s|m|h)\b/g, '<duration>'],
  [/\(attempt \d+\)/g, '(attempt <n>)'],
  [/-[a-z0-9]{5}\b(?=\W|$)/g, '-<id>'],
  [/\s+/g, ' '],
];

/**
 * A failure's reason as two runs of the same failure both say it: the release under test, the
 * CLI's path, temporary paths, pod name suffixes, digests, durations and which retry of a check
 * gave up all change between them, the failing check's words do not.
 */
export function normaliseError(reason: string): string {
  return MASKS.reduce((text, [pattern, mask]) => text.replace(pattern, mask), reason).trim();
}

/** The report's first failure (a run that did not fail has none). */
export function failureSignature(report: RunReport): FailureSignature | undefined {
  if (report.result !== 'fail') return undefined;
  const phase = report.failed[0];
  if (!phase) return undefined;
  const reason = phase.startsWith('scenario:')
    ? report.scenarios.find((s) => scenarioId(s) === phase)?.reason
    : report.phases.find((p) => p.name === phase)?.reason;
  return { phase, error: normaliseError(reason ?? '') };
}

export function sameFailure(a: FailureSignature, b: FailureSignature): boolean {
  return a.phase === b.phase && a.error === b.error;
}
