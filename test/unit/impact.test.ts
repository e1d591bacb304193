import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { fieldChanges } from '../../src/impact/fields.js';
import { parseManifests } from '../../src/impact/manifests.js';
import type { ImpactInput } from '../../src/impact/model.js';
import { permissions } from '../../src/impact/rbac.js';
import { reviewImpact } from '../../src/impact/review.js';
import { impactMarkdown } from '../../src/report/impact.js';

const yaml = (...objects: object[]) => objects.map((o) => `---\n${stringify(o)}`).join('');
/** A review of `from` and `to` (and, given `toPlain`, of the plain upgrade to those objects). */
const review = (from: object[], to: object[], extra: Omit<Partial<ImpactInput>, 'manifests'> & { toPlain?: object[] } = {}) => {
  const { toPlain, ...rest } = extra;
  return reviewImpact({
    from: 'edge-1.1.1',
    to: 'edge-1.1.2',
    method: 'helm',
    ...rest,
    manifests: { from: yaml(...from), to: yaml(...to), ...(toPlain ? { toPlain: yaml(...toPlain) } : {}) },
  });
};

const cm = (name: string, data: Record<string, string>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'linkerd' }, data });

function crd(group: string, kind: string, versions: { name: string; served?: boolean; storage?: boolean }[]) {
  const plural = `${kind.toLowerCase()}s`;
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${group}` },
    spec: { group, names: { kind, plural }, versions: versions.map((v) => ({ served: true, storage: false, ...v })) },
  };
}

function deployment(name: string, opts: { image?: string; secret?: string; annotations?: Record<string, string> } = {}) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'linkerd' },
    spec: {
      template: {
        metadata: { annotations: opts.annotations ?? {} },
        spec: {
          containers: [{ name, image: opts.image ?? 'cr.l5d.io/linkerd/controller:edge-1.1.1' }],
          volumes: opts.secret ? [{ name: 'tls', secret: { secretName: opts.secret } }] : [],
        },
      },
    },
  };
}

const secret = (name: string, crt: string) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: 'linkerd' }, data: { 'tls.crt': crt } });

describe('manifests', () => {
  it('reads every object of a multi-document manifest, skipping empty documents and non-objects', () => {
    const objects = parseManifests(
      `---\n# a comment\n---\n${stringify(cm('a', {}))}---\nnot: an object\n---\n${stringify({ kind: 'List', apiVersion: 'v1', items: [cm('b', {})] })}`,
    );
    expect([...objects.keys()]).toEqual(['ConfigMap linkerd/a', 'ConfigMap linkerd/b']);
  });

  it('refuses text that is no YAML', () => {
    expect(() => parseManifests('a: [')).toThrow(/not a manifest/);
  });
});

