import { fieldChanges, type FieldChange } from './fields.js';
import type { KubeObject } from './manifests.js';

/** Fields said apart (the name, the failure policy) or that change with a certificate (the client config's CA bundle). */
const APART = new Set(['name', 'failurePolicy', 'clientConfig']);

const WEBHOOK_KINDS = new Set(['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration']);

/** One admission webhook added, removed, or with rules, failure policy or selectors changed. */
export interface WebhookChange {
  /** `Kind configuration/webhook`. */
  webhook: string;
  change: 'added' | 'removed' | 'changed';
  failurePolicy?: { from?: string; to?: string };
  /** Changes of rules, selectors, side effects and timeout; the CA bundle is a certificate's business (it changes with it). */
  fields: FieldChange[];
}

interface Webhook {
  name: string;
  failurePolicy?: string;
  clientConfig?: unknown;
  [field: string]: unknown;
}

function webhooksOf(objects: ReadonlyMap<string, KubeObject>): Map<string, Webhook> {
  const out = new Map<string, Webhook>();
  for (const object of objects.values()) {
    if (!WEBHOOK_KINDS.has(object.kind)) continue;
    for (const hook of (object.webhooks as Webhook[] | undefined) ?? []) out.set(`${object.kind} ${object.metadata.name}/${hook.name}`, hook);
  }
  return out;
}

/** What the API server sends where, and what happens when the webhook is down. */
function rulesOf(hook: Webhook): Record<string, unknown> {
  return Object.fromEntries(Object.entries(hook).filter(([key]) => !APART.has(key)));
}

export function diffWebhooks(from: ReadonlyMap<string, KubeObject>, to: ReadonlyMap<string, KubeObject>): WebhookChange[] {
  const a = webhooksOf(from);
  const b = webhooksOf(to);
  return [...new Set([...a.keys(), ...b.keys()])].sort().flatMap((webhook) => {
    const before = a.get(webhook);
    const after = b.get(webhook);
    const fields = fieldChanges(before ? rulesOf(before) : {}, after ? rulesOf(after) : {});
    const policyChanged = before?.failurePolicy !== after?.failurePolicy;
    const change = !before ? 'added' : !after ? 'removed' : 'changed';
    if (change === 'changed' && !fields.length && !policyChanged) return [];
    const failurePolicy = Object.fromEntries(Object.entries({ from: before?.failurePolicy, to: after?.failurePolicy }).filter(([, v]) => v !== undefined));
    return [{ webhook, change, ...(policyChanged ? { failurePolicy } : {}), fields: change === 'changed' ? fields : [] }];
  });
}
