import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectlFor, type Kubectl } from '../../src/cluster/kubectl.js';
import { kwokManager } from '../../src/cluster/kwok.js';
import type { ClusterHandle } from '../../src/cluster/provider.js';
import { checkUntilPass, type StepContext } from '../../src/pipeline/linkerd-steps.js';
import { PhaseStop } from '../../src/process/expect-success.js';
import { createRunner, type CommandRecord } from '../../src/process/runner.js';
import { ToolSet } from '../../src/tools/toolset.js';
import { outputs, runnerDirs, savedCluster, startAction } from '../helpers/action.js';
import { kwokInputs, needsLinkerd, SIM_KUBERNETES_VERSION, simToolsDir } from '../helpers/sim-tools.js';
import { simStepContext } from '../helpers/step-context.js';

// A check that retries prints nothing (output is piped): with a real CLI and a real control
// plane, a control plane that converges slower than the stall limit must pass, and a check
// waiting on something that never changes must still be reported as stalled within the limit.
// A real install is left by a canary run with keep-cluster; the pods are then made not ready
// through the status subresource (kwok has no kubelet to do it) before each check starts.
const toolsDir = simToolsDir();
const TAG = 'edge-26.8.3';
const STALL_MS = 10_000;
const skip = needsLinkerd(toolsDir, 'edge-26.8.2', TAG);
const commands: CommandRecord[] = [];
const run = createRunner({ onCommand: (c) => commands.push(c) });
let handle: ClusterHandle | undefined;
let ctx: StepContext;
let kubectl: Kubectl;

interface Pod {
  metadata: { name: string };
  status: { containerStatuses?: { name: string; ready: boolean }[] };
}

async function setReady(pod: Pod, ready: boolean) {
  const containerStatuses = (pod.status.containerStatuses ?? []).map((c) => ({ ...c, ready }));
  const patch = JSON.stringify({ status: { containerStatuses } });
  const result = await kubectl(['patch', 'pod', pod.metadata.name, '-n', 'linkerd', '--subresource=status', '--type=merge', '-p', patch]);
  expect(result.ok, result.stderr).toBe(true);
}

async function controlPlanePods(): Promise<Pod[]> {
  return (JSON.parse((await kubectl(['get', 'pods', '-n', 'linkerd', '-o', 'json'])).stdout) as { items: Pod[] }).items;
}

beforeAll(async () => {
  if (skip) return;
  const dirs = await runnerDirs();
  const main = await startAction('main', dirs, kwokInputs(toolsDir, { from: 'edge-26.8.2', to: TAG, 'keep-cluster': 'true' }));
  handle = await savedCluster(dirs);
  expect((await outputs(dirs)).result, String(main.all)).toBe('pass');
  const tools = new ToolSet({ kubectl: SIM_KUBERNETES_VERSION, kind: 'unused', kwok: 'v0.8.0' }, toolsDir);
  ctx = { ...(await simStepContext(run, tools, handle.kubeconfig, dirs.temp, 5 * 60_000)), stallMs: STALL_MS };
  kubectl = kubectlFor(run, join(toolsDir, 'kubectl'), handle.kubeconfig);
});
afterAll(async () => {
  if (handle) await kwokManager.delete(handle, run);
});

describe.skipIf(skip)(`linkerd check while the control plane converges (stall limit ${STALL_MS / 1000}s) ${skip}`, () => {
  it('passes when the pods become ready one at a time over longer than the stall limit', async () => {
    const pods = await controlPlanePods();
    for (const pod of pods) await setReady(pod, false);
    // The rollout's own pace: one pod every 4 s, each a change the check's watch sees.
    const rollout = (async () => {
      for (const pod of pods) {
        await new Promise((resolve) => setTimeout(resolve, 4000));
        await setReady(pod, true);
      }
    })();
    commands.length = 0;
    const result = await checkUntilPass(ctx, TAG, []);
    await rollout;
    expect(result.ok).toBe(true);
    // The check really waited longer than the stall limit in silence, and was let finish.
    const check = commands.find((c) => c.argv.includes('check'))!;
    expect(check.outcome).toBe('exit');
    expect(check.durationMs).toBeGreaterThan(STALL_MS);
  });

  it('still reports a check on pods that never change as stalled, within the limit and a few seconds', async () => {
    for (const pod of await controlPlanePods()) await setReady(pod, false);
    commands.length = 0;
    const error = await checkUntilPass(ctx, TAG, []).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PhaseStop);
    expect((error as PhaseStop).reason).toMatch(/^linkerd check: stalled after 10s without new output or cluster activity/);
    const check = commands.find((c) => c.argv.includes('check'))!;
    expect(check).toMatchObject({ outcome: 'stall', reason: 'stalled after 10s without new output or cluster activity' });
    expect(check.durationMs).toBeLessThan(STALL_MS + 5000);
  });
});
