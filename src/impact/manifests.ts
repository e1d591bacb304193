import { parseAllDocuments } from 'yaml';

/** A Kubernetes object as a manifest holds it: only what every object has is typed. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

/** Which object: what a review names. */
export interface ObjectRef {
  kind: string;
  name: string;
  namespace?: string;
}

export function refOf(object: KubeObject): ObjectRef {
  const { kind, metadata } = object;
  return metadata.namespace ? { kind, name: metadata.name, namespace: metadata.namespace } : { kind, name: metadata.name };
}

/** `Kind namespace/name`, or `Kind name` for a cluster-scoped object. */
export function refText(ref: ObjectRef): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}

function isObject(doc: unknown): doc is KubeObject {
  const d = doc as Partial<KubeObject> | null;
  return typeof d?.kind === 'string' && typeof d.apiVersion === 'string' && typeof d.metadata?.name === 'string';
}

/**
 * The objects of a multi-document manifest, by `refText`. Empty documents and anything that is
 * not an object (a chart's NOTES, comments) are skipped; a later document of the same object
 * replaces the earlier, as `kubectl apply` would leave it.
 */
export function parseManifests(text: string): Map<string, KubeObject> {
  const objects = new Map<string, KubeObject>();
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length) throw new Error(`not a manifest: ${doc.errors[0]!.message}`);
    const value: unknown = doc.toJS();
    const items = (value as { kind?: unknown; items?: unknown } | null)?.kind === 'List' ? ((value as { items?: unknown[] }).items ?? []) : [value];
    for (const item of items) if (isObject(item)) objects.set(refText(refOf(item)), item);
  }
  return objects;
}
