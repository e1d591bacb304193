import { setTimeout as delay } from 'node:timers/promises';
import { Ajv } from 'ajv';
import { InputError } from '../inputs/input-error.js';
import { DATA_FILE_LIMIT_BYTES, readInputFile } from '../inputs/read-file.js';
import { abortReason } from '../process/abort.js';
import { HttpError, httpFetch, PageGuard, shownUrl, type HttpLimits } from '../process/http.js';
import type { Release } from './releases.js';

/** JSON Schema of a releases file: the release list for air-gapped runs and tests. */
export const RELEASES_FILE_SCHEMA = {
  type: 'array',
  items: {
    type: 'object',
    required: ['tag', 'date', 'commit'],
    properties: {
      tag: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$' },
      date: { type: 'string', minLength: 1, maxLength: 64 },
      commit: { type: 'string', maxLength: 200 },
    },
  },
} as const;

const validateReleasesFile = new Ajv({ allErrors: false }).compile<Release[]>(RELEASES_FILE_SCHEMA);

/** An ISO 8601 date and time with a zone, as GitHub writes them. */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
/** No Linkerd release is older than this, and none is from the future. */
const EARLIEST_RELEASE = Date.parse('2015-01-01T00:00:00Z');

export async function loadReleasesFile(path: string): Promise<Release[]> {
  return parseReleasesFile(path, await readInputFile(path, { input: 'releases-file', maxBytes: DATA_FILE_LIMIT_BYTES }), Date.now());
}

/**
 * A releases file's text as a release list, or an InputError naming the file: not JSON, not
 * the shape, a malformed tag, a date that is not an ISO date-time between 2015 and `now`, or a
 * tag given twice.
 */
export function parseReleasesFile(path: string, text: string, now: number): Release[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new InputError('releases-file', path, `is not JSON (${(error as Error).message})`);
  }
  if (!validateReleasesFile(data)) {
    const first = validateReleasesFile.errors?.[0];
    throw new InputError('releases-file', path, `expected a JSON array of {tag, date, commit} objects; at ${first?.instancePath || '/'} ${first?.message}`);
  }
  const seen = new Set<string>();
  for (const r of data) {
    const time = Date.parse(r.date);
    if (!ISO_DATE_TIME.test(r.date) || Number.isNaN(time))
      throw new InputError('releases-file', path, `release ${r.tag} has an unparseable date ${JSON.stringify(r.date)}; expected an ISO 8601 date and time`);
    if (time < EARLIEST_RELEASE || time > now + 86_400_000)
      throw new InputError('releases-file', path, `release ${r.tag} has the absurd date ${r.date}; expected one between 2015 and today`);
    if (seen.has(r.tag)) throw new InputError('releases-file', path, `lists the tag ${r.tag} twice`);
    seen.add(r.tag);
  }
  return data;
}

/** github.com's REST API: where linkerd/linkerd2 and its releases live. */
export const GITHUB_COM_API = 'https://api.github.com';

export interface GitHubSource {
  /**
   * REST API root: GITHUB_API_URL on runners, a loopback server in tests. A GitHub Enterprise
   * API is replaced by github.com's (see `publicApiUrl`).
   */
  apiUrl: string;
  repo: string;
  token?: string;
  fetch?: typeof fetch;
  /** The run's cancel and time limit: every request and wait ends when it aborts. */
  signal?: AbortSignal;
  /** Bounds on each request (API_LIMITS unless given). */
  limits?: HttpLimits;
  /** How a rate-limit wait is spent; tests record it instead of sleeping. */
  sleep?: (ms: number) => Promise<void>;
  /** The longest rate-limit wait worth making; a later reset fails at once, saying when. */
  maxRateLimitWaitMs?: number;
}

/**
 * The API to ask for a public github.com repository. On GitHub Enterprise Server GITHUB_API_URL
 * is `https://HOST/api/v3`, and on GHE.com `https://api.SUBDOMAIN.ghe.com` (GitHub docs,
 * "Variables reference"): neither holds linkerd/linkerd2, so the query goes to github.com.
 */
