import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it, vi } from 'vitest';
import type { RunReport } from '../../src/report/model.js';
import { outputs, printed, processesMentioning, runnerDirs, runPost, startAction, type RunnerDirs } from '../helpers/action.js';
import { kwokManager, kwokProvider } from '../../src/cluster/kwok.js';
import { DEFAULT_KWOK_VERSION } from '../../src/inputs/options.js';
import { createRunner } from '../../src/process/runner.js';
import { ToolSet } from '../../src/tools/toolset.js';
import { kwokInputs, SIM_KUBERNETES_VERSION, simToolsDir, withoutLinkerd } from '../helpers/sim-tools.js';

// These tests are about runs that stop at missing CLIs: their tools dir never has any.
const toolsDir = await withoutLinkerd(simToolsDir());

function inputs(overrides: Record<string, string>): Record<string, string> {
  return kwokInputs(toolsDir, { from: 'edge-25.10.7', to: 'edge-26.8.3', 'github-token': 'ghs_e2eSecretToken123', ...overrides });
}

async function report(dirs: RunnerDirs): Promise<RunReport> {
  return JSON.parse(await readFile((await outputs(dirs)).report!, 'utf8')) as RunReport;
}

describe('the bundled action, run as the GitHub runner runs it', () => {
  it('fails an unknown version in seconds with result error and no cluster', async () => {
    const dirs = await runnerDirs();
    const started = Date.now();
    const main = await startAction('main', dirs, inputs({ to: 'edge-99.1.1', 'upload-artifacts': 'true' }));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(main.exitCode).toBe(1);
    // Off a runner the artifact service is absent: a warning, never a crash.
    expect(main.all).toMatch(/::warning::could not upload the report artifact: /);
    expect(main.all).toContain('::error::edge-canary: error: invalid to "edge-99.1.1": no such Linkerd release');
    expect(await outputs(dirs)).toMatchObject({ result: 'error', 'from-version': '', 'to-version': '' });
    expect((await report(dirs)).phases.map((p) => p.name)).toEqual(['resolve-versions']);
    expect(await readFile(dirs.state, 'utf8')).not.toMatch(/^cluster<</m);
    expect(processesMentioning(dirs.root)).toEqual([]);
  });

  it('runs tools and cluster creation side by side, reports what is missing, and cleans up', async () => {
    const dirs = await runnerDirs();
    const main = await startAction('main', dirs, inputs({}));
    expect(main.exitCode).toBe(1);
    const out = await outputs(dirs);
    expect(out).toMatchObject({ result: 'error', 'from-version': 'edge-25.10.7', 'to-version': 'edge-26.8.3', failed: 'install-tools' });
    const r = await report(dirs);
    expect(r.phases.map((p) => [p.name, p.verdict])).toEqual([
      ['resolve-versions', 'pass'],
      ['install-tools', 'error'],
      ['create-cluster', 'pass'],
      ['collect-diagnostics', 'pass'],
      ['delete-cluster', 'pass'],
    ]);
    // Both missing CLIs are named at once; the Gateway API CRDs 2.19+ need were fetched with the tools.
    expect(r.phases[1]!.reason).toBe(
      `tools-dir ${toolsDir} has no executable linkerd-edge-25.10.7; tools-dir ${toolsDir} has no executable linkerd-edge-26.8.3`,
    );
    expect(r.tools.map((t) => `${t.name} ${t.source}`).sort()).toEqual(
      ['etcd', 'gateway-api-crds', 'kube-apiserver', 'kubectl', 'kwok', 'kwokctl'].map((name) => `${name} tools-dir`),
    );
    expect(r.tools.every((t) => /^[0-9a-f]{64}$/.test(t.sha256 ?? ''))).toBe(true);
    // The two phases overlapped: the cluster was still being created when the tools phase ended.
    const [tools, cluster] = [r.phases[1]!, r.phases[2]!];
    expect(Date.parse(cluster.startedAt)).toBeLessThan(Date.parse(tools.startedAt) + tools.durationMs + 1000);
    expect(cluster.durationMs).toBeGreaterThan(tools.durationMs);
    expect(r.cluster).toEqual({ name: 'edge-canary', deleted: true });
    expect(r.tool).toEqual({ name: 'edge-canary', version: (JSON.parse(await readFile('package.json', 'utf8')) as { version: string }).version });
    expect(r.diagnosticsDir).toBeDefined();
    expect(await readFile(join(r.diagnosticsDir!, 'get-all.txt'), 'utf8')).toContain('service/kubernetes');
    expect(JSON.stringify(r)).not.toContain('ghs_e2eSecretToken123');
    const junit = new XMLParser({ ignoreAttributes: false }).parse(await readFile(out.junit!, 'utf8'));
    expect(junit.testsuites.testsuite['@_errors']).toBe('1');
    const summary = await readFile(dirs.summary, 'utf8');
    expect(summary).toContain('`edge-25.10.7` → `edge-26.8.3` with profile `default` on `kwok`');
    expect(processesMentioning(dirs.root)).toEqual([]);
    const post = await runPost(dirs, inputs({}));
    expect(post.exitCode).toBe(0);
    expect(post.all).toBe('');
  });

  it('plans every hop of a multi-hop path: each version resolved and its CLI fetched', async () => {
    const dirs = await runnerDirs();
    const main = await startAction('main', dirs, inputs({ from: 'edge-25.4.4', via: 'edge-25.10.7\nedge-26.6.3', to: 'edge-26.8.3' }));
    expect(main.exitCode).toBe(1);
    const r = await report(dirs);
    expect(r).toMatchObject({ from: 'edge-25.4.4', via: ['edge-25.10.7', 'edge-26.6.3'], to: 'edge-26.8.3' });
    expect(r.phases.find((p) => p.name === 'install-tools')?.reason?.match(/linkerd-edge-[\d.]+/g)).toEqual([
      'linkerd-edge-25.4.4',
      'linkerd-edge-25.10.7',
      'linkerd-edge-26.6.3',
      'linkerd-edge-26.8.3',
    ]);
    expect(processesMentioning(dirs.root)).toEqual([]);
  });

  it('on SIGTERM during cluster creation reports cancelled and leaves no cluster process', async () => {
    const dirs = await runnerDirs();
    const main = startAction('main', dirs, inputs({}));
    await printed(main, '▶ Create kwok cluster');
    await vi.waitFor(() => expect(processesMentioning(`${dirs.temp}/edge-canary-`).length).toBeGreaterThan(0), { timeout: 20_000, interval: 50 });
    main.kill('SIGTERM');
    const result = await main;
    expect(result.exitCode).toBe(1);
    expect(await outputs(dirs)).toMatchObject({ result: 'cancelled' });
    const r = await report(dirs);
    expect(r.result).toBe('cancelled');
    expect(r.phases.find((p) => p.name === 'create-cluster')?.verdict).toBe('cancelled');
    expect(r.cluster?.deleted).toBe(true);
    expect(processesMentioning(dirs.root)).toEqual([]);
  });

  it('ends a run that reaches its time limit with the phase it was in, never as cancelled, and cleans up', async () => {
    const dirs = await runnerDirs();
    const main = await startAction('main', dirs, inputs({ timeout: '1s' }));
    expect(main.exitCode).toBe(1);
    const r = await report(dirs);
    // Cluster creation is infrastructure: running out of time there is an error, not a failed upgrade.
    expect(r.result).toBe('error');
    const cluster = r.phases.find((p) => p.name === 'create-cluster')!;
    expect(cluster.verdict).toBe('error');
    expect(cluster.reason).toMatch(/the run reached its time limit/);
    expect(processesMentioning(dirs.root)).toEqual([]);
  });

  it('uses an existing cluster as it is and never deletes it', async () => {
    const own = await runnerDirs();
    const tools = new ToolSet({ kubectl: SIM_KUBERNETES_VERSION, kind: 'unused', kwok: DEFAULT_KWOK_VERSION }, toolsDir);
    const run = createRunner();
    const context = { run, tools, workDir: own.temp, clusterName: 'users-cluster', kubernetesVersion: SIM_KUBERNETES_VERSION };
    const handle = await kwokProvider.handle(context);
    try {
      await kwokProvider.create(context, handle);
      const dirs = await runnerDirs();
      const main = await startAction('main', dirs, inputs({ provider: 'existing' }), { KUBECONFIG: handle.kubeconfig });
      expect(main.exitCode).toBe(1);
      const r = await report(dirs);
      expect(r.phases.find((p) => p.name === 'create-cluster')?.verdict).toBe('pass');
      expect(r.cluster).toEqual({ name: 'kwok-users-cluster', deleted: false });
      expect(r.phases.map((p) => p.name)).not.toContain('delete-cluster');
      expect(processesMentioning(own.temp).length).toBeGreaterThan(0);
      const post = await runPost(dirs, inputs({ provider: 'existing' }));
      expect(post.all).toContain('leaving cluster kwok-users-cluster in place');
      expect(processesMentioning(own.temp).length).toBeGreaterThan(0);
    } finally {
      await kwokManager.delete(handle, run);
    }
  });

  it('the post step deletes the cluster when main was killed outright', async () => {
    const dirs = await runnerDirs();
    const main = startAction('main', dirs, inputs({}));
    await printed(main, '✔ Create kwok cluster: pass');
    main.kill('SIGKILL');
    await main;
    expect(await readFile(dirs.state, 'utf8')).toMatch(/^cluster<</m);
    expect(processesMentioning(dirs.root).length).toBeGreaterThan(0);
    const post = await runPost(dirs, inputs({}));
    expect(post.exitCode).toBe(0);
    expect(post.all).toContain('deleting cluster edge-canary (kwok)');
    expect(processesMentioning(dirs.root)).toEqual([]);
  });
});
