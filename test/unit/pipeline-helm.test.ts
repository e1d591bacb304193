import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunConfig } from '../../src/inputs/validate.js';
import { runCanary } from '../../src/pipeline/run-canary.js';
import type { RunReport } from '../../src/report/model.js';
import { stringify } from 'yaml';
import { BUILT_IN_PROFILES } from '../../src/profiles/built-in.js';
import { FakeCluster, fakeConfig, loadReleases, type FakeReply } from '../helpers/fake-cluster.js';
import { fakeRunners, type Responder } from '../helpers/fake-runner.js';
import { HelmInstaller, type HelmSetup } from '../../src/pipeline/helm-steps.js';
import type { StepContext } from '../../src/pipeline/linkerd-steps.js';
import type { HelmReport } from '../../src/report/model.js';

async function canary(cluster: FakeCluster, overrides: Partial<RunConfig> = {}): Promise<RunReport> {
  const reportDir = await mkdtemp(join(tmpdir(), 'pipeline-helm-'));
  return runCanary(fakeConfig(reportDir, { installMethod: 'helm', ...overrides }), { loadReleases }, cluster.deps());
}

/** The chart version of a packaged chart's file (`.../linkerd-crds-2026.8.3.tgz`), as Helm names it. */
const packagedVersion = (file: string) => /-(\d+\.\d+\.\d+)\.tgz$/.exec(file)![1]!;

const isConfigRead = (argv: string[]) => argv.includes('linkerd-config') && argv.includes('jsonpath={.data.values}');
const helmArgs = (argv: string[]) => (argv[0]!.endsWith('/helm') ? argv.slice(argv.indexOf('--namespace') + 2) : undefined);

/**
 * Helm as it treats linkerdVersion, the control plane's chart default: each install or upgrade
 * renders the new chart's, except an upgrade with --reuse-values, which keeps the old one.
 */
function fakeHelm(failWith?: (args: string[]) => FakeReply | undefined) {
  let linkerdVersion: string | undefined;
  return (argv: string[], cluster: FakeCluster): FakeReply | undefined => {
    const args = helmArgs(argv);
    if (!args) return undefined;
    const failure = failWith?.(args);
    if (failure) return failure;
    const [verb, release] = args;
    if ((verb === 'install' || verb === 'upgrade') && release === 'linkerd-control-plane') {
      const version = packagedVersion(args[2]!);
      if (!(verb === 'upgrade' && args.includes('--reuse-values'))) linkerdVersion = `edge-${version.slice(2)}`;
      cluster.controlPlane = linkerdVersion;
    }
    if (verb === 'get' && args[1] === 'values') return { stdout: JSON.stringify({ linkerdVersion }) };
    return { stdout: verb === 'get' ? `kind: ConfigMap # ${release}\n` : '' };
  };
}

