import { getOctokit } from '@actions/github';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { aggregate } from '../../src/aggregate/aggregate.js';
import { reproduceCommand, trackIssues } from '../../src/issues/track.js';
import { command, phase, runReport } from '../helpers/report.js';
import { startServer } from '../helpers/http-server.js';

interface Issue {
  number: number;
  title: string;
  body: string;
  labels: { name: string }[];
  state: 'open' | 'closed';
  comments: string[];
}

interface Label {
  name: string;
  color: string;
  description: string | null;
}

/** The few REST endpoints issue tracking uses, on 127.0.0.1, with pagination and a 403 repo. */
let issues: Issue[] = [];
let labels: Label[] = [];
/** The calls that change the repository, in order. */
let changes: string[] = [];
let server: Awaited<ReturnType<typeof startServer>>;

beforeAll(async () => {
  server = await startServer((req, res) => {
    const url = new URL(req.url!, server.url);
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const json = (status: number, value: unknown, headers: Record<string, string> = {}) =>
        res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(value));
      if (url.pathname.startsWith('/repos/o/forbidden/')) return json(403, { message: 'Resource not accessible by integration' });
      const label = /^\/repos\/o\/r\/labels\/([^/]+)$/.exec(url.pathname);
      if (label && req.method === 'GET') {
        const found = labels.find((l) => l.name === decodeURIComponent(label[1]!));
        return found ? json(200, found) : json(404, { message: 'Not Found' });
      }
      if (url.pathname === '/repos/o/r/labels' && req.method === 'POST') {
        const input = JSON.parse(body) as Label;
        if (labels.some((l) => l.name === input.name))
          return json(422, { message: 'Validation Failed', errors: [{ resource: 'Label', code: 'already_exists', field: 'name' }] });
        labels.push({ name: input.name, color: input.color, description: input.description ?? null });
        changes.push(`create label ${input.name}`);
        return json(201, input);
      }
      const list = /^\/repos\/o\/r\/issues$/.exec(url.pathname);
      const one = /^\/repos\/o\/r\/issues\/(\d+)(\/comments)?$/.exec(url.pathname);
      if (list && req.method === 'GET') {
        const open = issues.filter((i) => i.state === 'open' && i.labels.some((l) => l.name === url.searchParams.get('labels')));
        const page = Number(url.searchParams.get('page') ?? 1);
        const size = 2; // small pages: the client must follow Link headers
        const slice = open.slice((page - 1) * size, page * size);
        const next: Record<string, string> =
          page * size < open.length
            ? { link: `<${server.url}/repos/o/r/issues?labels=${url.searchParams.get('labels')}&state=open&page=${page + 1}>; rel="next"` }
            : {};
        return json(200, slice, next);
      }
      if (list && req.method === 'POST') {
        const input = JSON.parse(body) as { title: string; body: string; labels: string[] };
        // What GitHub answers to a body over its limit; a path key with "refused" stands for any failing call.
        if (input.body.length > 65_536 || input.title.includes('refused')) return json(422, { message: 'Validation Failed' });
        const issue: Issue = {
          number: issues.length + 1,
          title: input.title,
          body: input.body,
          labels: input.labels.map((name) => ({ name })),
          state: 'open',
          comments: [],
        };
        issues.push(issue);
        changes.push(`create issue ${issue.number}`);
        return json(201, issue);
      }
      const issue = one ? issues.find((i) => i.number === Number(one[1])) : undefined;
      if (issue && one![2] && req.method === 'POST') {
        issue.comments.push((JSON.parse(body) as { body: string }).body);
        return json(201, { id: issue.comments.length });
      }
      if (issue && req.method === 'PATCH') {
        Object.assign(issue, JSON.parse(body));
        return json(200, issue);
      }
      return json(404, { message: 'Not Found' });
    });
  });
});
afterAll(() => server.close());
beforeEach(() => {
  issues = [];
  labels = [];
  changes = [];
});

const octokit = () => getOctokit('test-token', { baseUrl: server.url });
const failing = (key: string) =>
  runReport({
    pathKey: key,
    from: 'edge-25.10.7',
    result: 'fail',
    phases: [
      phase('upgrade-control-plane', { verdict: 'fail', reason: 'could not render', failedCommand: command({ exitCode: 1, outputTail: 'render error' }) }),
    ],
  });
const unrelated = (n: number): Issue => ({ number: n, title: `other ${n}`, body: 'no marker', labels: [{ name: 'edge-canary' }], state: 'open', comments: [] });

