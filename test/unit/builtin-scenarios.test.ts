import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunConfig } from '../../src/inputs/validate.js';
import { runCanary } from '../../src/pipeline/run-canary.js';
import type { RunReport } from '../../src/report/model.js';
import { FakeCluster, fakeConfig, loadReleases, type FakeMode, type FakeReply } from '../helpers/fake-cluster.js';

/** The whole canary with every built-in scenario (the default), over a fake cluster of `mode`. */
async function canary(cluster: FakeCluster, overrides: Partial<RunConfig> = {}): Promise<RunReport> {
  const reportDir = await mkdtemp(join(tmpdir(), 'builtin-unit-'));
  return runCanary(fakeConfig(reportDir, { scenarios: ['builtin'], provider: cluster.mode, ...overrides }), { loadReleases }, cluster.deps());
}

const notPassing = (report: RunReport) =>
  report.scenarios.filter((s) => s.verdict !== 'pass').map((s) => `${s.name}@${s.phase}${s.hop ? `@${s.hop}` : ''}: ${s.verdict}: ${s.reason}`);

describe.each<FakeMode>(['kwok', 'kind'])('the built-in scenarios over a %s-like fake cluster', (mode) => {
  it('all pass on a good upgrade between consecutive edges, with no warning', async () => {
    const report = await canary(new FakeCluster(undefined, mode));
    expect(notPassing(report).filter((s) => !(mode === 'kind' && s.startsWith('evicted-pods')))).toEqual([]);
    expect(report.result).toBe('pass');
    expect(report.warnings).toEqual([]);
    expect(report.phases.filter((p) => p.verdict !== 'pass').map((p) => p.name)).toEqual([]);
  });
});

const isLinkerd = (argv: string[], tag: string, ...words: string[]) => argv[0]!.endsWith(`linkerd-${tag}`) && words.every((w) => argv.includes(w));
const PANIC = 'panic: runtime error: invalid memory address or nil pointer dereference';

