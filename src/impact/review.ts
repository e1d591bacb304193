import { diffValues } from './chart-values.js';
import { diffCrds } from './crds.js';
import { allImages, diffImages } from './images.js';
import { parseManifests, type KubeObject } from './manifests.js';
import type { ImpactInput, ImpactReview } from './model.js';
import { diffObjects } from './objects.js';
import { deletedKinds, plainUpgrade } from './plain-upgrade.js';
import { diffRbac } from './rbac.js';
import { staleMounts } from './stale-certificates.js';
import { impactWarnings } from './warnings.js';
import { diffWebhooks } from './webhooks.js';

const removedObjects = (from: ReadonlyMap<string, KubeObject>, to: ReadonlyMap<string, KubeObject>) =>
  [...from].filter(([key]) => !to.has(key)).map(([, o]) => o);

/** Reviews an upgrade from two sets of rendered manifests: pure, no cluster, no command. */
export function reviewImpact(input: ImpactInput): ImpactReview {
  const from = parseManifests(input.manifests.from);
  const to = parseManifests(input.manifests.to);
  const userObjects = input.userObjects ?? [];
  const findings: Omit<ImpactReview, 'warnings'> = {
    from: input.from,
    to: input.to,
    method: input.method,
    objects: diffObjects(from, to),
    crds: diffCrds(from, to),
    rbac: diffRbac(from, to),
    images: { from: allImages(from), to: allImages(to), changed: diffImages(from, to) },
    webhooks: diffWebhooks(from, to),
    staleMounts: staleMounts(from, to),
    deletedKinds: deletedKinds(removedObjects(from, to), userObjects),
    ...(input.chartValues ? { chartValues: input.chartValues.map((c) => ({ chart: c.chart, changes: diffValues(c.from, c.to) })) } : {}),
    ...(input.manifests.toPlain === undefined ? {} : { plainUpgrade: plainUpgrade(from, to, parseManifests(input.manifests.toPlain), userObjects) }),
  };
  return { ...findings, warnings: impactWarnings(findings) };
}
