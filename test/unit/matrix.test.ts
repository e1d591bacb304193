import { describe, expect, it } from 'vitest';
import { KIND_NODE_IMAGES, kindNodeFor, nodeImage } from '../../src/versions/kind-images.js';
import { kubernetesFor, LINKERD_KUBERNETES_SUPPORT, majorOf } from '../../src/matrix/kubernetes-support.js';
import type { MatrixOptions } from '../../src/inputs/command-validate.js';
import { computePaths } from '../../src/matrix/paths.js';
import { ReleaseList } from '../../src/versions/releases.js';
import { realReleases } from '../helpers/releases.js';

const list = new ReleaseList(realReleases());
const defaults: MatrixOptions = {
  to: 'latest-edge',
  previousEdges: 3,
  majors: 2,
  includeStable: false,
  extraFrom: [],
  exclude: [],
  multiHop: false,
  installMethods: ['cli'],
};
const paths = (options: Partial<MatrixOptions>) => computePaths(list, { ...defaults, ...options });

describe('upgrade paths', () => {
  it('takes the previous edges and the release points of the newest majors, oldest first', () => {
    expect(paths({}).map((p) => [p.key, p.from, p.to])).toEqual([
      ['major-2.19', 'edge-25.10.7', 'edge-26.8.3'],
      ['major-2.20', 'edge-26.6.3', 'edge-26.8.3'],
      ['previous-edge-3', 'edge-26.7.2', 'edge-26.8.3'],
      ['previous-edge-2', 'edge-26.8.1', 'edge-26.8.3'],
      ['previous-edge-1', 'edge-26.8.2', 'edge-26.8.3'],
    ]);
  });

  it('runs every path once per install method, Helm paths under their own key and name', () => {
    const both = paths({ to: 'edge-25.12.1', previousEdges: 0, installMethods: ['cli', 'helm'] });
    expect(both.map((p) => [p.key, p.from, p.installMethod])).toEqual([
      ['major-2.18', 'edge-25.4.4', 'cli'],
      ['major-2.19', 'edge-25.10.7', 'cli'],
      ['major-2.18-helm', 'edge-25.4.4', 'helm'],
      ['major-2.19-helm', 'edge-25.10.7', 'helm'],
    ]);
    expect(both[3]!.name).toBe('2.19 (edge-25.10.7) → edge-25.12.1 (helm)');
    expect(both[3]!.kubernetesVersion).toBe(both[1]!.kubernetesVersion);
  });

  it('matches the example of the issue: into edge-25.12.1 from 2.19 and 2.18', () => {
    const majors = paths({ to: 'edge-25.12.1', previousEdges: 0 });
    expect(majors.map((p) => [p.key, p.from])).toEqual([
      ['major-2.18', 'edge-25.4.4'],
      ['major-2.19', 'edge-25.10.7'],
    ]);
    expect(majors[1]!.name).toBe('2.19 (edge-25.10.7) → edge-25.12.1');
  });

  it('crosses a year boundary for previous edges (no edge in December 2024)', () => {
    expect(paths({ to: 'edge-25.1.2', majors: 0 }).map((p) => p.from)).toEqual(['edge-24.11.7', 'edge-24.11.8', 'edge-25.1.1']);
  });

  it('removes duplicates, keeping the first reason, and excluded tags', () => {
    // edge-26.6.3 is both the 2.20 release point and, into edge-26.7.1, the previous edge.
    const p = paths({ to: 'edge-26.7.1', previousEdges: 1, majors: 1, extraFrom: ['edge-26.6.3'] });
    expect(p.map((x) => [x.key, x.from])).toEqual([['previous-edge-1', 'edge-26.6.3']]);
    expect(paths({ exclude: ['edge-26.8.1', 'edge-25.10.7'] }).map((x) => x.from)).toEqual(['edge-26.6.3', 'edge-26.7.2', 'edge-26.8.2']);
  });

  it('keeps a path with no common Kubernetes version, as skipped with the reason', () => {
    const stable = paths({ includeStable: true, previousEdges: 0, majors: 0 });
    expect(stable).toEqual([
      expect.objectContaining({
        key: 'stable',
        from: 'stable-2.14.10',
        skipped: 'no Kubernetes version supported by both: stable-2.14.10 supports 1.21-1.28, edge-26.8.3 supports 1.31-1.35',
      }),
    ]);
    expect(stable[0]!.kubernetesVersion).toBeUndefined();
  });

  it('adds a multi-hop path through the major release points', () => {
    const hop = paths({ multiHop: true }).find((p) => p.key === 'multi-hop')!;
    expect(hop).toMatchObject({
      from: 'edge-25.10.7',
      via: ['edge-26.6.3'],
      to: 'edge-26.8.3',
      kubernetesVersion: 'v1.35.8@sha256:07b2536e30b803ed61d1677a79df6115f798ce64c80f9e22f6ed45afd09323c0',
      kindVersion: 'v0.33.0',
    });
    expect(hop.name).toBe('2.19 (edge-25.10.7) → 2.20 (edge-26.6.3) → edge-26.8.3');
  });

  it('rejects unknown tags naming the input', () => {
    expect(() => paths({ extraFrom: ['edge-99.1.1'] })).toThrow(/invalid from "edge-99.1.1"/);
    expect(() => paths({ exclude: ['edge-99.1.1'] })).toThrow(/invalid exclude "edge-99.1.1"/);
  });
});

