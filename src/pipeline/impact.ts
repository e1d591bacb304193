import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseManifests, refOf } from '../impact/manifests.js';
import type { ImpactReview, InstallMethod } from '../impact/model.js';
import type { UserObject } from '../impact/plain-upgrade.js';
import { reviewImpact } from '../impact/review.js';

/**
 * The manifests the run kept of one version's install or upgrade, as one: the CLI's rendered
 * steps (`install-<tag>-1-install-crds.yaml`, ...) or Helm's releases (`install-<tag>-helm-<chart>.yaml`).
 * `linkerd prune` lists what is deleted, not what is there, so it is left out.
 */
async function kept(dir: string, files: readonly string[], action: 'install' | 'upgrade' | 'plain', tag: string): Promise<string> {
  const mine = files.filter((f) => f.startsWith(`${action}-${tag}-`) && f.endsWith('.yaml') && !f.endsWith('-prune.yaml')).sort();
  const texts = await Promise.all(mine.map((f) => readFile(join(dir, f), 'utf8')));
  return texts.map((t) => `---\n${t}`).join('\n');
}

/** The user's own objects the run made (its HTTPRoute), which a deleted CRD would take with it. */
async function userObjects(dir: string, files: readonly string[]): Promise<UserObject[]> {
  if (!files.includes('user-route.yaml')) return [];
  const objects = parseManifests(await readFile(join(dir, 'user-route.yaml'), 'utf8'));
  return [...objects.values()].map((o) => ({ ...refOf(o), apiVersion: o.apiVersion }));
}

/**
 * What the run's upgrade changed, from the manifests it applied: `from` as installed against `to`
 * as upgraded to (the last hop of a multi-hop path). Undefined when either was not kept. Where
 * the installer kept `to` rendered with the charts' defaults (`plain-<to>-*`), the plain upgrade too.
 */
export async function reviewRunImpact(manifestDir: string, from: string, to: string, method: InstallMethod): Promise<ImpactReview | undefined> {
  const files = await readdir(manifestDir).catch(() => [] as string[]);
  const [before, after, plain] = await Promise.all([
    kept(manifestDir, files, 'install', from),
    kept(manifestDir, files, 'upgrade', to),
    kept(manifestDir, files, 'plain', to),
  ]);
  if (!before || !after) return undefined;
  const manifests = { from: before, to: after, ...(plain ? { toPlain: plain } : {}) };
  return reviewImpact({ from, to, method, manifests, userObjects: await userObjects(manifestDir, files) });
}
