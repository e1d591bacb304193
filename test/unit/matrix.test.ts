import { describe, expect, it } from 'vitest';
import { kubernetesFor, majorOf } from '../../src/matrix/kubernetes-support.js';
import { computePaths, type MatrixOptions } from '../../src/matrix/paths.js';
import { ReleaseList } from '../../src/versions/releases.js';
import { realReleases } from '../helpers/releases.js';

const list = new ReleaseList(realReleases());
const defaults: MatrixOptions = { to: 'latest-edge', previousEdges: 3, majors: 2, includeStable: false, extraFrom: [], exclude: [], multiHop: false };
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
        skipped: 'no Kubernetes version supported by both: stable-2.14.10 supports 1.21-1.28, edge-26.8.3 supports 1.31+',
      }),
    ]);
    expect(stable[0]!.kubernetesVersion).toBeUndefined();
  });

  it('adds a multi-hop path through the major release points', () => {
    const hop = paths({ multiHop: true }).find((p) => p.key === 'multi-hop')!;
    expect(hop).toMatchObject({ from: 'edge-25.10.7', via: ['edge-26.6.3'], to: 'edge-26.8.3', kubernetesVersion: 'v1.34.0' });
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

  it('gives majors newer than the support table at least the newest listed minimum', () => {
    expect(kubernetesFor(['stable-2.14.10', 'edge-25.12.1'], list)).toEqual({
      skip: 'no Kubernetes version supported by both: stable-2.14.10 supports 1.21-1.28, edge-25.12.1 supports 1.29+',
    });
    expect(majorOf('edge-23.1.1', list)).toBe('2.13');
    expect(majorOf('stable-2.14.10', list)).toBe('2.14');
  });

  it('picks the newest version both ends support', () => {
    expect(kubernetesFor(['edge-25.4.4', 'edge-25.10.7'], list)).toEqual({ version: 'v1.32.8' });
    expect(kubernetesFor(['edge-25.10.7', 'edge-26.8.3'], list)).toEqual({ version: 'v1.34.0' });
    expect(kubernetesFor(['stable-2.12.0', 'stable-2.14.10'], list)).toEqual({ version: 'v1.24.17' });
  });
});
