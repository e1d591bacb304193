import { access, constants } from 'node:fs/promises';
import { join } from 'node:path';
import { GITHUB_COM_API } from '../versions/release-source.js';
import { sha256File, fetchTool } from './fetch-tool.js';
import type { ToolReport } from './tool-report.js';
import {
  currentPlatform,
  downloadSources,
  gatewayApiAsset,
  GATEWAY_API_VERSION,
  kindAsset,
  kubectlAsset,
  helmAsset,
  HELM_VERSION,
  kwokctlAsset,
  linkerdAsset,
  type Asset,
  type Platform,
} from './assets.js';
import { githubReleaseDigests, type ReleaseDigestLookup } from './release-digests.js';

/** Control-plane binaries the kwok provider takes from a tools dir (kwokctl fetches its own otherwise). */
export const KWOK_BINARIES = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'etcd', 'kwok'] as const;

export type ToolName = 'kubectl' | 'kind' | 'kwokctl' | 'gateway-api-crds' | 'helm' | (typeof KWOK_BINARIES)[number] | `linkerd-${string}`;

export interface ToolVersions {
  kubectl: string;
  kind: string;
  kwok: string;
}

/** The tools a run uses, by name; fetched once each. */
export interface Tools {
  readonly toolsDir?: string;
  get(name: ToolName): Promise<ToolReport>;
  path(name: ToolName): Promise<string>;
  linkerd(tag: string): Promise<string>;
  /** Everything fetched so far, for the report. */
  reports(): Promise<ToolReport[]>;
  /** Where a tool is downloaded from, if it is: named when a run stops waiting for it. */
  downloadUrl?(name: ToolName): string | undefined;
}

/**
 * One promise per tool name, made on the first request by `obtain`: whatever a tool set gets
 * its tools from, path, linkerd and reports follow from that.
 */
export abstract class MemoizedTools implements Tools {
  abstract readonly toolsDir?: string;
  private readonly pending = new Map<ToolName, Promise<ToolReport>>();

  protected abstract obtain(name: ToolName): Promise<ToolReport>;

  get(name: ToolName): Promise<ToolReport> {
    let promise = this.pending.get(name);
    if (!promise) {
      promise = this.obtain(name);
      this.pending.set(name, promise);
    }
    return promise;
  }

  /** Path of the tool, fetching it on first use. */
  async path(name: ToolName): Promise<string> {
    return (await this.get(name)).path;
  }

  linkerd(tag: string): Promise<string> {
    return this.path(`linkerd-${tag}`);
  }

  /** Everything fetched so far (settled successfully), for the report. */
  async reports(): Promise<ToolReport[]> {
    const settled = await Promise.allSettled(this.pending.values());
    return settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  }
}

/**
 * Gets each tool once, on first request, from a tools dir (pre-built binaries: local runs and
 * tests) or by download. Requests are independent promises so the cluster can start as soon as
 * its own tools are there while the Linkerd CLIs are still downloading.
 */
export class ToolSet extends MemoizedTools {
  private readonly platform: Platform = currentPlatform();

  constructor(
    private readonly versions: ToolVersions,
    readonly toolsDir?: string,
    private readonly sources = downloadSources(),
    // Anonymous unless given one with a token: a few requests per run (one per release).
    private readonly releaseDigest: ReleaseDigestLookup = githubReleaseDigests({ apiUrl: process.env.GITHUB_API_URL || GITHUB_COM_API }),
    /** Stops every download (a cancel); each download is bounded besides (process/http.ts). */
    private readonly signal?: AbortSignal,
  ) {
    super();
  }

  protected obtain(name: ToolName): Promise<ToolReport> {
    return this.toolsDir ? this.fromDir(this.toolsDir, name) : this.download(name);
  }

  private async fromDir(dir: string, name: ToolName): Promise<ToolReport> {
    const file = name === 'gateway-api-crds' ? 'gateway-api-crds.yaml' : name;
    const path = join(dir, file);
    try {
      await access(path, name === 'gateway-api-crds' ? constants.R_OK : constants.X_OK);
    } catch {
      throw new Error(`tools-dir ${dir} has no ${name === 'gateway-api-crds' ? 'readable' : 'executable'} ${file}`);
    }
    return { name, version: this.versionOf(name), path, source: 'tools-dir', sha256: await sha256File(path) };
  }

  /** Where `name` is downloaded from: undefined when it comes from the tools dir or is never downloaded. */
  downloadUrl(name: ToolName): string | undefined {
    return this.toolsDir ? undefined : this.downloadOf(name)?.asset.url;
  }

  private async download(name: ToolName): Promise<ToolReport> {
    const download = this.downloadOf(name);
    if (!download) throw new Error(`${name} is only taken from a tools dir; without one kwokctl fetches it`);
    const report = await fetchTool(download.tool, download.version, download.fileName, download.asset, this.releaseDigest, this.signal);
    return { ...report, name };
  }

  private downloadOf(name: ToolName): { tool: string; version: string; fileName: string; asset: Asset } | undefined {
    const { platform, sources, versions } = this;
    switch (name) {
      case 'kubectl':
        return { tool: 'kubectl', version: versions.kubectl, fileName: 'kubectl', asset: kubectlAsset(versions.kubectl, platform, sources.kubectl) };
      case 'kind':
        return { tool: 'kind', version: versions.kind, fileName: 'kind', asset: kindAsset(versions.kind, platform, sources.kind) };
      case 'kwokctl':
        return { tool: 'kwokctl', version: versions.kwok, fileName: 'kwokctl', asset: kwokctlAsset(versions.kwok, platform, sources.kwokctl) };
      case 'gateway-api-crds':
        return { tool: 'gateway-api-crds', version: GATEWAY_API_VERSION, fileName: 'gateway-api-crds.yaml', asset: gatewayApiAsset(sources.gatewayApi) };
      case 'helm':
        return { tool: 'helm', version: HELM_VERSION, fileName: 'helm', asset: helmAsset(HELM_VERSION, platform, sources.helm) };
      case 'kube-apiserver':
      case 'kube-controller-manager':
      case 'kube-scheduler':
      case 'etcd':
      case 'kwok':
        return undefined;
      default: {
        const tag = name.slice('linkerd-'.length);
        return { tool: 'linkerd', version: tag, fileName: 'linkerd', asset: linkerdAsset(tag, platform, sources.linkerd) };
      }
    }
  }

  private versionOf(name: ToolName): string {
    if (name.startsWith('linkerd-')) return name.slice('linkerd-'.length);
    if (name === 'gateway-api-crds') return GATEWAY_API_VERSION;
    if (name === 'helm') return HELM_VERSION;
    if (name === 'kind') return this.versions.kind;
    if (name === 'kwokctl' || name === 'kwok') return this.versions.kwok;
    return this.versions.kubectl;
  }
}
