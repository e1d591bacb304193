import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunConfig } from '../../src/inputs/validate.js';
import { runCanary } from '../../src/pipeline/run-canary.js';
import type { RunReport } from '../../src/report/model.js';
import { FakeCluster, fakeConfig, loadReleases, type FakeReply } from '../helpers/fake-cluster.js';

async function canary(cluster: FakeCluster, overrides: Partial<RunConfig> = {}, signal?: AbortSignal): Promise<RunReport> {
  const reportDir = await mkdtemp(join(tmpdir(), 'pipeline-unit-'));
  return runCanary(fakeConfig(reportDir, overrides), { loadReleases, ...(signal ? { signal } : {}) }, cluster.deps());
}

const verdicts = (report: RunReport) => report.phases.map((p) => [p.name, p.verdict]);
const isLinkerd = (argv: string[], tag: string, ...words: string[]) => argv[0]!.endsWith(`linkerd-${tag}`) && words.every((w) => argv.includes(w));

const UPGRADE_PHASES = ['upgrade-control-plane', 'check-control-plane', 'roll-data-plane', 'check-proxies'];

describe('the canary pipeline, stage by stage (fake cluster and CLIs)', () => {
  it('runs every phase in order and ends with every proxy on the candidate', async () => {
    const cluster = new FakeCluster();
    const report = await canary(cluster);
    expect(verdicts(report)).toEqual([
      ['resolve-versions', 'pass'],
      ['install-tools', 'pass'],
      ['create-cluster', 'pass'],
      ['install-from', 'pass'],
      ['deploy-workload', 'pass'],
      ...UPGRADE_PHASES.map((p) => [p, 'pass']),
      ['delete-cluster', 'pass'],
    ]);
    expect(report.result).toBe('pass');
    expect(report.proxyVersions).toEqual([
      {
        stage: 'after-control-plane-upgrade',
        versions: [
          { version: 'edge-26.8.2', pods: 4 },
          { version: 'edge-26.8.3', pods: 3 },
        ],
      },
      // The sample workload's own pods: other namespaces' proxies are theirs to check.
      { stage: 'after-rollout', versions: [{ version: 'edge-26.8.3', pods: 4 }] },
    ]);
    expect(cluster.deleted).toEqual(['fake']);
    // The user's route was made before the upgrade and read back after it.
    expect(cluster.ran('get', 'httproutes.gateway.networking.k8s.io')).toHaveLength(2);
  });

  it('loads no scenario and has no phase for them when told `none` (the default `builtin` turned off)', async () => {
    const report = await canary(new FakeCluster(), { scenarios: ['none'] });
    expect(report.phases.map((p) => p.name)).not.toContain('load-scenarios');
    expect(report.scenarios).toEqual([]);
    expect(report.result).toBe('pass');
  });

  it('upgrades hop by hop on a multi-hop path, naming each phase after its target', async () => {
    const cluster = new FakeCluster();
    const report = await canary(cluster, { from: 'edge-25.4.4', via: ['edge-25.10.7'], to: 'edge-26.8.3' });
    expect(report.result).toBe('pass');
    expect(report.phases.map((p) => p.name).filter((n) => n.includes('@'))).toEqual([
      ...UPGRADE_PHASES.map((p) => `${p}@edge-25.10.7`),
      ...UPGRADE_PHASES.map((p) => `${p}@edge-26.8.3`),
    ]);
    const upgrades = cluster.commands.filter((argv) => argv.includes('upgrade') && !argv.includes('--crds')).map((argv) => argv[0]);
    expect(upgrades).toEqual(['/fake/tools/linkerd-edge-25.10.7', '/fake/tools/linkerd-edge-26.8.3']);
  });

  it('calls a failing install of `from` an error, runs no upgrade, collects diagnostics and deletes the cluster', async () => {
    const cluster = new FakeCluster((argv) =>
      isLinkerd(argv, 'edge-26.8.2', 'check')
        ? { exitCode: 1, stdout: 'kubernetes-api\n--------------\n× can query the Kubernetes API\n    boom\n' }
        : undefined,
    );
    const report = await canary(cluster);
    expect(report.result).toBe('error');
    expect(verdicts(report).slice(3)).toEqual([
      ['install-from', 'error'],
      ['collect-diagnostics', 'pass'],
      ['delete-cluster', 'pass'],
    ]);
    expect(report.phases[3]!.reason).toContain('[kubernetes-api] can query the Kubernetes API: boom');
    expect(cluster.ran('upgrade')).toEqual([]);
  });

  it('calls a failing upgrade render a failure with the command', async () => {
    const cluster = new FakeCluster((argv) =>
      isLinkerd(argv, 'edge-26.8.3', 'upgrade') && !argv.includes('--crds')
        ? { exitCode: 1, stderr: 'render error in "linkerd-control-plane/templates/x.yaml"' }
        : undefined,
    );
    const report = await canary(cluster);
    expect(report.result).toBe('fail');
    const phase = report.phases.find((p) => p.name === 'upgrade-control-plane')!;
    expect(phase.verdict).toBe('fail');
    expect(phase.reason).toMatch(
      /^linkerd upgrade \(edge-26.8.3\) could not render: exit code 1 \(render error in "linkerd-control-plane\/templates\/x.yaml"\): .*linkerd-edge-26.8.3 --kubeconfig \/fake\/kubeconfig upgrade --set installGatewayAPI=false$/,
    );
    expect(phase.failedCommand?.outputTail).toContain('render error');
    expect(report.failed).toEqual(['upgrade-control-plane']);
    expect(cluster.deleted).toEqual(['fake']);
  });

  it('fails the upgrade that loses the user HTTPRoute, naming it', async () => {
    const cluster = new FakeCluster((argv, c) => {
      if (argv.includes('prune') && !argv.includes('--help')) c.routeSpec = undefined;
      return undefined;
    });
    const report = await canary(cluster);
    const phase = report.phases.find((p) => p.name === 'upgrade-control-plane')!;
    expect(phase.verdict).toBe('fail');
    expect(phase.reason).toBe(
      'httproutes.gateway.networking.k8s.io edge-canary-sample/server-route, created before the upgrade, is gone after the upgrade to edge-26.8.3: Error from server (NotFound): httproutes "server-route" not found',
    );
  });

  it('fails the upgrade that changes the user HTTPRoute, naming the field', async () => {
    const cluster = new FakeCluster((argv, c) => {
      if (argv.includes('prune') && !argv.includes('--help')) c.routeSpec = { parentRefs: [{ name: 'other' }], hostnames: [] };
      return undefined;
    });
    const report = await canary(cluster);
    expect(report.phases.find((p) => p.name === 'upgrade-control-plane')!.reason).toBe(
      'httproutes.gateway.networking.k8s.io edge-canary-sample/server-route changed in the upgrade to edge-26.8.3: spec.parentRefs[0].name: expected "server", found "other"',
    );
  });

  it('fails check-proxies when a proxy is left on the old version, listing every version', async () => {
    // The roll's apply succeeds but changes nothing: the pods keep their old proxy.
    const cluster = new FakeCluster((argv) => (argv.includes('apply') && argv.at(-1)!.endsWith('roll-edge-26.8.3-injected.yaml') ? { stdout: '' } : undefined));
    const report = await canary(cluster);
    expect(verdicts(report).find(([name]) => name === 'check-proxies')).toEqual(['check-proxies', 'fail']);
    expect(report.phases.find((p) => p.name === 'check-proxies')!.reason).toBe(
      'after the rollout every proxy should run edge-26.8.3; found edge-26.8.2 (4 pods)',
    );
  });

  it.each([
    ['create-cluster', (argv: string[]) => argv.includes('create')],
    ['install-from', (argv: string[]) => isLinkerd(argv, 'edge-26.8.2', 'install', '--crds')],
    ['deploy-workload', (argv: string[]) => isLinkerd(argv, 'edge-26.8.2', 'inject')],
    ['upgrade-control-plane', (argv: string[]) => isLinkerd(argv, 'edge-26.8.3', 'upgrade', '--crds')],
    ['check-control-plane', (argv: string[]) => isLinkerd(argv, 'edge-26.8.3', 'check') && !argv.includes('--proxy')],
    ['roll-data-plane', (argv: string[]) => isLinkerd(argv, 'edge-26.8.3', 'inject')],
    ['check-proxies', (argv: string[]) => isLinkerd(argv, 'edge-26.8.3', 'check', '--proxy')],
  ])('stops at %s when cancelled there, still deleting the cluster', async (phase, at) => {
    const controller = new AbortController();
    const cluster = new FakeCluster((argv): FakeReply | undefined => {
      if (!at(argv)) return undefined;
      controller.abort(new Error('received SIGINT'));
      return 'hang';
    });
    const report = await canary(cluster, {}, controller.signal);
    expect(report.result).toBe('cancelled');
    const names = report.phases.filter((p) => !p.cleanup).map((p) => p.name);
    expect(names.at(-1)).toBe(phase);
    expect(report.phases.find((p) => p.name === phase)!.verdict).toBe('cancelled');
    expect(report.phases.filter((p) => p.cleanup).map((p) => p.name)).toEqual(['delete-cluster']);
    expect(cluster.deleted).toEqual(['fake']);
  });

  it('reports a run that reaches its time limit as timed out, never as cancelled', async () => {
    const cluster = new FakeCluster((argv) => (isLinkerd(argv, 'edge-26.8.3', 'check') ? 'hang' : undefined));
    const report = await canary(cluster, { timeoutMs: 200 });
    expect(report.result).toBe('fail');
    const phase = report.phases.find((p) => p.name === 'check-control-plane')!;
    expect(phase.verdict).toBe('fail');
    expect(phase.reason).toMatch(/^linkerd check: timeout/);
    expect(cluster.deleted).toEqual(['fake']);
  });

  it('leaves a kept cluster alone', async () => {
    const cluster = new FakeCluster();
    const report = await canary(cluster, { keepCluster: true });
    expect(report.phases.some((p) => p.name === 'delete-cluster')).toBe(false);
    expect(cluster.deleted).toEqual([]);
    expect(report.cluster).toEqual({ name: 'fake', deleted: false });
  });

  it('refuses, before any cluster work, a Gateway API owner the `from` version cannot install', async () => {
    const cluster = new FakeCluster();
    const report = await canary(cluster, { from: 'edge-25.3.4', to: 'edge-25.4.4', gatewayApi: 'linkerd' });
    expect(report.inputError).toEqual({
      input: 'gateway-api',
      value: 'linkerd',
      message: expect.stringContaining('edge-25.3.4 refuses to install the Gateway API CRDs itself'),
    });
    expect(cluster.commands).toEqual([]);
  });
});

