import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { getOctokit } from '@actions/github';
import { defaults as octokitDefaults } from '@actions/github/lib/utils';
import { boundedFetch } from '../process/http.js';
import { InputError } from '../inputs/input-error.js';
import { prefixWithin } from '../process/text-cut.js';
import { DATA_FILE_LIMIT_BYTES, readInputFileIfExists } from '../inputs/read-file.js';
import type { ReportConfig } from '../inputs/command-validate.js';
import { trackIssues, type TrackResult } from '../issues/track.js';
import type { UpgradePath } from '../matrix/paths.js';
import { aggregate, parseAggregate, type Aggregate } from '../aggregate/aggregate.js';
import { loadRunReports } from '../aggregate/load.js';
import { aggregateMarkdown } from '../aggregate/summary.js';
import { attachBisects, loadBisectReports } from '../bisect/findings.js';
import { compareEdges, parseTag } from '../versions/tag.js';
import { nothingDownloaded } from './downloads.js';

export interface ReportResult {
  aggregate: Aggregate;
  aggregatePath: string;
  markdown: string;
  issues?: TrackResult;
  /** For a bisect job's `strategy.matrix`: the new failures a bisect can take. */
  newFailurePaths: { include: Record<string, string>[] };
}

/** What the report command aggregates: its options, with the matrix's paths read. */
export type ReportInput = Omit<ReportConfig, 'paths'> & { paths?: readonly UpgradePath[] };

/** The report options with the `paths` input (the matrix's JSON output) read into paths. */
export function reportInput(config: ReportConfig): ReportInput {
  const { paths, ...rest } = config;
  return paths === undefined ? rest : { ...rest, paths: parsePaths(paths) };
}

/** Aggregates the jobs' reports, writes aggregate.json and summary.md, and tracks issues if asked. */
export async function buildReport(config: ReportInput, hooks: { warn: (m: string) => void; runUrl?: string; signal?: AbortSignal }): Promise<ReportResult> {
  // With the matrix's paths, no folder at all means no job uploaded: each path is listed as missing.
  const none = config.paths !== undefined && (await nothingDownloaded(config.reportsDir));
  const reports = none ? [] : (await loadRunReports(config.reportsDir)).map((r) => r.report);
  const paths = config.paths ?? [];
  const previous = config.previous ? await readPrevious(config.previous, hooks.warn) : undefined;
  const aggregated = aggregate(reports, paths, previous);
  const agg = config.bisect && !none ? attachBisects(aggregated, await loadBisectReports(config.reportsDir)) : aggregated;
  const markdown = aggregateMarkdown(agg);
  await mkdir(config.outputDir, { recursive: true });
  const aggregatePath = join(config.outputDir, 'aggregate.json');
  await writeFile(aggregatePath, `${JSON.stringify(agg, null, 2)}\n`);
  await writeFile(join(config.outputDir, 'summary.md'), markdown);
  let issues: TrackResult | undefined;
  if (config.openIssues && config.repository && config.githubToken) {
    issues = await trackIssues(agg, {
      octokit: issuesClient(config.githubToken, hooks.signal),
      ...config.repository,
      label: config.issueLabel,
      warn: hooks.warn,
      ...(hooks.runUrl ? { runUrl: hooks.runUrl } : {}),
    });
  }
  return { aggregate: agg, aggregatePath, markdown, newFailurePaths: newFailurePaths(agg, previous), ...(issues ? { issues } : {}) };
}

/**
 * The issues API client: every request bounded (process/http.ts), through the toolkit's proxy
 * fetch, and the token sent to the API's origin only, never to a host a next-page link or a
 * redirect names.
 */
function issuesClient(token: string, signal?: AbortSignal): ReturnType<typeof getOctokit> {
  const baseUrl = process.env.GITHUB_API_URL || 'https://api.github.com';
  const fetch = boundedFetch({
    apiOrigin: baseUrl,
    ...(signal ? { signal } : {}),
    ...(octokitDefaults.request?.fetch ? { fetch: octokitDefaults.request.fetch } : {}),
  });
  return getOctokit(token, { baseUrl, request: { fetch } });
}

/**
 * New failures of one hop that failed (not errored: an error has no failure to look for), with
 * the `to` that passed the night before as the known-good release when it lies between them.
 */
function newFailurePaths(agg: Aggregate, previous?: Aggregate): { include: Record<string, string>[] } {
  const fresh = new Set(agg.changes?.newFailures ?? []);
  const include = agg.paths
    .filter((p) => fresh.has(p.key) && p.result === 'fail' && !p.via?.length && p.from && p.to && p.kubernetesVersion)
    .map((p) => {
      const good = previous?.paths.find((q) => q.key === p.key && q.result === 'pass')?.to;
      const between = good && isEdge(good) && isEdge(p.from!) && isEdge(p.to!) && compareEdges(p.from!, good) <= 0 && compareEdges(good, p.to!) < 0;
      return {
        key: p.key,
        from: p.from!,
        to: p.to!,
        'kubernetes-version': p.kubernetesVersion!,
        'kind-version': p.kindVersion ?? '',
        ...(between ? { good } : {}),
      };
    });
  return { include };
}

const isEdge = (tag: string) => parseTag(tag)?.kind === 'edge';

function parsePaths(json: string): UpgradePath[] {
  try {
    const value = JSON.parse(json) as unknown;
    const isPath = (p: unknown) =>
      typeof p === 'object' && p !== null && ['key', 'from', 'to'].every((k) => typeof (p as Record<string, unknown>)[k] === 'string');
    if (Array.isArray(value) && value.every(isPath)) return value as UpgradePath[];
  } catch {
    // fall through to the error below
  }
  throw new InputError('paths', prefixWithin(json, 80, 'chars'), "expected the matrix sub-action's `paths` output (a JSON list)");
}

/** A missing previous aggregate (the first night, an expired artifact) is a warning, not an error. */
async function readPrevious(path: string, warn: (m: string) => void): Promise<Aggregate | undefined> {
  const text = await readInputFileIfExists(path, { input: 'previous', maxBytes: DATA_FILE_LIMIT_BYTES });
  if (text === undefined) {
    warn(`no previous aggregate at ${path}: not comparing with the last run`);
    return undefined;
  }
  return parseAggregate('previous', path, text);
}
