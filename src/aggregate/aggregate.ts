import { InputError } from '../inputs/input-error.js';
import type { InstallMethod } from '../inputs/options.js';
import { parseJson } from '../inputs/read-file.js';
import type { UpgradePath } from '../matrix/paths.js';
import type { RunReport, Verdict } from '../report/model.js';
import type { ScenarioVerdict } from '../scenarios/model.js';

export const AGGREGATE_SCHEMA_VERSION = 1;

export type PathResult = 'pass' | 'fail' | 'error' | 'cancelled' | 'skipped' | 'missing';

export interface PathSummary {
  key: string;
  name: string;
  from?: string;
  via?: string[];
  to?: string;
  /** `cli` when absent (reports and paths from before install methods). */
  installMethod?: InstallMethod;
  kubernetesVersion?: string;
  kindVersion?: string;
  result: PathResult;
  /** Why it was skipped or is missing. */
  reason?: string;
  durationMs?: number;
  phases: { name: string; verdict: Verdict; durationMs: number }[];
  scenarios: { name: string; phase: string; verdict: ScenarioVerdict }[];
  firstFailure?: { phase: string; reason: string; command?: string; outputTail?: string };
  /** The run's warnings (a path that passes may have some): where, which step, what. */
  warnings?: { where: string; step: string; reason: string }[];
  /** What the upgrade changed, counted from the run's impact review (its warnings are among `warnings`). */
  impact?: { added: number; removed: number; changed: number; warnings: number };
  runUrl?: string;
  /** What a bisect job of this path found (the report's `bisect` input). */
  bisect?: BisectFinding;
}

/** A bisect job's answer for one path, as an issue tells it. */
export interface BisectFinding {
  over: 'to' | 'from';
  firstBad?: string;
  /** Releases that errored where the first bad may also be. */
  undecided: string[];
  probes: number;
}

export interface Aggregate {
  kind: 'edge-canary-aggregate';
  schemaVersion: typeof AGGREGATE_SCHEMA_VERSION;
  generatedAt: string;
  result: 'pass' | 'fail' | 'error';
  paths: PathSummary[];
  /** Against the previous run's aggregate, when one was given. */
  changes?: { newFailures: string[]; fixed: string[]; stillFailing: string[] };
}

const FAILING: readonly PathResult[] = ['fail', 'error', 'missing', 'cancelled'];

export function isFailing(result: PathResult): boolean {
  return FAILING.includes(result);
}

/** The run attempt a report came from (its run URL ends in /attempts/N), 1 when unknown. */
function attemptOf(report: RunReport): number {
  return Number(/\/attempts\/(\d+)$/.exec(report.run?.url ?? '')?.[1] ?? 1);
}

/**
 * Whether `a` supersedes `b` for the same path: a re-run's artifacts sit next to the first
 * attempt's in the run, and only the latest attempt says how the path stands.
 */
function isLater(a: RunReport, b: RunReport): boolean {
  const byAttempt = attemptOf(a) - attemptOf(b);
  return byAttempt !== 0 ? byAttempt > 0 : a.startedAt > b.startedAt;
}

/** The key a report is tracked by: its path key, else its versions (and its install method, unless the CLI). */
export function reportKey(report: RunReport): string {
  const versions = [report.from ?? report.requested.from, ...(report.via ?? []), report.to ?? report.requested.to].join('->');
  return report.pathKey ?? (report.installMethod && report.installMethod !== 'cli' ? `${versions}-${report.installMethod}` : versions);
}

/**
 * One row per path: from its job's report, or, for a path of the matrix without a report,
 * `missing` (the job died before uploading) or `skipped` (no Kubernetes version fits).
 */
export function aggregate(reports: readonly RunReport[], matrix: readonly UpgradePath[] = [], previous?: Aggregate, now = new Date()): Aggregate {
  const byKey = new Map<string, RunReport>();
  for (const report of reports) {
    const key = reportKey(report);
    const other = byKey.get(key);
    if (!other || isLater(report, other)) byKey.set(key, report);
  }
  const paths: PathSummary[] = [];
  for (const path of matrix) {
    const report = byKey.get(path.key);
    byKey.delete(path.key);
    // The matrix chose the cluster: its versions make the reproduce command exact.
    const cluster = {
      ...(path.kubernetesVersion ? { kubernetesVersion: path.kubernetesVersion } : {}),
      ...(path.kindVersion ? { kindVersion: path.kindVersion } : {}),
    };
    if (report) paths.push({ ...fromReport(report, path.name), ...cluster });
    else
      paths.push({
        key: path.key,
        name: path.name,
        from: path.from,
        via: path.via,
        to: path.to,
        ...(path.installMethod ? { installMethod: path.installMethod } : {}),
        result: path.skipped ? 'skipped' : 'missing',
        reason: path.skipped ?? 'no report: the job failed before uploading one, or its artifact was not downloaded',
        phases: [],
        scenarios: [],
        ...cluster,
      });
  }
  for (const report of byKey.values()) paths.push(fromReport(report));
  const results = paths.map((p) => p.result);
  // A nightly in which no path ran tested nothing: never a pass.
  const noneRan = results.every((r) => r === 'skipped');
  const result = results.includes('fail') ? 'fail' : noneRan || results.some((r) => isFailing(r)) ? 'error' : 'pass';
  return {
    kind: 'edge-canary-aggregate',
    schemaVersion: AGGREGATE_SCHEMA_VERSION,
    generatedAt: now.toISOString(),
    result,
    paths,
    ...(previous ? { changes: compare(paths, previous) } : {}),
  };
}

