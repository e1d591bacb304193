import { createWriteStream } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { HttpClient } from '@actions/http-client';
import { fetch as undiciFetch } from 'undici';
import { abortReason } from './abort.js';
import { redactUrlCredentials } from './redact.js';

/**
 * Bounds on one HTTP request, so that no server can hang a run: one that never answers, sends
 * an endless or trickling body, or redirects in a circle.
 */
export interface HttpLimits {
  /** One attempt, from sending the request to the body's last byte. */
  timeoutMs: number;
  /** The largest body read; a longer one, announced or streamed, is an error. */
  maxBytes: number;
  maxRedirects: number;
  /** Longest wait for the answer or the body's next bytes, for requests whose whole time is long. */
  idleMs?: number;
}

/** API answers: JSON pages (a hundred releases are about 1 MiB). */
export const API_LIMITS: HttpLimits = { timeoutMs: 30_000, maxBytes: 16 * 1024 * 1024, maxRedirects: 5 };
/** Tool downloads: the largest (kubectl, a Linkerd CLI) are under 100 MiB. */
export const DOWNLOAD_LIMITS: HttpLimits = { timeoutMs: 10 * 60_000, maxBytes: 512 * 1024 * 1024, maxRedirects: 5, idleMs: 60_000 };

/** An `Authorization` value and the one origin it may be sent to. */
export interface Credential {
  origin: string;
  authorization: string;
}

export interface HttpRequest {
  method?: string;
  headers?: HeadersInit;
  body?: string | null;
  /** Sent to its origin only: never to a host a redirect or a response names. */
  credential?: Credential;
  /** The run's cancel and time limit: aborting it ends the request at once. */
  signal?: AbortSignal;
  limits?: HttpLimits;
  fetch?: typeof fetch;
}

export type HttpFailure = 'timeout' | 'cancelled' | 'too-large' | 'redirects' | 'pages' | 'status' | 'network';

/** A request that did not give a whole answer; the message names the URL (credentials masked). */
export class HttpError extends Error {
  constructor(
    message: string,
    readonly failure: HttpFailure,
    readonly status?: number,
  ) {
    super(message);
  }

  /** Only a network error is worth another attempt: a server that took its whole time had its chance. */
  get retryable(): boolean {
    return this.failure === 'network';
  }
}

/** A URL fit for a message or a report: no userinfo, no credential query values. */
export const shownUrl = (url: string): string => redactUrlCredentials(url);

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * GET (or `method`) with every bound of `limits`, following redirects itself: at most
 * `maxRedirects`, http(s) only, and the credential only on its own origin. The answer's body
 * is read whole (at most `maxBytes`) into the Response returned, whatever its status.
 */
