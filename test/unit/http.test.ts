import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boundedFetch, httpDownload, httpFetch, HttpError, PageGuard, type HttpLimits } from '../../src/process/http.js';
import { startServer } from '../helpers/http-server.js';

const SMALL: HttpLimits = { timeoutMs: 500, maxBytes: 1024, maxRedirects: 3 };

/** Every hostile server of the class, on loopback; `auth` records the Authorization each path got. */
let hostile: Awaited<ReturnType<typeof startServer>>;
/** A second origin (another port), for redirects that leave the first. */
let elsewhere: Awaited<ReturnType<typeof startServer>>;
const auth = new Map<string, string | undefined>();

beforeAll(async () => {
  elsewhere = await startServer((req, res) => {
    auth.set(`elsewhere${req.url}`, req.headers.authorization);
    res.writeHead(200).end('elsewhere');
  });
  hostile = await startServer((req, res) => {
    const path = new URL(req.url!, 'http://x').pathname;
    auth.set(path, req.headers.authorization);
    if (path === '/silent') return; // never answers
    if (path === '/headers-only') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.flushHeaders();
      return; // the body never comes
    }
    if (path === '/endless') {
      res.writeHead(200);
      const pump = () => {
        while (res.write('x'.repeat(256)));
      };
      res.on('drain', pump);
      pump();
      return;
    }
    if (path === '/trickle') {
      res.writeHead(200);
      const drip = setInterval(() => res.write('x'), 20);
      res.on('close', () => clearInterval(drip));
      return;
    }
    if (path === '/announced-huge') return void res.writeHead(200, { 'content-length': String(10 * 1024 * 1024) }).end();
    if (path === '/circle') return void res.writeHead(302, { location: '/circle' }).end();
    if (path === '/to-elsewhere') return void res.writeHead(302, { location: `${elsewhere.url}/landing` }).end();
    if (path === '/to-same-origin') return void res.writeHead(301, { location: '/landing' }).end();
    if (path === '/to-file') return void res.writeHead(302, { location: 'file:///etc/passwd' }).end();
    if (path === '/missing') return void res.writeHead(404).end('no');
    res.writeHead(200).end('fine');
  });
});
afterAll(async () => {
  await hostile.close();
  await elsewhere.close();
});

async function failure(promise: Promise<unknown>): Promise<HttpError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HttpError);
  return error as HttpError;
}

describe('bounded HTTP requests', () => {
  it.each(['/silent', '/headers-only', '/trickle'])('ends a server that does not finish (%s) at the deadline, naming the URL', async (path) => {
    const started = Date.now();
    const error = await failure(httpFetch(`${hostile.url}${path}`, { limits: SMALL }));
    expect(error.failure).toBe('timeout');
    expect(error.message).toBe(`${hostile.url}${path}: no complete answer within 0.5s`);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error.retryable).toBe(false);
  });

  it.each(['/endless', '/announced-huge'])('refuses a body longer than the cap (%s)', async (path) => {
    const error = await failure(httpFetch(`${hostile.url}${path}`, { limits: { ...SMALL, timeoutMs: 10_000 } }));
    expect(error.failure).toBe('too-large');
    expect(error.message).toContain(`${hostile.url}${path}:`);
  });

  it('stops a redirect circle after the allowed number of hops', async () => {
    const before = hostile.requests.length;
    const error = await failure(httpFetch(`${hostile.url}/circle`, { limits: SMALL }));
    expect(error.message).toBe(`${hostile.url}/circle: more than 3 redirects`);
    expect(hostile.requests.length - before).toBe(4);
  });

  it('refuses a redirect to anything but http(s)', async () => {
    expect((await failure(httpFetch(`${hostile.url}/to-file`, { limits: SMALL }))).message).toContain('redirected to a file: URL');
  });

  it('sends the credential to its own origin only, not to the origin a redirect names', async () => {
    const credential = { origin: new URL(hostile.url).origin, authorization: 'Bearer only-for-the-api' };
    const away = await httpFetch(`${hostile.url}/to-elsewhere`, { credential, limits: SMALL });
    expect(await away.text()).toBe('elsewhere');
    expect(auth.get('/to-elsewhere')).toBe('Bearer only-for-the-api');
    expect(auth.get('elsewhere/landing')).toBeUndefined();
    await httpFetch(`${hostile.url}/to-same-origin`, { credential, limits: SMALL });
    expect(auth.get('/landing')).toBe('Bearer only-for-the-api');
    // A credential for another origin is never sent, whatever URL is asked.
    await httpFetch(`${elsewhere.url}/direct`, { credential, limits: SMALL });
    expect(auth.get('elsewhere/direct')).toBeUndefined();
  });

  it("uses a URL's userinfo as its own origin's Basic credential, and never shows it", async () => {
    const withUser = hostile.url.replace('http://', 'http://mirror-user:mirror%20pass@');
    await httpFetch(`${withUser}/plain`, { limits: SMALL });
    expect(auth.get('/plain')).toBe(`Basic ${Buffer.from('mirror-user:mirror pass').toString('base64')}`);
    await httpFetch(`${withUser}/to-elsewhere`, { limits: SMALL });
    expect(auth.get('elsewhere/landing')).toBeUndefined();
    const error = await failure(httpFetch(`${withUser}/silent?token=qs-secret-value`, { limits: SMALL }));
    expect(error.message).not.toMatch(/mirror-user|mirror%20pass|qs-secret-value/);
    expect(error.message).toContain('http://***@127.0.0.1');
  });

  it("ends at once on the caller's cancel, and says when it was the run's time limit", async () => {
    const controller = new AbortController();
    const pending = failure(httpFetch(`${hostile.url}/silent`, { signal: controller.signal, limits: { ...SMALL, timeoutMs: 60_000 } }));
    controller.abort(new Error('received SIGINT'));
    const cancelled = await pending;
    expect(cancelled.message).toBe(`${hostile.url}/silent: cancelled`);
    const limited = await failure(httpFetch(`${hostile.url}/silent`, { signal: AbortSignal.timeout(50), limits: { ...SMALL, timeoutMs: 60_000 } }));
    expect(limited.message).toBe(`${hostile.url}/silent: the run reached its time limit`);
  });

  it('gives a whole answer of any status, and names the URL of a refused connection', async () => {
    const missing = await httpFetch(`${hostile.url}/missing`, { limits: SMALL });
    expect([missing.status, await missing.text()]).toEqual([404, 'no']);
    const gone = await startServer(() => undefined);
    await gone.close();
    const refused = await failure(httpFetch(`${gone.url}/x`, { limits: SMALL }));
    expect(refused.failure).toBe('network');
    expect(refused.message).toMatch(new RegExp(`^${gone.url}/x: fetch failed \\(.*ECONNREFUSED`));
    expect(refused.retryable).toBe(true);
  });
});

