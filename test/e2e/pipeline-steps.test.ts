import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_DEPLOYMENTS, SAMPLE_NAMESPACE, sampleWorkloadManifest } from '../../src/linkerd/sample-workload.js';
import { PhaseStop } from '../../src/process/expect-success.js';
import { installExternalGatewayApi, waitForRollout, type StepContext } from '../../src/pipeline/linkerd-steps.js';
import { createRunner, type CommandRecord } from '../../src/process/runner.js';
import { startSimCluster, type SimCluster } from '../helpers/sim-cluster.js';
import { simStepContext } from '../helpers/step-context.js';

const commands: CommandRecord[] = [];
const run = createRunner({ onCommand: (c) => commands.push(c) });
let cluster: SimCluster;
let ctx: StepContext;

beforeAll(async () => {
  cluster = await startSimCluster('gateway', run);
  ctx = await simStepContext(run, cluster.tools, cluster.handle.kubeconfig, cluster.workDir);
});
afterAll(() => cluster.delete());

describe('Gateway API CRDs installed the standard way, before Linkerd', () => {
  it('are established when the step returns, and owned by no one else', async () => {
    expect((await ctx.kubectl(['get', 'crd', 'httproutes.gateway.networking.k8s.io'])).ok).toBe(false);
    await installExternalGatewayApi(ctx);
    const established = await ctx.kubectl([
      'get',
      'crd',
      'httproutes.gateway.networking.k8s.io',
      '-o',
      'jsonpath={.status.conditions[?(@.type=="Established")].status}',
    ]);
    expect(established.stdout).toBe('True');
  });
});

describe('the sample workload and rollout watching', () => {
  it('applies (uninjected here) and rolls out', async () => {
    const file = join(ctx.manifestDir, '..', 'sample.yaml');
    await writeFile(file, sampleWorkloadManifest());
    expect((await ctx.kubectl(['apply', '-f', file])).ok).toBe(true);
    await waitForRollout(ctx, SAMPLE_NAMESPACE, SAMPLE_DEPLOYMENTS, 60_000);
    const ready = await ctx.kubectl(['get', 'deployments', '-n', SAMPLE_NAMESPACE, '-o', 'jsonpath={.items[*].status.readyReplicas}']);
    expect(ready.stdout).toBe('2 2');
  });

  it('fails a rollout that cannot finish, naming the deployment, within its timeout', async () => {
    const file = join(ctx.manifestDir, '..', 'stuck.yaml');
    await writeFile(
      file,
      `apiVersion: apps/v1
kind: Deployment
metadata: {name: stuck, namespace: default}
spec:
  replicas: 1
  selector: {matchLabels: {app: stuck}}
  template:
    metadata: {labels: {app: stuck}}
    spec: {nodeSelector: {no-such-label: x}, containers: [{name: c, image: registry.k8s.io/pause:3.10}]}
`,
    );
    expect((await ctx.kubectl(['apply', '-f', file])).ok).toBe(true);
    const error = await waitForRollout(ctx, 'default', ['stuck'], 3000).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PhaseStop);
    expect((error as PhaseStop).reason).toMatch(
      /^rollout of deployment\/stuck: exit code 1 \(error: timed out waiting for the condition\): .*rollout status deployment\/stuck -n default --timeout=3s$/,
    );
    expect((error as PhaseStop).command?.outputTail).toMatch(/Waiting for deployment "stuck" rollout to finish|timed out/);
  });
});
