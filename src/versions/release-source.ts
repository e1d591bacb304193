import { readFile } from 'node:fs/promises';
import { Ajv } from 'ajv';
import { InputError } from '../inputs/input-error.js';
import type { Release } from './releases.js';

/** JSON Schema of a releases file: the release list for air-gapped runs and tests. */
export const RELEASES_FILE_SCHEMA = {
  type: 'array',
  items: {
    type: 'object',
    required: ['tag', 'date', 'commit'],
    properties: {
      tag: { type: 'string', minLength: 1 },
      date: { type: 'string', minLength: 1 },
      commit: { type: 'string' },
    },
  },
} as const;

const validateReleasesFile = new Ajv({ allErrors: false }).compile<Release[]>(RELEASES_FILE_SCHEMA);

export async function loadReleasesFile(path: string): Promise<Release[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InputError('releases-file', path, `cannot be read (${(error as NodeJS.ErrnoException).code ?? error})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new InputError('releases-file', path, `is not JSON (${(error as Error).message})`);
  }
  if (!validateReleasesFile(data)) {
    const first = validateReleasesFile.errors?.[0];
    throw new InputError(
      'releases-file',
      path,
      `expected a JSON array of {tag, date, commit} objects; at ${first?.instancePath || '/'} ${first?.message}`,
    );
  }
  const undated = data.find((r) => Number.isNaN(Date.parse(r.date)));
  if (undated) throw new InputError('releases-file', path, `release ${undated.tag} has an unparseable date "${undated.date}"`);
  return data;
}

export interface GitHubSource {
  /** REST API root; GITHUB_API_URL on runners (GitHub Enterprise), a loopback server in tests. */
  apiUrl: string;
  repo: string;
  token?: string;
  fetch?: typeof fetch;
}

/**
 * The release list from the GitHub API: every release (paginated), plus the `version-2.X` git
 * tags, which are not releases, dated by their commit (or annotated tag).
 */
export async function fetchReleases(source: GitHubSource): Promise<Release[]> {
  const get = apiGetter(source);
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

type Getter = (pathOrUrl: string) => Promise<{ body: unknown; next?: string }>;

function apiGetter(source: GitHubSource): Getter {
  const doFetch = source.fetch ?? fetch;
  return async (pathOrUrl) => {
    const url = pathOrUrl.startsWith('http') ? pathOrUrl : `${source.apiUrl.replace(/\/$/, '')}${pathOrUrl}`;
    const headers: Record<string, string> = { accept: 'application/vnd.github+json', 'user-agent': 'edge-canary' };
    if (source.token) headers.authorization = `Bearer ${source.token}`;
    let response: Response;
    try {
      response = await withRetries(() => doFetch(url, { headers }));
    } catch (error) {
      const cause = (error as { cause?: { message?: string } }).cause?.message;
      throw new Error(`GitHub API ${url}: ${(error as Error).message}${cause ? ` (${cause})` : ''}`);
    }
    if (!response.ok) {
      throw new Error(`GitHub API ${new URL(url).pathname}: HTTP ${response.status} ${(await response.text()).slice(0, 200)}`);
    }
    return { body: await response.json(), next: nextLink(response.headers.get('link')) };
  };
}

async function* paginate<T>(get: Getter, first: string): AsyncGenerator<T[]> {
  let url: string | undefined = first;
  while (url) {
    const { body, next } = await get(url);
    yield body as T[];
    url = next;
  }
}

function nextLink(header: string | null): string | undefined {
  return header?.split(',').find((part) => /rel="next"/.test(part))?.match(/<([^>]+)>/)?.[1];
}

/** Retries network errors and 5xx answers with exponential backoff; 4xx are final. */
export async function withRetries(
  attempt: () => Promise<Response>,
  { tries = 4, baseDelayMs = 500 }: { tries?: number; baseDelayMs?: number } = {},
): Promise<Response> {
  let lastError: unknown;
  for (let i = 0; i < tries; i++) {
    if (i > 0) await new Promise((resolve) => setTimeout(resolve, baseDelayMs * 2 ** (i - 1)));
    try {
      const response = await attempt();
      if (response.status < 500) return response;
      lastError = new Error(`HTTP ${response.status}`);
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}
