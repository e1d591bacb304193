import { stringify } from 'yaml';

export const SAMPLE_NAMESPACE = 'edge-canary-sample';
export const SAMPLE_DEPLOYMENTS = ['server', 'client'] as const;

/**
 * Two deployments and a service in their own namespace. The pause image does nothing but stay
 * up, so what is under test is the proxy next to it, not an app. Injected client-side with
 * `linkerd inject --manual` because the webhook cannot be assumed (kwok has none).
 */
export function sampleWorkloadManifest(): string {
  const labels = (app: string) => ({ app, 'app.kubernetes.io/part-of': 'edge-canary' });
  const deployment = (app: string) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: app, namespace: SAMPLE_NAMESPACE, labels: labels(app) },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app } },
      template: {
        metadata: { labels: labels(app) },
        spec: {
          containers: [
            {
              name: app,
              image: 'registry.k8s.io/pause:3.10',
              ports: [{ containerPort: 8080, name: 'http' }],
              resources: { requests: { cpu: '5m', memory: '8Mi' } },
            },
          ],
        },
      },
    },
  });
  const docs = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: SAMPLE_NAMESPACE } },
    ...SAMPLE_DEPLOYMENTS.map(deployment),
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'server', namespace: SAMPLE_NAMESPACE },
      spec: { selector: { app: 'server' }, ports: [{ port: 80, targetPort: 'http' }] },
    },
  ];
  return docs.map((d) => stringify(d)).join('---\n');
}

/**
 * A user's Gateway API route to the sample service, created before the upgrade: an upgrade
 * that replaces, prunes or stops serving the CRDs loses it. v1beta1 is served by every
 * Gateway API bundle Linkerd has shipped (v0.7.1 on) and by the standard install.
 */
export const USER_ROUTE = {
  apiVersion: 'gateway.networking.k8s.io/v1beta1',
  kind: 'HTTPRoute',
  resource: 'httproutes.gateway.networking.k8s.io',
  name: 'server-route',
  spec: {
    parentRefs: [{ group: 'core', kind: 'Service', name: 'server', port: 80 }],
    rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/api' } }], backendRefs: [{ name: 'server', port: 80 }] }],
  },
} as const;

export function userRouteManifest(): string {
  const { apiVersion, kind, name, spec } = USER_ROUTE;
  return stringify({ apiVersion, kind, metadata: { name, namespace: SAMPLE_NAMESPACE }, spec });
}
