import { createHash, randomUUID } from 'node:crypto';
import { chmod, readFile, rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import * as tc from '@actions/tool-cache';
import { HttpError, httpDownload } from '../process/http.js';
import type { ToolReport } from './tool-report.js';
import { parseDigestFile, type Asset } from './assets.js';
import type { ReleaseDigestLookup } from './release-digests.js';

/** tool-cache needs its two directories; off a runner they live in the user's cache. */
export function ensureToolCacheEnv(env: NodeJS.ProcessEnv = process.env): void {
  env.RUNNER_TOOL_CACHE ||= join(homedir(), '.cache', 'edge-canary', 'tool-cache');
  env.RUNNER_TEMP ||= tmpdir();
}

/**
 * Returns a cached copy of the tool or downloads it (bounded: process/http.ts; `signal` stops
 * it), checks it against the published digest when there is one (GitHub's digest of the
 * release asset, else the project's digest file), and caches it with tool-cache. The digest is
 * recorded either way.
 */
export async function fetchTool(
  name: string,
  version: string,
  fileName: string,
  asset: Asset,
  releaseDigest?: ReleaseDigestLookup,
  signal?: AbortSignal,
): Promise<ToolReport> {
  ensureToolCacheEnv();
  const cacheVersion = toolCacheVersion(version);
  const cachedDir = tc.find(name, cacheVersion);
  if (cachedDir) {
    const path = join(cachedDir, fileName);
    return { name, version, path, source: 'cache', sha256: await sha256File(path) };
  }
  const downloaded = await download(asset.url, signal);
  try {
    const sha256 = await sha256File(downloaded);
    const published =
      (asset.release && releaseDigest ? await releaseDigest(asset.release) : undefined) ??
      (asset.digestUrl ? await publishedDigest(asset.digestUrl, signal) : undefined);
    if (published && published !== sha256) {
      throw new Error(`${asset.url}: sha256 ${sha256} does not match the published ${published}`);
    }
    const file = asset.archiveMember ? join(await tc.extractTar(downloaded), asset.archiveMember) : downloaded;
    await chmod(file, 0o755);
    const dir = await tc.cacheFile(file, fileName, name, cacheVersion);
    return { name, version, path: join(dir, fileName), source: 'download', sha256, verified: published !== undefined };
  } finally {
    await rm(downloaded, { force: true });
  }
}

/**
 * The version a tool is cached under. tool-cache's `find` reads anything that is not semver as a
 * range and matches nothing, so a Linkerd tag (edge-26.8.3) would never be found again; it is
 * cached as the prerelease 0.0.0-edge-26.8.3.
 */
export function toolCacheVersion(version: string): string {
  return /^v?\d+\.\d+\.\d+$/.test(version) ? version : `0.0.0-${version.replace(/[^0-9A-Za-z.-]/g, '-')}`;
}

const DOWNLOAD_TRIES = 3;

/**
 * Downloads `url` to a new file of RUNNER_TEMP, trying again after a network error or a 5xx (a
 * reset connection, a mirror restarting); a server that answers too slowly, too much or not at
 * all is not retried.
 */
async function download(url: string, signal?: AbortSignal): Promise<string> {
  const path = join(process.env.RUNNER_TEMP!, randomUUID());
  for (let attempt = 1; ; attempt++) {
    try {
      await httpDownload(url, path, signal ? { signal } : {});
      return path;
    } catch (error) {
      await rm(path, { force: true });
      const transient = error instanceof HttpError && (error.retryable || (error.status ?? 0) >= 500);
      if (!transient || attempt === DOWNLOAD_TRIES) throw error;
      await delay(1000 * attempt, undefined, signal ? { signal } : {}).catch(() => Promise.reject(error));
    }
  }
}

/** The digest file's digest, or undefined when the project did not publish one (404). */
async function publishedDigest(url: string, signal?: AbortSignal): Promise<string | undefined> {
  let path: string;
  try {
    path = await download(url, signal);
  } catch (error) {
    if (error instanceof HttpError && error.status === 404) return undefined;
    throw error;
  }
  try {
    const digest = parseDigestFile(await readFile(path, 'utf8'));
    if (!digest) throw new Error(`${url} does not hold a sha256 digest`);
    return digest;
  } finally {
    await rm(path, { force: true });
  }
}

export async function sha256File(path: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(path))
    .digest('hex');
}