describe('Kubernetes version per path', () => {
  it('maps edges to the major they led up to', () => {
    expect(majorOf('edge-25.10.7', list)).toBe('2.19');
    expect(majorOf('edge-25.5.1', list)).toBe('2.19');
    expect(majorOf('edge-25.4.4', list)).toBe('2.18');
    expect(majorOf('edge-26.8.3', list)).toBe('2.21');
  });

  it('gives majors newer than the support table the range of the newest listed one, maximum included', () => {
    expect(kubernetesFor(['stable-2.14.10', 'edge-26.8.3'], list)).toEqual({
      skip: 'no Kubernetes version supported by both: stable-2.14.10 supports 1.21-1.28, edge-26.8.3 supports 1.31-1.35',
    });
    expect(kubernetesFor(['edge-25.12.1'], list)).toMatchObject({ kubernetesVersion: expect.stringMatching(/^v1\.35\./) });
    expect(majorOf('edge-23.1.1', list)).toBe('2.13');
    expect(majorOf('stable-2.14.10', list)).toBe('2.14');
  });

  it('never runs a path into the newest edges on a Kubernetes newer than Linkerd was tested on', () => {
    // edge-26.8.2 and edge-26.8.3 lead up to 2.21, which the table does not list yet: 2.20's 1.35 is its newest.
    expect(kubernetesFor(['edge-26.8.2', 'edge-26.8.3'], list)).toEqual({
      kindVersion: 'v0.33.0',
      kubernetesVersion: 'v1.35.8@sha256:07b2536e30b803ed61d1677a79df6115f798ce64c80f9e22f6ed45afd09323c0',
    });
    for (const path of paths({ previousEdges: 3, majors: 2, multiHop: true })) expect(path.kubernetesVersion, path.key).toMatch(/^v1\.35\.8@/);
  });

  it('gives majors older than the support table the range of the oldest listed one', () => {
    expect(kubernetesFor(['stable-2.9.4', 'stable-2.10.2'], list)).toEqual({
      skip: 'no pinned kind node image for Kubernetes 1.16-1.23 (stable-2.9.4 supports 1.16-1.23, stable-2.10.2 supports 1.16-1.23)',
    });
  });

  it('picks the newest version both ends support', () => {
    expect(kubernetesFor(['edge-25.4.4', 'edge-25.10.7'], list)).toEqual({
      kindVersion: 'v0.30.0',
      kubernetesVersion: 'v1.32.8@sha256:abd489f042d2b644e2d033f5c2d900bc707798d075e8186cb65e3f1367a9d5a1',
    });
    expect(kubernetesFor(['edge-25.10.7', 'edge-26.8.3'], list)).toEqual({
      kindVersion: 'v0.33.0',
      kubernetesVersion: 'v1.35.8@sha256:07b2536e30b803ed61d1677a79df6115f798ce64c80f9e22f6ed45afd09323c0',
    });
  });

  it('skips, saying so, a range no pinned kind release built a node image for', () => {
    expect(kubernetesFor(['stable-2.12.0', 'stable-2.14.10'], list)).toEqual({
      skip: 'no pinned kind node image for Kubernetes 1.21-1.24 (stable-2.12.0 supports 1.21-1.24, stable-2.14.10 supports 1.21-1.28)',
    });
  });

  it('follows the published support table for 2.19 and 2.20 (linkerd.io/2/reference/k8s-versions)', () => {
    expect(LINKERD_KUBERNETES_SUPPORT['2.19']).toEqual({ min: 22, max: 35 });
    expect(LINKERD_KUBERNETES_SUPPORT['2.20']).toEqual({ min: 31, max: 35 });
  });
});

describe('kind node images', () => {
  it('pins every image by digest, and takes a minor from the newest kind release that built it', () => {
    for (const images of Object.values(KIND_NODE_IMAGES)) {
      for (const [minor, image] of Object.entries(images)) expect(image).toMatch(new RegExp(`^v1\\.${minor}\\.\\d+@sha256:[0-9a-f]{64}$`));
    }
    expect(kindNodeFor(34)).toEqual({ kindVersion: 'v0.33.0', kubernetesVersion: expect.stringMatching(/^v1\.34\.11@sha256:/) });
    expect(kindNodeFor(31)).toEqual({ kindVersion: 'v0.30.0', kubernetesVersion: expect.stringMatching(/^v1\.31\.12@sha256:/) });
    expect(kindNodeFor(29)).toBeUndefined();
  });

  it('gives kind the digest of a tag its release published, and keeps a digest or an unknown tag as given', () => {
    expect(nodeImage('v1.35.8', 'v0.33.0')).toBe('kindest/node:v1.35.8@sha256:07b2536e30b803ed61d1677a79df6115f798ce64c80f9e22f6ed45afd09323c0');
    expect(nodeImage('v1.32.8', 'v0.30.0')).toBe('kindest/node:v1.32.8@sha256:abd489f042d2b644e2d033f5c2d900bc707798d075e8186cb65e3f1367a9d5a1');
    expect(nodeImage('v1.32.8', 'v0.33.0')).toBe('kindest/node:v1.32.8');
    expect(nodeImage(`v1.35.8@sha256:${'a'.repeat(64)}`, 'v0.33.0')).toBe(`kindest/node:v1.35.8@sha256:${'a'.repeat(64)}`);
  });
});
