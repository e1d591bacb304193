import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/inputs/input-error.js';
import { ReleaseList } from '../../src/versions/releases.js';
import { resolveVersions, resolveVia } from '../../src/versions/selectors.js';
import { compareEdges, parseTag } from '../../src/versions/tag.js';
import { realReleases } from '../helpers/releases.js';

const list = new ReleaseList(realReleases());

describe('tags', () => {
  it('parses the three tag kinds and rejects others', () => {
    expect(parseTag('edge-24.11.8')).toMatchObject({ kind: 'edge', year: 24, month: 11, n: 8 });
    expect(parseTag('stable-2.14.10')).toMatchObject({ kind: 'stable', major: 2, minor: 14, patch: 10 });
    expect(parseTag('version-2.19')).toMatchObject({ kind: 'version', major: 2, minor: 19 });
    for (const bad of ['edge-24.11', 'edge-2024.1.1', 'v2.14.10', 'stable-2.14', 'latest', '']) expect(parseTag(bad)).toBeUndefined();
  });

  it('orders edges numerically where string order is wrong', () => {
    expect(compareEdges('edge-24.9.1', 'edge-24.10.1')).toBeLessThan(0);
    expect('edge-24.9.1' > 'edge-24.10.1').toBe(true);
    expect(compareEdges('edge-24.12.3', 'edge-25.1.1')).toBeLessThan(0);
    expect(compareEdges('edge-25.4.10', 'edge-25.4.9')).toBeGreaterThan(0);
  });
});

describe('release list', () => {
  it('maps each version-2.X tag to the newest edge released at or before it', () => {
    const points = Object.fromEntries(list.majorReleasePoints().map((p) => [p.major, p.edge]));
    expect(points).toMatchObject({
      '2.15': 'edge-24.2.4',
      '2.16': 'edge-24.8.2',
      '2.17': 'edge-24.11.8',
      '2.18': 'edge-25.4.4',
      '2.19': 'edge-25.10.7',
      // version-2.20 sits on a commit made after edge-26.6.3 and before edge-26.7.1.
      '2.20': 'edge-26.6.3',
    });
  });
});

describe('selectors', () => {
  const resolve = (from: string, to: string) => resolveVersions(list, { from, to });

  it('resolves the defaults against the real release list', () => {
    expect(resolve('previous-edge', 'latest-edge')).toEqual({ from: 'edge-26.8.2', to: 'edge-26.8.3' });
  });

  it('finds the previous edge across a month and a year boundary', () => {
    expect(resolve('previous-edge', 'edge-26.8.1').from).toBe('edge-26.7.2');
    // There was no edge in December 2024.
    expect(resolve('previous-edge', 'edge-25.1.1').from).toBe('edge-24.11.8');
  });

  it('resolves previous-major to the release point of the newest older major', () => {
    expect(resolve('previous-major', 'edge-26.7.1').from).toBe('edge-26.6.3');
    expect(resolve('previous-major', 'edge-26.6.3').from).toBe('edge-25.10.7');
    expect(resolve('previous-major', 'edge-25.12.1').from).toBe('edge-25.10.7');
  });

  it('resolves latest-stable to the last open-source stable', () => {
    expect(resolve('latest-stable', 'latest-edge').from).toBe('stable-2.14.10');
  });

  it('accepts explicit tags, stable to edge included', () => {
    expect(resolve('stable-2.14.10', 'edge-24.2.4')).toEqual({ from: 'stable-2.14.10', to: 'edge-24.2.4' });
  });

  const rejects = (from: string, to: string, input: string, message: RegExp) => {
    let error: unknown;
    try {
      resolve(from, to);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).input).toBe(input);
    expect((error as InputError).message).toMatch(message);
  };

  it('rejects an unknown tag, naming the input and the newest edge', () => {
    rejects('previous-edge', 'edge-99.1.1', 'to', /invalid to "edge-99.1.1": no such Linkerd release \(newest edge: edge-26.8.3\)/);
  });

  it('rejects malformed versions and unknown selectors, listing what is accepted', () => {
    rejects('previous-edge', 'edge-26.8', 'to', /expected a release tag .* or one of latest-edge/);
    rejects('newest', 'latest-edge', 'from', /one of previous-edge, latest-stable, previous-major/);
    rejects('version-2.19', 'latest-edge', 'from', /expected a release tag/);
  });

  it('rejects from newer than to, and the same release twice', () => {
    rejects('edge-26.8.3', 'edge-26.8.1', 'from', /not older than to \(edge-26.8.1\)/);
    rejects('edge-26.8.1', 'edge-26.8.1', 'from', /same release as to/);
  });

  it('rejects a selector that resolves to nothing', () => {
    rejects('previous-edge', 'edge-18.9.2', 'from', /no edge release is older than edge-18.9.2/);
    rejects('previous-major', 'edge-24.1.1', 'from', /no version-2.X release point is older than edge-24.1.1/);
    expect(() => resolveVersions(new ReleaseList([]), { from: 'previous-edge', to: 'latest-edge' })).toThrow(/no edge release/);
  });
});

describe('multi-hop via', () => {
  it('accepts known tags in release order between from and to', () => {
    expect(resolveVia(list, ['edge-26.6.3', 'edge-26.7.2'], 'edge-25.10.7', 'edge-26.8.3')).toEqual(['edge-26.6.3', 'edge-26.7.2']);
    expect(resolveVia(list, [], 'edge-25.10.7', 'edge-26.8.3')).toEqual([]);
  });

  it('rejects hops out of order, outside the path or unknown', () => {
    expect(() => resolveVia(list, ['edge-26.7.2', 'edge-26.6.3'], 'edge-25.10.7', 'edge-26.8.3')).toThrow(
      'invalid via "edge-26.6.3": each hop must be newer than the one before (edge-26.7.2) and older than to (edge-26.8.3)',
    );
    expect(() => resolveVia(list, ['edge-26.8.3'], 'edge-25.10.7', 'edge-26.8.3')).toThrow(/invalid via "edge-26.8.3"/);
    expect(() => resolveVia(list, ['edge-25.13.1'], 'edge-25.10.7', 'edge-26.8.3')).toThrow('invalid via "edge-25.13.1": no such Linkerd release');
    expect(() => resolveVia(list, ['latest-edge'], 'edge-25.10.7', 'edge-26.8.3')).toThrow(
      'invalid via "latest-edge": expected a release tag (edge-YY.M.N or stable-2.X.Y)',
    );
  });
});