function fromReport(report: RunReport, name?: string): PathSummary {
  const key = reportKey(report);
  const phases = report.phases.filter((p) => !p.cleanup);
  const failed = phases.find((p) => p.verdict !== 'pass' && p.verdict !== 'warn' && p.verdict !== 'skipped');
  const versions = [report.from ?? report.requested.from, ...(report.via ?? []), report.to ?? report.requested.to];
  return {
    key,
    name: name ?? versions.join(' → '),
    ...(report.from ? { from: report.from } : {}),
    ...(report.via ? { via: report.via } : {}),
    ...(report.to ? { to: report.to } : {}),
    ...(report.installMethod ? { installMethod: report.installMethod } : {}),
    // A report that still says running was left by a job that died before its run ended.
    ...(report.result === 'running' ? { result: 'error', reason: 'the job ended before its run did: the report says running' } : { result: report.result }),
    durationMs: report.durationMs,
    phases: phases.map((p) => ({ name: p.name, verdict: p.verdict, durationMs: p.durationMs })),
    scenarios: report.scenarios.map((sc) => ({ name: sc.name, phase: sc.hop ? `${sc.phase}@${sc.hop}` : sc.phase, verdict: sc.verdict })),
    ...(failed
      ? {
          firstFailure: {
            phase: failed.name,
            reason: failed.reason ?? failed.verdict,
            ...(failed.failedCommand ? { command: failed.failedCommand.argv.join(' '), outputTail: failed.failedCommand.outputTail } : {}),
          },
        }
      : {}),
    ...(report.warnings.length ? { warnings: report.warnings.map((w) => ({ where: w.where, step: w.step, reason: w.reason })) } : {}),
    ...(report.impact
      ? {
          impact: {
            added: report.impact.objects.added.length,
            removed: report.impact.objects.removed.length,
            changed: report.impact.objects.changed.length,
            warnings: report.impact.warnings.length,
          },
        }
      : {}),
    ...(report.run ? { runUrl: report.run.url } : {}),
  };
}

function compare(paths: readonly PathSummary[], previous: Aggregate): NonNullable<Aggregate['changes']> {
  const before = new Map(previous.paths.map((p) => [p.key, p.result]));
  const failingBefore = (key: string) => {
    const r = before.get(key);
    return r !== undefined && isFailing(r);
  };
  return {
    newFailures: paths.filter((p) => isFailing(p.result) && !failingBefore(p.key)).map((p) => p.key),
    fixed: paths.filter((p) => p.result === 'pass' && failingBefore(p.key)).map((p) => p.key),
    stillFailing: paths.filter((p) => isFailing(p.result) && failingBefore(p.key)).map((p) => p.key),
  };
}

const PATH_RESULTS: readonly PathResult[] = ['pass', 'fail', 'error', 'cancelled', 'skipped', 'missing'];

/**
 * A previous aggregate's text, refused (an InputError of `input` naming the file) unless it is
 * an aggregate of this schema version whose paths have a string key and a known result: those
 * are what the comparison with tonight reads.
 */
export function parseAggregate(input: string, path: string, text: string): Aggregate {
  const data = parseJson(input, path, text) as Partial<Aggregate> | null;
  if (data?.kind !== 'edge-canary-aggregate' || data.schemaVersion !== AGGREGATE_SCHEMA_VERSION) {
    throw new InputError(input, path, `is not an edge-canary aggregate of schema version ${AGGREGATE_SCHEMA_VERSION}`);
  }
  const paths: unknown = data.paths;
  const isPath = (p: unknown) =>
    typeof p === 'object' && p !== null && typeof (p as PathSummary).key === 'string' && PATH_RESULTS.includes((p as PathSummary).result);
  if (!Array.isArray(paths) || !paths.every(isPath)) throw new InputError(input, path, 'has paths that are not {key, result} objects of a known result');
  return data as Aggregate;
}
