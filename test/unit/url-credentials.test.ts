import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { executeRun } from '../../src/pipeline/execute.js';
import { OutputTail } from '../../src/process/output-tail.js';
import { redactUrlCredentials } from '../../src/process/redact.js';
import { FakeCluster, fakeConfig } from '../helpers/fake-cluster.js';
import { RELEASES_FIXTURE } from '../helpers/releases.js';

describe('credentials written into URLs', () => {
  it.each([
    ['helm repo add r https://chart-user:chart-pass@charts.example/edge', 'helm repo add r https://***@charts.example/edge'],
    ['clone https://x-access-token:ghs_abc123@github.com/o/r.git failed', 'clone https://***@github.com/o/r.git failed'],
    ['oci://robot$bot:p4ss@registry.example/charts', 'oci://***@registry.example/charts'],
    ['GET https://mirror.example/kubectl?token=t0k3n&arch=amd64', 'GET https://mirror.example/kubectl?token=***&arch=amd64'],
    ['https://m.example/f?X-Amz-Signature=abcdef&X-Amz-Credential=AKIA1%2F2&x=1', 'https://m.example/f?X-Amz-Signature=***&X-Amz-Credential=***&x=1'],
    ['https://m.example/f?sv=2020&sig=Zm9v%3D', 'https://m.example/f?sv=2020&sig=***'],
    ['"https://u:p@h.example/x" and http://only-user@h.example/', '"https://***@h.example/x" and http://***@h.example/'],
  ])('masks %s', (text, masked) => {
    expect(redactUrlCredentials(text)).toBe(masked);
  });

  it.each([
    'https://github.com/linkerd/linkerd2/releases?per_page=100&page=2',
    'git@github.com:linkerd/linkerd2.git',
    'https://example.com/people/@someone',
    'mail me at someone@example.com',
  ])('leaves %s alone', (text) => {
    expect(redactUrlCredentials(text)).toBe(text);
  });

  it('keeps JSON text JSON, whatever the strings around a URL hold', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (before, secret, after) => {
        const value = `${before}https://user:${secret}x@host.example/p?token=${secret}y${after}`;
        const masked = JSON.parse(redactUrlCredentials(JSON.stringify({ value }))) as { value: string };
        expect(typeof masked.value).toBe('string');
      }),
    );
  });
});

describe('a run given a chart repo with credentials in its URL', () => {
  it('shows them in no report file and no log line', async () => {
    const reportDir = join(await mkdtemp(join(tmpdir(), 'url-credentials-')), 'report');
    const chartRepo = 'https://chart-user:chart-pass-9@charts.invalid/edge?access_token=tok-value-9';
    const config = fakeConfig(reportDir, { releasesFile: RELEASES_FIXTURE, installMethod: 'helm', chartRepo, from: 'edge-24.2.4', to: 'edge-24.11.8' });
    // helm repo add fails the way helm does: repeating the URL it was given.
    const cluster = new FakeCluster((argv) =>
      argv.includes('repo') && argv.includes('add')
        ? { exitCode: 1, stderr: `Error: looks like "${argv[argv.indexOf('add') + 2]}" is not a valid chart repository` }
        : undefined,
    );
    const log: string[] = [];
    const { report } = await executeRun(config, { signal: new AbortController().signal, log: (line) => log.push(line) }, cluster.deps());
    expect(report.result).not.toBe('pass');
    const published = [
      JSON.stringify(report),
      ...log,
      ...(await Promise.all(['report.json', 'junit.xml', 'summary.md'].map((f) => readFile(join(reportDir, f), 'utf8')))),
    ].join('\n');
    expect(published).toContain('charts.invalid');
    for (const secret of ['chart-user', 'chart-pass-9', 'tok-value-9']) expect(published).not.toContain(secret);
  });
});

describe('a long output line cut near a credentialed URL', () => {
  it('keeps no piece of the credentials, wherever the cut falls', () => {
    const credentials = 'cut-user:cut-pass-value';
    for (let before = 1960; before <= 2005; before++) {
      for (const url of [`https://${credentials}@mirror.example/x`, `https://mirror.example/x?access_token=${credentials}`]) {
        const tail = new OutputTail(5);
        tail.push(`${'x'.repeat(before)}${url}${'y'.repeat(100)}\n`);
        const text = tail.text();
        for (let i = 0; i + 6 <= credentials.length; i++) expect(text, `cut near ${before}`).not.toContain(credentials.slice(i, i + 6));
      }
    }
  });
});
