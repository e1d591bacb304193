import type { getOctokit } from '@actions/github';
import type { Aggregate, BisectFinding, PathSummary } from '../aggregate/aggregate.js';
import { PageGuard } from '../process/http.js';
import { cutLine, cutMarkdown } from '../report/cut.js';
import { code, fenced, link, tailBlock } from '../report/markdown.js';
import { ensureLabel } from './label.js';

type Octokit = ReturnType<typeof getOctokit>;

export interface TrackOptions {
  octokit: Octokit;
  owner: string;
  repo: string;
  label: string;
  /** Link to the run that found it (the report job's run). */
  runUrl?: string;
  warn: (message: string) => void;
}

export interface TrackResult {
  opened: number[];
  commented: number[];
  closed: number[];
  /** Keys of paths whose issue could not be updated (each was warned about; the others went on). */
  failed: string[];
}

interface OpenIssue {
  number: number;
  body?: string | null;
}

/** Fifty pages of a hundred open issues with the label: a list longer than that is a broken or hostile server. */
const MAX_ISSUE_PAGES = 50;

/** GitHub refuses an issue body or comment longer than this (characters). */
export const ISSUE_BODY_LIMIT = 65_536;
const TITLE_LIMIT = 256;

/** Hidden in the body: what an issue tracks, so titles can be edited without losing it. Encoded: a key must not end the comment. */
const marker = (key: string, phase: string) => `<!-- edge-canary: path=${encodeURIComponent(key)} phase=${encodeURIComponent(phase)} -->`;
const MARKER = /<!-- edge-canary: path=(\S+) phase=(\S+) -->/;

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The open issues with the label, every page read once: a next page read before ends the list with an error. */
function openIssues({ octokit, owner, repo, label }: TrackOptions): Promise<OpenIssue[]> {
  const pages = new PageGuard(`GitHub API issues of ${owner}/${repo}`, MAX_ISSUE_PAGES);
  return octokit.paginate(octokit.rest.issues.listForRepo, { owner, repo, labels: label, state: 'open', per_page: 100 }, (page) => {
    pages.next(page.url);
    return page.data;
  });
}

/**
 * For each failing path and phase, one open issue with the label: opened with what broke and
 * how to reproduce it, or commented on when it already exists. Issues of paths that pass
 * again are closed with a comment. Without permission (401/403), it warns and stops; any other
 * failed call is warned about and the other paths still get theirs.
 */
export async function trackIssues(agg: Aggregate, options: TrackOptions): Promise<TrackResult> {
  const { octokit, owner, repo, label } = options;
  const done: TrackResult = { opened: [], commented: [], closed: [], failed: [] };
  try {
    const open = await openIssues(options);
    const tracked = new Map<string, OpenIssue>();
    for (const issue of open) {
      const m = MARKER.exec(issue.body ?? '');
      if (m) tracked.set(`${decoded(m[1]!)} ${decoded(m[2]!)}`, issue);
    }
    // Made before the first issue is opened, and only then.
    let labelMade: Promise<void> | undefined;
    const labelReady = () => (labelMade ??= ensureLabel(octokit, owner, repo, label));
    for (const path of agg.paths) {
      try {
        await trackPath(path, tracked, options, done, labelReady);
      } catch (error) {
        if (isPermissionError(error)) throw error;
        done.failed.push(path.key);
        options.warn(`could not update the issue of path ${path.key}: ${(error as Error).message}; the other paths go on`);
      }
    }
  } catch (error) {
    if (!isPermissionError(error)) throw error;
    const status = (error as { status?: number }).status;
    options.warn(`cannot manage issues in ${owner}/${repo} (HTTP ${status}): give the job 'issues: write' permission; continuing without them`);
  }
  return done;
}

function isPermissionError(error: unknown): boolean {
  const status = (error as { status?: number }).status;
  return status === 403 || status === 401;
}

/** Warnings are tracked apart from failures: one issue per path and place that warns, marked `warning:<where>`. */
const WARNING = 'warning:';

async function trackPath(
  path: PathSummary,
  tracked: ReadonlyMap<string, OpenIssue>,
  options: TrackOptions,
  done: TrackResult,
  labelReady: () => Promise<void>,
): Promise<void> {
  const { octokit, owner, repo, label } = options;
  if ((path.result === 'fail' || path.result === 'error') && path.firstFailure) {
    const existing = tracked.get(`${path.key} ${path.firstFailure.phase}`);
    if (existing) {
      await octokit.rest.issues.createComment({ owner, repo, issue_number: existing.number, body: stillFailingComment(path, options.runUrl) });
      done.commented.push(existing.number);
    } else {
      await labelReady();
      const created = await octokit.rest.issues.create({ owner, repo, title: issueTitle(path), body: issueBody(path, options.runUrl), labels: [label] });
      done.opened.push(created.data.number);
    }
  }
  const warnedAt = new Set((path.warnings ?? []).map((w) => w.where));
  // A warning already tracked gets no comment each night: it stays open until it stops.
  for (const where of warnedAt) {
    if (tracked.has(`${path.key} ${WARNING}${where}`)) continue;
    await labelReady();
    const created = await octokit.rest.issues.create({
      owner,
      repo,
      title: warningTitle(path, where),
      body: warningBody(path, where, options.runUrl),
      labels: [label],
    });
    done.opened.push(created.data.number);
  }
  if (path.result !== 'pass') return;
  for (const [trackedKey, issue] of tracked) {
    if (!trackedKey.startsWith(`${path.key} `)) continue;
    const phase = trackedKey.slice(path.key.length + 1);
    if (phase.startsWith(WARNING) && warnedAt.has(phase.slice(WARNING.length))) continue;
    const what = phase.startsWith(WARNING) ? 'No longer warns' : 'Passing again';
    await octokit.rest.issues.createComment({
      owner,
      repo,
      issue_number: issue.number,
      body: within(`${what}: ${code(path.name)}${runLink(path, options.runUrl)}. Closing.`),
    });
    await octokit.rest.issues.update({ owner, repo, issue_number: issue.number, state: 'closed', state_reason: 'completed' });
    done.closed.push(issue.number);
  }
}

