import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { RunReport } from '../../src/report/model.js';
import { outputs, processesMentioning, runnerDirs, startAction } from '../helpers/action.js';
import { kwokInputs, needsLinkerd, simToolsDir, simToolsDirFor, withLinkerdOf } from '../helpers/sim-tools.js';

const toolsDir = simToolsDir();

/** Runs the bundled action on kwok as the runner would, and returns its report. */
async function canary(inputs: Record<string, string>, dir = toolsDir) {
  const dirs = await runnerDirs();
  const main = await startAction('main', dirs, kwokInputs(dir, inputs));
  const out = await outputs(dirs);
  const report = JSON.parse(await readFile(out.report!, 'utf8')) as RunReport;
  expect(processesMentioning(dirs.root)).toEqual([]);
  return { main, out, report, dirs };
}

const stage = (report: RunReport, name: string) =>
  report.proxyVersions
    .find((s) => s.stage === name)
    ?.versions.map((v) => v.version)
    .sort();

// Real upgrades with real Linkerd CLIs. A new machine has none (they are put into the tools dir
// by hand): each test then reports as skipped, naming the CLIs it lacks.
describe.each([
  { from: 'edge-26.8.2', to: 'edge-26.8.3', why: 'two consecutive edges' },
  { from: 'edge-25.10.7', to: 'edge-26.8.3', why: '2.19 -> newest edge' },
  { from: 'edge-25.4.4', to: 'edge-25.10.7', why: '2.18 -> 2.19: run-time charts, Gateway API CRDs installed first' },
  { from: 'edge-24.11.8', to: 'edge-25.4.4', why: '2.17 -> 2.18: Linkerd-managed Gateway API CRDs kept across edge-25.3.4' },
  { from: 'stable-2.14.10', to: 'edge-24.2.4', why: 'last open-source stable -> 2.15' },
])('real upgrade $from -> $to ($why)', ({ from, to }) => {
  const skip = needsLinkerd(toolsDir, from, to);
  it.skipIf(skip)(`passes with every proxy on the candidate at the end ${skip}`, async () => {
    const { main, out, report, dirs } = await canary({ from, to });
    expect(out.result, main.all).toBe('pass');
    expect(report.phases.filter((p) => p.verdict !== 'pass')).toEqual([]);
    // The control plane's own proxies move with the upgrade, the workload's only with the roll.
    expect(stage(report, 'after-control-plane-upgrade')).toEqual([from, to].sort());
    expect(stage(report, 'after-rollout')).toEqual([to]);
    // kubectl is of the cluster's minor: the control plane's patches come from its built-in types, the CRDs' as ever.
    const applies = report.phases.find((p) => p.name === 'upgrade-control-plane')!.commands.filter((c) => c.argv.includes('apply'));
    expect(applies.map((c) => c.argv.includes('--openapi-patch=false'))).toEqual([false, true]);
    expect(await readFile(dirs.summary, 'utf8')).toContain(`\`${from}\` → \`${to}\``);
  });
});

describe('Gateway API CRDs across the edge-25.3.4 boundary, both owners', () => {
  const skip = needsLinkerd(toolsDir, 'edge-24.11.8', 'edge-25.4.4');
  it.skipIf(skip)(`keeps external CRDs external and the user's HTTPRoute intact ${skip}`, async () => {
    const { main, report } = await canary({ from: 'edge-24.11.8', to: 'edge-25.4.4', 'gateway-api': 'external' });
    expect(report.result, main.all).toBe('pass');
    expect(report.gatewayApi).toBe('external');
    const upgrade = report.phases.find((p) => p.name === 'upgrade-control-plane')!;
    expect(upgrade.commands.map((c) => c.argv.slice(3).join(' '))).toContain('upgrade --crds --set installGatewayAPI=false');
    expect(upgrade.commands.some((c) => c.argv.includes('httproutes.gateway.networking.k8s.io'))).toBe(true);
  });
});

