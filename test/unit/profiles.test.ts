import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { writeFile } from 'node:fs/promises';
import { buildMatrix } from '../../src/commands/matrix.js';
import { InputError } from '../../src/inputs/input-error.js';
import { validateOptions, type RunConfig } from '../../src/inputs/validate.js';
import { runCanary } from '../../src/pipeline/run-canary.js';
import { BUILT_IN_PROFILES } from '../../src/profiles/built-in.js';
import { loadProfiles, parseProfile } from '../../src/profiles/load.js';
import { cliInstallArgs, combineProfiles, helmValueArgs, unsupportedOnPath, type InstallProfile } from '../../src/profiles/model.js';
import { missingValues } from '../../src/profiles/verify.js';
import type { RunReport } from '../../src/report/model.js';
import { FakeCluster, fakeConfig, loadReleases, type FakeReply } from '../helpers/fake-cluster.js';
import { RELEASES_FIXTURE } from '../helpers/releases.js';

const builtIn = (name: string) => BUILT_IN_PROFILES.find((p) => p.name === name)!;
const FIXTURES = new URL('../fixtures/', import.meta.url).pathname;

describe('install profiles as data', () => {
  it('combines profiles in order: later values win, flags and preparation add up, the most nodes count', () => {
    const team: InstallProfile = { ...builtIn('default'), name: 'team', version: 3, values: { controllerLogLevel: 'warn', proxy: { logFormat: 'plain' } } };
    const combined = combineProfiles([builtIn('ha'), builtIn('custom-values'), builtIn('external-issuer'), team]);
    expect(combined.name).toBe('ha+custom-values+external-issuer+team');
    expect(combined.cliFlags).toEqual(['--ha']);
    expect(combined.nodes).toBe(3);
    expect(combined.prepareBuiltIn).toBe('external-issuer');
    expect(combined.values).toMatchObject({
      controllerReplicas: 3,
      controllerLogLevel: 'warn',
      identity: { externalCA: true, issuer: { scheme: 'kubernetes.io/tls', issuanceLifetime: '48h0m0s' } },
      proxy: { logFormat: 'plain', logLevel: 'warn,linkerd=debug' },
    });
    expect(combined.parts).toEqual([
      { name: 'ha', version: 1 },
      { name: 'custom-values', version: 1 },
      { name: 'external-issuer', version: 1 },
      { name: 'team', version: 3 },
    ]);
  });

  it('gives the CLI its flags and the Helm method the chart files they stand for, each with the values file', () => {
    expect(cliInstallArgs(builtIn('ha'), '/r/values.yaml')).toEqual(['--ha', '--values', '/r/values.yaml']);
    expect(helmValueArgs(builtIn('ha'), '/charts/linkerd-control-plane', '/r/values.yaml')).toEqual([
      '--values',
      '/charts/linkerd-control-plane/values-ha.yaml',
      '--values',
      '/r/values.yaml',
    ]);
    expect(cliInstallArgs(builtIn('default'), undefined)).toEqual([]);
  });

  it('names the first version on a path that lacks a setting, edge or stable', () => {
    const custom = builtIn('custom-values');
    expect(unsupportedOnPath(custom, ['edge-25.10.7', 'edge-26.8.3'])).toBeUndefined();
    expect(unsupportedOnPath(custom, ['edge-22.6.2', 'edge-26.8.3'])).toBe(
      'profile custom-values: edge-22.6.2 has no proxy.shutdownGracePeriod (since edge-22.7.2 and stable-2.12.0)',
    );
    expect(unsupportedOnPath(custom, ['stable-2.11.5', 'edge-26.8.3'])).toMatch(/stable-2.11.5 has no proxy.shutdownGracePeriod/);
    expect(unsupportedOnPath(custom, ['stable-2.14.10', 'edge-26.8.3'])).toBeUndefined();
    const newer: InstallProfile = { ...custom, requires: [{ setting: 'proxy.logHTTPHeaders', edge: 'edge-24.6.2' }] };
    expect(unsupportedOnPath(newer, ['stable-2.14.10', 'edge-26.8.3'])).toBe(
      'profile custom-values: stable-2.14.10 has no proxy.logHTTPHeaders (since edge-24.6.2)',
    );
  });

  it('finds every value of the profile the stored values lost or changed', () => {
    const stored = { proxy: { logLevel: 'warn,linkerd=debug', resources: { cpu: { limit: '1' } } }, controllerReplicas: 3 };
    expect(missingValues({ proxy: { logLevel: 'warn,linkerd=debug' }, controllerReplicas: 3 }, stored)).toEqual([]);
    expect(missingValues({ proxy: { logFormat: 'json', resources: { cpu: { limit: '2' } } } }, stored)).toEqual([
      'proxy.logFormat=json (found nothing)',
      'proxy.resources.cpu.limit=2 (found 1)',
    ]);
  });
});