describe('the canary pipeline with install-method: helm (fake cluster, CLIs and helm)', () => {
  it('installs both charts with a generated identity, upgrades them, and checks with the CLIs', async () => {
    const cluster = new FakeCluster(fakeHelm());
    const report = await canary(cluster);
    expect(report.result).toBe('pass');
    const helm = cluster.commands.flatMap((argv) => (helmArgs(argv) && argv.includes('--kubeconfig') ? [helmArgs(argv)!.join(' ')] : []));
    // The repository added once and each chart pulled once (Helm reads the whole index at every command that names it), then used as packages.
    const pulls = cluster.commands.filter((argv) => argv[1] === 'pull' || argv[1] === 'repo').map((argv) => argv.slice(1).join(' '));
    expect(pulls).toEqual([
      'repo add linkerd-edge https://helm.linkerd.io/edge --force-update',
      expect.stringMatching(/^pull linkerd-edge\/linkerd-crds --version 2026.8.2 --destination \S+\/linkerd-edge\/edge-26.8.2$/),
      expect.stringMatching(/^pull linkerd-edge\/linkerd-control-plane --version 2026.8.2 --destination \S+\/linkerd-edge\/edge-26.8.2$/),
      expect.stringMatching(/^pull linkerd-edge\/linkerd-crds --version 2026.8.3 --destination \S+\/linkerd-edge\/edge-26.8.3$/),
      expect.stringMatching(/^pull linkerd-edge\/linkerd-control-plane --version 2026.8.3 --destination \S+\/linkerd-edge\/edge-26.8.3$/),
    ]);
    expect(helm.filter((c) => !c.startsWith('get '))).toEqual([
      expect.stringMatching(/^install linkerd-crds \S+\/edge-26.8.2\/linkerd-crds-2026.8.2.tgz --create-namespace --set installGatewayAPI=false$/),
      expect.stringMatching(
        /^install linkerd-control-plane \S+\/edge-26.8.2\/linkerd-control-plane-2026.8.2.tgz --set-file identityTrustAnchorsPEM=\S+\/ca.crt --set-file identity.issuer.tls.crtPEM=\S+\/issuer.crt --set-file identity.issuer.tls.keyPEM=\S+\/issuer.key$/,
      ),
      expect.stringMatching(/^upgrade linkerd-crds \S+\/edge-26.8.3\/linkerd-crds-2026.8.3.tgz --reset-then-reuse-values --set installGatewayAPI=false$/),
      expect.stringMatching(/^upgrade linkerd-control-plane \S+\/edge-26.8.3\/linkerd-control-plane-2026.8.3.tgz --reset-then-reuse-values$/),
      // The same upgrade with the charts' defaults, kept for the impact review's plain upgrade.
      expect.stringMatching(/^template linkerd-crds \S+\/edge-26.8.3\/linkerd-crds-2026.8.3.tgz --kube-version v1.34.4$/),
      expect.stringMatching(
        /^template linkerd-control-plane \S+\/edge-26.8.3\/linkerd-control-plane-2026.8.3.tgz --kube-version v1.34.4 --set-file identityTrustAnchorsPEM=\S+\/ca.crt --set-file identity.issuer.tls.crtPEM=\S+\/issuer.crt --set-file identity.issuer.tls.keyPEM=\S+\/issuer.key$/,
      ),
    ]);
    expect(cluster.ran('openssl', 'x509').length).toBe(1);
    expect(cluster.commands.filter((argv) => /linkerd-edge/.test(argv[0]!) && ['install', 'upgrade'].includes(argv[3]!))).toEqual([]);
    expect(report.installMethod).toBe('helm');
    expect(report.helm).toEqual({
      valuesMode: 'reset-then-reuse',
      releases: [
        { tag: 'edge-26.8.2', chart: 'linkerd-crds', version: '2026.8.2', action: 'install' },
        { tag: 'edge-26.8.2', chart: 'linkerd-control-plane', version: '2026.8.2', action: 'install' },
        { tag: 'edge-26.8.3', chart: 'linkerd-crds', version: '2026.8.3', action: 'upgrade' },
        { tag: 'edge-26.8.3', chart: 'linkerd-control-plane', version: '2026.8.3', action: 'upgrade' },
      ],
    });
  });

  it('passes the identity and the user values again on a fresh upgrade, with the chart values-ha.yaml for --ha', async () => {
    const cluster = new FakeCluster(fakeHelm());
    const report = await canary(cluster, { helmUpgradeValues: 'fresh', installArgs: ['--ha', '--set', 'proxy.logLevel=debug'] });
    expect(report.result).toBe('pass');
    const upgrade = helmArgs(cluster.ran('upgrade', 'linkerd-control-plane')[0]!)!;
    expect(upgrade).toContain('--reset-values');
    expect(upgrade.join(' ')).toMatch(
      /--set-file identityTrustAnchorsPEM=.* --values \S+\/edge-26.8.3\/linkerd-control-plane\/values-ha.yaml --set proxy.logLevel=debug$/,
    );
    // The control plane's chart unpacked for values-ha.yaml, from the package pulled for the release.
    expect(cluster.ran('tar').map((argv) => argv[2]!.split('/').slice(-2).join('/'))).toEqual([
      'edge-26.8.2/linkerd-control-plane-2026.8.2.tgz',
      'edge-26.8.3/linkerd-control-plane-2026.8.3.tgz',
    ]);
  });

  it('installs profile external-issuer with the trust anchor the profile made and no issuer of its own', async () => {
    const values = BUILT_IN_PROFILES.find((p) => p.name === 'external-issuer')!.values;
    const cluster = new FakeCluster((argv, c) => (isConfigRead(argv) ? { stdout: stringify(values) } : fakeHelm()(argv, c)));
    const report = await canary(cluster, { profiles: ['external-issuer'] });
    expect(report.result).toBe('pass');
    const install = helmArgs(cluster.ran('install', 'linkerd-control-plane')[0]!)!.join(' ');
    const anchor = cluster.ran('openssl', 'req', '-x509')[0]!;
    const anchorFile = anchor[anchor.indexOf('-out') + 1]!;
    expect(install.split(' --values ')).toEqual([
      expect.stringMatching(
        new RegExp(`^install linkerd-control-plane \\S+/linkerd-control-plane-2026.8.2.tgz --set-file identityTrustAnchorsPEM=${anchorFile}$`),
      ),
      expect.stringMatching(/\/profile-values.yaml$/),
    ]);
    const secret = cluster.commands.findIndex((argv) => argv.includes('linkerd-identity-issuer') && argv.includes('--type=kubernetes.io/tls'));
    expect(secret).toBeLessThan(cluster.commands.findIndex((argv) => helmArgs(argv)?.[0] === 'install'));
    // The profile's identity is the only one: the installer signs no issuer of its own.
    expect(cluster.ran('openssl', 'x509', '-req')).toHaveLength(1);
  });

  it("gives a profile's chart values files from the pulled chart, once when --ha asks for the same file", async () => {
    const cluster = new FakeCluster((argv, c) =>
      isConfigRead(argv) ? { stdout: stringify(BUILT_IN_PROFILES.find((p) => p.name === 'ha')!.values) } : fakeHelm()(argv, c),
    );
    const report = await canary(cluster, { profiles: ['ha'], installArgs: ['--ha'] });
    expect(report.result).toBe('pass');
    const install = helmArgs(cluster.ran('install', 'linkerd-control-plane')[0]!)!.join(' ');
    expect(install).toMatch(
      /--set-file identity.issuer.tls.keyPEM=\S+ --values \S+\/edge-26.8.2\/linkerd-control-plane\/values-ha.yaml --values \S+\/profile-values.yaml$/,
    );
    expect(install.match(/values-ha.yaml/g)).toHaveLength(1);
  });

  it('unpacks the packaged charts of a chart directory itself: helm pull takes no local package', async () => {
    const cluster = new FakeCluster((argv, c) =>
      isConfigRead(argv) ? { stdout: stringify(BUILT_IN_PROFILES.find((p) => p.name === 'ha')!.values) } : fakeHelm()(argv, c),
    );
    const report = await canary(cluster, { profiles: ['ha'], chartRepo: '/charts' });
    expect(report.result).toBe('pass');
    expect(cluster.ran('pull')).toEqual([]);
    expect(cluster.ran('tar').map((argv) => argv.slice(1, 3))).toEqual([['-xzf', '/charts/linkerd-control-plane-2026.8.2.tgz']]);
  });

  it('warns, never fails, when --reuse-values kept the old linkerdVersion, then upgrades as Helm advises and goes on', async () => {
    const cluster = new FakeCluster(fakeHelm());
    const report = await canary(cluster, { helmUpgradeValues: 'reuse' });
    expect(report.result).toBe('pass');
    const phase = report.phases.find((p) => p.name === 'upgrade-control-plane')!;
    expect(phase.verdict).toBe('warn');
    expect(report.warnings).toEqual([
      {
        where: 'upgrade-control-plane',
        step: 'helm upgrade --reuse-values',
        reason: 'left linkerd-control-plane on linkerdVersion edge-26.8.2, not edge-26.8.3; upgraded again with --reset-then-reuse-values',
        why: expect.stringMatching(/^Helm's --reuse-values carries the old release's values over, chart defaults included/),
        command: expect.objectContaining({ argv: expect.arrayContaining(['upgrade', 'linkerd-control-plane', '--reuse-values']) }),
      },
    ]);
    const upgrades = cluster.ran('upgrade', 'linkerd-control-plane').map((argv) => helmArgs(argv)!.at(-1));
    expect(upgrades).toEqual(['--reuse-values', '--reset-then-reuse-values']);
    expect(report.phases.find((p) => p.name === 'check-proxies')!.verdict).toBe('pass');
  });

  it('reports a failing helm upgrade like a CLI step, naming the template, and collects helm diagnostics', async () => {
    const stderr =
      'Error: UPGRADE FAILED: execution error at (linkerd-control-plane/templates/identity.yaml:19:5): Please provide the identity issuer certificate';
    const cluster = new FakeCluster(fakeHelm((args) => (args[0] === 'upgrade' && args[1] === 'linkerd-control-plane' ? { exitCode: 1, stderr } : undefined)));
    const report = await canary(cluster);
    const phase = report.phases.find((p) => p.name === 'upgrade-control-plane')!;
    expect(phase.verdict).toBe('fail');
    expect(phase.reason).toMatch(
      /^helm upgrade linkerd-control-plane 2026.8.3 \(edge-26.8.3\) \(failing template: linkerd-control-plane\/templates\/identity.yaml line 19\): exit code 1 \(Error: UPGRADE FAILED: execution error at \(linkerd-control-plane\/templates\/identity.yaml:19:5\): Please provide the identity issuer certificate\): \S+\/helm --kubeconfig \/fake\/kubeconfig --namespace linkerd upgrade /,
    );
    expect(phase.failedCommand?.outputTail).toContain('Please provide the identity issuer certificate');
    for (const release of ['linkerd-crds', 'linkerd-control-plane']) {
      expect(cluster.ran('history', release)).toHaveLength(1);
      expect(cluster.ran('get', 'manifest', release).length).toBeGreaterThan(0);
    }
  });

  it('refuses install-args Helm has no value for before any cluster work (exit 2)', async () => {
    const cluster = new FakeCluster(fakeHelm());
    const report = await canary(cluster, { installArgs: ['--proxy-log-level', 'debug'] });
    expect(report.inputError).toMatchObject({ input: 'install-args', value: '--proxy-log-level' });
    expect(cluster.commands).toEqual([]);
  });
});

