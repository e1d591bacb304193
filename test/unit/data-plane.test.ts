import { describe, expect, it } from 'vitest';
import { meshedDeployments, type ClusterObject } from '../../src/pipeline/data-plane.js';

const namespace = (
  name: string,
  extra: Partial<ClusterObject> = {},
  annotations: Record<string, string> = {},
  labels: Record<string, string> = {},
): ClusterObject => ({
  kind: 'Namespace',
  metadata: { name, annotations, labels },
  ...extra,
});

const deployment = (
  ns: string,
  name: string,
  containers: string[],
  annotations?: Record<string, string>,
  extra: Partial<ClusterObject['metadata']> = {},
): ClusterObject => ({
  kind: 'Deployment',
  metadata: { name, namespace: ns, ...extra },
  spec: { template: { metadata: annotations ? { annotations } : {}, spec: { containers: containers.map((c) => ({ name: c })) } } },
});

describe('meshedDeployments: what the data-plane roll restarts', () => {
  it('finds deployments injected by hand (a proxy in the template) and those the webhook injects (by namespace or template annotation)', () => {
    const objects = [
      namespace('manual'),
      namespace('annotated', {}, { 'linkerd.io/inject': 'enabled' }),
      namespace('plain'),
      deployment('manual', 'by-hand', ['app', 'linkerd-proxy']),
      deployment('annotated', 'by-namespace', ['app']),
      deployment('annotated', 'opted-out', ['app'], { 'linkerd.io/inject': 'disabled' }),
      deployment('plain', 'by-template', ['app'], { 'linkerd.io/inject': 'enabled' }),
      deployment('plain', 'not-meshed', ['app']),
    ];
    expect(meshedDeployments(objects)).toEqual([
      { namespace: 'manual', name: 'by-hand', injection: 'manual' },
      { namespace: 'annotated', name: 'by-namespace', injection: 'webhook' },
      { namespace: 'plain', name: 'by-template', injection: 'webhook' },
    ]);
  });

  it("leaves out Linkerd's own namespaces, Kubernetes', and whatever is being deleted (a finished scenario's namespace)", () => {
    const objects = [
      namespace('linkerd', {}, {}, { 'linkerd.io/is-control-plane': 'true' }),
      namespace('linkerd-viz', {}, {}, { 'linkerd.io/extension': 'viz' }),
      namespace('evicted-pods-1a2b3c', { status: { phase: 'Terminating' } }),
      namespace('apps'),
      // Helm's --create-namespace leaves the control plane's namespace unlabelled: its components are labelled.
      namespace('linkerd-by-helm'),
      deployment('linkerd-by-helm', 'linkerd-identity', ['identity', 'linkerd-proxy'], undefined, {
        labels: { 'linkerd.io/control-plane-component': 'identity' },
      }),
      deployment('linkerd', 'linkerd-destination', ['destination', 'linkerd-proxy']),
      deployment('linkerd-viz', 'web', ['web', 'linkerd-proxy']),
      deployment('kube-system', 'coredns', ['coredns', 'linkerd-proxy']),
      deployment('evicted-pods-1a2b3c', 'evictable', ['app', 'linkerd-proxy']),
      deployment('apps', 'leaving', ['app', 'linkerd-proxy'], undefined, { deletionTimestamp: '2026-12-04T18:00:00Z' }),
      deployment('apps', 'staying', ['app', 'linkerd-proxy']),
    ];
    expect(meshedDeployments(objects)).toEqual([{ namespace: 'apps', name: 'staying', injection: 'manual' }]);
  });
});
