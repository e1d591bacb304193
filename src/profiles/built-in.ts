import type { InstallProfile } from './model.js';

/**
 * The built-in profiles. Each `since` is the first release whose chart has the value, from the
 * history of Linkerd's charts (git log -S on values.yaml); docs/profiles.md lists them.
 */
export const BUILT_IN_PROFILES: readonly InstallProfile[] = [
  {
    name: 'default',
    description: 'What `linkerd install` does without options.',
    version: 1,
    cliFlags: [],
    chartValuesFiles: [],
    values: {},
    requires: [],
  },
  {
    name: 'ha',
    description: 'High availability as `--ha` sets it (values-ha.yaml of the chart), on three nodes for its pod anti-affinity.',
    version: 1,
    cliFlags: ['--ha'],
    chartValuesFiles: ['values-ha.yaml'],
    // What --ha sets and the upgrade must keep; given explicitly so the check after each step can see them.
    values: { controllerReplicas: 3, enablePodAntiAffinity: true, enablePodDisruptionBudget: true },
    // One node per replica: the anti-affinity is required per hostname.
    nodes: 3,
    requires: [{ setting: 'enablePodDisruptionBudget', edge: 'edge-22.5.2', stable: 'stable-2.12.0' }],
  },
  {
    name: 'external-issuer',
    description:
      'The identity issuer managed outside Linkerd, as with cert-manager and trust-manager: the run makes a trust anchor and an issuer certificate (openssl, ECDSA P-256), stores them as the kubernetes.io/tls Secret linkerd-identity-issuer (with ca.crt) and the trust bundle ConfigMap linkerd-identity-trust-roots, then installs with identity.externalCA=true and identity.issuer.scheme=kubernetes.io/tls.',
    version: 1,
    cliFlags: [],
    chartValuesFiles: [],
    values: { identity: { externalCA: true, issuer: { scheme: 'kubernetes.io/tls' } } },
    requires: [{ setting: 'identity.externalCA', edge: 'edge-21.7.5', stable: 'stable-2.11.0' }],
    prepareBuiltIn: 'external-issuer',
  },
  {
    name: 'custom-values',
    description:
      'Values platform teams commonly override, in a values file: proxy resources, proxy and controller log level and format, a 48h issuer lifetime, proxy connect timeout and shutdown grace period, pod labels.',
    version: 1,
    cliFlags: [],
    chartValuesFiles: [],
    values: {
      controllerLogLevel: 'debug',
      controllerLogFormat: 'json',
      podLabels: { 'example.com/team': 'platform' },
      identity: { issuer: { issuanceLifetime: '48h0m0s' } },
      proxy: {
        logLevel: 'warn,linkerd=debug',
        logFormat: 'json',
        outboundConnectTimeout: '2000ms',
        shutdownGracePeriod: '30s',
        resources: { cpu: { request: '150m', limit: '1' }, memory: { request: '64Mi', limit: '256Mi' } },
      },
    },
    requires: [
      { setting: 'proxy.logFormat', edge: 'edge-20.7.1', stable: 'stable-2.9.0' },
      { setting: 'controllerLogFormat', edge: 'edge-21.1.3', stable: 'stable-2.10.0' },
      { setting: 'proxy.shutdownGracePeriod', edge: 'edge-22.7.2', stable: 'stable-2.12.0' },
    ],
  },
];
