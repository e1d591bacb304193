import { createHash } from 'node:crypto';
import { chmod, readFile, rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tc from '@actions/tool-cache';
import type { ToolReport } from './tool-report.js';
import { parseDigestFile, type Asset } from './assets.js';
import type { ReleaseDigestLookup } from './release-digests.js';

/** tool-cache needs its two directories; off a runner they live in the user's cache. */
export function ensureToolCacheEnv(env: NodeJS.ProcessEnv = process.env): void {
  env.RUNNER_TOOL_CACHE ||= join(homedir(), '.cache', 'edge-canary', 'tool-cache');
  env.RUNNER_TEMP ||= tmpdir();
}

/**
 * Returns a cached copy of the tool or downloads it (tool-cache retries network errors and 5xx
 * with backoff), checks it against the published digest when there is one (GitHub's digest of
 * the release asset, else the project's digest file), and caches it. The digest is recorded
 * either way.
 */
export async function fetchTool(
  name: string,
  version: string,
  fileName: string,
  asset: Asset,
  releaseDigest?: ReleaseDigestLookup,
): Promise<ToolReport> {
  ensureToolCacheEnv();
  const cacheVersion = toolCacheVersion(version);
  const cachedDir = tc.find(name, cacheVersion);
  if (cachedDir) {
    const path = join(cachedDir, fileName);
    return { name, version, path, source: 'cache', sha256: await sha256File(path) };
  }
  const downloaded = await tc.downloadTool(asset.url);
  try {
    const sha256 = await sha256File(downloaded);
    const published =
      (asset.release && releaseDigest ? await releaseDigest(asset.release) : undefined) ??
      (asset.digestUrl ? await publishedDigest(asset.digestUrl) : undefined);
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

/** The digest file's digest, or undefined when the project did not publish one (404). */
async function publishedDigest(url: string): Promise<string | undefined> {
  let path: string;
  try {
    path = await tc.downloadTool(url);
  } catch (error) {
    if (error instanceof tc.HTTPError && error.httpStatusCode === 404) return undefined;
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
  return createHash('sha256').update(await readFile(path)).digest('hex');
}
