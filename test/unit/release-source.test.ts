import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/inputs/input-error.js';
import { fetchReleases, loadReleasesFile } from '../../src/versions/release-source.js';
import { ReleaseList } from '../../src/versions/releases.js';
import { RELEASES_FIXTURE } from '../helpers/releases.js';
import { startServer } from '../helpers/http-server.js';

describe('releases file', () => {
  it('loads the real-shaped fixture', async () => {
    const releases = await loadReleasesFile(RELEASES_FIXTURE);
    expect(releases.length).toBeGreaterThan(400);
    expect(new ReleaseList(releases).latestEdge()?.tag).toBe('edge-26.8.3');
  });

  it.each([
    ['missing', null, /invalid releases-file ".*missing.json": cannot be read \(ENOENT\)/],
    ['not json', 'tag: edge-1', /is not JSON/],
    ['wrong shape', '{"releases": []}', /expected a JSON array of \{tag, date, commit\} objects; at \/ must be array/],
    ['missing field', '[{"tag": "edge-26.8.3", "date": "2026-08-21T00:00:00Z"}]', /at \/0 must have required property 'commit'/],
    ['bad date', '[{"tag": "edge-26.8.3", "date": "yesterday", "commit": "abc"}]', /edge-26.8.3 has an unparseable date "yesterday"/],
  ])('rejects a %s file, naming the input', async (name, content, message) => {
    const dir = await mkdtemp(join(tmpdir(), 'releases-'));
    const path = join(dir, content === null ? 'missing.json' : 'releases.json');
    if (content !== null) await writeFile(path, content);
    const error = await loadReleasesFile(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).input).toBe('releases-file');
    expect((error as Error).message).toMatch(message);
  });
});

describe('GitHub API release list', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  const auth: (string | undefined)[] = [];
  let failNextReleases = true;

  beforeAll(async () => {
    server = await startServer((req, res) => {
      auth.push(req.headers.authorization);
      const url = new URL(req.url!, 'http://x');
      const json = (body: unknown, headers: Record<string, string> = {}) =>
        res.writeHead(200, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
      if (url.pathname === '/repos/linkerd/linkerd2/releases') {
        if (failNextReleases) {
          failNextReleases = false;
          res.writeHead(502).end('bad gateway');
          return;
        }
        if (url.searchParams.get('page') === '2') {
          return json([{ tag_name: 'edge-26.6.3', published_at: '2026-06-18T14:00:33Z', created_at: 'x', target_commitish: 'main' }]);
        }
        return json(
          [
            { tag_name: 'edge-26.7.1', published_at: '2026-07-16T18:03:53Z', created_at: 'x', target_commitish: 'main' },
            { tag_name: 'edge-26.7.2', published_at: null, created_at: '2026-07-24T15:37:41Z', target_commitish: 'main' },
          ],
          { link: `<${server.url}/repos/linkerd/linkerd2/releases?per_page=100&page=2>; rel="next", <x>; rel="last"` },
        );
      }
      if (url.pathname === '/repos/linkerd/linkerd2/git/matching-refs/tags/version-') {
        return json([
          { ref: 'refs/tags/version-2.20', object: { sha: 'c0ffee', type: 'commit' } },
          { ref: 'refs/tags/version-2.19', object: { sha: 'a11ce', type: 'tag' } },
        ]);
      }
      if (url.pathname === '/repos/linkerd/linkerd2/commits/c0ffee') return json({ commit: { committer: { date: '2026-06-22T22:51:59Z' } } });
      if (url.pathname === '/repos/linkerd/linkerd2/git/tags/a11ce') return json({ tagger: { date: '2025-10-29T21:50:08Z' }, object: { sha: 'b0b' } });
      res.writeHead(404).end('{}');
    });
  });
  afterAll(() => server.close());

  it('reads every page, retries a 5xx, dates version tags by commit or annotated tag, sends the token', async () => {
    const releases = await fetchReleases({ apiUrl: server.url, repo: 'linkerd/linkerd2', token: 'tok3n-value' });
    expect(releases).toEqual([
      { tag: 'edge-26.7.1', date: '2026-07-16T18:03:53Z', commit: 'main' },
      { tag: 'edge-26.7.2', date: '2026-07-24T15:37:41Z', commit: 'main' },
      { tag: 'edge-26.6.3', date: '2026-06-18T14:00:33Z', commit: 'main' },
      { tag: 'version-2.20', date: '2026-06-22T22:51:59Z', commit: 'c0ffee' },
      { tag: 'version-2.19', date: '2025-10-29T21:50:08Z', commit: 'b0b' },
    ]);
    expect(auth.every((a) => a === 'Bearer tok3n-value')).toBe(true);
    const list = new ReleaseList(releases);
    expect(list.majorReleasePoints().find((p) => p.major === '2.20')?.edge).toBe('edge-26.6.3');
  });

  it('fails with the status on a 4xx, without retrying', async () => {
    const before = server.requests.length;
    await expect(fetchReleases({ apiUrl: server.url, repo: 'nobody/nothing' })).rejects.toThrow(/GitHub API \/repos\/nobody\/nothing\/releases: HTTP 404/);
    expect(server.requests.length - before).toBe(1);
  });
});

describe('GitHub API unreachable', () => {
  it('names the URL and the network error', async () => {
    const refused = await startServer(() => undefined);
    const url = refused.url;
    await refused.close();
    await expect(fetchReleases({ apiUrl: url, repo: 'linkerd/linkerd2' })).rejects.toThrow(
      new RegExp(`GitHub API ${url}/repos/linkerd/linkerd2/releases\\?per_page=100: fetch failed \\(.*ECONNREFUSED`),
    );
  }, 20_000);
});