describe('Gateway API CRDs kept with their owner across an upgrade', () => {
  const crdSteps = (cluster: FakeCluster) =>
    cluster.commands
      .filter((argv) => argv.includes('--crds') || argv.some((a) => a.endsWith('gateway-api-crds')))
      .map((argv) => [argv[0]!.replace('/fake/tools/', ''), ...argv.slice(3)]);

  it('installs them first and tells Linkerd to leave them when they are external', async () => {
    const cluster = new FakeCluster();
    await canary(cluster, { from: 'edge-24.11.8', to: 'edge-25.4.4', gatewayApi: 'external' });
    expect(crdSteps(cluster)).toEqual([
      ['kubectl', 'apply', '-f', '/fake/tools/gateway-api-crds'],
      ['kubectl', 'wait', '--for=condition=Established', '-f', '/fake/tools/gateway-api-crds', '--timeout=60s'],
      ['linkerd-edge-24.11.8', 'install', '--crds', '--set', 'enableHttpRoutes=false'],
      ['linkerd-edge-25.4.4', 'upgrade', '--crds', '--set', 'installGatewayAPI=false'],
    ]);
  });

  it('lets Linkerd own them where `from` installed them by default (auto)', async () => {
    const cluster = new FakeCluster();
    const report = await canary(cluster, { from: 'edge-24.11.8', to: 'edge-25.10.7' });
    expect(report.gatewayApi).toBe('linkerd');
    expect(crdSteps(cluster)).toEqual([
      ['linkerd-edge-24.11.8', 'install', '--crds', '--set', 'enableHttpRoutes=true'],
      ['linkerd-edge-25.10.7', 'upgrade', '--crds', '--set', 'installGatewayAPI=true'],
    ]);
  });

  it('gives a cluster without them the standard ones before a hop that requires them', async () => {
    const cluster = new FakeCluster();
    const report = await canary(cluster, { from: 'stable-2.13.0', via: ['stable-2.14.10'], to: 'edge-25.10.7' });
    expect(report.gatewayApi).toBeUndefined();
    // 2.13 has none; 2.14's CRD chart adds them as Linkerd's own, which 2.19 then keeps.
    expect(crdSteps(cluster)).toEqual([
      ['linkerd-stable-2.13.0', 'install', '--crds'],
      ['linkerd-stable-2.14.10', 'upgrade', '--crds'],
      ['linkerd-edge-25.10.7', 'upgrade', '--crds', '--set', 'installGatewayAPI=true'],
    ]);
  });

  it('installs the standard ones first where `from` requires them (auto)', async () => {
    const cluster = new FakeCluster();
    const report = await canary(cluster, { from: 'edge-25.4.4', to: 'edge-25.10.7' });
    expect(report.gatewayApi).toBe('external');
    expect(crdSteps(cluster).map((s) => s.join(' '))).toEqual([
      'kubectl apply -f /fake/tools/gateway-api-crds',
      'kubectl wait --for=condition=Established -f /fake/tools/gateway-api-crds --timeout=60s',
      'linkerd-edge-25.4.4 install --crds --set installGatewayAPI=false',
      'linkerd-edge-25.10.7 upgrade --crds --set installGatewayAPI=false',
    ]);
  });
});

