import { join } from 'node:path';
import { parse } from 'yaml';
import { parseTag } from '../versions/tag.js';

/** Linkerd's two charts, in the order they are installed and upgraded. */
export const LINKERD_CHARTS = ['linkerd-crds', 'linkerd-control-plane'] as const;
export type LinkerdChart = (typeof LINKERD_CHARTS)[number];

/** Releases are named after their charts, as in Linkerd's Helm docs. */
export const HELM_NAMESPACE = 'linkerd';

export const LINKERD_HELM_REPOS = { edge: 'https://helm.linkerd.io/edge', stable: 'https://helm.linkerd.io/stable' } as const;

/** Where a tag's charts come from: a Helm repository, or a directory of packaged charts (air-gapped). */
export type ChartSource = { kind: 'repo'; name: string; url: string } | { kind: 'dir'; dir: string };

/** `chart-repo` when given (a URL or a directory), else the Linkerd repository of the tag's channel. */
export function chartSource(tag: string, chartRepo: string | undefined): ChartSource {
  if (chartRepo && !/^https?:\/\//.test(chartRepo)) return { kind: 'dir', dir: chartRepo };
  if (chartRepo) return { kind: 'repo', name: 'edge-canary-charts', url: chartRepo };
  const channel = parseTag(tag)?.kind === 'stable' ? 'stable' : 'edge';
  return { kind: 'repo', name: `linkerd-${channel}`, url: LINKERD_HELM_REPOS[channel] };
}

/** What `helm install`/`upgrade` is given for a chart: a repo's `name/chart` or a packaged file. */
export function chartReference(source: ChartSource, chart: LinkerdChart, version: string): string[] {
  if (source.kind === 'dir') return [join(source.dir, `${chart}-${version}.tgz`)];
  return [`${source.name}/${chart}`, '--version', version];
}

/**
 * Chart versions derived from the tag alone: since edge-24.3.1 both charts are released as
 * `20YY.M.N` for `edge-YY.M.N`. Older edges (`1.18.10-edge`) and stables (`1.16.11` for
 * stable-2.14.10) kept their own numbering in Chart.yaml: undefined, looked up in the index.
 */
export function chartVersionFromTag(tag: string): string | undefined {
  const t = parseTag(tag);
  if (t?.kind !== 'edge' || t.year < 24 || (t.year === 24 && t.month < 3)) return undefined;
  return `20${t.year}.${t.month}.${t.n}`;
}

interface IndexEntry {
  version: string;
  appVersion?: string;
  created?: string;
}

/**
 * Chart versions of an older tag from a repository's index.yaml: the control plane is the entry
 * packaged with `appVersion: <tag>`; the CRD chart has no appVersion, so it is the entry
 * packaged closest in time to that one (both come out of the same release job).
 */
export function chartVersionsFromIndex(indexYaml: string, tag: string): Record<LinkerdChart, string> | undefined {
  const entries = (parse(indexYaml) as { entries?: Partial<Record<LinkerdChart, IndexEntry[]>> } | null)?.entries ?? {};
  const controlPlane = entries['linkerd-control-plane']?.find((e) => e.appVersion === tag);
  if (!controlPlane) return undefined;
  const at = Date.parse(controlPlane.created ?? '');
  const distance = (e: IndexEntry) => Math.abs(Date.parse(e.created ?? '') - at);
  const crds = [...(entries['linkerd-crds'] ?? [])].filter((e) => !Number.isNaN(distance(e))).sort((a, b) => distance(a) - distance(b))[0];
  return crds ? { 'linkerd-crds': crds.version, 'linkerd-control-plane': controlPlane.version } : undefined;
}
