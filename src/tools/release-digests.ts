import { GitHubApiError, githubGetter, type GitHubSource } from '../versions/release-source.js';

/** A file attached to a GitHub release. */
export interface ReleaseAsset {
  repo: string;
  tag: string;
  name: string;
}

/** The sha256 (hex) GitHub computed for a release asset, or undefined when it has none. */
export type ReleaseDigestLookup = (asset: ReleaseAsset) => Promise<string | undefined>;

/**
 * Reads asset digests from GitHub's "Get a release by tag name": since June 2025 every release
 * asset carries `digest: "sha256:<hex>"`, computed at upload (null on older uploads). Linkerd
 * stopped publishing `.sha256` files at edge-25.9.4, so this is what verifies current CLIs.
 * One request per release, shared by every asset of it.
 */
export function githubReleaseDigests(source: Omit<GitHubSource, 'repo'>): ReleaseDigestLookup {
  const get = githubGetter(source);
  const releases = new Map<string, Promise<Map<string, string | null>>>();
  const assetsOf = (repo: string, tag: string) => {
    const key = `${repo}@${tag}`;
    let assets = releases.get(key);
    if (!assets) {
      assets = get(`/repos/${repo}/releases/tags/${encodeURIComponent(tag)}`).then(
        ({ body }) => new Map((body as { assets: { name: string; digest?: string | null }[] }).assets.map((a) => [a.name, a.digest ?? null])),
        (error: unknown) => {
          // No release for the tag: nothing to verify against, like a missing .sha256 file.
          if (error instanceof GitHubApiError && error.status === 404) return new Map<string, string | null>();
          throw error;
        },
      );
      releases.set(key, assets);
    }
    return assets;
  };
  return async ({ repo, tag, name }) => {
    const digest = (await assetsOf(repo, tag)).get(name);
    if (!digest) return undefined;
    const hex = /^sha256:([0-9a-f]{64})$/i.exec(digest)?.[1];
    if (!hex) throw new Error(`GitHub release ${repo}@${tag} gives ${name} the digest "${digest}", not sha256:<hex>`);
    return hex.toLowerCase();
  };
}
