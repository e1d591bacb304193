import type { EvictSpec } from '../model.js';
import { template } from '../template.js';
import { complaint, kubectl, Unmet, type OperationContext } from './context.js';

const DEFAULT_COUNT = 5;

/** What a kubelet leaves behind when a pod exceeds its ephemeral-storage limit. */
const EVICTED_STATUS = {
  status: { phase: 'Failed', reason: 'Evicted', message: 'Pod ephemeral local storage usage exceeds the total limit of containers 5Ki. ' },
};

/** Makes `count` running pods evicted by writing their status (clusters with status-evictions). */
export async function evict(spec: EvictSpec, ctx: OperationContext): Promise<void> {
  if (!ctx.capabilities.includes('status-evictions')) {
    throw new Error('evict needs the status-evictions capability (a kwok cluster); declare it in requires so other clusters skip the scenario');
  }
  const namespace = spec.namespace ? template(spec.namespace, ctx.variables) : ctx.namespace;
  const count = spec.count ?? DEFAULT_COUNT;
  const selector = template(spec.selector, ctx.variables);
  const listed = await kubectl(ctx, [
    'get',
    'pods',
    '-n',
    namespace,
    '-l',
    selector,
    '--field-selector=status.phase=Running',
    '-o',
    'jsonpath={.items[*].metadata.name}',
  ]);
  if (!listed.ok) throw new Error(`kubectl get pods: ${complaint(listed)}`);
  const pods = listed.stdout.split(/\s+/).filter(Boolean).slice(0, count);
  if (pods.length < count) throw new Unmet(`only ${pods.length} running pods match ${spec.selector} in ${namespace}, ${count} needed`);
  for (const pod of pods) {
    const patched = await kubectl(ctx, ['patch', 'pod', pod, '-n', namespace, '--subresource=status', '--type=merge', '-p', JSON.stringify(EVICTED_STATUS)]);
    if (!patched.ok) throw new Error(`could not evict ${pod}: ${complaint(patched)}`);
  }
}
