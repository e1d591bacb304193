import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_KWOK_VERSION } from '../../src/inputs/options.js';
import { eraOf } from '../../src/linkerd/eras.js';
import { createRunner } from '../../src/process/runner.js';
import { ToolSet } from '../../src/tools/toolset.js';
import { startSimCluster, type SimCluster } from '../helpers/sim-cluster.js';
import { SIM_KUBERNETES_VERSION, simToolsDir } from '../helpers/sim-tools.js';

// Proves the era table (docs/linkerd-eras.md, src/linkerd/eras.ts) against every real Linkerd
// CLI in the tools dir: what `install --crds` of each version does on a cluster without the
// Gateway API CRDs and on one where they were installed beforehand. Rendering only: nothing of
// Linkerd is applied, so one cluster serves every version.
const toolsDir = simToolsDir();
const tags = (await readdir(toolsDir)).filter((f) => f.startsWith('linkerd-')).map((f) => f.slice('linkerd-'.length));
const run = createRunner();
const tools = new ToolSet({ kubectl: SIM_KUBERNETES_VERSION, kind: 'unused', kwok: DEFAULT_KWOK_VERSION }, toolsDir);
let cluster: SimCluster;

const GATEWAY_CRD = 'name: httproutes.gateway.networking.k8s.io';
const ABSENT = 'The Gateway API CRDs must be installed prior to installing Linkerd';
const EXTERNAL = 'Linkerd cannot install the Gateway API CRDs because they are already installed by an external source';

/**
 * CLIs of the 1.20 era (before edge-22.6.2) query an API this cluster (Kubernetes 1.34) no
 * longer serves: measured, edge-22.4.1's `install --crds` says "the server could not find the
 * requested resource". Their rows are held to `install --help` only.
 */
const predatesCluster = (tag: string) => eraOf(tag).minKubernetes === '1.20';

async function linkerd(tag: string, ...args: string[]) {
  return run([await tools.linkerd(tag), '--kubeconfig', cluster.handle.kubeconfig, ...args], { timeoutMs: 60_000 });
}

beforeAll(async () => {
  cluster = await startSimCluster('eras', run, toolsDir);
});
afterAll(() => cluster.delete());

describe.skipIf(tags.length === 0)(`the era table against the real CLIs in the tools dir (${tags.join(', ') || 'none: put linkerd-<tag> CLIs there'})`, () => {
  describe('on a cluster without the Gateway API CRDs', () => {
    it.each(tags)('%s', async (tag) => {
      const era = eraOf(tag);
      expect((await linkerd(tag, 'install', '--help')).stdout.includes('--crds')).toBe(era.separateCrds);
      if (predatesCluster(tag)) return;
      const crds = await linkerd(tag, 'install', '--crds');
      if (era.refusesAbsentGatewayApi) {
        expect(crds.ok).toBe(false);
        expect(crds.stderr).toContain(ABSENT);
      } else {
        expect(crds.ok, crds.stderr).toBe(true);
        expect(crds.stdout.includes(GATEWAY_CRD)).toBe(era.gatewayApiByDefault);
      }
      if (era.gatewayApiValue) {
        const owned = await linkerd(tag, 'install', '--crds', '--set', `${era.gatewayApiValue}=true`);
        const ownable = !era.refusesAbsentGatewayApi || era.installsAbsentGatewayApi;
        expect(owned.ok, owned.stderr).toBe(ownable);
        if (ownable) expect(owned.stdout).toContain(GATEWAY_CRD);
        else expect(owned.stderr).toContain(ABSENT);
      }
    });
  });

  describe('on a cluster whose Gateway API CRDs were installed beforehand', () => {
    beforeAll(async () => {
      const crds = await tools.path('gateway-api-crds');
      expect((await cluster.kubectl(['apply', '-f', crds])).ok).toBe(true);
      expect((await cluster.kubectl(['wait', '--for=condition=Established', '-f', crds, '--timeout=60s'])).ok).toBe(true);
    });

    it.each(tags.filter((tag) => !predatesCluster(tag)))('%s', async (tag) => {
      const era = eraOf(tag);
      if (!era.gatewayApiValue) {
        expect((await linkerd(tag, 'install', '--crds')).stdout).not.toContain(GATEWAY_CRD);
        return;
      }
      const left = await linkerd(tag, 'install', '--crds', '--set', `${era.gatewayApiValue}=false`);
      expect(left.ok, left.stderr).toBe(true);
      expect(left.stdout).not.toContain(GATEWAY_CRD);
      // Versions that tell external CRDs apart refuse to take them over; older ones would overwrite them.
      const takeOver = await linkerd(tag, 'install', '--crds', '--set', `${era.gatewayApiValue}=true`);
      if (era.refusesAbsentGatewayApi) expect(takeOver.stderr).toContain(EXTERNAL);
      else expect(takeOver.stdout).toContain(GATEWAY_CRD);
    });
  });
});