export function publicApiUrl(apiUrl: string): string {
  const url = new URL(apiUrl);
  return /\/api\/v3\/?$/.test(url.pathname) || url.hostname.endsWith('.ghe.com') ? GITHUB_COM_API : apiUrl;
}

/**
 * The release list from the GitHub API: every release (paginated), plus the `version-2.X` git
 * tags, which are not releases, dated by their commit (or annotated tag).
 */
export async function fetchReleases(source: GitHubSource): Promise<Release[]> {
  const get = githubGetter(source);
  const releases: Release[] = [];
  for await (const page of paginate<{ tag_name: string; published_at: string | null; created_at: string; target_commitish: string }>(
    get,
    `/repos/${source.repo}/releases?per_page=100`,
  )) {
    for (const r of page) releases.push({ tag: r.tag_name, date: r.published_at ?? r.created_at, commit: r.target_commitish });
  }
  const refs = (await get(`/repos/${source.repo}/git/matching-refs/tags/version-`)).body as {
    ref: string;
    object: { sha: string; type: string };
  }[];
  for (const ref of refs) {
    const tag = ref.ref.replace('refs/tags/', '');
    if (ref.object.type === 'tag') {
      const annotated = (await get(`/repos/${source.repo}/git/tags/${ref.object.sha}`)).body as {
        tagger: { date: string };
        object: { sha: string };
      };
      releases.push({ tag, date: annotated.tagger.date, commit: annotated.object.sha });
    } else {
      const commit = (await get(`/repos/${source.repo}/commits/${ref.object.sha}`)).body as {
        commit: { committer: { date: string } };
      };
      releases.push({ tag, date: commit.commit.committer.date, commit: ref.object.sha });
    }
  }
  return releases;
}

export type Getter = (pathOrUrl: string) => Promise<{ body: unknown; next?: string }>;

/** linkerd/linkerd2 has about 15 pages of a hundred releases; a list far longer is a broken or hostile server. */
const MAX_PAGES = 100;

/** A GitHub API answer other than 2xx, with its status for callers that expect some (404). */
export class GitHubApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

const DEFAULT_MAX_RATE_LIMIT_WAIT_MS = 5 * 60_000;
/** GitHub's docs: a limit that keeps refusing after waits is an error after some retries. */
const MAX_RATE_LIMIT_WAITS = 5;

/**
 * GET against the GitHub API, with retries for network errors and 5xx, waits for rate limits,
 * and an anonymous retry when the token is refused (401): the release list is public, and a
 * token minted for another server or expired should not stop the run. Every request is bounded
 * (process/http.ts), and the token goes to the API's origin only: never to a host a next-page
 * link or a redirect names.
 */