function warningTitle(path: PathSummary, where: string): string {
  return withinTitle(`edge-canary: upgrade path ${path.key} warns at ${where}`);
}

/** One line, cut to what the API accepts for a title. */
function withinTitle(text: string): string {
  return cutLine(text, TITLE_LIMIT, 'chars');
}

function warningBody(path: PathSummary, where: string, runUrl?: string): string {
  const run = path.runUrl || runUrl;
  const warnings = (path.warnings ?? []).filter((w) => w.where === where);
  const body = [
    marker(path.key, `${WARNING}${where}`),
    `The nightly upgrade canary warns on ${code(path.name)} at ${code(where)}: something Linkerd's documented upgrade does not promise did not hold. The path still passes.`,
    '',
    ...warnings.map((w) => `- ${code(w.step)}: ${code(w.reason)}`),
    ...(run ? ['', `Run: ${link(run, run)} (its report says why each is only a warning)`] : []),
    '',
    'Reproduce locally:',
    '',
    ...fenced(reproduceCommand(path), 'sh'),
    '',
    'This issue is closed automatically when the path no longer warns here.',
  ].join('\n');
  return within(body, run ? link('run', run) : 'the report artifact');
}

export function issueTitle(path: PathSummary): string {
  return withinTitle(`edge-canary: upgrade path ${path.key} fails at ${path.firstFailure?.phase}`);
}

/** A value as one shell word: plain tags as they are, anything else single-quoted. */
function shellWord(value: string): string {
  return /^[\w.@%+=:,/-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The exact command that reproduces the path locally. */
export function reproduceCommand(path: PathSummary): string {
  const flag = (name: string, value: string) => `--${name} ${shellWord(value)}`;
  const args = ['npx edge-canary run', flag('from', path.from ?? ''), ...(path.via ?? []).map((v) => flag('via', v)), flag('to', path.to ?? '')];
  if (path.kubernetesVersion) args.push(flag('kubernetes-version', path.kubernetesVersion));
  if (path.kindVersion) args.push(flag('kind-version', path.kindVersion));
  if (path.installMethod && path.installMethod !== 'cli') args.push(flag('install-method', path.installMethod));
  return args.join(' ');
}

const runLink = (path: PathSummary, runUrl?: string) => (path.runUrl || runUrl ? ` (${link('run', (path.runUrl || runUrl)!)})` : '');

/** Cut to what the API accepts (GitHub counts characters), balanced, ending with where the whole story is. */
function within(text: string, pointer = ''): string {
  return cutMarkdown(text, ISSUE_BODY_LIMIT, 'chars', `(cut to fit an issue${pointer ? `; the full report: ${pointer}` : ''})`);
}

function issueBody(path: PathSummary, runUrl?: string): string {
  const f = path.firstFailure!;
  const run = path.runUrl || runUrl;
  const render = (tailLines: number) =>
    [
      marker(path.key, f.phase),
      `The nightly upgrade canary fails on ${code(path.name)}.`,
      '',
      `- From: ${code(path.from ?? '')}${path.via?.length ? `, via ${path.via.map(code).join(', ')}` : ''}, to: ${code(path.to ?? '')}`,
      `- Failing step: ${code(f.phase)}: ${code(f.reason)}`,
      ...(path.bisect ? [bisectLine(path.bisect)] : []),
      ...(f.command ? [`- Command: ${code(f.command)}`] : []),
      ...(run ? [`- Run: ${link(run, run)} (the full report is in its artifacts)`] : []),
      '',
      ...(f.outputTail && tailLines > 0 ? ['Last output:', '', ...tailBlock(f.outputTail, tailLines), ''] : []),
      'Reproduce locally:',
      '',
      ...fenced(reproduceCommand(path), 'sh'),
      '',
      'This issue is closed automatically when the path passes again.',
    ].join('\n');
  // Shorter output tails first; a field too long even then is cut at the limit.
  const body = [40, 10].map(render).find((b) => b.length <= ISSUE_BODY_LIMIT) ?? render(0);
  return within(body, run ? link('run', run) : 'the report artifact');
}

/** The first bad release as the bisect job named it (or that it could not). */
function bisectLine(b: BisectFinding): string {
  if (!b.firstBad) return `- Bisect (over ${code(b.over)}): no answer after ${b.probes} probe(s)`;
  const or = b.undecided.length ? ` (or one of ${b.undecided.map(code).join(', ')}, which errored)` : '';
  return `- First bad ${code(b.over)} release (bisect, ${b.probes} probe(s)): ${code(b.firstBad)}${or}`;
}

function stillFailingComment(path: PathSummary, runUrl?: string): string {
  const f = path.firstFailure!;
  const run = path.runUrl || runUrl;
  return within(
    `Still failing on ${code(path.name)}: ${code(f.phase)}: ${code(f.reason)}${runLink(path, runUrl)}`,
    run ? link('run', run) : 'the report artifact',
  );
}