describe('the four false alarms of the built-ins, each a pass now', () => {
  it('cross-major: the old CLI failing against the new control plane is a warning, named with its command and output', async () => {
    const cluster = new FakeCluster((argv, c): FakeReply | undefined =>
      isLinkerd(argv, 'edge-25.10.7', 'inject') && c.controlPlane === 'edge-26.8.3' ? { exitCode: 2, stderr: PANIC } : undefined,
    );
    const report = await canary(cluster, { from: 'edge-25.10.7', to: 'edge-26.8.3' });
    expect(report.result).toBe('pass');
    expect(report.failed).toEqual([]);
    const skew = report.scenarios.find((s) => s.name === 'cli-skew' && s.phase === 'after-upgrade')!;
    expect(skew.verdict).toBe('warn');
    expect(report.warnings).toEqual([
      {
        where: 'scenario:cli-skew@after-upgrade',
        step: 'the from CLI against the to control plane',
        reason: expect.stringMatching(/^run: exit code 2, expected 0: \/fake\/tools\/linkerd-edge-25\.10\.7 .*inject --manual .*\npanic: runtime error/),
        why: expect.stringContaining('nothing promises an older CLI works against a newer control plane'),
        command: expect.objectContaining({ exitCode: 2 }),
      },
    ]);
    expect(report.phases.find((p) => p.name === 'scenarios@after-upgrade')!.verdict).toBe('warn');
    // The new CLI must reach the old control plane (linkerd version) before the upgrade: that fails.
    const before = new FakeCluster((argv, c) =>
      isLinkerd(argv, 'edge-26.8.3', 'version') && !argv.includes('--proxy') && c.controlPlane === 'edge-25.10.7' ? { exitCode: 2, stderr: PANIC } : undefined,
    );
    const failing = await canary(before, { from: 'edge-25.10.7', to: 'edge-26.8.3' });
    expect(failing.result).toBe('fail');
    expect(failing.failed).toEqual(['scenarios@before-upgrade', 'scenario:cli-skew@before-upgrade']);
  });

  it('multi-hop: each hop checks the version it starts from, and the hop checks run at every hop', async () => {
    const cluster = new FakeCluster();
    const report = await canary(cluster, { from: 'edge-25.4.4', via: ['edge-25.10.7'], to: 'edge-26.8.3' });
    expect(notPassing(report)).toEqual([]);
    expect(report.result).toBe('pass');
    expect(report.phases.map((p) => p.name).filter((n) => n.startsWith('scenarios@'))).toEqual([
      'scenarios@before-upgrade',
      'scenarios@after-control-plane-upgrade@edge-25.10.7',
      'scenarios@after-control-plane-upgrade@edge-26.8.3',
      'scenarios@after-upgrade',
    ]);
    expect(report.scenarios.filter((s) => s.name === 'proxy-version-skew').map((s) => [s.phase, s.hop])).toEqual([
      ['after-control-plane-upgrade', 'edge-25.10.7'],
      ['after-control-plane-upgrade', 'edge-26.8.3'],
      ['after-upgrade', undefined],
    ]);
    // Before the roll of the second hop, the sample's proxies run the first hop's target.
    const counts = cluster.commands.filter((argv) => isLinkerd(argv, 'edge-26.8.3', 'version', '--proxy', 'edge-canary-sample'));
    expect(counts.length).toBeGreaterThan(0);
    // cli-skew: the first hop's CLI before the upgrade, the last hop's `from` CLI after it.
    expect(cluster.commands.filter((argv) => argv.includes('version') && !argv.includes('--proxy')).map((argv) => argv[0])).toEqual([
      '/fake/tools/linkerd-edge-25.10.7',
      '/fake/tools/linkerd-edge-25.10.7',
    ]);
  });

  it('Helm: render-errors renders the new charts over the stored release values, never linkerd upgrade', async () => {
    const helmReply = (argv: string[], c: FakeCluster): FakeReply | undefined => {
      if (!argv[0]!.endsWith('/helm')) return undefined;
      const args = argv.slice(argv.indexOf('--namespace') + 2);
      if ((args[0] === 'install' || args[0] === 'upgrade') && args[1] === 'linkerd-control-plane')
        c.controlPlane = `edge-${/-\d\d(\d+\.\d+\.\d+)\.tgz$/.exec(args[2]!)![1]}`;
      if (args[0] === 'get' && args[1] === 'values')
        return { stdout: args.includes('json') ? JSON.stringify({ linkerdVersion: c.controlPlane }) : 'identityTrustAnchorsPEM: x\n' };
      return { stdout: args[0] === 'template' ? `kind: ConfigMap # ${args[1]}\n` : '' };
    };
    const cluster = new FakeCluster(helmReply);
    const report = await canary(cluster, { installMethod: 'helm' });
    expect(notPassing(report)).toEqual([]);
    expect(report.result).toBe('pass');
    expect(cluster.commands.filter((argv) => argv.includes('upgrade') && /linkerd-edge/.test(argv[0]!))).toEqual([]);
    // The scenario's renders; the pipeline's own of the charts' defaults (for the impact review) are told the Kubernetes version.
    const templates = cluster
      .ran('template')
      .filter((argv) => !argv.includes('--kube-version'))
      .map((argv) => argv.slice(argv.indexOf('template')).join(' '));
    // The chart renders run at once (the step is concurrent): in any order.
    expect(templates).toHaveLength(4);
    expect(templates).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^template linkerd-crds \S+\/charts\/edge-26\.8\.3\/linkerd-crds --is-upgrade --validate --values \S+output-crds-values$/),
        expect.stringMatching(
          /^template linkerd-control-plane \S+\/charts\/edge-26\.8\.3\/linkerd-control-plane --is-upgrade --validate --values \S+output-control-plane-values$/,
        ),
        expect.stringMatching(/--values \S+output-control-plane-values --values \S+\/linkerd-control-plane\/values-ha\.yaml$/),
        expect.stringMatching(/--set controllerLogLevel=debug$/),
      ]),
    );
  });

  it('kind: the webhook-meshed workload of resources-survive is rolled with the rest, and the counts read their own pods', async () => {
    const cluster = new FakeCluster(undefined, 'kind');
    const report = await canary(cluster);
    expect(report.result).toBe('pass');
    expect(cluster.ran('rollout', 'restart', 'deployment/web')).toHaveLength(1);
    // Every count of proxy-version-skew reads one namespace's pods.
    const counts = cluster.commands.filter((argv) => argv.includes('version') && argv.includes('--proxy') && argv[0]!.includes('linkerd-'));
    expect(counts.filter((argv) => !argv.includes('--namespace')).length).toBe(1); // the report's view of the whole cluster after the control-plane upgrade
    const evicted = report.scenarios.filter((s) => s.name === 'evicted-pods');
    expect(evicted.map((s) => [s.verdict, s.reason])).toEqual([
      ['skipped', 'needs status-evictions, which this cluster does not have'],
      ['skipped', 'needs status-evictions, which this cluster does not have'],
    ]);
  });

  it('kind: a webhook-meshed workload left on the old proxy still fails the roll, naming it', async () => {
    const cluster = new FakeCluster(
      (argv) => (argv.includes('restart') ? { exitCode: 1, stderr: 'error: deployments.apps "web" is forbidden' } : undefined),
      'kind',
    );
    const report = await canary(cluster);
    expect(report.result).toBe('fail');
    expect(report.failed[0]).toBe('roll-data-plane');
    expect(report.phases.find((p) => p.name === 'roll-data-plane')!.reason).toMatch(/kubectl rollout restart of deployment\/web in edge-canary-user-objects/);
  });
});
