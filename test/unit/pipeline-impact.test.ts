import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { runCanary } from '../../src/pipeline/run-canary.js';
import { markdownSummary } from '../../src/report/summary.js';
import type { RunConfig } from '../../src/inputs/validate.js';
import { FakeCluster, fakeConfig, loadReleases, type FakeReply } from '../helpers/fake-cluster.js';

const gatewayRoutes = stringify({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'httproutes.gateway.networking.k8s.io' },
  spec: { group: 'gateway.networking.k8s.io', names: { kind: 'HTTPRoute' }, versions: [{ name: 'v1beta1', served: true, storage: true }] },
});

async function canary(cluster: FakeCluster, overrides: Partial<RunConfig> = {}) {
  const reportDir = await mkdtemp(join(tmpdir(), 'pipeline-impact-'));
  return runCanary(fakeConfig(reportDir, overrides), { loadReleases }, cluster.deps());
}

const helmArgs = (argv: string[]) => (argv[0]!.endsWith('/helm') ? argv.slice(argv.indexOf('--namespace') + 2) : undefined);

/** Helm whose linkerd-crds releases hold the Gateway API's HTTPRoute, and whose charts' defaults leave it out. */
function helmWithGatewayRoutes(argv: string[], cluster: FakeCluster): FakeReply | undefined {
  const args = helmArgs(argv);
  if (!args) return undefined;
  const [verb, release, third] = args;
  if ((verb === 'install' || verb === 'upgrade') && release === 'linkerd-control-plane')
    cluster.controlPlane = `edge-${args[args.indexOf('--version') + 1]!.slice(2)}`;
  if (verb === 'get' && release === 'manifest' && third === 'linkerd-crds') return { stdout: gatewayRoutes };
  return { stdout: '' };
}

describe('the impact review of a run', () => {
  it('reviews what the upgrade applied against what the install applied, naming the user route a deleted CRD takes', async () => {
    // `from`'s CRDs hold the Gateway API's HTTPRoute; `to`'s upgrade leaves it out.
    const cluster = new FakeCluster((argv) =>
      argv[0]!.endsWith('linkerd-edge-26.8.2') && argv.includes('install') && argv.includes('--crds') ? { stdout: gatewayRoutes } : undefined,
    );
    const report = await canary(cluster);
    expect(report.result).toBe('pass');
    expect(report.impact?.objects.removed).toEqual([{ kind: 'CustomResourceDefinition', name: 'httproutes.gateway.networking.k8s.io' }]);
    expect(report.warnings).toEqual([
      expect.objectContaining({
        where: 'impact',
        step: 'upgrade',
        reason:
          'deletes CustomResourceDefinition httproutes.gateway.networking.k8s.io, and with it every HTTPRoute.gateway.networking.k8s.io in the cluster, among them HTTPRoute edge-canary-sample/server-route',
      }),
    ]);
    expect(markdownSummary(report)).toContain('<details><summary><b>What this upgrade changes</b>: 0 added, 1 removed, 0 changed; ⚠️ 1 warning');
  });

  it("with Helm, warns of what the upgrade with the charts' defaults would delete, which the run's own upgrade kept", async () => {
    const report = await canary(new FakeCluster(helmWithGatewayRoutes), { installMethod: 'helm' });
    expect(report.result).toBe('pass');
    expect(report.impact?.objects.removed).toEqual([]);
    expect(report.impact?.plainUpgrade?.removed).toEqual([{ kind: 'CustomResourceDefinition', name: 'httproutes.gateway.networking.k8s.io' }]);
    expect(report.warnings.map((w) => `${w.where}: ${w.step}: ${w.reason}`)).toEqual([
      'impact: plain upgrade: deletes CustomResourceDefinition httproutes.gateway.networking.k8s.io, and with it every HTTPRoute.gateway.networking.k8s.io in the cluster, among them HTTPRoute edge-canary-sample/server-route',
    ]);
  });

  it('has no review of an upgrade that failed', async () => {
    const cluster = new FakeCluster((argv) =>
      argv[0]!.endsWith('linkerd-edge-26.8.3') && argv.includes('upgrade') ? { exitCode: 1, stderr: 'render error' } : undefined,
    );
    const report = await canary(cluster);
    expect(report.result).toBe('fail');
    expect(report.impact).toBeUndefined();
  });
});
