import { refOf, type KubeObject, type ObjectRef } from './manifests.js';
import { imagesOf } from './workloads.js';

/** One container's image before and after (absent on the side without that container). */
export interface ImageChange {
  object: ObjectRef;
  container: string;
  from?: string;
  to?: string;
}

/** Every distinct image of the objects, sorted. */
export function allImages(objects: ReadonlyMap<string, KubeObject>): string[] {
  return [...new Set([...objects.values()].flatMap((o) => [...imagesOf(o).values()]))].sort();
}

/** Containers whose image differs, or that only one side runs. */
export function diffImages(from: ReadonlyMap<string, KubeObject>, to: ReadonlyMap<string, KubeObject>): ImageChange[] {
  const keys = [...new Set([...from.keys(), ...to.keys()])].sort();
  return keys.flatMap((key) => {
    const before = from.get(key);
    const after = to.get(key);
    const a = before ? imagesOf(before) : new Map<string, string>();
    const b = after ? imagesOf(after) : new Map<string, string>();
    const object = refOf((after ?? before)!);
    return [...new Set([...a.keys(), ...b.keys()])].flatMap((container) =>
      a.get(container) === b.get(container)
        ? []
        : [{ object, container, ...(a.has(container) ? { from: a.get(container)! } : {}), ...(b.has(container) ? { to: b.get(container)! } : {}) }],
    );
  });
}