export async function httpFetch(url: string, request: HttpRequest = {}): Promise<Response> {
  const limits = request.limits ?? API_LIMITS;
  return bounded(url, request, limits, async (response, finalUrl, shown, progress) => {
    const body = await readCapped(response, shown, limits.maxBytes, progress);
    const answer = new Response(NULL_BODY.has(response.status) ? null : body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
    Object.defineProperty(answer, 'url', { value: finalUrl });
    return answer;
  });
}

/**
 * Streams `url` into the file `dest` with every bound of `limits`; anything but a 2xx is an
 * HttpError with the status.
 */
export async function httpDownload(url: string, dest: string, request: HttpRequest = {}): Promise<void> {
  const limits = request.limits ?? DOWNLOAD_LIMITS;
  await bounded(url, request, limits, async (response, _finalUrl, shown, progress) => {
    if (!response.ok) {
      await response.body?.cancel();
      throw new HttpError(`${shown}: HTTP ${response.status}`, 'status', response.status);
    }
    tooLargeIfAnnounced(response, shown, limits.maxBytes);
    const body = response.body ? Readable.fromWeb(response.body as NodeReadableStream) : Readable.from([]);
    await pipeline(body, byteCap(shown, limits.maxBytes, progress), createWriteStream(dest));
  });
}

/**
 * A `fetch` for a client library (octokit) with every bound of httpFetch: the Authorization
 * header the library sets goes only to `apiOrigin`.
 */
export function boundedFetch(options: { apiOrigin: string; signal?: AbortSignal; limits?: HttpLimits; fetch?: typeof fetch }): typeof fetch {
  return async (input, init = {}) => {
    const headers = new Headers(init.headers);
    const authorization = headers.get('authorization');
    headers.delete('authorization');
    const signals = [options.signal, init.signal ?? undefined].filter((s): s is AbortSignal => s !== undefined);
    return httpFetch(input instanceof Request ? input.url : String(input), {
      method: init.method ?? 'GET',
      headers,
      body: typeof init.body === 'string' ? init.body : null,
      ...(authorization ? { credential: { origin: new URL(options.apiOrigin).origin, authorization } } : {}),
      ...(signals.length ? { signal: AbortSignal.any(signals) } : {}),
      ...(options.limits ? { limits: options.limits } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  };
}

/** Refuses a paginated list's next page when it was already read (a loop) or is past `maxPages`. */
export class PageGuard {
  private readonly seen = new Set<string>();

  constructor(
    private readonly what: string,
    private readonly maxPages: number,
  ) {}

  next(url: string): void {
    const key = new URL(url).href;
    if (this.seen.has(key)) throw new HttpError(`${this.what}: the next page ${shownUrl(key)} was already read (a pagination loop)`, 'pages');
    if (this.seen.size === this.maxPages) throw new HttpError(`${this.what}: more than ${this.maxPages} pages (last asked: ${shownUrl(key)})`, 'pages');
    this.seen.add(key);
  }
}

/** Statuses whose Response may not carry a body. */
const NULL_BODY = new Set([101, 204, 205, 304]);

/** Runs one attempt under its deadline and the caller's signal, turning every way it ends into an HttpError. */
async function bounded<T>(
  url: string,
  request: HttpRequest,
  limits: HttpLimits,
  consume: (response: Response, finalUrl: string, shown: string, progress: () => void) => Promise<T>,
): Promise<T> {
  const shown = shownUrl(url);
  const deadline = AbortSignal.timeout(limits.timeoutMs);
  const silence = new Silence(limits.idleMs);
  const signal = AbortSignal.any([deadline, silence.signal, ...(request.signal ? [request.signal] : [])]);
  try {
    signal.throwIfAborted();
    const { response, finalUrl } = await follow(new URL(url), request, limits, signal, shown);
    silence.progress();
    return await consume(response, finalUrl, shown, silence.progress);
  } catch (error) {
    if (request.signal?.aborted) throw new HttpError(`${shown}: ${abortReason(request.signal)}`, 'cancelled');
    if (deadline.aborted) throw new HttpError(`${shown}: no complete answer within ${limits.timeoutMs / 1000}s`, 'timeout');
    if (silence.signal.aborted) throw new HttpError(`${shown}: nothing received for ${limits.idleMs! / 1000}s`, 'timeout');
    if (error instanceof HttpError) throw error;
    const cause = (error as { cause?: { message?: string } }).cause?.message;
    throw new HttpError(`${shown}: ${redactUrlCredentials((error as Error).message)}${cause ? ` (${redactUrlCredentials(cause)})` : ''}`, 'network');
  } finally {
    silence.stop();
  }
}

/** Aborts when `ms` pass without progress (the answer's headers, bytes of its body); never without `ms`. */
class Silence {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly ms: number | undefined) {
    this.progress();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  readonly progress = (): void => {
    if (this.ms === undefined) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.controller.abort(), this.ms);
    this.timer.unref();
  };

  stop(): void {
    clearTimeout(this.timer);
  }
}

/**
 * Global fetch, or through the runner's proxy when https_proxy / http_proxy (and no_proxy) say
 * so for `url`, as tool-cache and the toolkit honour them: a self-hosted runner behind a proxy
 * has no other way out.
 */
function proxyAwareFetch(url: string): typeof fetch {
  const dispatcher = new HttpClient().getAgentDispatcher(url);
  if (!dispatcher) return fetch;
  return ((input: string, init: RequestInit) => undiciFetch(input, { ...init, dispatcher } as Parameters<typeof undiciFetch>[1])) as unknown as typeof fetch;
}

async function follow(
  start: URL,
  request: HttpRequest,
  limits: HttpLimits,
  signal: AbortSignal,
  shown: string,
): Promise<{ response: Response; finalUrl: string }> {
  // Credentials in the URL itself (a mirror's user:pass@host) become a Basic credential of that origin.
  const credential = request.credential ?? userinfoCredential(start);
  let target = withoutUserinfo(start);
  let method = request.method ?? 'GET';
  let body = request.body ?? null;
  for (let redirects = 0; ; redirects++) {
    const headers = new Headers(request.headers);
    headers.delete('authorization');
    if (credential && credential.origin === target.origin) headers.set('authorization', credential.authorization);
    const doFetch = request.fetch ?? proxyAwareFetch(target.href);
    const response = await doFetch(target.href, { method, headers, body, redirect: 'manual', signal });
    if (!REDIRECTS.has(response.status)) return { response, finalUrl: target.href };
    await response.body?.cancel();
    const location = response.headers.get('location');
    if (!location) throw new HttpError(`${shown}: HTTP ${response.status} without a location`, 'status', response.status);
    if (redirects === limits.maxRedirects) throw new HttpError(`${shown}: more than ${limits.maxRedirects} redirects`, 'redirects');
    const next = new URL(location, target);
    if (next.protocol !== 'https:' && next.protocol !== 'http:') throw new HttpError(`${shown}: redirected to a ${next.protocol} URL`, 'redirects');
    // A redirect's own userinfo is never used: the server does not choose credentials.
    target = withoutUserinfo(next);
    if (response.status === 303 || (method === 'POST' && response.status <= 302)) {
      method = 'GET';
      body = null;
    }
  }
}

function userinfoCredential(url: URL): Credential | undefined {
  if (!url.username && !url.password) return undefined;
  const pair = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  return { origin: url.origin, authorization: `Basic ${Buffer.from(pair).toString('base64')}` };
}

function withoutUserinfo(url: URL): URL {
  const bare = new URL(url.href);
  bare.username = '';
  bare.password = '';
  return bare;
}

function tooLargeIfAnnounced(response: Response, shown: string, maxBytes: number): void {
  const announced = Number(response.headers.get('content-length') ?? 0);
  if (announced > maxBytes) {
    void response.body?.cancel();
    throw new HttpError(`${shown}: the answer announces ${announced} bytes, more than the ${maxBytes} allowed`, 'too-large');
  }
}

async function readCapped(response: Response, shown: string, maxBytes: number, progress: () => void): Promise<ArrayBuffer> {
  tooLargeIfAnnounced(response, shown, maxBytes);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of (response.body ?? []) as AsyncIterable<Uint8Array>) {
    progress();
    size += chunk.byteLength;
    if (size > maxBytes) throw new HttpError(`${shown}: the answer is longer than the ${maxBytes} bytes allowed`, 'too-large');
    chunks.push(chunk);
  }
  const whole = Buffer.concat(chunks);
  return whole.buffer.slice(whole.byteOffset, whole.byteOffset + whole.byteLength) as ArrayBuffer;
}

function byteCap(shown: string, maxBytes: number, progress: () => void): Transform {
  let size = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      progress();
      size += chunk.length;
      done(size > maxBytes ? new HttpError(`${shown}: the download is longer than the ${maxBytes} bytes allowed`, 'too-large') : null, chunk);
    },
  });
}
