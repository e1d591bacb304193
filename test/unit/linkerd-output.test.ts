import { describe, expect, it } from 'vitest';
import { describeFailures, failedChecks, parseCheckStream } from '../../src/linkerd/check-output.js';
import { parseVersionOutput } from '../../src/linkerd/proxy-versions.js';

const core = {
  success: false,
  categories: [
    {
      categoryName: 'linkerd-data-plane',
      checks: [
        { description: 'data plane namespace exists', result: 'success' },
        {
          description: 'data plane is up-to-date',
          result: 'error',
          error: 'some proxies are not running the current version:\n\t* server-1 (edge-26.8.2)\n\t* client-2 (edge-26.8.2)',
          hint: 'https://linkerd.io/2/checks/#l5d-data-plane-version',
        },
        { description: 'data plane and cli versions match', result: 'warning', error: 'server-1 running edge-26.8.2' },
      ],
    },
  ],
};
const viz = { success: true, categories: [{ categoryName: 'linkerd-viz', checks: [{ description: 'viz ok "{quoted}"', result: 'success' }] }] };

describe('linkerd check -o json', () => {
  it('reads a stream of objects (core, then extensions) with text around them', () => {
    const text = `${JSON.stringify(core, null, 2)}\nsome notice {not json}\n${JSON.stringify(viz)}\n`;
    const docs = parseCheckStream(text);
    expect(docs).toHaveLength(2);
    expect(docs[1]!.categories[0]!.checks[0]!.description).toBe('viz ok "{quoted}"');
  });

  it('lists failed checks with their errors; warnings only when asked', () => {
    const docs = parseCheckStream(JSON.stringify(core));
    expect(failedChecks(docs)).toEqual([
      expect.objectContaining({ category: 'linkerd-data-plane', description: 'data plane is up-to-date', result: 'error' }),
    ]);
    expect(failedChecks(docs, 'warning')).toHaveLength(2);
    expect(describeFailures(failedChecks(docs))).toMatch(/^\[linkerd-data-plane\] data plane is up-to-date: some proxies/);
  });

  it('returns nothing for output that is not check JSON', () => {
    expect(parseCheckStream('Error: could not connect\n')).toEqual([]);
    expect(parseCheckStream('{"success": true}')).toEqual([]);
  });
});

describe('linkerd version --proxy', () => {
  it('reads client, server and every proxy version with pod counts', () => {
    const out = parseVersionOutput(
      'Client version: edge-24.11.8\nServer version: edge-24.11.8\nProxy versions:\n\tedge-24.11.5 (9 pods)\n\tedge-24.11.8 (14 pods)\n\tedge-24.11.3 (1 pod)\n',
    );
    expect(out).toEqual({
      client: 'edge-24.11.8',
      server: 'edge-24.11.8',
      proxies: [
        { version: 'edge-24.11.8', pods: 14 },
        { version: 'edge-24.11.5', pods: 9 },
        { version: 'edge-24.11.3', pods: 1 },
      ],
    });
  });

  it('distinguishes "unavailable" from an output without proxies', () => {
    expect(parseVersionOutput('Client version: edge-26.8.3\nServer version: edge-26.8.3\nProxy versions: unavailable\n').proxies).toEqual([]);
    expect(parseVersionOutput('Client version: edge-26.8.3\n').proxies).toBeUndefined();
  });
});
