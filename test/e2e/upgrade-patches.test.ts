import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayApiValues, upgradePlan } from '../../src/linkerd/eras.js';
import { installExternalGatewayApi, type StepContext } from '../../src/pipeline/linkerd-steps.js';
import { createRunner } from '../../src/process/runner.js';
import { startSimCluster, type SimCluster } from '../helpers/sim-cluster.js';
import { needsLinkerd, simToolsDir } from '../helpers/sim-tools.js';
import { simStepContext } from '../helpers/step-context.js';

const [from, to] = ['edge-26.8.2', 'edge-26.8.3'];
const skip = needsLinkerd(simToolsDir(), from, to);
const NAMESPACED = 'deployments,daemonsets,cronjobs,services,serviceaccounts,configmaps,secrets,roles,rolebindings,poddisruptionbudgets';
const CLUSTER_SCOPED = 'clusterroles,clusterrolebindings,mutatingwebhookconfigurations,validatingwebhookconfigurations,apiservices';

/** What the server sets on every write, whatever the patch. */
const SERVER_FIELDS = ['resourceVersion', 'generation', 'managedFields', 'uid', 'creationTimestamp'];

interface ListedObject {
  kind: string;
  metadata: Record<string, unknown> & { name: string; namespace?: string; annotations?: Record<string, string> };
}

let cluster: SimCluster;
let ctx: StepContext;

/** Linkerd's control-plane objects as applied: what the server keeps of its own (versions, times, status) left out. */
async function controlPlane(): Promise<Record<string, unknown>> {
  const objects: Record<string, unknown> = {};
  for (const args of [
    [NAMESPACED, '-n', 'linkerd'],
    [CLUSTER_SCOPED, '-l', 'linkerd.io/control-plane-ns=linkerd'],
  ]) {
    const listed = await ctx.kubectl(['get', ...args, '-o', 'json']);
    expect(listed.ok, listed.outputTail).toBe(true);
    for (const item of (JSON.parse(listed.stdout) as { items: ListedObject[] }).items) {
      const metadata: ListedObject['metadata'] = { ...item.metadata, annotations: { ...item.metadata.annotations } };
      for (const field of SERVER_FIELDS) delete metadata[field];
      delete metadata.annotations!['deployment.kubernetes.io/revision'];
      objects[`${item.kind}/${metadata.namespace ?? ''}/${metadata.name}`] = { ...item, metadata, status: undefined };
    }
  }
  return objects;
}

const apply = async (args: string[], file: string) => expect((await ctx.kubectl([...args, file])).ok).toBe(true);

// Real manifests of a real upgrade, applied twice over the same installed control plane: once as
// a user's kubectl does by default (patches from the server's OpenAPI), once with the patches
// from kubectl's built-in types that the canary uses (kubectl of the cluster's minor).
describe.skipIf(skip)(`the control-plane upgrade apply ${from} -> ${to}`, () => {
  beforeAll(async () => {
    cluster = await startSimCluster('patches', createRunner());
    ctx = await simStepContext(createRunner(), cluster.tools, cluster.handle.kubeconfig, cluster.workDir);
    await installExternalGatewayApi(ctx);
    await ctx.installer.install(ctx, from, gatewayApiValues('external', from), {});
    await ctx.installer.upgrade(ctx, to, gatewayApiValues('external', to));
  });
  afterAll(() => cluster?.delete());

  it("leaves the same objects with kubectl's built-in patches as with the server's OpenAPI", async () => {
    const installed = join(ctx.manifestDir, `install-${from}-2-install.yaml`);
    const upgrade = join(ctx.manifestDir, `upgrade-${to}-2-upgrade.yaml`);
    const [byDefault, byBuiltInTypes] = [upgradePlan(to, true, [], false)[1]!.kubectl, upgradePlan(to, true, [], true)[1]!.kubectl];
    expect(byBuiltInTypes).toContain('--openapi-patch=false');

    await apply(['apply', '-f'], installed);
    const before = await controlPlane();
    await apply(byDefault, upgrade);
    const withOpenApi = await controlPlane();
    await apply(['apply', '-f'], installed);
    await apply(byBuiltInTypes, upgrade);
    const withBuiltInTypes = await controlPlane();

    expect(Object.keys(withOpenApi).length).toBeGreaterThan(30);
    expect(withOpenApi).not.toEqual(before);
    expect(withBuiltInTypes).toEqual(withOpenApi);
  });
});
