import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/inputs/input-error.js';
import { fetchReleases, loadReleasesFile, parseReleasesFile, publicApiUrl, rateLimitWaitMs } from '../../src/versions/release-source.js';
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
    ['date without a time', '[{"tag": "edge-26.8.3", "date": "2026-08-21", "commit": "abc"}]', /edge-26.8.3 has an unparseable date "2026-08-21"/],
    [
      'date before Linkerd',
      '[{"tag": "edge-26.8.3", "date": "1970-01-01T00:00:00Z", "commit": "abc"}]',
      /edge-26.8.3 has the absurd date 1970-01-01T00:00:00Z/,
    ],
    ['date in the future', '[{"tag": "edge-26.8.3", "date": "9999-12-31T00:00:00Z", "commit": "abc"}]', /absurd date 9999-12-31/],
    ['year 275760', '[{"tag": "edge-26.8.3", "date": "+275760-09-13T00:00:00Z", "commit": "abc"}]', /unparseable date/],
    [
      'duplicate tag',
      '[{"tag": "edge-26.8.3", "date": "2026-08-21T00:00:00Z", "commit": "a"}, {"tag": "edge-26.8.3", "date": "2026-08-22T00:00:00Z", "commit": "b"}]',
      /lists the tag edge-26.8.3 twice/,
    ],
    ['path in a tag', '[{"tag": "../edge-26.8.3", "date": "2026-08-21T00:00:00Z", "commit": "a"}]', /at \/0\/tag must match pattern/],
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

