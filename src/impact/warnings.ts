import { refText, type ObjectRef } from './manifests.js';
import type { DeletedKind } from './plain-upgrade.js';
import type { ImpactReview, ImpactWarning } from './model.js';

const names = (refs: readonly ObjectRef[]) => refs.map(refText).join(', ');

function kindWarning(step: string, deleted: DeletedKind): ImpactWarning {
  const mine = deleted.userObjects.length ? `, among them ${names(deleted.userObjects)}` : '';
  return {
    step,
    reason: `deletes CustomResourceDefinition ${deleted.crd}, and with it every ${deleted.kind} in the cluster${mine}`,
    why: 'deleting a CRD deletes all its objects: the upgrade succeeds and takes them with it',
  };
}

function removedWarnings(step: string, removed: readonly ObjectRef[], deleted: readonly DeletedKind[]): ImpactWarning[] {
  const others = removed.filter((r) => r.kind !== 'CustomResourceDefinition');
  return [
    ...deleted.map((d) => kindWarning(step, d)),
    ...(others.length
      ? [{ step, reason: `deletes ${names(others)}`, why: 'objects the new version no longer renders are deleted by the upgrade (Helm, linkerd prune)' }]
      : []),
  ];
}

/** The review's findings that cost data or availability, each said once (the plain upgrade's beyond the upgrade's own). */
export function impactWarnings(review: Omit<ImpactReview, 'warnings'>): ImpactWarning[] {
  const warnings = removedWarnings('upgrade', review.objects.removed, review.deletedKinds);
  for (const crd of review.crds) {
    if (crd.change !== 'removed' && crd.servedDropped.length) {
      warnings.push({
        step: 'upgrade',
        reason: `${crd.name} no longer serves ${crd.servedDropped.join(', ')}`,
        why: 'clients and manifests that use a version the CRD stops serving fail after the upgrade',
      });
    }
    if (crd.rollbackProblem)
      warnings.push({ step: 'upgrade', reason: crd.rollbackProblem, why: 'an upgrade that cannot be rolled back has to be right the first time' });
  }
  for (const stale of review.staleMounts) {
    warnings.push({
      step: 'upgrade',
      reason: `${refText(stale.workload)} keeps serving the old contents of Secret ${stale.secret}: the Secret changes, the pod template does not`,
      why: 'pods read a mounted certificate when they start, and nothing restarts them when only the Secret changes',
    });
  }
  const plain = review.plainUpgrade;
  if (plain) {
    const already = new Set(review.objects.removed.map(refText));
    const removed = plain.removed.filter((r) => !already.has(refText(r)));
    const deleted = plain.deletedKinds.filter((d) => !review.deletedKinds.some((k) => k.crd === d.crd));
    warnings.push(...removedWarnings('plain upgrade', removed, deleted));
  }
  return warnings;
}
