import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCanaryCli, type CanaryRun } from '../helpers/canary-run.js';
import { hasLinkerd, simToolsDir } from '../helpers/sim-tools.js';

const toolsDir = simToolsDir();
const fixture = (path: string) => fileURLToPath(new URL(`../fixtures/${path}`, import.meta.url));

/** A real canary on kwok with the bundled CLI, as a user runs it; the inputs are the action's. */
const canary = (inputs: Record<string, string>, extra: string[] = []) => runCanaryCli(toolsDir, inputs, extra);

const PATHS = [
  { from: 'edge-26.8.2', to: 'edge-26.8.3', fails: [] as string[] },
  // linkerd/linkerd2#15025 (open): an external issuer installed as the docs of 2.19 say
  // (identity.externalCA, identity.issuer.scheme=kubernetes.io/tls) keeps an issuer certificate in
  // the stored values, which `linkerd upgrade` of 26.x refuses.
  { from: 'edge-25.10.7', to: 'edge-26.8.3', fails: ['external-issuer'] },
];

/** What each built-in profile must leave in the rendered manifests of both versions. */
const EXPECT: Record<string, (run: CanaryRun, from: string, to: string) => Promise<void>> = {
  default: async (run, from) => {
    expect(await run.manifest(`install-${from}-2-install.yaml`)).toContain('name: linkerd-identity-issuer');
  },
  ha: async (run, from, to) => {
    expect(run.commands('create-cluster').some((c) => c.includes('scale node --replicas 3'))).toBe(true);
    expect(run.commands('install-from').some((c) => / install --ha --values /.test(c))).toBe(true);
    for (const file of [`install-${from}-2-install.yaml`, `upgrade-${to}-2-upgrade.yaml`]) {
      const manifest = await run.manifest(file);
      expect(manifest.match(/replicas: 3/g)?.length, file).toBeGreaterThanOrEqual(3);
      expect(manifest, file).toContain('requiredDuringSchedulingIgnoredDuringExecution');
    }
  },
  'external-issuer': async (run, from, to) => {
    const prepared = run.commands('prepare-profile');
    expect(prepared.filter((c) => c.startsWith('openssl '))).toHaveLength(5);
    expect(prepared.some((c) => c.includes('create secret generic linkerd-identity-issuer -n linkerd --type=kubernetes.io/tls'))).toBe(true);
    for (const file of [`install-${from}-2-install.yaml`, `upgrade-${to}-2-upgrade.yaml`]) {
      const manifest = await run.manifest(file);
      // Linkerd reads the issuer the run made; it renders neither the issuer Secret nor the trust roots.
      expect(manifest, file).toContain('-identity-scheme=kubernetes.io/tls');
      expect(manifest, file).not.toMatch(/^ {2}name: linkerd-identity-issuer$/m);
      expect(manifest, file).not.toMatch(/^kind: ConfigMap\n(.*\n){0,3} {2}name: linkerd-identity-trust-roots$/m);
    }
  },
  'custom-values': async (run, from, to) => {
    expect(run.commands('install-from').some((c) => c.includes(`install --values ${join(run.dir, 'profile-values.yaml')}`))).toBe(true);
    const injected = await run.manifest(`roll-${to}-injected.yaml`);
    expect(injected).toMatch(/name: LINKERD2_PROXY_LOG_FORMAT\s+value: "?json"?/);
    expect(injected).toMatch(/name: LINKERD2_PROXY_LOG\s+value: "?warn,linkerd=debug/);
    expect(injected).toMatch(/limits:\s+cpu: "1"\s+memory: "?256Mi"?/);
    expect(await run.manifest(`upgrade-${to}-2-upgrade.yaml`)).toContain('-log-level=debug');
    expect(await run.manifest(`install-${from}-2-install.yaml`)).toContain('-identity-issuance-lifetime=48h0m0s');
  },
};

describe.each(PATHS)('real upgrade $from -> $to with each built-in profile', ({ from, to, fails }) => {
  it.skipIf(!hasLinkerd(toolsDir, from, to)).each(Object.keys(EXPECT).filter((p) => !fails.includes(p)))(
    `passes with profile %s (needs linkerd-${from} and linkerd-${to} in ${toolsDir})`,
    async (profile) => {
      const run = await canary({ from, to, profile, 'cluster-name': `profile-${profile}` });
      expect(run.report.result, run.output).toBe('pass');
      expect(run.report.profile?.name).toBe(profile);
      expect(run.output).toContain(`${from} -> ${to} with profile ${profile} on kwok`);
      expect(await readFile(join(run.dir, 'junit.xml'), 'utf8')).toContain(`<testsuite name="edge-canary ${from} -> ${to} with profile ${profile} (kwok)"`);
      await EXPECT[profile]!(run, from, to);
    },
  );
});

describe('a profile that makes the upgrade fail', () => {
  const [from, to] = ['edge-25.10.7', 'edge-26.8.3'];
  it.skipIf(!hasLinkerd(toolsDir, from, to))(
    `is reported like any other failure: step, command, output (needs linkerd-${from} and linkerd-${to})`,
    async () => {
      const run = await canary({ from, to, profile: 'external-issuer', 'cluster-name': 'profile-fails' });
      expect(run.report.result, run.output).toBe('fail');
      expect(run.report.failed).toEqual(['upgrade-control-plane']);
      const phase = run.report.phases.find((p) => p.name === 'upgrade-control-plane')!;
      expect(phase.reason).toMatch(
        new RegExp(
          `^linkerd upgrade \\(${to}\\) could not render: exit code 1 \\(--identity-issuer-certificate-file must not be specified if --identity-external-issuer=true\\): \\S+linkerd-${to} --kubeconfig \\S+ upgrade --set installGatewayAPI=false$`,
        ),
      );
      expect(phase.failedCommand?.outputTail).toContain('--identity-issuer-certificate-file must not be specified if --identity-external-issuer=true');
      expect(run.output).toContain(`${from} -> ${to} with profile external-issuer on kwok`);
      expect(await readFile(join(run.dir, 'junit.xml'), 'utf8')).toContain('--identity-issuer-certificate-file must not be specified');
    },
  );
});

describe('the same external issuer installed by edge-26.4.4, the first CLI with the install fix for linkerd/linkerd2#15025', () => {
  const [from, to] = ['edge-26.4.4', 'edge-26.8.3'];
  it.skipIf(!hasLinkerd(toolsDir, from, to))(`upgrades to ${to} (needs linkerd-${from} and linkerd-${to})`, async () => {
    const run = await canary({ from, to, profile: 'external-issuer', 'cluster-name': 'profile-fixed' });
    expect(run.report.result, run.output).toBe('pass');
    await EXPECT['external-issuer']!(run, from, to);
  });
});

describe('a user profile file and a before-install scenario', () => {
  const [from, to] = ['edge-26.8.2', 'edge-26.8.3'];
  it.skipIf(!hasLinkerd(toolsDir, from, to))(`prepare the cluster and install with the team's values (needs linkerd-${from} and linkerd-${to})`, async () => {
    const run = await canary({ from, to, 'cluster-name': 'profile-team', profile: fixture('profiles/platform-team.yaml') }, [
      '--scenario',
      fixture('before-install/cluster-ready.yaml'),
    ]);
    expect(run.report.result, run.output).toBe('pass');
    expect(run.report.profile).toEqual({ name: 'platform-team', parts: [{ name: 'platform-team', version: 2, file: fixture('profiles/platform-team.yaml') }] });
    expect(run.report.scenarios.map((s) => [s.name, s.phase, s.verdict])).toEqual([
      ['profile-platform-team', 'before-install', 'pass'],
      ['cluster-ready', 'before-install', 'pass'],
    ]);
    const names = run.report.phases.map((p) => p.name);
    expect(names.slice(names.indexOf('prepare-profile'), names.indexOf('install-from') + 1)).toEqual([
      'prepare-profile',
      'scenarios@before-install',
      'install-from',
    ]);
    expect(await run.manifest(`roll-${to}-injected.yaml`)).toMatch(/name: LINKERD2_PROXY_LOG\s+value: "?warn,linkerd=debug/);
  });
});
