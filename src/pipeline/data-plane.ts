import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { expectSuccess } from '../process/expect-success.js';
import { linkerd, waitForRollout, type StepContext } from './linkerd-steps.js';

/** How a deployment's pods get their proxy: in its own pod template (`inject --manual`), or from the injector webhook. */
export type Injection = 'manual' | 'webhook';

export interface MeshedDeployment {
  namespace: string;
  name: string;
  injection: Injection;
}

interface Metadata {
  name: string;
  namespace?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

interface PodSpec {
  containers?: { name: string }[];
  initContainers?: { name: string }[];
}

export interface ClusterObject {
  kind?: string;
  metadata: Metadata;
  status?: { phase?: string };
  spec?: { template?: { metadata?: Omit<Metadata, 'name'>; spec?: PodSpec } };
}

const INJECT = 'linkerd.io/inject';
/** Namespaces of Linkerd itself and of Kubernetes: the upgrade rolls the control plane, never the user. */
const SYSTEM_NAMESPACES = new Set(['kube-system', 'kube-public', 'kube-node-lease']);

/** Linkerd's own namespaces and components: the CLI labels its namespace, Helm's `--create-namespace` does not, every component is labelled. */
function isLinkerds(metadata: Metadata): boolean {
  const labels = metadata.labels ?? {};
  return ['linkerd.io/is-control-plane', 'linkerd.io/extension', 'linkerd.io/control-plane-ns', 'linkerd.io/control-plane-component'].some(
    (label) => label in labels,
  );
}

const isGoing = (o: ClusterObject) => Boolean(o.metadata.deletionTimestamp) || o.status?.phase === 'Terminating';

/**
 * The user's meshed deployments, from the cluster's namespaces and deployments: a proxy
 * container in the pod template was injected by hand (kwok, or a user of `inject --manual`);
 * an inject annotation on the pod template or its namespace (unless the template turns it off)
 * means the webhook injects each new pod (kind, any real cluster). What is being deleted (a
 * finished scenario's namespace) is left to go.
 */
export function meshedDeployments(objects: readonly ClusterObject[]): MeshedDeployment[] {
  const namespaces = new Map(objects.filter((o) => o.kind === 'Namespace').map((o) => [o.metadata.name, o]));
  const meshed: MeshedDeployment[] = [];
  for (const d of objects.filter((o) => o.kind === 'Deployment' && !isGoing(o) && !isLinkerds(o.metadata))) {
    const namespace = d.metadata.namespace ?? 'default';
    const ns = namespaces.get(namespace);
    if (SYSTEM_NAMESPACES.has(namespace) || (ns && (isLinkerds(ns.metadata) || isGoing(ns)))) continue;
    const template = d.spec?.template;
    const containers = [...(template?.spec?.containers ?? []), ...(template?.spec?.initContainers ?? [])];
    const own = template?.metadata?.annotations?.[INJECT];
    const fromNamespace = ns?.metadata.annotations?.[INJECT];
    const injection: Injection | undefined = containers.some((c) => c.name === 'linkerd-proxy')
      ? 'manual'
      : own === 'enabled' || own === 'ingress' || (own === undefined && (fromNamespace === 'enabled' || fromNamespace === 'ingress'))
        ? 'webhook'
        : undefined;
    if (injection) meshed.push({ namespace, name: d.metadata.name, injection });
  }
  return meshed;
}

/** Fields of a live object that would make applying it again race the controllers. */
const LIVE_FIELDS = new Set(['resourceVersion', 'uid', 'creationTimestamp', 'generation', 'managedFields', 'status']);
const withoutLiveFields = (fields: object) => Object.fromEntries(Object.entries(fields).filter(([key]) => !LIVE_FIELDS.has(key)));

/** A live object as a manifest to apply again. */
function reapplicable(object: ClusterObject): ClusterObject {
  return { ...withoutLiveFields(object), metadata: withoutLiveFields(object.metadata) } as ClusterObject;
}

const ROLL_TIMEOUT_MS = 5 * 60_000;

/**
 * The data-plane step of Linkerd's upgrade guide, for every meshed workload in the cluster
 * (the user's, the sample's, the scenarios'), whoever injected it: deployments injected by hand
 * are injected again by `tag`'s CLI from their live manifests (`kubectl get deploy -o yaml |
 * linkerd inject - | kubectl apply -f -`, as Linkerd's inject docs show), those the webhook
 * injects are restarted so that the new injector meshes their pods. Returns what it rolled.
 */
export async function rollMeshedWorkloads(ctx: StepContext, tag: string): Promise<MeshedDeployment[]> {
  const listed = expectSuccess(await ctx.kubectl(['get', 'namespaces,deployments', '--all-namespaces', '-o', 'json']), 'kubectl get namespaces,deployments');
  const objects = (JSON.parse(listed.stdout || '{"items":[]}') as { items: ClusterObject[] }).items;
  const meshed = meshedDeployments(objects);
  const manual = meshed.filter((d) => d.injection === 'manual');
  if (manual.length) {
    const isManual = (o: ClusterObject) => manual.some((d) => d.name === o.metadata.name && d.namespace === (o.metadata.namespace ?? 'default'));
    await mkdir(ctx.manifestDir, { recursive: true });
    const source = join(ctx.manifestDir, `roll-${tag}-meshed-deployments.yaml`);
    await writeFile(
      source,
      stringify({ apiVersion: 'v1', kind: 'List', items: objects.filter((o) => o.kind === 'Deployment' && isManual(o)).map(reapplicable) }),
    );
    const injected = expectSuccess(await linkerd(ctx, tag, ['inject', '--manual', source]), `linkerd inject --manual (${tag}) of the meshed deployments`);
    const file = join(ctx.manifestDir, `roll-${tag}-injected.yaml`);
    await writeFile(file, injected.stdout);
    expectSuccess(await ctx.kubectl(['apply', '-f', file]), `kubectl apply of the deployments injected by ${tag}`);
  }
  for (const namespace of new Set(meshed.filter((d) => d.injection === 'webhook').map((d) => d.namespace))) {
    const names = meshed.filter((d) => d.injection === 'webhook' && d.namespace === namespace).map((d) => `deployment/${d.name}`);
    expectSuccess(await ctx.kubectl(['rollout', 'restart', '-n', namespace, ...names]), `kubectl rollout restart of ${names.join(', ')} in ${namespace}`);
  }
  for (const namespace of new Set(meshed.map((d) => d.namespace))) {
    await waitForRollout(
      ctx,
      namespace,
      meshed.filter((d) => d.namespace === namespace).map((d) => d.name),
      ROLL_TIMEOUT_MS,
    );
  }
  return meshed;
}
