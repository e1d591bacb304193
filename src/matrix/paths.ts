import type { MatrixOptions } from '../inputs/command-validate.js';
import { InputError } from '../inputs/input-error.js';
import type { InstallMethod } from '../inputs/options.js';
import type { ReleaseList } from '../versions/releases.js';
import { resolveVersions } from '../versions/selectors.js';
import { kubernetesFor, majorOf } from './kubernetes-support.js';

export interface UpgradePath {
  /** Stable across nights (`previous-edge-1`, `major-2.19`, `stable`, `from-edge-25.1.1`, `multi-hop`): keys tracked issues. */
  key: string;
  /** Short, for humans and job names. */
  name: string;
  from: string;
  /** Intermediate versions, upgraded to in order before `to`. */
  via: string[];
  to: string;
  /** How the path's job installs Linkerd; `cli` when absent (paths of older matrices). */
  installMethod?: InstallMethod;
  /** The install profile the run gets (its `profile` input), when the matrix has profiles. */
  profile?: string;
  /** A kind node image pinned by digest, and the kind release it was built for. */
  kubernetesVersion?: string;
  kindVersion?: string;
  skipped?: string;
}

/**
 * Upgrade paths into `to` from the real release list: the previous N edges, the release points
 * of the K newest majors older than `to`, optionally the last stable, plus explicit tags; minus
 * excluded tags; without duplicates (the first reason a tag is chosen names it); oldest first.
 * Each gets a Kubernetes version both ends support, or is kept as skipped with the reason.
 */
export function computePaths(list: ReleaseList, options: MatrixOptions): UpgradePath[] {
  const { to } = resolveVersions(list, { from: 'previous-edge', to: options.to });
  const candidates: { key: string; from: string; via?: string[] }[] = [];
  list
    .edgesBefore(to)
    .slice(0, options.previousEdges)
    .forEach((edge, i) => candidates.push({ key: `previous-edge-${i + 1}`, from: edge.tag }));
  const older = list.majorReleasePoints().filter((p) => list.isOlder(p.edge, to));
  const majors = older.slice(older.length - Math.min(options.majors, older.length)).reverse();
  for (const point of majors) candidates.push({ key: `major-${point.major}`, from: point.edge });
  if (options.includeStable) {
    const stable = list.latestStable();
    if (stable) candidates.push({ key: 'stable', from: stable.tag });
  }
  for (const tag of options.extraFrom) {
    resolveVersions(list, { from: tag, to });
    candidates.push({ key: `from-${tag}`, from: tag });
  }
  for (const tag of options.exclude) {
    if (!list.has(tag)) throw new InputError('exclude', tag, 'no such Linkerd release');
  }
  const seen = new Set<string>();
  const paths: UpgradePath[] = [];
  for (const c of candidates) {
    if (seen.has(c.from) || options.exclude.includes(c.from)) continue;
    seen.add(c.from);
    paths.push(withKubernetes(list, { key: c.key, from: c.from, via: [], to }));
  }
  if (options.multiHop && majors.length >= 2) {
    const [first, ...rest] = [...majors].reverse().map((p) => p.edge);
    paths.push(withKubernetes(list, { key: 'multi-hop', from: first!, via: rest, to }));
  }
  paths.sort((a, b) => (a.from === b.from ? a.via.length - b.via.length : list.isOlder(a.from, b.from) ? -1 : 1));
  return options.installMethods.flatMap((method) => paths.map((p) => withInstallMethod(p, method)));
}

/** The path run with `method`: the CLI keeps the key issues are tracked by, Helm gets its own. */
function withInstallMethod(path: UpgradePath, method: InstallMethod): UpgradePath {
  if (method === 'cli') return { ...path, installMethod: method };
  return { ...path, key: `${path.key}-${method}`, name: `${path.name} (${method})`, installMethod: method };
}

function withKubernetes(list: ReleaseList, path: Omit<UpgradePath, 'name'>): UpgradePath {
  const label = (tag: string) => {
    const major = majorOf(tag, list);
    return list.majorReleasePoints().some((p) => p.edge === tag) && major ? `${major} (${tag})` : tag;
  };
  const name = [path.from, ...path.via, path.to].map(label).join(' → ');
  const k8s = kubernetesFor([path.from, ...path.via, path.to], list);
  return { ...path, name, ...('skip' in k8s ? { skipped: k8s.skip } : k8s) };
}
