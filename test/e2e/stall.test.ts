import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kubectlFor, type Kubectl } from '../../src/cluster/kubectl.js';
import { createRunner } from '../../src/process/runner.js';
import type { RunReport } from '../../src/report/model.js';
import { outputs, printed, processesMentioning, runnerDirs, savedCluster, startAction } from '../helpers/action.js';
import { kwokInputs, needsLinkerd, simToolsDir } from '../helpers/sim-tools.js';

// A check that retries prints nothing (output is piped): with real CLIs, a control plane that
// converges slower than the stall limit must pass, and a check waiting on something that never
// changes must still be reported as stalled within the limit. Pods are made not ready through
// the status subresource (kwok has no kubelet to do it), the way a slow rollout leaves them.
const toolsDir = simToolsDir();
const STALL_S = 10;
const skip = needsLinkerd(toolsDir, 'edge-26.8.2', 'edge-26.8.3');

interface Pod {
  metadata: { name: string };
  status: { containerStatuses?: { name: string; ready: boolean }[] };
}

async function setReady(kubectl: Kubectl, pod: Pod, ready: boolean) {
  const containerStatuses = (pod.status.containerStatuses ?? []).map((c) => ({ ...c, ready }));
  const patch = JSON.stringify({ status: { containerStatuses } });
  const result = await kubectl(['patch', 'pod', pod.metadata.name, '-n', 'linkerd', '--subresource=status', '--type=merge', '-p', patch]);
  expect(result.ok, result.stderr).toBe(true);
}

/** Starts the canary and, as soon as the control plane is upgraded, makes its pods not ready. */
async function holdControlPlane(release: (kubectl: Kubectl, pods: Pod[]) => Promise<void>) {
  const dirs = await runnerDirs();
  const main = startAction('main', dirs, kwokInputs(toolsDir, { from: 'edge-26.8.2', to: 'edge-26.8.3', 'stall-timeout': `${STALL_S}s` }));
  await printed(main, '✔ Upgrade control plane to edge-26.8.3: pass');
  const kubectl = kubectlFor(createRunner(), join(toolsDir, 'kubectl'), (await savedCluster(dirs)).kubeconfig);
  const pods = (JSON.parse((await kubectl(['get', 'pods', '-n', 'linkerd', '-o', 'json'])).stdout) as { items: Pod[] }).items;
  for (const pod of pods) await setReady(kubectl, pod, false);
  await release(kubectl, pods);
  const { all } = await main;
  const report = JSON.parse(await readFile((await outputs(dirs)).report!, 'utf8')) as RunReport;
  expect(processesMentioning(dirs.root)).toEqual([]);
  return { report, log: String(all ?? '') };
}

describe.skipIf(skip)(`linkerd check while the control plane converges (stall limit ${STALL_S}s) ${skip}`, () => {
  it('passes when the pods become ready one at a time over longer than the stall limit', async () => {
    const started = Date.now();
    const { report, log } = await holdControlPlane(async (kubectl, pods) => {
      // The rollout's own pace: one pod every 4 s, each a change the check's watch sees.
      for (const pod of pods) {
        await new Promise((resolve) => setTimeout(resolve, 4000));
        await setReady(kubectl, pod, true);
      }
    });
    expect(Date.now() - started).toBeGreaterThan(STALL_S * 1000);
    expect(report.result, `${log}\n${JSON.stringify(report.phases.find((p) => p.verdict !== 'pass'), null, 1)}`).toBe('pass');
    const check = report.phases.find((p) => p.name === 'check-control-plane')!;
    // The check really waited longer than the stall limit in silence, and was let finish.
    const linkerdCheck = check.commands.find((c) => c.argv.includes('check'))!;
    expect(linkerdCheck.durationMs).toBeGreaterThan(STALL_S * 1000);
    expect(linkerdCheck.outcome).toBe('exit');
  });

  it('still reports a check on pods that never change as stalled, within the limit and a few seconds', async () => {
    const { report } = await holdControlPlane(async () => undefined);
    expect(report.result).toBe('fail');
    const check = report.phases.find((p) => p.name === 'check-control-plane')!;
    expect(check.verdict).toBe('fail');
    expect(check.failedCommand).toMatchObject({ outcome: 'stall', reason: `stalled after ${STALL_S}s without new output or cluster activity` });
    expect(check.failedCommand!.durationMs).toBeLessThan((STALL_S + 5) * 1000);
    expect(check.reason).toContain('linkerd check: stalled');
  });
});