describe('scenarios at their hooks', () => {
  it('runs each hook as a phase; a failing scenario fails the run but never stops the upgrade', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pipeline-scenarios-'));
    const file = join(dir, 'suite.yaml');
    await writeFile(
      file,
      [
        'name: versions-known',
        'description: the CLI of to answers',
        'phases: [before-upgrade, after-control-plane-upgrade, after-upgrade]',
        'steps:',
        '  - name: ask',
        '    try:',
        '      - run: {argv: ["{{ linkerd.to }}", "version", "--client"], expect: {stdout: {contains: "{{ to }}"}}}',
      ].join('\n'),
    );
    const cluster = new FakeCluster((argv) => (argv.includes('--client') ? { stdout: 'Client version: edge-26.8.2\n' } : undefined));
    const report = await canary(cluster, { scenarios: [file] });
    expect(verdicts(report).filter(([name]) => name!.startsWith('scenarios@') || name === 'check-proxies')).toEqual([
      ['scenarios@before-upgrade', 'fail'],
      ['scenarios@after-control-plane-upgrade', 'fail'],
      ['check-proxies', 'pass'],
      ['scenarios@after-upgrade', 'fail'],
    ]);
    expect(report.result).toBe('fail');
    expect(report.failed).toEqual([
      'scenarios@before-upgrade',
      'scenarios@after-control-plane-upgrade',
      'scenarios@after-upgrade',
      'scenario:versions-known@before-upgrade',
      'scenario:versions-known@after-control-plane-upgrade',
      'scenario:versions-known@after-upgrade',
    ]);
    expect(cluster.ran('version', '--client')[0]![0]).toBe('/fake/tools/linkerd-edge-26.8.3');
  });
});