describe('failures become tracked issues', () => {
  it('opens one issue per failing path and phase, then comments, then closes when it passes', async () => {
    const warnings: string[] = [];
    const options = { octokit: octokit(), owner: 'o', repo: 'r', label: 'edge-canary', runUrl: 'https://ci/run/9', warn: (m: string) => warnings.push(m) };
    issues.push(unrelated(1), unrelated(2), unrelated(3));

    const night1 = await trackIssues(aggregate([failing('major-2.19'), runReport({ pathKey: 'major-2.20' })]), options);
    expect(night1).toEqual({ opened: [4], commented: [], closed: [], failed: [] });
    const opened = issues[3]!;
    expect(opened.title).toBe('edge-canary: upgrade path major-2.19 fails at upgrade-control-plane');
    expect(opened.labels).toEqual([{ name: 'edge-canary' }]);
    expect(opened.body).toContain('- Failing step: `upgrade-control-plane`: `could not render`');
    expect(opened.body).toContain('render error');
    expect(opened.body).toContain('npx edge-canary run --from edge-25.10.7 --to edge-26.8.3');
    expect(opened.body).toContain('https://ci/run/9');

    // Pages of two: the tracked issue is on the second page.
    const night2 = await trackIssues(aggregate([failing('major-2.19')]), options);
    expect(night2).toEqual({ opened: [], commented: [4], closed: [], failed: [] });
    expect(opened.comments).toEqual(['Still failing on `edge-25.10.7 → edge-26.8.3`: `upgrade-control-plane`: `could not render` ([run](https://ci/run/9))']);

    const night3 = await trackIssues(aggregate([runReport({ pathKey: 'major-2.19', from: 'edge-25.10.7' })]), options);
    expect(night3).toEqual({ opened: [], commented: [], closed: [4], failed: [] });
    expect(opened.state).toBe('closed');
    expect(opened.comments.at(-1)).toMatch(/^Passing again/);
    expect(issues.slice(0, 3).every((i) => i.state === 'open')).toBe(true);
    expect(warnings).toEqual([]);
  });

  it('tracks warnings apart: one issue per path and place, no nightly comment, closed when it stops; a failure still closes only its own', async () => {
    const options = { octokit: octokit(), owner: 'o', repo: 'r', label: 'edge-canary', runUrl: 'https://ci/run/9', warn: () => undefined };
    const warned = runReport({
      pathKey: 'major-2.19',
      from: 'edge-25.10.7',
      warnings: [
        { where: 'scenario:cli-skew@after-upgrade', step: 'the from CLI against the to control plane', reason: 'run: exit code 2', why: 'not promised' },
      ],
    });
    const night1 = await trackIssues(aggregate([warned]), options);
    expect(night1).toEqual({ opened: [1], commented: [], closed: [], failed: [] });
    const issue = issues[0]!;
    expect(issue.title).toBe('edge-canary: upgrade path major-2.19 warns at scenario:cli-skew@after-upgrade');
    expect(issue.body).toContain('The path still passes.');
    expect(issue.body).toContain('- `the from CLI against the to control plane`: `run: exit code 2`');
    // Still warning, and now also failing elsewhere: the failure gets its own issue, the warning no comment.
    const night2 = await trackIssues(aggregate([{ ...failing('major-2.19'), warnings: warned.warnings }]), options);
    expect(night2).toEqual({ opened: [2], commented: [], closed: [], failed: [] });
    expect(issue.comments).toEqual([]);
    // Passing again with the warning: the failure's issue closes, the warning's stays open.
    const night3 = await trackIssues(aggregate([warned]), options);
    expect(night3).toEqual({ opened: [], commented: [], closed: [2], failed: [] });
    expect(issue.state).toBe('open');
    const night4 = await trackIssues(aggregate([runReport({ pathKey: 'major-2.19', from: 'edge-25.10.7' })]), options);
    expect(night4).toEqual({ opened: [], commented: [], closed: [1], failed: [] });
    expect(issue.comments.at(-1)).toMatch(/^No longer warns/);
  });

  it('creates the label before the first issue it opens, once, and leaves an existing one as it is', async () => {
    const options = { octokit: octokit(), owner: 'o', repo: 'r', label: 'upgrade canary', warn: () => undefined };
    await trackIssues(aggregate([runReport({ pathKey: 'major-2.19' })]), options);
    expect(changes).toEqual([]);
    await trackIssues(aggregate([failing('major-2.19'), failing('major-2.20')]), options);
    expect(changes).toEqual(['create label upgrade canary', 'create issue 1', 'create issue 2']);
    expect(labels).toEqual([{ name: 'upgrade canary', color: expect.stringMatching(/^[0-9a-f]{6}$/), description: expect.stringContaining('edge-canary') }]);

    labels = [{ name: 'edge-canary', color: '000000', description: 'ours' }];
    changes = [];
    await trackIssues(aggregate([failing('previous-edge-1')]), { ...options, label: 'edge-canary' });
    expect(changes).toEqual(['create issue 3']);
    expect(labels).toEqual([{ name: 'edge-canary', color: '000000', description: 'ours' }]);
  });

  it('quotes the last 40 lines of the failing output in a fence that the output cannot close', async () => {
    const tail = [...Array.from({ length: 49 }, (_, i) => `line ${i + 1}`), '```'].join('\n');
    const report = runReport({
      pathKey: 'long',
      result: 'fail',
      phases: [phase('check-proxies', { verdict: 'fail', reason: 'r', failedCommand: command({ exitCode: 1, outputTail: tail }) })],
    });
    await trackIssues(aggregate([report]), { octokit: octokit(), owner: 'o', repo: 'r', label: 'edge-canary', warn: () => undefined });
    const quoted = [...Array.from({ length: 39 }, (_, i) => `line ${i + 11}`), '```'].join('\n');
    expect(issues[0]!.body).toContain(`Last output:\n\n\`\`\`\`\n${quoted}\n\`\`\`\`\n\nReproduce locally:`);
  });

  it('warns and continues without permission (403)', async () => {
    const warnings: string[] = [];
    const result = await trackIssues(aggregate([failing('major-2.19')]), {
      octokit: octokit(),
      owner: 'o',
      repo: 'forbidden',
      label: 'edge-canary',
      warn: (m) => warnings.push(m),
    });
    expect(result).toEqual({ opened: [], commented: [], closed: [], failed: [] });
    expect(warnings[0]).toMatch(/cannot manage issues in o\/forbidden \(HTTP 403\): give the job 'issues: write' permission/);
  });

  it('trims a body to what the API accepts, pointing at the full report', async () => {
    const huge = runReport({
      pathKey: 'huge',
      result: 'fail',
      run: { url: 'https://ci/run/7' },
      phases: [
        phase('upgrade-control-plane', {
          verdict: 'fail',
          reason: 'r'.repeat(80_000),
          failedCommand: command({ exitCode: 1, outputTail: Array(60).fill('x'.repeat(2000)).join('\n') }),
        }),
      ],
    });
    const result = await trackIssues(aggregate([huge]), { octokit: octokit(), owner: 'o', repo: 'r', label: 'edge-canary', warn: () => undefined });
    expect(result.opened).toHaveLength(1);
    const body = issues.at(-1)!.body;
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body).toMatch(/<!-- edge-canary: path=huge phase=upgrade-control-plane -->/);
    expect(body).toMatch(/cut to fit an issue; the full report: \[run\]\(https:\/\/ci\/run\/7\)\)$/);
  });

  it('reports a failing call for one path and still tracks the others', async () => {
    const warnings: string[] = [];
    const result = await trackIssues(aggregate([failing('refused-1'), failing('major-2.19')]), {
      octokit: octokit(),
      owner: 'o',
      repo: 'r',
      label: 'edge-canary',
      warn: (m) => warnings.push(m),
    });
    expect(result).toEqual({ opened: [1], commented: [], closed: [], failed: ['refused-1'] });
    expect(issues.map((i) => i.title)).toEqual(['edge-canary: upgrade path major-2.19 fails at upgrade-control-plane']);
    expect(warnings).toEqual([expect.stringMatching(/^could not update the issue of path refused-1: Validation Failed/)]);
  });

  it('names the install method in the local command of a Helm path', () => {
    expect(
      reproduceCommand({
        key: 'k-helm',
        name: 'n',
        from: 'edge-26.8.2',
        via: [],
        to: 'edge-26.8.3',
        installMethod: 'helm',
        result: 'fail',
        phases: [],
        scenarios: [],
      }),
    ).toBe('npx edge-canary run --from edge-26.8.2 --to edge-26.8.3 --install-method helm');
  });

  it('gives the exact local command, hops and Kubernetes version included', () => {
    expect(
      reproduceCommand({
        key: 'k',
        name: 'n',
        from: 'edge-25.10.7',
        via: ['edge-26.6.3'],
        to: 'edge-26.8.3',
        kubernetesVersion: 'v1.34.0',
        result: 'fail',
        phases: [],
        scenarios: [],
      }),
    ).toBe('npx edge-canary run --from edge-25.10.7 --via edge-26.6.3 --to edge-26.8.3 --kubernetes-version v1.34.0');
  });
});
