import type { KubeObject } from './manifests.js';

interface Container {
  name: string;
  image?: string;
}

/** A pod template and where it sits in its object: the kinds that run pods. */
export interface PodTemplate {
  metadata?: unknown;
  spec?: { containers?: Container[]; initContainers?: Container[]; volumes?: Volume[] };
}

interface Volume {
  secret?: { secretName?: string };
  projected?: { sources?: { secret?: { name?: string } }[] };
}

/** The pod template of a workload (Deployment, DaemonSet, StatefulSet, Job, CronJob), or of a Pod itself. */
export function podTemplateOf(object: KubeObject): PodTemplate | undefined {
  const spec = object.spec as { template?: PodTemplate; jobTemplate?: { spec?: { template?: PodTemplate } } } | undefined;
  if (object.kind === 'Pod') return { metadata: object.metadata, spec: object.spec as PodTemplate['spec'] };
  if (object.kind === 'CronJob') return spec?.jobTemplate?.spec?.template;
  return ['Deployment', 'DaemonSet', 'StatefulSet', 'ReplicaSet', 'Job'].includes(object.kind) ? spec?.template : undefined;
}

/** Each container's image, `init:` before an init container's name. */
export function imagesOf(object: KubeObject): Map<string, string> {
  const spec = podTemplateOf(object)?.spec;
  const images = new Map<string, string>();
  for (const c of spec?.initContainers ?? []) if (c.image) images.set(`init:${c.name}`, c.image);
  for (const c of spec?.containers ?? []) if (c.image) images.set(c.name, c.image);
  return images;
}

/** The Secrets a pod template mounts (as a volume, or projected). */
export function mountedSecrets(template: PodTemplate): string[] {
  return (template.spec?.volumes ?? []).flatMap((v) => [
    ...(v.secret?.secretName ? [v.secret.secretName] : []),
    ...(v.projected?.sources ?? []).flatMap((s) => (s.secret?.name ? [s.secret.name] : [])),
  ]);
}
