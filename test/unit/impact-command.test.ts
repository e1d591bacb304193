import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { impactCommand, impactToolNames } from '../../src/commands/impact.js';
import { validateImpactOptions } from '../../src/inputs/impact-options.js';
import { InputError } from '../../src/inputs/input-error.js';
import { fakeRunners, type FakeCall } from '../helpers/fake-runner.js';

const crd = (group: string, kind: string) => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `${kind.toLowerCase()}s.${group}` },
  spec: { group, names: { kind }, versions: [{ name: 'v1', served: true, storage: true }] },
});
const routes = crd('gateway.networking.k8s.io', 'HTTPRoute');
const servers = crd('policy.linkerd.io', 'Server');
const config = (tag: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'linkerd-config', namespace: 'linkerd' }, data: { version: tag } });
const yaml = (...objects: object[]) => objects.map((o) => `---\n${stringify(o)}`).join('');
/** The Linkerd CLI's calls (the identity is made with openssl first). */
const linkerdCalls = (calls: FakeCall[]) => calls.filter((c) => c.argv[0]!.includes('/linkerd-'));

async function toolsDir(...names: string[]) {
  const dir = await mkdtemp(join(tmpdir(), 'impact-tools-'));
  for (const name of names) await writeFile(join(dir, name), '');
  return dir;
}

/**
 * A fake `linkerd install` of the CLI era from edge-23.7.1 to edge-25.2.x: its CRDs hold the
 * Gateway API's HTTPRoute unless told `enableHttpRoutes=false`.
 */
function fakeLinkerd(argv: string[]) {
  const tag = argv[0]!.replace(/.*linkerd-/, '');
  if (argv.includes('--crds')) return { stdout: argv.includes('enableHttpRoutes=false') ? yaml(servers) : yaml(servers, routes) };
  return { stdout: yaml(config(tag)) };
}

describe('edge-canary impact (CLI)', () => {
  it('renders both versions with --ignore-cluster, keeping the Gateway API CRDs with their owner, and reviews them', async () => {
    const dir = await toolsDir('linkerd-edge-24.11.8', 'linkerd-edge-25.2.1');
    const { run, calls } = fakeRunners(fakeLinkerd);
    const result = await impactCommand(validateImpactOptions({ from: 'edge-24.11.8', to: 'edge-25.2.1', 'tools-dir': dir }), { run });
    expect(linkerdCalls(calls).every((c) => c.argv.includes('--ignore-cluster'))).toBe(true);
    expect(linkerdCalls(calls).map((c) => c.argv.slice(1))).toContainEqual(['install', '--crds', '--set', 'enableHttpRoutes=true', '--ignore-cluster']);
    // Both versions render with one identity, so the review shows no trust anchor changing.
    const anchors = linkerdCalls(calls)
      .filter((c) => !c.argv.includes('--crds'))
      .map((c) => c.argv[c.argv.indexOf('--identity-trust-anchors-file') + 1]);
    expect(new Set(anchors).size).toBe(1);
    expect(result.review.objects.changed.map((c) => c.object.name)).toEqual(['linkerd-config']);
    expect(result.review.warnings).toEqual([]);
    expect(result.text).toContain('## What upgrading `edge-24.11.8` → `edge-25.2.1` changes (cli)');
  });

  it("warns when the CLI without the canary's values would delete the Gateway API CRDs", async () => {
    const dir = await toolsDir('linkerd-edge-24.11.8', 'linkerd-edge-25.2.1');
    // This CLI's CRD render leaves the Gateway API out unless told to keep it.
    const { run } = fakeRunners((argv) =>
      argv.includes('--crds') ? { stdout: argv.includes('enableHttpRoutes=true') ? yaml(servers, routes) : yaml(servers) } : fakeLinkerd(argv),
    );
    const result = await impactCommand(validateImpactOptions({ from: 'edge-24.11.8', to: 'edge-25.2.1', 'tools-dir': dir, json: 'true' }), { run });
    expect(result.review.warnings).toEqual([
      expect.objectContaining({
        step: 'plain upgrade',
        reason: expect.stringContaining('deletes CustomResourceDefinition httproutes.gateway.networking.k8s.io'),
      }),
    ]);
    expect(JSON.parse(result.text)).toEqual(result.review);
  });

  it('names a missing CLI and how to get it, before rendering anything', async () => {
    const dir = await toolsDir('linkerd-edge-24.11.8');
    const { run, calls } = fakeRunners(fakeLinkerd);
    await expect(impactCommand(validateImpactOptions({ from: 'edge-24.11.8', to: 'edge-25.2.1', 'tools-dir': dir }), { run })).rejects.toThrow(
      /has no linkerd-edge-25.2.1; put it there \(edge-canary tools fetch/,
    );
    expect(linkerdCalls(calls).every((c) => c.argv[0]!.endsWith('linkerd-edge-24.11.8'))).toBe(true);
  });

  it('says which render failed', async () => {
    const dir = await toolsDir('linkerd-edge-24.11.8', 'linkerd-edge-25.2.1');
    const { run } = fakeRunners((argv) => (argv[0]!.includes('/linkerd-') ? { exitCode: 1, stderr: 'Error: unknown flag: --ignore-cluster' } : {}));
    await expect(impactCommand(validateImpactOptions({ from: 'edge-24.11.8', to: 'edge-25.2.1', 'tools-dir': dir }), { run })).rejects.toThrow(
      /linkerd install --crds --ignore-cluster \(edge-24.11.8\) could not render/,
    );
  });
});

describe('impact options', () => {
  it('takes release tags only: a selector needs the release list, which a review does not read', () => {
    expect(() => validateImpactOptions({ from: 'previous-edge', to: 'edge-26.8.3', 'tools-dir': '/t' })).toThrow(InputError);
    expect(() => validateImpactOptions({ from: 'edge-26.8.2', to: 'edge-26.8.3' })).toThrow(/tools-dir.*is required/s);
    expect(
      validateImpactOptions({ from: 'edge-26.8.2', to: 'stable-2.14.10', 'tools-dir': 't', profile: 'ha+custom-values', 'install-method': 'helm' }, '/w'),
    ).toMatchObject({
      from: 'edge-26.8.2',
      to: 'stable-2.14.10',
      toolsDir: '/w/t',
      profiles: ['ha', 'custom-values'],
      installMethod: 'helm',
      json: false,
    });
  });

  it('names the tools a review renders with, for the sub-action to download: both CLIs, or helm alone', () => {
    const config = (more: Record<string, string>) => validateImpactOptions({ from: 'edge-26.8.2', 'tools-dir': '/t', ...more });
    expect(impactToolNames(config({ to: 'edge-26.8.3' }))).toEqual(['linkerd-edge-26.8.2', 'linkerd-edge-26.8.3']);
    expect(impactToolNames(config({ to: 'edge-26.8.2' }))).toEqual(['linkerd-edge-26.8.2']);
    expect(impactToolNames(config({ to: 'edge-26.8.3', 'install-method': 'helm' }))).toEqual(['helm']);
  });

  it('refuses Helm for a version before the charts were split', async () => {
    const dir = await toolsDir('helm');
    await expect(
      impactCommand(validateImpactOptions({ from: 'stable-2.11.5', to: 'edge-26.8.3', 'tools-dir': dir, 'install-method': 'helm' }), {
        run: fakeRunners().run,
      }),
    ).rejects.toThrow(/predates the linkerd-crds/);
  });
});
