import type { getOctokit } from '@actions/github';
import type { Aggregate, PathSummary } from '../aggregate/aggregate.js';
import { tailBlock } from '../report/markdown.js';

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
}

interface OpenIssue {
  number: number;
  body?: string | null;
}

/** Hidden in the body: what an issue tracks, so titles can be edited without losing it. */
const marker = (key: string, phase: string) => `<!-- edge-canary: path=${key} phase=${phase} -->`;
const MARKER = /<!-- edge-canary: path=(\S+) phase=(\S+) -->/;

/**
 * For each failing path and phase, one open issue with the label: opened with what broke and
 * how to reproduce it, or commented on when it already exists. Issues of paths that pass
 * again are closed with a comment. Without permission (403), it warns and stops.
 */
export async function trackIssues(agg: Aggregate, options: TrackOptions): Promise<TrackResult> {
  const { octokit, owner, repo, label } = options;
  const done: TrackResult = { opened: [], commented: [], closed: [] };
  try {
    const open: OpenIssue[] = await octokit.paginate(octokit.rest.issues.listForRepo, { owner, repo, labels: label, state: 'open', per_page: 100 });
    const tracked = new Map<string, OpenIssue>();
    for (const issue of open) {
      const m = MARKER.exec(issue.body ?? '');
      if (m) tracked.set(`${m[1]} ${m[2]}`, issue);
    }
    for (const path of agg.paths) {
      if ((path.result === 'fail' || path.result === 'error') && path.firstFailure) {
        const existing = tracked.get(`${path.key} ${path.firstFailure.phase}`);
        if (existing) {
          await octokit.rest.issues.createComment({ owner, repo, issue_number: existing.number, body: stillFailingComment(path, options.runUrl) });
          done.commented.push(existing.number);
        } else {
          const created = await octokit.rest.issues.create({ owner, repo, title: issueTitle(path), body: issueBody(path, options.runUrl), labels: [label] });
          done.opened.push(created.data.number);
        }
      } else if (path.result === 'pass') {
        for (const [trackedKey, issue] of tracked) {
          if (!trackedKey.startsWith(`${path.key} `)) continue;
          await octokit.rest.issues.createComment({
            owner,
            repo,
            issue_number: issue.number,
            body: `Passing again: ${path.name}${options.runUrl ? ` ([run](${options.runUrl}))` : ''}. Closing.`,
          });
          await octokit.rest.issues.update({ owner, repo, issue_number: issue.number, state: 'closed', state_reason: 'completed' });
          done.closed.push(issue.number);
        }
      }
    }
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status !== 403 && status !== 401) throw error;
    options.warn(`cannot manage issues in ${owner}/${repo} (HTTP ${status}): give the job 'issues: write' permission; continuing without them`);
  }
  return done;
}

export function issueTitle(path: PathSummary): string {
  return `edge-canary: upgrade path ${path.key} fails at ${path.firstFailure?.phase}`;
}

/** The exact command that reproduces the path locally. */
export function reproduceCommand(path: PathSummary): string {
  const args = ['npx edge-canary run', `--from ${path.from}`, ...(path.via ?? []).map((v) => `--via ${v}`), `--to ${path.to}`];
  if (path.kubernetesVersion) args.push(`--kubernetes-version ${path.kubernetesVersion}`);
  if (path.kindVersion) args.push(`--kind-version ${path.kindVersion}`);
  return args.join(' ');
}

/** Output lines quoted in an issue: enough to recognise the failure, short enough to read. */
const ISSUE_TAIL_LINES = 40;

function issueBody(path: PathSummary, runUrl?: string): string {
  const f = path.firstFailure!;
  return [
    marker(path.key, f.phase),
    `The nightly upgrade canary fails on **${path.name}**.`,
    '',
    `- From: \`${path.from}\`${path.via?.length ? `, via ${path.via.map((v) => `\`${v}\``).join(', ')}` : ''}, to: \`${path.to}\``,
    `- Failing step: \`${f.phase}\`: ${f.reason}`,
    ...(f.command ? [`- Command: \`${f.command.replace(/`/g, "'")}\``] : []),
    ...(path.runUrl || runUrl ? [`- Run: ${path.runUrl ?? runUrl}`] : []),
    '',
    ...(f.outputTail ? ['Last output:', '', ...tailBlock(f.outputTail, ISSUE_TAIL_LINES), ''] : []),
    'Reproduce locally:',
    '',
    '```sh',
    reproduceCommand(path),
    '```',
    '',
    'This issue is closed automatically when the path passes again.',
  ].join('\n');
}

function stillFailingComment(path: PathSummary, runUrl?: string): string {
  const f = path.firstFailure!;
  return `Still failing on ${path.name}: \`${f.phase}\`: ${f.reason}${path.runUrl || runUrl ? ` ([run](${path.runUrl ?? runUrl}))` : ''}`;
}
