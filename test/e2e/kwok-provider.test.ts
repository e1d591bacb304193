import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { kwokManager, kwokProvider } from '../../src/cluster/kwok.js';
import { createRunner } from '../../src/process/runner.js';
import { ToolSet } from '../../src/tools/toolset.js';
import { processesMentioning } from '../helpers/action.js';
import { SIM_KUBERNETES_VERSION, simToolsDir } from '../helpers/sim-tools.js';

const toolsDir = simToolsDir();
const run = createRunner();

async function cluster(name: string) {
  const workDir = await mkdtemp(join(tmpdir(), `kwok-e2e-${name}-`));
  const tools = new ToolSet({ kubectl: SIM_KUBERNETES_VERSION, kind: 'unused', kwok: 'v0.8.0' }, toolsDir);
  const context = { run, tools, workDir, clusterName: name, kubernetesVersion: SIM_KUBERNETES_VERSION };
  const handle = await kwokProvider.handle(context);
  try {
    await kwokProvider.create(context, handle);
  } catch (error) {
    await kwokManager.delete(handle, run);
    throw error;
  }
  const kubectl = async (...args: string[]) => {
    const result = await run([join(toolsDir, 'kubectl'), '--kubeconfig', handle.kubeconfig, ...args], { timeoutMs: 90_000 });
    expect(result.ok, `kubectl ${args.join(' ')}: ${result.outputTail}`).toBe(true);
    return result.stdout;
  };
  return { handle, workDir, kubectl };
}

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: default}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: registry.k8s.io/pause:3.10}]}
`;

describe('kwok provider', () => {
  it('runs two clusters at once, on loopback only, and deletes each without leftovers', async () => {
    const [a, b] = await Promise.all([cluster('e2e-a'), cluster('e2e-b')]);
    try {
      for (const c of [a, b]) {
        expect(await c.kubectl('config', 'view', '--minify', '-o', 'jsonpath={.clusters[0].cluster.server}')).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
        await c.kubectl('wait', '--for=condition=Ready', 'node', '--all', '--timeout=60s');
        const addresses = (await c.kubectl('get', 'nodes', '-o', 'jsonpath={.items[*].status.addresses[?(@.type=="InternalIP")].address}')).split(' ');
        expect(addresses).toHaveLength(3);
        for (const address of addresses) expect(address).toMatch(/^127\./);
      }
      expect(processesMentioning(a.workDir).length).toBeGreaterThan(0);
    } finally {
      await Promise.all([kwokManager.delete(a.handle, run), kwokManager.delete(b.handle, run)]);
    }
    expect(processesMentioning(a.workDir)).toEqual([]);
    expect(processesMentioning(b.workDir)).toEqual([]);
  });

  it("stops a cluster's detached components at once for a forced exit, and says it did not delete it", async () => {
    const c = await cluster('e2e-stop');
    try {
      expect(processesMentioning(c.workDir).length).toBeGreaterThan(0);
      expect(kwokManager.stopNow(c.handle)).toBe(
        `kwok cluster e2e-stop: its processes are killed; not deleted: its files stay in ${c.handle.env!.KWOK_WORKDIR}`,
      );
      await vi.waitFor(() => expect(processesMentioning(c.workDir)).toEqual([]), { timeout: 5000, interval: 50 });
    } finally {
      await kwokManager.delete(c.handle, run);
    }
  });

  it('keeps an evicted pod written through the status subresource, and its deployment replaces it', async () => {
    const c = await cluster('e2e-evict');
    try {
      const manifest = join(c.workDir, 'web.yaml');
      await writeFile(manifest, DEPLOYMENT);
      await c.kubectl('apply', '-f', manifest);
      await c.kubectl('rollout', 'status', 'deployment/web', '--timeout=60s');
      const pod = await c.kubectl('get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[0].metadata.name}');
      const status = {
        status: { phase: 'Failed', reason: 'Evicted', message: 'Pod ephemeral local storage usage exceeds the total limit of containers 5Ki. ' },
      };
      await c.kubectl('patch', 'pod', pod, '--subresource=status', '--type=merge', '-p', JSON.stringify(status));
      await c.kubectl('wait', '--for=jsonpath={.status.readyReplicas}=1', 'deployment/web', '--timeout=60s');
      await c.kubectl('wait', '--for=jsonpath={.status.phase}=Running', 'pod', '-l', 'app=web', '--field-selector', `metadata.name!=${pod}`, '--timeout=60s');
      const pods = JSON.parse(await c.kubectl('get', 'pods', '-l', 'app=web', '-o', 'json')) as {
        items: { metadata: { name: string }; status: { phase: string; reason?: string } }[];
      };
      const evicted = pods.items.find((p) => p.metadata.name === pod);
      expect(evicted?.status).toMatchObject({ phase: 'Failed', reason: 'Evicted' });
      expect(pods.items.filter((p) => p.status.phase === 'Running')).toHaveLength(1);
    } finally {
      await kwokManager.delete(c.handle, run);
    }
  });
});