describe('objects added, removed and changed', () => {
  it('names each by kind and name, with the fields that changed', () => {
    const r = review([cm('kept', { a: '1', b: '2' }), cm('gone', {})], [cm('kept', { a: '1', b: '3', c: '4' }), cm('new', {})]);
    expect(r.objects.added).toEqual([{ kind: 'ConfigMap', name: 'new', namespace: 'linkerd' }]);
    expect(r.objects.removed).toEqual([{ kind: 'ConfigMap', name: 'gone', namespace: 'linkerd' }]);
    expect(r.objects.changed).toEqual([
      {
        object: { kind: 'ConfigMap', name: 'kept', namespace: 'linkerd' },
        fields: [
          { path: 'data.b', before: '2', after: '3' },
          { path: 'data.c', after: '4' },
        ],
      },
    ]);
  });

  it('warns of an object the upgrade deletes, and of nothing when all are kept', () => {
    expect(review([cm('gone', {})], []).warnings).toEqual([expect.objectContaining({ step: 'upgrade', reason: 'deletes ConfigMap linkerd/gone' })]);
    expect(review([cm('kept', { a: '1' })], [cm('kept', { a: '2' })]).warnings).toEqual([]);
  });

  it('keys list items by name, so a container added in front is one change', () => {
    const before = { containers: [{ name: 'proxy', image: 'p:1' }] };
    const after = {
      containers: [
        { name: 'init', image: 'i:1' },
        { name: 'proxy', image: 'p:2' },
      ],
    };
    expect(fieldChanges(before, after)).toEqual([
      { path: 'containers[proxy].image', before: 'p:1', after: 'p:2' },
      { path: 'containers[init]', after: '{2 fields}' },
    ]);
  });

  it('never shows a Secret value, only that it changed', () => {
    const [change] = review([secret('s', 'OLD-SECRET')], [secret('s', 'NEW-SECRET')]).objects.changed;
    expect(change!.fields).toEqual([{ path: 'data.tls.crt', before: '(hidden)', after: '(hidden)' }]);
    expect(JSON.stringify(review([secret('s', 'OLD-SECRET')], [secret('s', 'NEW-SECRET')]))).not.toMatch(/SECRET/);
  });

  it('lists at most 25 fields of an object and counts the rest', () => {
    const many = (v: string) => cm('big', Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${i}`, v])));
    const [change] = review([many('a')], [many('b')]).objects.changed;
    expect(change!.fields).toHaveLength(25);
    expect(change!.moreFields).toBe(5);
  });
});

describe('CRDs', () => {
  const routes = (versions: Parameters<typeof crd>[2]) => crd('gateway.networking.k8s.io', 'HTTPRoute', versions);

  it('says which versions are added and removed, which stop being served, and where storage moves', () => {
    const r = review(
      [routes([{ name: 'v1alpha2' }, { name: 'v1beta1', storage: true }])],
      [routes([{ name: 'v1alpha2', served: false }, { name: 'v1beta1' }, { name: 'v1', storage: true }])],
    );
    expect(r.crds).toEqual([
      expect.objectContaining({
        name: 'httproutes.gateway.networking.k8s.io',
        change: 'changed',
        versionsAdded: ['v1'],
        versionsRemoved: [],
        servedChanged: [{ version: 'v1alpha2', from: true, to: false }],
        servedDropped: ['v1alpha2'],
        storage: { from: 'v1beta1', to: 'v1' },
      }),
    ]);
    expect(r.warnings.map((w) => w.reason)).toEqual([
      'httproutes.gateway.networking.k8s.io no longer serves v1alpha2',
      expect.stringContaining('stored as v1, which the old CRD does not serve'),
    ]);
  });

  it('finds a rollback safe when the old CRD serves the version the new one stores', () => {
    const r = review([routes([{ name: 'v1beta1', storage: true }, { name: 'v1' }])], [routes([{ name: 'v1beta1' }, { name: 'v1', storage: true }])]);
    expect(r.crds[0]!.rollbackProblem).toBeUndefined();
    expect(r.warnings).toEqual([]);
  });

  it('names the user objects that go with a deleted CRD, of its group only', () => {
    const r = review(
      [routes([{ name: 'v1', storage: true }]), crd('policy.linkerd.io', 'HTTPRoute', [{ name: 'v1beta3', storage: true }])],
      [crd('policy.linkerd.io', 'HTTPRoute', [{ name: 'v1beta3', storage: true }])],
      {
        userObjects: [
          { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', name: 'web', namespace: 'shop' },
          { apiVersion: 'policy.linkerd.io/v1beta3', kind: 'HTTPRoute', name: 'policy-route', namespace: 'shop' },
        ],
      },
    );
    expect(r.deletedKinds).toEqual([
      {
        crd: 'httproutes.gateway.networking.k8s.io',
        kind: 'HTTPRoute.gateway.networking.k8s.io',
        userObjects: [{ kind: 'HTTPRoute', name: 'web', namespace: 'shop' }],
      },
    ]);
    expect(r.warnings.map((w) => w.reason)).toEqual([
      'deletes CustomResourceDefinition httproutes.gateway.networking.k8s.io, and with it every HTTPRoute.gateway.networking.k8s.io in the cluster, among them HTTPRoute shop/web',
    ]);
  });
});

describe('RBAC', () => {
  const role = (rules: object[]) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'linkerd-destination' }, rules });

  it('spells rules out one permission at a time, whatever their grouping', () => {
    expect(permissions([{ apiGroups: [''], resources: ['pods', 'services'], verbs: ['get'] }])).toEqual(
      permissions([
        { apiGroups: [''], resources: ['services'], verbs: ['get'] },
        { apiGroups: [''], resources: ['pods'], verbs: ['get'] },
      ]),
    );
  });

  it('says what a role grants more and less', () => {
    const r = review(
      [role([{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'delete'] }])],
      [
        role([
          { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] },
          { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['watch'], resourceNames: ['x'] },
        ]),
      ],
    );
    expect(r.rbac).toEqual([
      { role: { kind: 'ClusterRole', name: 'linkerd-destination' }, widened: ['watch discovery.k8s.io/endpointslices/x'], narrowed: ['delete /pods'] },
    ]);
  });

  it('reports nothing for rules regrouped without a change', () => {
    expect(
      review(
        [role([{ apiGroups: [''], resources: ['pods', 'nodes'], verbs: ['get'] }])],
        [
          role([
            { apiGroups: [''], resources: ['nodes'], verbs: ['get'] },
            { apiGroups: [''], resources: ['pods'], verbs: ['get'] },
          ]),
        ],
      ).rbac,
    ).toEqual([]);
  });
});

describe('images', () => {
  it('lists the images of each side and every container whose image changes', () => {
    const r = review([deployment('destination')], [deployment('destination', { image: 'cr.l5d.io/linkerd/controller:edge-1.1.2' })]);
    expect(r.images.from).toEqual(['cr.l5d.io/linkerd/controller:edge-1.1.1']);
    expect(r.images.to).toEqual(['cr.l5d.io/linkerd/controller:edge-1.1.2']);
    expect(r.images.changed).toEqual([
      {
        object: { kind: 'Deployment', name: 'destination', namespace: 'linkerd' },
        container: 'destination',
        from: 'cr.l5d.io/linkerd/controller:edge-1.1.1',
        to: 'cr.l5d.io/linkerd/controller:edge-1.1.2',
      },
    ]);
  });
});

describe('webhooks', () => {
  const hook = (failurePolicy: string, operations: string[], caBundle = 'a') => ({
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'MutatingWebhookConfiguration',
    metadata: { name: 'linkerd-proxy-injector-webhook-config' },
    webhooks: [{ name: 'linkerd-proxy-injector.linkerd.io', failurePolicy, clientConfig: { caBundle }, rules: [{ operations, resources: ['pods'] }] }],
  });

  it('says when a rule or the failure policy changes', () => {
    const r = review([hook('Ignore', ['CREATE'])], [hook('Fail', ['CREATE', 'UPDATE'])]);
    expect(r.webhooks).toEqual([
      {
        webhook: 'MutatingWebhookConfiguration linkerd-proxy-injector-webhook-config/linkerd-proxy-injector.linkerd.io',
        change: 'changed',
        failurePolicy: { from: 'Ignore', to: 'Fail' },
        fields: [{ path: 'rules[0].operations[1]', after: 'UPDATE' }],
      },
    ]);
  });

  it('leaves a new CA bundle to the certificate findings', () => {
    expect(review([hook('Fail', ['CREATE'], 'a')], [hook('Fail', ['CREATE'], 'b')]).webhooks).toEqual([]);
  });
});

describe('stale certificates', () => {
  it('warns when a mounted Secret changes and the pod template does not', () => {
    const r = review(
      [deployment('proxy-injector', { secret: 'injector-k8s-tls' }), secret('injector-k8s-tls', 'a')],
      [deployment('proxy-injector', { secret: 'injector-k8s-tls' }), secret('injector-k8s-tls', 'b')],
    );
    expect(r.staleMounts).toEqual([{ workload: { kind: 'Deployment', name: 'proxy-injector', namespace: 'linkerd' }, secret: 'injector-k8s-tls' }]);
    expect(r.warnings.map((w) => w.reason)).toEqual([
      'Deployment linkerd/proxy-injector keeps serving the old contents of Secret injector-k8s-tls: the Secret changes, the pod template does not',
    ]);
  });

  it('finds none when the pod template changes with the Secret (a checksum annotation)', () => {
    const r = review(
      [deployment('proxy-injector', { secret: 'injector-k8s-tls', annotations: { 'checksum/config': '1' } }), secret('injector-k8s-tls', 'a')],
      [deployment('proxy-injector', { secret: 'injector-k8s-tls', annotations: { 'checksum/config': '2' } }), secret('injector-k8s-tls', 'b')],
    );
    expect(r.staleMounts).toEqual([]);
    expect(r.warnings).toEqual([]);
  });
});

describe('chart default values', () => {
  it('lists the defaults added, removed and changed, by path', () => {
    const r = review([], [], {
      chartValues: [
        {
          chart: 'linkerd-crds',
          from: { installGatewayAPI: true, enableTlsRoutes: true, proxy: { logLevel: 'warn' } },
          to: { installGatewayAPI: false, proxy: { logLevel: 'warn', logFormat: 'plain' } },
        },
      ],
    });
    expect(r.chartValues).toEqual([
      {
        chart: 'linkerd-crds',
        changes: [
          { path: 'enableTlsRoutes', from: 'true' },
          { path: 'installGatewayAPI', from: 'true', to: 'false' },
          { path: 'proxy.logFormat', to: 'plain' },
        ],
      },
    ]);
  });
});

describe('the plain upgrade', () => {
  const routes = crd('gateway.networking.k8s.io', 'HTTPRoute', [{ name: 'v1', storage: true }]);
  const server = crd('policy.linkerd.io', 'Server', [{ name: 'v1beta3', storage: true }]);

  it('names what an upgrade with chart defaults deletes, and the user objects that go with it', () => {
    const r = review([routes, server], [routes, server], {
      toPlain: [server],
      userObjects: [{ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', name: 'web', namespace: 'shop' }],
    });
    expect(r.plainUpgrade!.removed).toEqual([{ kind: 'CustomResourceDefinition', name: 'httproutes.gateway.networking.k8s.io' }]);
    expect(r.warnings).toEqual([
      expect.objectContaining({
        step: 'plain upgrade',
        reason: expect.stringContaining('every HTTPRoute.gateway.networking.k8s.io in the cluster, among them HTTPRoute shop/web'),
      }),
    ]);
  });

  it('says which fields the user settings hold that the plain upgrade resets, as information', () => {
    const r = review([cm('linkerd-config', { logLevel: 'debug' })], [cm('linkerd-config', { logLevel: 'debug' })], {
      toPlain: [cm('linkerd-config', { logLevel: 'info' })],
    });
    expect(r.plainUpgrade!.reset).toEqual([
      { object: { kind: 'ConfigMap', name: 'linkerd-config', namespace: 'linkerd' }, fields: [{ path: 'data.logLevel', before: 'debug', after: 'info' }] },
    ]);
    expect(r.warnings).toEqual([]);
  });

  it('leaves out of the settings what every render makes anew: certificates, CA bundles, their checksums', () => {
    const injector = (cert: string) => [
      secret('injector-k8s-tls', cert),
      deployment('proxy-injector', { secret: 'injector-k8s-tls', annotations: { 'checksum/config': cert } }),
    ];
    const r = review(injector('a'), injector('b'), { toPlain: injector('c') });
    expect(r.plainUpgrade!.reset).toEqual([]);
  });

  it('says a deletion once when the upgrade as configured makes it too', () => {
    const r = review([cm('gone', {})], [], { toPlain: [] });
    expect(r.warnings.map((w) => w.step)).toEqual(['upgrade']);
  });
});

describe('the review as markdown', () => {
  it('puts the warnings first, then each class of change, names as code', () => {
    const routes = crd('gateway.networking.k8s.io', 'HTTPRoute', [{ name: 'v1', storage: true }]);
    const text = impactMarkdown(review([routes, cm('kept', { a: '1' })], [cm('kept', { a: '2' })], { toPlain: [] }));
    const lines = text.split('\n');
    expect(lines[2]).toMatch(/^⚠️ 2 warnings .*:$/);
    expect(lines[3]).toContain('- upgrade: `deletes CustomResourceDefinition httproutes.gateway.networking.k8s.io');
    expect(lines[4]).toContain('- plain upgrade: `deletes ConfigMap linkerd/kept`');
    expect(text).toContain('- `ConfigMap linkerd/kept`\n  - `data.a`: `1` → `2`');
    expect(text).toContain('| `httproutes.gateway.networking.k8s.io` | removed |');
  });

  it('says so when nothing costs data or availability', () => {
    expect(impactMarkdown(review([cm('kept', { a: '1' })], [cm('kept', { a: '2' })]))).toContain('✅ nothing in it costs data or availability.');
  });
});