describe('bounded downloads', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'http-download-'));
  });

  it('writes the body to the file', async () => {
    await httpDownload(`${hostile.url}/to-same-origin`, join(dir, 'ok'), { limits: SMALL });
    expect(await readFile(join(dir, 'ok'), 'utf8')).toBe('fine');
  });

  it('stops an endless body at the cap, a silent server at the deadline, and a 404 with its status', async () => {
    const endless = await failure(httpDownload(`${hostile.url}/endless`, join(dir, 'endless'), { limits: { ...SMALL, timeoutMs: 10_000 } }));
    expect(endless.failure).toBe('too-large');
    expect((await stat(join(dir, 'endless'))).size).toBeLessThanOrEqual(SMALL.maxBytes + 64 * 1024);
    expect((await failure(httpDownload(`${hostile.url}/trickle`, join(dir, 'trickle'), { limits: SMALL }))).failure).toBe('timeout');
    const silent = await failure(httpDownload(`${hostile.url}/silent`, join(dir, 'silent'), { limits: { ...SMALL, timeoutMs: 60_000, idleMs: 300 } }));
    expect(silent.message).toBe(`${hostile.url}/silent: nothing received for 0.3s`);
    // A trickle is progress: only the whole deadline ends it.
    const trickle = await failure(httpDownload(`${hostile.url}/trickle`, join(dir, 'trickle'), { limits: { ...SMALL, idleMs: 300 } }));
    expect(trickle.message).toBe(`${hostile.url}/trickle: no complete answer within 0.5s`);
    const missing = await failure(httpDownload(`${hostile.url}/missing`, join(dir, 'missing'), { limits: SMALL }));
    expect([missing.failure, missing.status]).toEqual(['status', 404]);
  });
});

describe('a client library through boundedFetch', () => {
  it("moves the library's Authorization to the API origin only", async () => {
    const libraryFetch = boundedFetch({ apiOrigin: hostile.url, limits: SMALL });
    await libraryFetch(`${hostile.url}/to-elsewhere`, { headers: { authorization: 'token lib-token' } });
    expect(auth.get('/to-elsewhere')).toBe('token lib-token');
    expect(auth.get('elsewhere/landing')).toBeUndefined();
    await libraryFetch(`${elsewhere.url}/page2`, { headers: { authorization: 'token lib-token' } });
    expect(auth.get('elsewhere/page2')).toBeUndefined();
  });
});

describe('page guard', () => {
  it('refuses a page read before, and pages past the cap', () => {
    const loop = new PageGuard('GitHub API releases', 10);
    loop.next('http://127.0.0.1:1/r?page=1');
    loop.next('http://127.0.0.1:1/r?page=2');
    expect(() => loop.next('http://127.0.0.1:1/r?page=1')).toThrow(
      'GitHub API releases: the next page http://127.0.0.1:1/r?page=1 was already read (a pagination loop)',
    );
    const capped = new PageGuard('issues', 3);
    for (const page of [1, 2, 3]) capped.next(`http://127.0.0.1:1/i?page=${page}`);
    expect(() => capped.next('http://127.0.0.1:1/i?page=4')).toThrow('issues: more than 3 pages');
  });
});

describe("the runner's proxy", () => {
  it('is used when http_proxy says so, as tool-cache used it', async () => {
    const tunnels: string[] = [];
    // A proxy on loopback whose every tunnel leads to the loopback server `elsewhere`: the
    // client connects to nothing but it, whatever host it names.
    const proxy = createServer();
    proxy.on('connect', (req: IncomingMessage, client: Socket) => {
      tunnels.push(req.url ?? '');
      const upstream = connect(Number(new URL(elsewhere.url).port), '127.0.0.1', () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.pipe(client).pipe(upstream);
      });
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const saved = { http_proxy: process.env.http_proxy, no_proxy: process.env.no_proxy };
    process.env.http_proxy = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    process.env.no_proxy = '';
    try {
      const answer = await httpFetch('http://mirror-user:mirror-pass@mirror.invalid/tool', { limits: SMALL });
      expect(await answer.text()).toBe('elsewhere');
      expect(tunnels).toEqual(['mirror.invalid:80']);
      expect(auth.get('elsewhere/tool')).toBe(`Basic ${Buffer.from('mirror-user:mirror-pass').toString('base64')}`);
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });
});