describe('a multi-hop path and a non-default install', () => {
  const hops = needsLinkerd(toolsDir, 'edge-25.4.4', 'edge-25.10.7', 'edge-26.8.3');
  it.skipIf(hops)(`upgrades edge-25.4.4 -> edge-25.10.7 -> edge-26.8.3, checking at every hop ${hops}`, async () => {
    const { main, report } = await canary({ from: 'edge-25.4.4', via: 'edge-25.10.7', to: 'edge-26.8.3' });
    expect(report.result, main.all).toBe('pass');
    expect(report.phases.filter((p) => p.verdict !== 'pass')).toEqual([]);
    expect(stage(report, 'after-rollout@edge-25.10.7')).toEqual(['edge-25.10.7']);
    expect(stage(report, 'after-rollout@edge-26.8.3')).toEqual(['edge-26.8.3']);
  });

  const ha = needsLinkerd(toolsDir, 'edge-26.8.2', 'edge-26.8.3');
  it.skipIf(ha)(`passes with --ha (three replicas of each control-plane component) ${ha}`, async () => {
    const { main, report } = await canary({ from: 'edge-26.8.2', to: 'edge-26.8.3', 'install-args': '--ha' });
    expect(report.result, main.all).toBe('pass');
    expect(report.phases.find((p) => p.name === 'install-from')!.commands.some((c) => c.argv.includes('install') && c.argv.includes('--ha'))).toBe(true);
    expect(report.proxyVersions.at(-1)!.versions).toEqual([{ version: 'edge-26.8.3', pods: 4 }]);
    // The whole cluster's proxies after the control-plane upgrade, the control plane's among them.
    const controlPlane = report.proxyVersions.find((s) => s.stage === 'after-control-plane-upgrade')!.versions.find((v) => v.version === 'edge-26.8.3');
    expect(controlPlane!.pods).toBe(9); // destination, identity and proxy-injector, three replicas each
  });
});

describe('verdicts of a broken starting point', () => {
  const skip = needsLinkerd(toolsDir, 'edge-26.8.2', 'edge-26.8.3');
  it.skipIf(skip)(`an install of from that the real CLI refuses is an error with its command and output ${skip}`, async () => {
    const { report } = await canary({ from: 'edge-26.8.2', to: 'edge-26.8.3', 'install-args': '--no-such-flag' });
    expect(report.result).toBe('error');
    const install = report.phases.find((p) => p.name === 'install-from')!;
    expect(install.verdict).toBe('error');
    expect(install.failedCommand?.argv.slice(3, 5)).toEqual(['install', '--no-such-flag']);
    // The CLI prints its usage after the error: the reason still names it.
    expect(install.reason).toContain('exit code 1 (Error: unknown flag: --no-such-flag)');
    expect(report.phases.some((p) => p.name.startsWith('upgrade'))).toBe(false);
  });
});

// Kubernetes 1.30 components (if built) with the CLIs of the default tools dir.
const built130 = simToolsDirFor('1.30');
const old = built130 && (await withLinkerdOf(built130, toolsDir));

describe('kwok on the Kubernetes version a path names', () => {
  const skip = old
    ? needsLinkerd(old, 'edge-25.10.7', 'edge-26.4.4', 'edge-26.5.1', 'edge-26.8.3')
    : 'skipped: no tools dir for Kubernetes 1.30 (scripts/sim/build.sh --kubernetes 1.30)';
  it.skipIf(skip)(`ends as error with Linkerd's own message where from does not support it ${skip}`, async () => {
    const { report } = await canary({ from: 'edge-26.5.1', to: 'edge-26.8.3', 'kubernetes-version': 'v1.30.14', 'kubectl-version': 'v1.30.14' }, old);
    expect(report.result).toBe('error');
    const install = report.phases.find((p) => p.name === 'install-from')!;
    expect(install.verdict).toBe('error');
    expect(install.reason).toContain('Kubernetes is on version [1.30.14], but version [1.31.0] or more recent is required');
  });

  it.skipIf(skip)(`passes where both versions support it ${skip}`, async () => {
    const { main, report } = await canary({ from: 'edge-25.10.7', to: 'edge-26.4.4', 'kubernetes-version': 'v1.30.14', 'kubectl-version': 'v1.30.14' }, old);
    expect(report.result, main.all).toBe('pass');
  });

  it('refuses a tools dir built for another Kubernetes version, naming both', async () => {
    const { report } = await canary({ from: 'edge-26.8.2', to: 'edge-26.8.3', 'kubernetes-version': 'v1.33.13', 'kubectl-version': 'v1.33.13' });
    const cluster = report.phases.find((p) => p.name === 'create-cluster')!;
    expect(cluster.verdict).toBe('error');
    expect(cluster.reason).toBe("the tools dir's kube-apiserver is v1.34.4, not the kubernetes-version v1.33.13 this run asks for");
  });
});