describe('the profile input', () => {
  it('loads a profile file with values and preparation steps', async () => {
    const profile = await loadProfiles([join(FIXTURES, 'profiles', 'platform-team.yaml')]);
    expect(profile).toMatchObject({ name: 'platform-team', version: 2, cliFlags: [], values: { proxy: { logLevel: 'warn,linkerd=debug' } } });
    expect(profile.prepare?.[0]?.name).toBe('policy namespace');
  });

  it('reads one profile per line, or several joined by +, and refuses a shell metacharacter', () => {
    expect(validateOptions({ profile: 'ha+custom-values\nexternal-issuer' }).profiles).toEqual(['ha', 'custom-values', 'external-issuer']);
    expect(validateOptions({}).profiles).toEqual(['default']);
    expect(() => validateOptions({ profile: 'ha;rm' })).toThrow(/invalid profile "ha;rm": contains the shell metacharacter/);
  });

  it('drops default from a combination and refuses unknown names and repeats', async () => {
    expect((await loadProfiles(['default', 'ha'])).name).toBe('ha');
    expect((await loadProfiles([])).name).toBe('default');
    await expect(loadProfiles(['hha'])).rejects.toThrow(/no built-in profile of that name \(available: default, ha, external-issuer, custom-values\)/);
    await expect(loadProfiles(['ha', 'ha'])).rejects.toThrow(/is given twice/);
    await expect(loadProfiles(['./nope.yaml'])).rejects.toThrow('invalid profile "./nope.yaml": cannot be read (ENOENT)');
  });

  it('points at the line of a mistake in a profile file', () => {
    const text = 'name: team\ndescription: ours\nversion: 1\nvalues: {}\ncliflags: [--ha]\n';
    expect(() => parseProfile('team.yaml', text)).toThrow(InputError);
    expect(() => parseProfile('team.yaml', text)).toThrow(/team.yaml:5:1.*cliflags: unknown key/);
    expect(() => parseProfile('team.yaml', 'name: ha\ndescription: mine\nversion: 1\n')).toThrow(/"ha" is a built-in profile/);
    expect(() => parseProfile('team.yaml', 'name: t\ndescription: d\nversion: 1\nprepare:\n  - name: x\n    try: [{nope: {}}]\n')).toThrow(/team.yaml:6/);
  });
});

const linkerdConfig = (values: object): FakeReply => ({ exitCode: 0, stdout: stringify(values) });
const isConfigRead = (argv: string[]) => argv.includes('linkerd-config') && argv.includes('jsonpath={.data.values}');

async function canary(cluster: FakeCluster, overrides: Partial<RunConfig>): Promise<RunReport> {
  const reportDir = await mkdtemp(join(tmpdir(), 'profiles-unit-'));
  return runCanary(fakeConfig(reportDir, overrides), { loadReleases }, cluster.deps());
}