describe('going back with Helm (rollback)', () => {
  const releases: HelmReport['releases'] = [
    { tag: 'edge-26.8.2', chart: 'linkerd-crds', version: '2026.8.2', action: 'install' },
    { tag: 'edge-26.8.2', chart: 'linkerd-control-plane', version: '2026.8.2', action: 'install' },
    { tag: 'edge-26.8.3', chart: 'linkerd-crds', version: '2026.8.3', action: 'upgrade' },
    { tag: 'edge-26.8.3', chart: 'linkerd-control-plane', version: '2026.8.3', action: 'upgrade' },
    { tag: 'edge-26.8.3', chart: 'linkerd-control-plane', version: '2026.8.3', action: 'upgrade' },
  ];
  // Helm's history: a revision per release made; the control plane's second upgrade was the --reuse-values retry.
  const history: Record<string, { revision: number; chart: string }[]> = {
    'linkerd-crds': [
      { revision: 1, chart: 'linkerd-crds-2026.8.2' },
      { revision: 2, chart: 'linkerd-crds-2026.8.3' },
    ],
    'linkerd-control-plane': [
      { revision: 1, chart: 'linkerd-control-plane-2026.8.2' },
      { revision: 2, chart: 'linkerd-control-plane-2026.8.3' },
      { revision: 3, chart: 'linkerd-control-plane-2026.8.3' },
    ],
  };
  const installer = (respond: Responder) => {
    const { createRunner, calls } = fakeRunners(respond);
    const setup = {
      run: createRunner(),
      helm: '/tools/helm',
      kubeconfig: '/kube',
      workDir: '/work',
      values: { ha: false },
      valuesMode: 'reset-then-reuse',
      profile: BUILT_IN_PROFILES[0]!,
      report: { valuesMode: 'reset-then-reuse', releases },
    } as unknown as HelmSetup;
    return { helm: new HelmInstaller(setup), calls: () => calls.map((c) => helmArgs(c.argv)!.join(' ')) };
  };
  const ctx = {} as StepContext;

  it('rolls each release back to its last revision of from, the control plane first', async () => {
    const { helm, calls } = installer((argv) => (argv.includes('history') ? { stdout: JSON.stringify(history[argv[argv.indexOf('history') + 1]!]) } : {}));
    await helm.rollback(ctx, 'edge-26.8.2');
    expect(calls().filter((c) => c.startsWith('rollback'))).toEqual(['rollback linkerd-control-plane 1', 'rollback linkerd-crds 1']);
  });

  it('fails naming the release and its error when Helm refuses the way back', async () => {
    const refused = 'Error: cannot patch "servers.policy.linkerd.io": status.storedVersions[1]: Invalid value: "v1beta3": must appear in spec.versions';
    const { helm } = installer((argv) =>
      argv.includes('history')
        ? { stdout: JSON.stringify(history[argv[argv.indexOf('history') + 1]!]) }
        : argv.includes('linkerd-crds') && argv.includes('rollback')
          ? { exitCode: 1, stderr: refused }
          : {},
    );
    await expect(helm.rollback(ctx, 'edge-26.8.2')).rejects.toThrow(
      /^helm rollback linkerd-crds 1 \(linkerd-crds-2026.8.2, edge-26.8.2\): exit code 1 .*status.storedVersions/,
    );
  });

  it('is an error when the run made no release of from', async () => {
    const { helm } = installer(() => ({ stdout: '[]' }));
    await expect(helm.rollback(ctx, 'edge-26.7.1')).rejects.toMatchObject({
      verdict: 'error',
      reason: 'no linkerd-control-plane release of edge-26.7.1 in this run to roll back to',
    });
  });
});
