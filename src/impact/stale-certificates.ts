import { refText, type KubeObject, type ObjectRef } from './manifests.js';
import { mountedSecrets, podTemplateOf } from './workloads.js';

/** A workload whose pods keep a Secret's old contents: the Secret changed, its pod template did not. */
export interface StaleMount {
  workload: ObjectRef;
  secret: string;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Pods read a mounted certificate when they start; nothing restarts them when only the Secret
 * changes. Linkerd's charts put a checksum of such Secrets in the pod template so that the
 * template changes too: where it does not, the running pods serve the old certificate.
 */
export function staleMounts(from: ReadonlyMap<string, KubeObject>, to: ReadonlyMap<string, KubeObject>): StaleMount[] {
  const out: StaleMount[] = [];
  for (const [key, after] of to) {
    const before = from.get(key);
    const template = podTemplateOf(after);
    if (!before || !template || !same(podTemplateOf(before), template)) continue;
    const namespace = after.metadata.namespace;
    for (const secret of mountedSecrets(template)) {
      const secretKey = refText({ kind: 'Secret', name: secret, ...(namespace ? { namespace } : {}) });
      const old = from.get(secretKey);
      const next = to.get(secretKey);
      if (old && next && !same(old.data ?? old.stringData, next.data ?? next.stringData)) {
        out.push({ workload: { kind: after.kind, name: after.metadata.name, ...(namespace ? { namespace } : {}) }, secret });
      }
    }
  }
  return out;
}