describe('a run with a profile (fake cluster and CLIs)', () => {
  it('prepares the external issuer before installing with the profile values, and names the profile', async () => {
    const cluster = new FakeCluster((argv) => (isConfigRead(argv) ? linkerdConfig(builtIn('external-issuer').values) : undefined));
    const report = await canary(cluster, { profiles: ['external-issuer'] });
    expect(report.result).toBe('pass');
    expect(report.profile).toEqual({ name: 'external-issuer', parts: [{ name: 'external-issuer', version: 1 }] });
    const names = report.phases.map((p) => p.name);
    expect(names.indexOf('prepare-profile')).toBeLessThan(names.indexOf('install-from'));
    const order = cluster.commands.map((argv) => argv.join(' '));
    const secret = order.findIndex(
      (c) => c.includes('create secret generic linkerd-identity-issuer') && c.includes('--type=kubernetes.io/tls') && c.includes('ca.crt='),
    );
    const install = order.findIndex((c) => /linkerd-edge-26.8.2 .* install --values \S+profile-values.yaml --set installGatewayAPI=false$/.test(c));
    expect(secret).toBeGreaterThan(-1);
    expect(install).toBeGreaterThan(secret);
  });

  it('installs ha with --ha on three nodes', async () => {
    const cluster = new FakeCluster((argv) => (isConfigRead(argv) ? linkerdConfig({ ...builtIn('ha').values, highAvailability: true }) : undefined));
    const report = await canary(cluster, { profiles: ['ha'] });
    expect(report.result).toBe('pass');
    expect(cluster.ran('install', '--ha')).toHaveLength(1);
    expect(cluster.nodes).toBe(3);
  });

  it('fails the upgrade, with the command, when the new version drops a value of the profile', async () => {
    let upgraded = false;
    const cluster = new FakeCluster((argv) => {
      if (argv.includes('upgrade')) upgraded = true;
      if (!isConfigRead(argv)) return undefined;
      const values = builtIn('custom-values').values;
      return linkerdConfig(upgraded ? { ...values, proxy: { ...(values.proxy as object), logFormat: 'plain' } } : values);
    });
    const report = await canary(cluster, { profiles: ['custom-values'] });
    expect(report.result).toBe('fail');
    const phase = report.phases.find((p) => p.name === 'upgrade-control-plane')!;
    expect(phase.reason).toBe('after edge-26.8.3 the stored values lack what profile custom-values set: proxy.logFormat=json (found plain)');
    expect(phase.failedCommand?.argv).toContain('linkerd-config');
  });

  it('skips, never passes, a path whose `from` lacks a setting of the profile', async () => {
    const cluster = new FakeCluster();
    const report = await canary(cluster, { from: 'edge-22.6.2', profiles: ['custom-values'] });
    expect(report.result).toBe('skipped');
    expect(report.phases.map((p) => [p.name, p.verdict])).toEqual([['resolve-versions', 'skipped']]);
    expect(report.phases[0]!.reason).toMatch(/edge-22.6.2 has no proxy.shutdownGracePeriod/);
    expect(cluster.commands).toEqual([]);
  });

  it('runs before-install scenarios after the profile preparation and before the install', async () => {
    const cluster = new FakeCluster();
    const report = await canary(cluster, {
      profiles: [join(FIXTURES, 'profiles', 'platform-team.yaml')],
      scenarios: [join(FIXTURES, 'before-install', 'cluster-ready.yaml')],
    });
    const names = report.phases.map((p) => p.name);
    expect(names.slice(names.indexOf('create-cluster') + 1, names.indexOf('install-from') + 1)).toEqual([
      'prepare-profile',
      'scenarios@before-install',
      'install-from',
    ]);
    expect(report.scenarios.map((s) => [s.name, s.phase])).toEqual([
      ['profile-platform-team', 'before-install'],
      ['cluster-ready', 'before-install'],
    ]);
  });
});

describe('profiles in the matrix', () => {
  it('runs every path with each profile, names non-default ones in the key, and skips what a version cannot install', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'matrix-profiles-'));
    const newest = join(dir, 'newest.yaml');
    await writeFile(newest, 'name: newest\ndescription: needs the candidate\nversion: 1\nrequires: [{setting: proxy.brandNew, edge: edge-25.12.1}]\n');
    const result = await buildMatrix({
      to: 'edge-25.12.1',
      previousEdges: 1,
      majors: 0,
      includeStable: false,
      extraFrom: [],
      exclude: [],
      multiHop: false,
      installMethods: ['cli'],
      profiles: ['default', 'ha+custom-values', newest],
      releasesFile: RELEASES_FIXTURE,
    });
    const [path] = result.paths;
    expect(result.paths.map((p) => [p.key, p.profile, p.skipped])).toEqual([
      [path!.key, 'default', undefined],
      [`${path!.key}@ha+custom-values`, 'ha+custom-values', undefined],
      [`${path!.key}@newest`, newest, `profile newest: ${path!.from} has no proxy.brandNew (since edge-25.12.1)`],
    ]);
    expect(result.matrix.include.map((p) => p.profile)).toEqual(['default', 'ha+custom-values']);
    expect(result.markdown).toContain(`[ha+custom-values]\` | \`${path!.key}@ha+custom-values\``);
  });

  it('refuses a combination of profiles whose names make a path key the canary job refuses', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'matrix-profiles-'));
    // Each name is as long as a profile name may be (40); three make a key over 100.
    const files = ['a', 'b', 'c'].map((c) => join(dir, `${c}.yaml`));
    await Promise.all(files.map((file, i) => writeFile(file, `name: ${'abc'[i]!.repeat(40)}\ndescription: a long name\nversion: 1\n`)));
    const matrix = buildMatrix({
      to: 'edge-25.12.1',
      previousEdges: 1,
      majors: 0,
      includeStable: false,
      extraFrom: [],
      exclude: [],
      multiHop: false,
      installMethods: ['cli'],
      profiles: [files.join('+')],
      releasesFile: RELEASES_FIXTURE,
    });
    await expect(matrix).rejects.toThrow(/^invalid profiles ".*a\.yaml\+.*": makes the path key "previous-edge-1@a{40}\+b{40}\+c{40}"; a path key is letters/);
  });
});
