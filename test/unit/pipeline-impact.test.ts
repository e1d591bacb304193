import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { runCanary } from '../../src/pipeline/run-canary.js';
import { markdownSummary } from '../../src/report/summary.js';
import { FakeCluster, fakeConfig, loadReleases } from '../helpers/fake-cluster.js';

const gatewayRoutes = stringify({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'httproutes.gateway.networking.k8s.io' },
  spec: { group: 'gateway.networking.k8s.io', names: { kind: 'HTTPRoute' }, versions: [{ name: 'v1beta1', served: true, storage: true }] },
});

async function canary(cluster: FakeCluster) {
  const reportDir = await mkdtemp(join(tmpdir(), 'pipeline-impact-'));
  return runCanary(fakeConfig(reportDir), { loadReleases }, cluster.deps());
}

describe('the impact review of a run', () => {
  it('reviews what the upgrade applied against what the install applied, naming the user route a deleted CRD takes', async () => {
    // `from`'s CRDs hold the Gateway API's HTTPRoute; `to`'s upgrade leaves it out.
    const cluster = new FakeCluster((argv) => (argv[0]!.endsWith('linkerd-edge-26.8.2') && argv.includes('install') && argv.includes('--crds') ? { stdout: gatewayRoutes } : undefined));
    const report = await canary(cluster);
    expect(report.result).toBe('pass');
    expect(report.impact?.objects.removed).toEqual([{ kind: 'CustomResourceDefinition', name: 'httproutes.gateway.networking.k8s.io' }]);
    expect(report.warnings).toEqual([
      expect.objectContaining({
        where: 'impact',
        step: 'upgrade',
        reason: 'deletes CustomResourceDefinition httproutes.gateway.networking.k8s.io, and with it every HTTPRoute.gateway.networking.k8s.io in the cluster, among them HTTPRoute edge-canary-sample/server-route',
      }),
    ]);
    expect(markdownSummary(report)).toContain('<details><summary><b>What this upgrade changes</b>: 0 added, 1 removed, 0 changed; ⚠️ 1 warning');
  });

  it('has no review of an upgrade that failed', async () => {
    const cluster = new FakeCluster((argv) => (argv[0]!.endsWith('linkerd-edge-26.8.3') && argv.includes('upgrade') ? { exitCode: 1, stderr: 'render error' } : undefined));
    const report = await canary(cluster);
    expect(report.result).toBe('fail');
    expect(report.impact).toBeUndefined();
  });
});
