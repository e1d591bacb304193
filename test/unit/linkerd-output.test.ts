import { describe, expect, it } from 'vitest';
import { describeFailures, parseCheckTable } from '../../src/linkerd/check-output.js';
import { parseVersionOutput } from '../../src/linkerd/proxy-versions.js';

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

describe('linkerd check table output', () => {
  it('lists failed and warning checks with their category, multi-line error and hint', () => {
    const text = [
      'Linkerd core checks',
      '===================',
      '',
      'kubernetes-api',
      '--------------',
      '√ can initialize the client',
      '',
      'linkerd-data-plane',
      '------------------',
      '√ data plane namespace exists',
      '× data plane is up-to-date',
      '    some proxies are not running the current version:',
      '\t* server-1 (edge-26.8.2)',
      '\t* client-2 (edge-26.8.2)',
      '    see https://linkerd.io/2/checks/#l5d-data-plane-version for hints',
      '‼ data plane and cli versions match',
      '    server-1 running edge-26.8.2 but cli running edge-26.8.3',
      '',
      'Status check results are ×',
    ].join('\n');
    expect(parseCheckTable(text)).toEqual([
      {
        category: 'linkerd-data-plane',
        description: 'data plane is up-to-date',
        result: 'error',
        error: 'some proxies are not running the current version:\n* server-1 (edge-26.8.2)\n* client-2 (edge-26.8.2)',
        hint: 'https://linkerd.io/2/checks/#l5d-data-plane-version',
      },
      {
        category: 'linkerd-data-plane',
        description: 'data plane and cli versions match',
        result: 'warning',
        error: 'server-1 running edge-26.8.2 but cli running edge-26.8.3',
      },
    ]);
  });

  it('describes failures in one line for a phase reason', () => {
    expect(describeFailures([{ category: 'linkerd-data-plane', description: 'data plane is up-to-date', result: 'error', error: 'stale' }])).toBe(
      '[linkerd-data-plane] data plane is up-to-date: stale',
    );
  });

  it('finds nothing in a passing run', () => {
    expect(parseCheckTable('kubernetes-api\n--------------\n√ can initialize the client\n\nStatus check results are √\n')).toEqual([]);
  });
});