describe('scenarios alongside the checks of their moment', () => {
  /** A scenario that runs `marker-cp` after the control-plane upgrade and `marker-up` after the roll. */
  async function markerScenario(extra: string[] = []): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'pipeline-alongside-'));
    const file = join(dir, 'markers.yaml');
    const lines = ['name: markers', 'description: marks when it runs', 'phases: [after-control-plane-upgrade, after-upgrade]', ...extra, 'steps:'];
    for (const [phase, marker] of [
      ['after-control-plane-upgrade', 'marker-cp'],
      ['after-upgrade', 'marker-up'],
    ])
      lines.push(`  - name: ${marker}`, `    phases: [${phase}]`, '    try:', `      - run: {argv: ["${marker}"]}`);
    await writeFile(file, lines.join('\n'));
    return file;
  }

  /** `linkerd check` of `to` (the control plane's, or with --proxy the proxies'), as the pipeline runs it. */
  const isCheck = (argv: string[], proxy: boolean) => isLinkerd(argv, 'edge-26.8.3', 'check') && argv.includes('--proxy') === proxy;

  it('run the scenarios that only read while linkerd check runs: each check holds until its scenarios have started', async () => {
    const started = new Map<string, () => void>();
    const start = (marker: string) => new Promise<FakeReply>((resolve) => started.set(marker, () => resolve({ stdout: 'Status check results are √\n' })));
    const cluster = new FakeCluster((argv) => {
      if (isCheck(argv, false)) return start('marker-cp');
      if (isCheck(argv, true)) return start('marker-up');
      if (argv[0]!.startsWith('marker-')) started.get(argv[0]!)?.();
      return undefined;
    });
    const report = await canary(cluster, { scenarios: [await markerScenario()] });
    expect(report.result, report.failed.join(', ')).toBe('pass');
    expect(verdicts(report).filter(([name]) => /^(check-|scenarios@|roll-)/.test(name!))).toEqual([
      ['check-control-plane', 'pass'],
      ['scenarios@after-control-plane-upgrade', 'pass'],
      ['roll-data-plane', 'pass'],
      ['check-proxies', 'pass'],
      ['scenarios@after-upgrade', 'pass'],
    ]);
  });

  it('run a phase with a scenario that runs alone only after its check', async () => {
    const cluster = new FakeCluster();
    const report = await canary(cluster, { scenarios: [await markerScenario(['exclusive: true'])] });
    expect(report.result).toBe('pass');
    const at = (match: (argv: string[]) => boolean) => cluster.commands.findIndex(match);
    expect(at((argv) => argv[0] === 'marker-cp')).toBeGreaterThan(at((argv) => isCheck(argv, false)));
    expect(at((argv) => argv[0] === 'marker-up')).toBeGreaterThan(at((argv) => isCheck(argv, true)));
  });

  it('a failing control-plane check still stops the upgrade, once the scenarios beside it are done', async () => {
    const cluster = new FakeCluster((argv) =>
      isCheck(argv, false) ? { exitCode: 1, stdout: 'linkerd-existence\n-----------------\n× control plane pods are ready\n    pod not ready\n' } : undefined,
    );
    const report = await canary(cluster, { scenarios: [await markerScenario()] });
    expect(report.result).toBe('fail');
    expect(verdicts(report).filter(([name]) => /^(check-|scenarios@|roll-)/.test(name!))).toEqual([
      ['check-control-plane', 'fail'],
      ['scenarios@after-control-plane-upgrade', 'pass'],
    ]);
    expect(cluster.ran('marker-up')).toEqual([]);
  });
});