describe('release-list parser, property-based', () => {
  const NOW = Date.parse('2026-11-29T00:00:00Z');
  const release = fc.record({
    tag: fc.oneof(fc.constantFrom('edge-26.8.3', 'stable-2.14.10', 'version-2.19'), fc.string({ unit: 'grapheme-ascii', maxLength: 20 })),
    date: fc.oneof(
      fc.date({ min: new Date('2010-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
      fc.string({ maxLength: 30 }),
    ),
    commit: fc.string({ maxLength: 50 }),
  });
  const text = fc.oneof(
    fc.array(release, { maxLength: 8 }).map((r) => JSON.stringify(r)),
    fc.json(),
    fc.string(),
  );

  it('accepts a list only with unique, well-formed tags and sane dates; refuses anything else as bad input naming the file', () => {
    fc.assert(
      fc.property(text, (t) => {
        let releases;
        try {
          releases = parseReleasesFile('releases.json', t, NOW);
        } catch (error) {
          return error instanceof InputError && error.input === 'releases-file' && error.value === 'releases.json';
        }
        const tags = releases.map((r) => r.tag);
        return (
          new Set(tags).size === tags.length &&
          tags.every((tag) => /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(tag)) &&
          releases.every((r) => Date.parse(r.date) >= Date.parse('2015-01-01T00:00:00Z') && Date.parse(r.date) <= NOW + 86_400_000)
        );
      }),
      { numRuns: 1000 },
    );
  });

  it('takes back every well-formed list it is given', () => {
    const good = fc.uniqueArray(
      fc.record({
        tag: fc.stringMatching(/^edge-2[0-6]\.(1[0-2]|[1-9])\.[1-9]$/),
        date: fc.date({ min: new Date('2016-01-01'), max: new Date('2026-11-01'), noInvalidDate: true }).map((d) => d.toISOString()),
        commit: fc.stringMatching(/^[0-9a-f]{40}$/),
      }),
      { selector: (r) => r.tag, maxLength: 20 },
    );
    fc.assert(fc.property(good, (list) => JSON.stringify(parseReleasesFile('r.json', JSON.stringify(list), NOW)) === JSON.stringify(list)));
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

describe('GitHub API rate limits, refused tokens and Enterprise servers', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  const auth: (string | undefined)[] = [];
  /** What the next answer to a releases request is, before the list itself. */
  let hurdles: { status: number; headers?: Record<string, string>; body?: string }[] = [];

  beforeAll(async () => {
    server = await startServer((req, res) => {
      auth.push(req.headers.authorization);
      const url = new URL(req.url!, 'http://x');
      if (req.headers.authorization === 'Bearer expired') {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"message":"Bad credentials"}');
        return;
      }
      const hurdle = url.pathname.endsWith('/releases') ? hurdles.shift() : undefined;
      if (hurdle) {
        res.writeHead(hurdle.status, hurdle.headers).end(hurdle.body ?? '{"message":"API rate limit exceeded"}');
        return;
      }
      const body = url.pathname.endsWith('/releases')
        ? [{ tag_name: 'edge-26.8.3', published_at: '2026-08-21T00:00:00Z', created_at: 'x', target_commitish: 'main' }]
        : [];
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  afterAll(() => server.close());

  const source = (extra: Partial<Parameters<typeof fetchReleases>[0]> = {}) => {
    const slept: number[] = [];
    return {
      slept,
      source: { apiUrl: server.url, repo: 'linkerd/linkerd2', sleep: async (ms: number) => void slept.push(ms), ...extra },
    };
  };

  it('waits out a rate limit for the seconds in retry-after, then reads the list', async () => {
    hurdles = [
      { status: 403, headers: { 'retry-after': '7' } },
      { status: 429, headers: { 'retry-after': '2' } },
    ];
    const { slept, source: s } = source();
    expect((await fetchReleases(s)).map((r) => r.tag)).toEqual(['edge-26.8.3']);
    expect(slept).toEqual([7000, 2000]);
  });

  it('waits a minute on a secondary rate limit that gives no time', async () => {
    hurdles = [{ status: 403, body: '{"message":"You have exceeded a secondary rate limit"}' }];
    const { slept, source: s } = source();
    await fetchReleases(s);
    expect(slept).toEqual([60_000]);
  });

  it('fails at once, saying how long, when the limit resets later than is worth waiting', async () => {
    const reset = Math.floor(Date.now() / 1000) + 3600;
    hurdles = [{ status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) } }];
    const { slept, source: s } = source({ maxRateLimitWaitMs: 60_000 });
    await expect(fetchReleases(s)).rejects.toThrow(
      /releases: rate limited \(HTTP 403\) for \d+s more, longer than the 60s worth waiting; a github-token raises the limit/,
    );
    expect(slept).toEqual([]);
  });

  it('gives up on a rate limit that keeps refusing after five waits', async () => {
    hurdles = Array.from({ length: 6 }, () => ({ status: 429, headers: { 'retry-after': '1' } }));
    const { slept, source: s } = source();
    await expect(fetchReleases(s)).rejects.toThrow(/releases: still rate limited \(HTTP 429\) after 5 waits/);
    expect(slept).toEqual([1000, 1000, 1000, 1000, 1000]);
    hurdles = [];
  });

  it('retries anonymously when the token is refused, and keeps to anonymous afterwards', async () => {
    auth.length = 0;
    const { source: s } = source({ token: 'expired' });
    expect((await fetchReleases(s)).map((r) => r.tag)).toEqual(['edge-26.8.3']);
    expect(auth).toEqual(['Bearer expired', undefined, undefined]);
  });

  it('asks github.com, without the Enterprise token, when the runner is on GitHub Enterprise', async () => {
    auth.length = 0;
    const asked: string[] = [];
    const throughLoopback: typeof fetch = (input, init) => {
      asked.push(String(input));
      return fetch(String(input).replace('https://api.github.com', server.url), init);
    };
    const { source: s } = source({ apiUrl: 'https://ghes.example.com/api/v3', token: 'ghes-token', fetch: throughLoopback });
    await fetchReleases(s);
    expect(asked).toEqual([
      'https://api.github.com/repos/linkerd/linkerd2/releases?per_page=100',
      'https://api.github.com/repos/linkerd/linkerd2/git/matching-refs/tags/version-',
    ]);
    expect(auth).toEqual([undefined, undefined]);
  });

  it('tells rate limits from other refusals', async () => {
    const answer = (status: number, headers: Record<string, string> = {}, body = '') => new Response(body, { status, headers });
    const now = 1_000_000_000_000;
    expect(await rateLimitWaitMs(answer(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(now / 1000 + 30) }), now)).toBe(31_000);
    expect(await rateLimitWaitMs(answer(403, { 'x-ratelimit-remaining': '12' }, '{"message":"Resource not accessible"}'), now)).toBeUndefined();
    expect(await rateLimitWaitMs(answer(404, { 'retry-after': '5' }), now)).toBeUndefined();
    expect(publicApiUrl('https://api.github.com')).toBe('https://api.github.com');
    expect(publicApiUrl('https://api.acme.ghe.com')).toBe('https://api.github.com');
    expect(publicApiUrl('http://127.0.0.1:9/')).toBe('http://127.0.0.1:9/');
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

describe('a hostile release API', () => {
  const SMALL = { timeoutMs: 500, maxBytes: 64 * 1024, maxRedirects: 3 };
  let api: Awaited<ReturnType<typeof startServer>>;
  let elsewhere: Awaited<ReturnType<typeof startServer>>;
  const auth: Record<string, string | undefined> = {};
  /** What /repos/<repo>/releases does, per repo. */
  const behaviours: Record<string, (res: import('node:http').ServerResponse) => void> = {};

  beforeAll(async () => {
    elsewhere = await startServer((req, res) => {
      auth[`elsewhere ${req.url}`] = req.headers.authorization;
      res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
    });
    api = await startServer((req, res) => {
      const url = new URL(req.url!, 'http://x');
      auth[url.pathname + url.search] = req.headers.authorization;
      const repo = /^\/repos\/([^/]+\/[^/]+)\/releases$/.exec(url.pathname)?.[1];
      if (repo && behaviours[repo]) return behaviours[repo]!(res);
      res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
    });
    const page = (link: string) => (res: import('node:http').ServerResponse) =>
      res.writeHead(200, { 'content-type': 'application/json', link: `<${link}>; rel="next"` }).end('[]');
    behaviours['h/silent'] = () => undefined;
    behaviours['h/endless'] = (res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const pump = () => {
        while (res.write('[[[[[[[[')); // never a whole document
      };
      res.on('drain', pump);
      pump();
    };
    behaviours['h/self'] = page(`${api.url}/repos/h/self/releases?per_page=100`);
    behaviours['h/away'] = page(`${elsewhere.url}/steal?page=2`);
    behaviours['h/redirect'] = (res) => res.writeHead(302, { location: `${elsewhere.url}/moved` }).end();
    behaviours['h/limited'] = (res) => res.writeHead(429, { 'retry-after': '120' }).end('{"message":"slow down"}');
  });
  afterAll(async () => {
    await api.close();
    await elsewhere.close();
  });

  it.each([
    ['h/silent', /^GitHub API http:\/\/127\.0\.0\.1:\d+\/repos\/h\/silent\/releases\?per_page=100: no complete answer within 0\.5s$/],
    ['h/endless', /^GitHub API http:\/\/127\.0\.0\.1:\d+\/repos\/h\/endless\/releases\?per_page=100: the answer is longer than the 65536 bytes allowed$/],
    [
      'h/self',
      /^GitHub API \/repos\/h\/self\/releases\?per_page=100: the next page http:\/\/127\.0\.0\.1:\d+\/repos\/h\/self\/releases\?per_page=100 was already read \(a pagination loop\)$/,
    ],
  ])('ends %s with an error naming the URL, without retrying it', async (repo, message) => {
    const before = api.requests.length;
    await expect(fetchReleases({ apiUrl: api.url, repo, limits: SMALL })).rejects.toThrow(message);
    expect(api.requests.length - before).toBeLessThanOrEqual(2);
  });

  it('sends the token to the API only: not to a next page or a redirect on another origin', async () => {
    await fetchReleases({ apiUrl: api.url, repo: 'h/away', token: 'api-only-token', limits: SMALL });
    expect(auth['/repos/h/away/releases?per_page=100']).toBe('Bearer api-only-token');
    expect(auth['elsewhere /steal?page=2']).toBeUndefined();
    await fetchReleases({ apiUrl: api.url, repo: 'h/redirect', token: 'api-only-token', limits: SMALL });
    expect(auth['/repos/h/redirect/releases?per_page=100']).toBe('Bearer api-only-token');
    expect(auth['elsewhere /moved']).toBeUndefined();
  });

  it("ends at the run's time limit and at a cancel, however long each request may take", async () => {
    const patient = { ...SMALL, timeoutMs: 60_000 };
    await expect(fetchReleases({ apiUrl: api.url, repo: 'h/silent', limits: patient, signal: AbortSignal.timeout(100) })).rejects.toThrow(
      /h\/silent\/releases\?per_page=100: the run reached its time limit$/,
    );
    const controller = new AbortController();
    const pending = fetchReleases({ apiUrl: api.url, repo: 'h/silent', limits: patient, signal: controller.signal });
    controller.abort(new Error('received SIGTERM'));
    await expect(pending).rejects.toThrow(/h\/silent\/releases\?per_page=100: cancelled$/);
  });

  it("stops waiting out a rate limit at the run's time limit", async () => {
    await expect(fetchReleases({ apiUrl: api.url, repo: 'h/limited', limits: SMALL, signal: AbortSignal.timeout(200) })).rejects.toThrow(
      /h\/limited\/releases\?per_page=100: the run reached its time limit while waiting out a rate limit$/,
    );
  });
});
