import { refOf, type KubeObject, type ObjectRef } from './manifests.js';
import { diffObjects, type ObjectChange } from './objects.js';
import type { FieldChange } from './fields.js';

/** An object of the user's (not rendered by Linkerd), known by its group and kind. */
export interface UserObject extends ObjectRef {
  apiVersion: string;
}

/** A CRD an upgrade deletes, and what goes with it. */
export interface DeletedKind {
  crd: string;
  /** `HTTPRoute.gateway.networking.k8s.io`: every object of it in the cluster is deleted. */
  kind: string;
  /** The user's objects of that kind that are known, named. */
  userObjects: ObjectRef[];
}

/**
 * What an upgrade that carried none of the user's settings would do to a cluster set up as
 * configured: chart defaults only with Helm, the version's CLI without the flags the canary adds.
 */
export interface PlainUpgrade {
  /** Objects on the cluster that it deletes. */
  removed: ObjectRef[];
  deletedKinds: DeletedKind[];
  /** Objects the user's settings shape: the fields the plain upgrade sets otherwise. */
  reset: ObjectChange[];
}

/**
 * Fields every render makes anew (webhook certificates, their CA bundles, the checksums of
 * them in pod templates): two renders of one version differ there whatever the settings.
 */
function isGenerated(object: ObjectRef, change: FieldChange): boolean {
  if (object.kind === 'Secret' && /^data\b/.test(change.path)) return true;
  return /\.clientConfig\.caBundle$|\.annotations\.checksum\//.test(change.path);
}

function settingChanges(toConfigured: ReadonlyMap<string, KubeObject>, toPlain: ReadonlyMap<string, KubeObject>): ObjectChange[] {
  return diffObjects(toConfigured, toPlain).changed.flatMap((change) => {
    const fields = change.fields.filter((f) => !isGenerated(change.object, f));
    return fields.length ? [{ ...change, fields }] : [];
  });
}

const groupOf = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '');

/** The kinds whose CRD `removed` holds, with the user's objects of each. */
export function deletedKinds(removed: readonly KubeObject[], userObjects: readonly UserObject[]): DeletedKind[] {
  return removed
    .filter((o) => o.kind === 'CustomResourceDefinition')
    .map((crd) => {
      const spec = crd.spec as { group?: string; names?: { kind?: string } } | undefined;
      const kind = spec?.names?.kind ?? crd.metadata.name;
      const group = spec?.group ?? '';
      const mine = userObjects.filter((u) => u.kind === kind && groupOf(u.apiVersion) === group);
      return {
        crd: crd.metadata.name,
        kind: `${kind}${group ? `.${group}` : ''}`,
        userObjects: mine.map((u) => ({ kind: u.kind, name: u.name, ...(u.namespace ? { namespace: u.namespace } : {}) })),
      };
    });
}

export function plainUpgrade(
  fromConfigured: ReadonlyMap<string, KubeObject>,
  toConfigured: ReadonlyMap<string, KubeObject>,
  toPlain: ReadonlyMap<string, KubeObject>,
  userObjects: readonly UserObject[],
): PlainUpgrade {
  const removed = [...fromConfigured].filter(([key]) => !toPlain.has(key)).map(([, object]) => object);
  return {
    removed: removed.map(refOf),
    deletedKinds: deletedKinds(removed, userObjects),
    reset: settingChanges(toConfigured, toPlain),
  };
}
