import { parseTag } from '../versions/tag.js';
import type { ReleaseAsset } from './release-digests.js';

export interface Platform {
  os: 'linux' | 'darwin';
  arch: 'amd64' | 'arm64';
}

export function currentPlatform(): Platform {
  return {
    os: process.platform === 'darwin' ? 'darwin' : 'linux',
    arch: process.arch === 'arm64' ? 'arm64' : 'amd64',
  };
}

/** Where each tool is downloaded from; every root can be pointed at a mirror by environment. */
export interface DownloadSources {
  linkerd: string;
  kubectl: string;
  kind: string;
  kwokctl: string;
  gatewayApi: string;
  helm: string;
}

export function downloadSources(env: NodeJS.ProcessEnv = process.env): DownloadSources {
  return {
    linkerd: env.EDGE_CANARY_LINKERD_URL ?? 'https://github.com/linkerd/linkerd2/releases/download',
    kubectl: env.EDGE_CANARY_KUBECTL_URL ?? 'https://dl.k8s.io/release',
    kind: env.EDGE_CANARY_KIND_URL ?? 'https://github.com/kubernetes-sigs/kind/releases/download',
    kwokctl: env.EDGE_CANARY_KWOK_URL ?? 'https://github.com/kubernetes-sigs/kwok/releases/download',
    gatewayApi: env.EDGE_CANARY_GATEWAY_API_URL ?? 'https://github.com/kubernetes-sigs/gateway-api/releases/download',
    helm: env.EDGE_CANARY_HELM_URL ?? 'https://get.helm.sh',
  };
}

/**
 * A file to fetch, and where its published digest is: the GitHub release asset it was uploaded
 * as (GitHub's own digest), and/or a digest file the project publishes next to it.
 */
export interface Asset {
  url: string;
  digestUrl?: string;
  release?: ReleaseAsset;
  /** The download is a .tar.gz holding the tool at this path. */
  archiveMember?: string;
}

/** The GitHub release asset behind a download URL (the last path segment is the asset's name). */
function releaseAsset(repo: string, tag: string, url: string): ReleaseAsset {
  return { repo, tag, name: url.slice(url.lastIndexOf('/') + 1) };
}

/**
 * Linkerd CLI release asset. Up to edge-20.7.x / stable-2.8.x the Linux asset had no arch
 * suffix; `.sha256` files were published until edge-25.9.3 (a missing one is not an error), and
 * GitHub's asset digest covers the releases since.
 */
export function linkerdAsset(tag: string, platform: Platform, root: string): Asset {
  const t = parseTag(tag);
  const archless = (t?.kind === 'edge' && (t.year < 20 || (t.year === 20 && t.month <= 7))) || (t?.kind === 'stable' && t.major === 2 && t.minor <= 8);
  const os = platform.os === 'darwin' ? (platform.arch === 'arm64' ? 'darwin-arm64' : 'darwin') : archless ? 'linux' : `linux-${platform.arch}`;
  const url = `${root}/${tag}/linkerd2-cli-${tag}-${os}`;
  return { url, digestUrl: `${url}.sha256`, release: releaseAsset('linkerd/linkerd2', tag, url) };
}

export function kubectlAsset(version: string, platform: Platform, root: string): Asset {
  const url = `${root}/${version}/bin/${platform.os}/${platform.arch}/kubectl`;
  return { url, digestUrl: `${url}.sha256` };
}

export function kindAsset(version: string, platform: Platform, root: string): Asset {
  const url = `${root}/${version}/kind-${platform.os}-${platform.arch}`;
  return { url, digestUrl: `${url}.sha256sum`, release: releaseAsset('kubernetes-sigs/kind', version, url) };
}

export function kwokctlAsset(version: string, platform: Platform, root: string): Asset {
  const url = `${root}/${version}/kwokctl-${platform.os}-${platform.arch}`;
  return { url, release: releaseAsset('kubernetes-sigs/kwok', version, url) };
}

/** Helm for `install-method: helm`: 3.14 is the first with --reset-then-reuse-values. */
export const HELM_VERSION = 'v3.22.0';

/** Helm publishes a tarball per platform and its .sha256sum next to it. */
export function helmAsset(version: string, platform: Platform, root: string): Asset {
  const url = `${root}/helm-${version}-${platform.os}-${platform.arch}.tar.gz`;
  return { url, digestUrl: `${url}.sha256sum`, archiveMember: `${platform.os}-${platform.arch}/helm` };
}

export const GATEWAY_API_VERSION = 'v1.2.1';

export function gatewayApiAsset(root: string): Asset {
  const url = `${root}/${GATEWAY_API_VERSION}/standard-install.yaml`;
  return { url, release: releaseAsset('kubernetes-sigs/gateway-api', GATEWAY_API_VERSION, url) };
}

/** A digest file holds the hex digest, alone or followed by the file name. */
export function parseDigestFile(text: string): string | undefined {
  const token = text.trim().split(/\s+/)[0]?.toLowerCase();
  return token && /^[0-9a-f]{64}$/.test(token) ? token : undefined;
}