export function githubGetter(source: Omit<GitHubSource, 'repo'>): Getter {
  const { signal } = source;
  const sleep = source.sleep ?? ((ms: number) => delay(ms, undefined, signal ? { signal } : {}));
  const apiUrl = publicApiUrl(source.apiUrl);
  const apiOrigin = new URL(apiUrl).origin;
  // A token for an Enterprise server is never sent to github.com.
  let token = apiUrl === source.apiUrl ? source.token : undefined;
  return async (pathOrUrl) => {
    const url = pathOrUrl.startsWith('http') ? pathOrUrl : `${apiUrl.replace(/\/$/, '')}${pathOrUrl}`;
    let response = await request(url);
    if (response.status === 401 && token) {
      token = undefined;
      response = await request(url);
    }
    if (!response.ok) {
      throw new GitHubApiError(`GitHub API ${new URL(url).pathname}: HTTP ${response.status} ${(await response.text()).slice(0, 200)}`, response.status);
    }
    return { body: await response.json(), next: nextLink(response.headers.get('link')) };
  };

  async function request(url: string): Promise<Response> {
    for (let waits = 0; ; waits++) {
      const headers = { accept: 'application/vnd.github+json', 'user-agent': 'edge-canary' };
      let response: Response;
      try {
        response = await withRetries(
          () =>
            httpFetch(url, {
              headers,
              ...(token ? { credential: { origin: apiOrigin, authorization: `Bearer ${token}` } } : {}),
              ...(signal ? { signal } : {}),
              ...(source.limits ? { limits: source.limits } : {}),
              ...(source.fetch ? { fetch: source.fetch } : {}),
            }),
          signal ? { signal } : {},
        );
      } catch (error) {
        // An HttpError names the URL itself; a 5xx that outlasted the retries does not.
        throw new Error(`GitHub API ${error instanceof HttpError ? '' : `${shownUrl(url)}: `}${(error as Error).message}`);
      }
      const waitMs = await rateLimitWaitMs(response, Date.now());
      if (waitMs === undefined) return response;
      const maxWaitMs = source.maxRateLimitWaitMs ?? DEFAULT_MAX_RATE_LIMIT_WAIT_MS;
      if (waits === MAX_RATE_LIMIT_WAITS) {
        throw new Error(`GitHub API ${new URL(url).pathname}: still rate limited (HTTP ${response.status}) after ${waits} waits`);
      }
      if (waitMs > maxWaitMs) {
        throw new Error(
          `GitHub API ${new URL(url).pathname}: rate limited (HTTP ${response.status}) for ${Math.ceil(waitMs / 1000)}s more, longer than the ${maxWaitMs / 1000}s worth waiting` +
            `${token ? '' : '; a github-token raises the limit'}`,
        );
      }
      try {
        await sleep(waitMs);
      } catch {
        throw new Error(`GitHub API ${shownUrl(url)}: ${signal ? abortReason(signal) : 'cancelled'} while waiting out a rate limit`);
      }
    }
  }
}

/**
 * How long to wait before retrying a rate-limited answer, or undefined when it is not one.
 * GitHub's "Rate limits for the REST API": a 403 or 429 with `retry-after` waits that many
 * seconds; with `x-ratelimit-remaining: 0` it waits until `x-ratelimit-reset` (epoch seconds);
 * a secondary limit without either waits at least a minute.
 */
export async function rateLimitWaitMs(response: Response, nowMs: number): Promise<number | undefined> {
  if (response.status !== 403 && response.status !== 429) return undefined;
  const retryAfter = response.headers.get('retry-after');
  if (retryAfter !== null && /^\d+$/.test(retryAfter)) return Number(retryAfter) * 1000;
  const reset = response.headers.get('x-ratelimit-reset');
  if (response.headers.get('x-ratelimit-remaining') === '0' && reset !== null && /^\d+$/.test(reset)) {
    return Math.max(0, Number(reset) * 1000 - nowMs) + 1000;
  }
  const secondary = response.status === 429 || /secondary rate limit/i.test(await response.clone().text());
  return secondary ? 60_000 : undefined;
}
async function* paginate<T>(get: Getter, first: string): AsyncGenerator<T[]> {
  const pages = new PageGuard(`GitHub API ${first}`, MAX_PAGES);
  let url: string | undefined = first;
  while (url) {
    pages.next(new URL(url, 'http://relative.invalid').href);
    const { body, next } = await get(url);
    yield body as T[];
    url = next;
  }
}

function nextLink(header: string | null): string | undefined {
  return header
    ?.split(',')
    .find((part) => /rel="next"/.test(part))
    ?.match(/<([^>]+)>/)?.[1];
}

/**
 * Retries network errors and 5xx answers with exponential backoff; 4xx are final, and so is a
 * request that took its whole time, was too large or was cancelled.
 */
export async function withRetries(
  attempt: () => Promise<Response>,
  { tries = 4, baseDelayMs = 500, signal }: { tries?: number; baseDelayMs?: number; signal?: AbortSignal } = {},
): Promise<Response> {
  let lastError: unknown;
  for (let i = 0; i < tries; i++) {
    if (i > 0) await delay(baseDelayMs * 2 ** (i - 1), undefined, signal ? { signal } : {}).catch(() => Promise.reject(lastError));
    try {
      const response = await attempt();
      if (response.status < 500) return response;
      lastError = new Error(`HTTP ${response.status}`);
    } catch (error) {
      if (error instanceof HttpError && !error.retryable) throw error;
      lastError = error;
    }
  }
  throw lastError;
}
