import type { MatrixConfig } from '../inputs/command-validate.js';
import { InputError } from '../inputs/input-error.js';
import { PATH_KEY, PATH_KEY_ACCEPTS } from '../inputs/validate.js';
import { releaseLoader } from '../pipeline/execute.js';
import { cellCode, code } from '../report/markdown.js';
import { newEdgesSince, readWatchState, type NewEdges } from '../versions/new-since.js';
import { ReleaseList } from '../versions/releases.js';
import { computePaths, type UpgradePath } from '../matrix/paths.js';
import { loadProfiles } from '../profiles/load.js';
import { unsupportedOnPath } from '../profiles/model.js';

export interface MatrixResult {
  paths: UpgradePath[];
  /** For `strategy.matrix`: runnable paths only (a skipped one has no Kubernetes version). */
  matrix: { include: Record<string, string>[] };
  to: string;
  markdown: string;
  /** With new-since: the edges not run yet. */
  newEdges?: NewEdges;
}

export async function buildMatrix(config: MatrixConfig): Promise<MatrixResult> {
  return matrixFor(new ReleaseList(await releaseLoader(config)()), config);
}

/**
 * The paths of the options. With new-since, into every edge the watch's state has not recorded
 * instead of `to` (each key starting with its edge, since several edges share the path kinds),
 * and none when nothing is new; the state is only read here (recordWatch writes it).
 */
export async function matrixFor(list: ReleaseList, config: MatrixConfig): Promise<MatrixResult> {
  const newEdges = config.newSince ? newEdgesSince(list, await readWatchState(config.newSince)) : undefined;
  const computed = newEdges
    ? newEdges.edges.flatMap((edge) => computePaths(list, { ...config, to: edge }).map((p) => ({ ...p, key: `${edge}-${p.key}` })))
    : computePaths(list, config);
  const paths = await withProfiles(computed, config.profiles);
  // Every key goes to a canary job as its path-key: one the job would refuse is refused here.
  const badKey = paths.find((p) => !PATH_KEY.test(p.key));
  if (badKey) throw new InputError('profiles', badKey.profile ?? '', `makes the path key "${badKey.key}"; a path key is ${PATH_KEY_ACCEPTS}`);
  const include = paths
    .filter((p) => !p.skipped)
    .map((p) => ({
      name: p.name,
      key: p.key,
      from: p.from,
      via: p.via.join('\n'),
      to: p.to,
      'install-method': p.installMethod ?? 'cli',
      profile: p.profile!,
      'kubernetes-version': p.kubernetesVersion!,
      'kind-version': p.kindVersion!,
    }));
  const targets = newEdges ? newEdges.edges : [paths[0]?.to ?? config.to];
  const to = targets.at(-1) ?? '';
  const markdown = matrixMarkdown(paths, targets) + (newEdges ? `\n${newEdgesLine(newEdges)}\n` : '');
  return { paths, matrix: { include }, to, markdown, ...(newEdges ? { newEdges } : {}) };
}

/** What the watch found, in words. */
export function newEdgesLine(found: NewEdges): string {
  if (found.edges.length === 0) return `No new edge since ${code(found.since ?? '')}.`;
  return `New ${found.since ? `since ${code(found.since)}` : '(no earlier state)'}: ${found.edges.map(code).join(', ')}.`;
}

/**
 * Every path once per profile. The default profile keeps the path's key (the keys tracked issues
 * already use); any other is named in the key (`previous-edge-1@ha`) and the name. A path with a
 * version that lacks a setting of the profile is skipped with that reason.
 */
async function withProfiles(paths: readonly UpgradePath[], entries: readonly string[]): Promise<UpgradePath[]> {
  const profiles = await Promise.all(entries.map(async (entry) => ({ entry, profile: await loadProfiles(entry.split('+')) })));
  return paths.flatMap((path) =>
    profiles.map(({ entry, profile }) => {
      const isDefault = profile.name === 'default';
      const skipped = path.skipped ?? unsupportedOnPath(profile, [path.from, ...path.via, path.to]);
      return {
        ...path,
        key: isDefault ? path.key : `${path.key}@${profile.name}`,
        name: isDefault ? path.name : `${path.name} [${profile.name}]`,
        profile: entry,
        ...(skipped ? { skipped } : {}),
      };
    }),
  );
}

function matrixMarkdown(paths: readonly UpgradePath[], targets: readonly string[]): string {
  const kubernetes = (p: UpgradePath) => (p.kubernetesVersion ? `${p.kubernetesVersion.replace(/@.*$/, '')} (kind ${p.kindVersion})` : '');
  // Names and keys come from the release list: data, so code spans.
  const rows = paths.map(
    (p) => `| ${cellCode(p.name)} | ${cellCode(p.key)} | ${cellCode(kubernetes(p))} | ${p.skipped ? `⏭️ skipped: ${cellCode(p.skipped)}` : 'runs'} |`,
  );
  return [
    `## edge-canary matrix: ${paths.length} upgrade paths into ${targets.map(code).join(', ') || 'no new edge'}`,
    '',
    '| Path | Key | Kubernetes | |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
