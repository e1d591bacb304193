import { fieldChanges, type FieldChange } from './fields.js';
import { refOf, type KubeObject, type ObjectRef } from './manifests.js';

/** Field changes kept per object: a CRD's schema can differ in thousands of places. */
export const MAX_FIELDS = 25;

export interface ObjectChange {
  object: ObjectRef;
  fields: FieldChange[];
  /** Changed fields beyond the ones listed. */
  moreFields?: number;
}

export interface ObjectsDiff {
  added: ObjectRef[];
  removed: ObjectRef[];
  changed: ObjectChange[];
}

/** A Secret's values never reach a review: only that they changed. */
function hideSecretValues(object: KubeObject, change: FieldChange): FieldChange {
  if (object.kind !== 'Secret' || !/^(data|stringData)\b/.test(change.path)) return change;
  return { path: change.path, ...(change.before === undefined ? {} : { before: '(hidden)' }), ...(change.after === undefined ? {} : { after: '(hidden)' }) };
}

/** A CRD schema's descriptions are its documentation: what they say changes no object. */
const isSchemaDoc = (object: KubeObject, change: FieldChange) =>
  object.kind === 'CustomResourceDefinition' && /\.openAPIV3Schema(\..*)?\.description$/.test(change.path);

export function objectChange(before: KubeObject, after: KubeObject): ObjectChange | undefined {
  const fields = fieldChanges(before, after)
    .filter((change) => !isSchemaDoc(after, change))
    .map((change) => hideSecretValues(after, change));
  if (!fields.length) return undefined;
  const more = fields.length - MAX_FIELDS;
  return { object: refOf(after), fields: fields.slice(0, MAX_FIELDS), ...(more > 0 ? { moreFields: more } : {}) };
}

/** Objects only `to` has, only `from` has, and the ones whose fields differ. */
export function diffObjects(from: ReadonlyMap<string, KubeObject>, to: ReadonlyMap<string, KubeObject>): ObjectsDiff {
  const result: ObjectsDiff = { added: [], removed: [], changed: [] };
  for (const [key, object] of to) if (!from.has(key)) result.added.push(refOf(object));
  for (const [key, object] of from) {
    const next = to.get(key);
    if (!next) result.removed.push(refOf(object));
    else {
      const change = objectChange(object, next);
      if (change) result.changed.push(change);
    }
  }
  return result;
}
