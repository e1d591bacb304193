import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRunner } from '../../src/process/runner.js';
import { runScenario, type ScenarioContext } from '../../src/scenarios/engine.js';
import { loadScenarioFile } from '../../src/scenarios/load.js';
import { kwokProvider } from '../../src/cluster/kwok.js';
import { startSimCluster, type SimCluster } from '../helpers/sim-cluster.js';
import { simToolsDir } from '../helpers/sim-tools.js';

const toolsDir = simToolsDir();
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/scenarios/${name}.yaml`, import.meta.url));
const run = createRunner();
let cluster: SimCluster;
let ctx: ScenarioContext;

beforeAll(async () => {
  cluster = await startSimCluster('scenarios', run, toolsDir);
  const { handle, workDir } = cluster;
  const kubectl = join(toolsDir, 'kubectl');
  ctx = {
    createRunner,
    kubectl,
    kubeconfig: handle.kubeconfig,
    capabilities: kwokProvider.capabilities,
    variables: { kubectl, kubeconfig: handle.kubeconfig, marker: join(workDir, 'marker') },
    stallMs: 30_000,
  };
});
afterAll(() => cluster.delete());

const kubectl = (...args: string[]) => run([ctx.kubectl, '--kubeconfig', ctx.kubeconfig, ...args], { timeoutMs: 30_000 });

describe('scenario engine on a real API server', () => {
  it('passes a scenario whose operations all hold, in a namespace of its own that is deleted after', async () => {
    const report = await runScenario(await loadScenarioFile(fixture('workload-survives')), 'before-upgrade', ctx);
    expect(report.verdict, JSON.stringify(report.attempts, null, 1)).toBe('pass');
    expect(report.attempts[0]!.steps[0]!.operations.map((o) => [o.operation, o.verdict])).toEqual([
      ['apply', 'pass'],
      ['wait', 'pass'],
      ['assert', 'pass'],
      ['error', 'pass'],
      ['run', 'pass'],
    ]);
    const ns = await kubectl('get', 'namespace', report.namespace!, '-o', 'jsonpath={.status.phase}');
    expect(ns.ok ? ns.stdout : 'gone').toMatch(/Terminating|gone/);
  });

  it('fails on a real mismatch, says where, and runs catch', async () => {
    const report = await runScenario(await loadScenarioFile(fixture('replicas-drift')), 'after-upgrade', ctx);
    expect(report.verdict).toBe('fail');
    expect(report.reason).toBe('step "check replicas": assert: deployment.apps/web: spec.replicas: expected 3, found 2');
    const ops = report.attempts[0]!.steps[0]!.operations;
    expect(ops.map((o) => [o.section, o.operation, o.verdict])).toEqual([
      ['try', 'apply', 'pass'],
      ['try', 'assert', 'fail'],
      ['catch', 'run', 'pass'],
    ]);
    expect(ops[2]!.command!.outputTail).toContain('Replicas:');
  });

  it('reports a scenario that fails and then passes as flaky, keeping every attempt', async () => {
    const report = await runScenario(await loadScenarioFile(fixture('second-try')), 'after-upgrade', ctx);
    expect(report.verdict).toBe('flaky');
    expect(report.attempts.map((a) => a.verdict)).toEqual(['fail', 'pass']);
    expect(report.reason).toBe(
      'passed on attempt 2 after: step "flaky step": run: exit code 1, expected 0: sh -c ' +
        'if [ -e "$MARKER" ]; then exit 0; fi; touch "$MARKER"; echo first attempt fails; exit 1',
    );
  });

  it('evicts running pods through the status subresource; they stay evicted and are replaced', async () => {
    const report = await runScenario(await loadScenarioFile(fixture('evicted-next-to-healthy')), 'after-upgrade', ctx);
    expect(report.verdict, JSON.stringify(report.attempts, null, 1)).toBe('pass');
  });

  it('asks for more pods than run, as a failure naming the count', async () => {
    const scenario = await loadScenarioFile(fixture('evicted-next-to-healthy'));
    const tooMany = { ...scenario, steps: [{ name: 'evict', try: [{ evict: { selector: 'app=nothing', count: 2 } }] }] };
    const report = await runScenario(tooMany, 'after-upgrade', ctx);
    expect(report.reason).toMatch(/^step "evict": evict: only 0 running pods match app=nothing in evicted-next-to-healthy-\w+, 2 needed$/);
  });

  it('skips a scenario the cluster cannot run, naming what is missing', async () => {
    const report = await runScenario(await loadScenarioFile(fixture('needs-dataplane')), 'after-upgrade', ctx);
    expect(report).toMatchObject({ verdict: 'skipped', reason: 'needs dataplane, which this cluster does not have', attempts: [] });
  });

  it('ends an attempt at its time limit with a failure naming the wait', async () => {
    const started = Date.now();
    const report = await runScenario(await loadScenarioFile(fixture('never-ready')), 'after-upgrade', ctx);
    expect(report.verdict).toBe('fail');
    expect(report.reason).toMatch(/^step "wait forever": wait: pod\/stuck did not reach condition=Ready: the run reached its time limit/);
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});
