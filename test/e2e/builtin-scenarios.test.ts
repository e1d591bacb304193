import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { kwokManager, kwokProvider } from '../../src/cluster/kwok.js';
import type { ClusterHandle } from '../../src/cluster/provider.js';
import { DEFAULT_KWOK_VERSION } from '../../src/inputs/options.js';
import { SAMPLE_DEPLOYMENTS, SAMPLE_NAMESPACE, sampleWorkloadManifest } from '../../src/linkerd/sample-workload.js';
import {
  injectAndApply,
  installLinkerd,
  rollbackLinkerd,
  upgradeLinkerd,
  waitForControlPlane,
  waitForRollout,
  type ClusterState,
  type StepContext,
} from '../../src/pipeline/linkerd-steps.js';
import type { RunReport } from '../../src/report/model.js';
import { createRunner } from '../../src/process/runner.js';
import { runScenario, type ScenarioContext } from '../../src/scenarios/engine.js';
import { BUILT_IN_DIR, loadScenarioFile } from '../../src/scenarios/load.js';
import type { HookPhase } from '../../src/scenarios/model.js';
import { ToolSet } from '../../src/tools/toolset.js';
import { runCli } from '../helpers/cli.js';
import { hasLinkerd, SIM_KUBERNETES_VERSION, simToolsDir } from '../helpers/sim-tools.js';
import { simStepContext } from '../helpers/step-context.js';

const toolsDir = simToolsDir();
const builtIn = (name: string) => loadScenarioFile(join(BUILT_IN_DIR, `${name}.yaml`));
const ALL = ['cli-skew', 'evicted-pods', 'proxy-version-skew', 'render-errors', 'resources-survive'];

/** A whole canary through the CLI, as a user runs it, with the default `scenarios: builtin`. */
async function canary(from: string, to: string): Promise<RunReport> {
  const reportDir = await mkdtemp(join(tmpdir(), 'builtin-canary-'));
  const args = ['run', '--from', from, '--to', to, '--provider', 'kwok', '--tools-dir', toolsDir, '--releases-file', 'test/fixtures/linkerd-releases.json'];
  const versions = ['--kubernetes-version', SIM_KUBERNETES_VERSION, '--kubectl-version', SIM_KUBERNETES_VERSION, '--report-dir', reportDir];
  await runCli([...args, ...versions, '--cluster-name', `builtin-${from.replace(/\./g, '-')}`], {}, 15 * 60_000);
  return JSON.parse(await readFile(join(reportDir, 'report.json'), 'utf8')) as RunReport;
}

const verdicts = (report: RunReport) => report.scenarios.map((s) => `${s.name}@${s.phase}: ${s.verdict}${s.reason ? ` (${s.reason})` : ''}`);

describe('the built-in scenarios on real upgrades (scenarios: builtin, the default)', () => {
  it.skipIf(!hasLinkerd(toolsDir, 'edge-26.8.2', 'edge-26.8.3'))(
    'all pass on edge-26.8.2 -> edge-26.8.3 (needs linkerd-edge-26.8.2, linkerd-edge-26.8.3)',
    async () => {
      const report = await canary('edge-26.8.2', 'edge-26.8.3');
      expect(new Set(report.scenarios.map((s) => s.name))).toEqual(new Set(ALL));
      expect(verdicts(report).filter((v) => !v.endsWith(': pass'))).toEqual([]);
      expect(report.result).toBe('pass');
    },
  );

  // The old CLI of this path panics in `inject` against the new control plane: Linkerd does not
  // promise an old CLI works against a newer control plane, so cli-skew warns, naming the panic.
  it.skipIf(!hasLinkerd(toolsDir, 'edge-25.10.7', 'edge-26.8.3'))(
    'all pass on edge-25.10.7 -> edge-26.8.3; cli-skew warns that the old CLI panics in inject (needs linkerd-edge-25.10.7, linkerd-edge-26.8.3)',
    async () => {
      const report = await canary('edge-25.10.7', 'edge-26.8.3');
      expect(new Set(report.scenarios.map((s) => s.name))).toEqual(new Set(ALL));
      expect(verdicts(report).filter((v) => !v.endsWith(': pass') && !v.startsWith('cli-skew@after-upgrade'))).toEqual([]);
      expect(report.result).toBe('pass');
      const skew = report.scenarios.find((s) => s.name === 'cli-skew' && s.phase === 'after-upgrade')!;
      expect(skew.verdict).toBe('warn');
      expect(skew.warnings?.map((w) => w.reason)).toEqual([
        expect.stringMatching(
          /^run: exit code 2, expected 0: \S*linkerd-edge-25\.10\.7 .*inject --manual .*\npanic: runtime error: invalid memory address or nil pointer dereference$/,
        ),
      ]);
    },
  );
});

const FROM = 'edge-26.8.2';
const TO = 'edge-26.8.3';
const run = createRunner();
let handle: ClusterHandle;
let steps: StepContext;
let installed: ClusterState;
let scenarioContext: ScenarioContext;
let workDir: string;

/** `from` installed with its CLI and the sample workload meshed by it, as the canary does before its first hook. */
async function installFrom(): Promise<void> {
  workDir = await mkdtemp(join(tmpdir(), 'builtin-faults-'));
  const tools = new ToolSet({ kubectl: SIM_KUBERNETES_VERSION, kind: 'unused', kwok: DEFAULT_KWOK_VERSION }, toolsDir);
  const context = { run, tools, workDir, clusterName: 'builtin-faults', kubernetesVersion: SIM_KUBERNETES_VERSION };
  handle = await kwokProvider.handle(context);
  await kwokProvider.create(context, handle);
  const kubectl = await tools.path('kubectl');
  steps = await simStepContext(run, tools, handle.kubeconfig, workDir, 120_000);
  installed = await installLinkerd(steps, FROM, 'external');
  await waitForControlPlane(steps);
  await injectAndApply(steps, FROM, sampleWorkloadManifest(), 'workload');
  await waitForRollout(steps, SAMPLE_NAMESPACE, SAMPLE_DEPLOYMENTS, 120_000);
  scenarioContext = {
    createRunner,
    kubectl,
    kubeconfig: handle.kubeconfig,
    capabilities: kwokProvider.capabilities,
    variables: {
      from: FROM,
      to: TO,
      kubectl,
      kubeconfig: handle.kubeconfig,
      workloadNamespace: SAMPLE_NAMESPACE,
      installArgs: [],
      linkerd: { from: await tools.linkerd(FROM), to: await tools.linkerd(TO) },
    },
    stallMs: 60_000,
  };
}

const kubectl = (...args: string[]) => steps.kubectl(args, { timeoutMs: 60_000 });
const scenario = async (name: string, phase: HookPhase) => runScenario(await builtIn(name), phase, scenarioContext);

// Each fault is made by the cluster or a real CLI; the scenario file is the shipped one.
/** Runs `body` with the values Linkerd stored (linkerd-config-overrides) changed by `change`, then puts them back. */
async function withStoredValues<T>(change: (values: Record<string, unknown>) => Record<string, unknown>, body: () => Promise<T>): Promise<T> {
  const secret = await kubectl('get', 'secret', 'linkerd-config-overrides', '-n', 'linkerd', '-o', 'jsonpath={.data.linkerd-config-overrides}');
  const stored = Buffer.from(secret.stdout, 'base64').toString();
  const patch = (text: string) =>
    kubectl(
      'patch',
      'secret',
      'linkerd-config-overrides',
      '-n',
      'linkerd',
      '--type=merge',
      '-p',
      JSON.stringify({ data: { 'linkerd-config-overrides': Buffer.from(text).toString('base64') } }),
    );
  expect((await patch(stringify(change(parse(stored) as Record<string, unknown>)))).ok).toBe(true);
  try {
    return await body();
  } finally {
    expect((await patch(stored)).ok).toBe(true);
  }
}

describe.skipIf(!hasLinkerd(toolsDir, FROM, TO))(`each built-in fails on a real fault (${FROM} -> ${TO}, needs both CLIs)`, () => {
  beforeAll(installFrom, 10 * 60_000);
  afterAll(() => (handle ? kwokManager.delete(handle, run) : undefined));

  it(
    'evicted-pods: a meshed pod neither running nor evicted fails the proxy check, named',
    async () => {
      const pod =
        'apiVersion: v1\nkind: Pod\nmetadata: {name: stuck, namespace: default}\nspec: {nodeSelector: {no-such-node: x}, containers: [{name: c, image: registry.k8s.io/pause:3.10}]}\n';
      await injectAndApply(steps, FROM, pod, 'stuck');
      try {
        const report = await scenario('evicted-pods', 'before-upgrade');
        expect(report.verdict).toBe('fail');
        expect(report.reason).toMatch(
          /^step "the from CLI's proxy checks pass within 30s": linkerd-check: linkerd check --proxy --expected-version edge-26.8.2 --wait 30s failed: .*data plane proxies are ready: pod "stuck" status is Pending/,
        );
      } finally {
        await kubectl('delete', 'pod', 'stuck', '-n', 'default', '--wait=false');
      }
    },
    5 * 60_000,
  );

  it(
    'resources-survive: a user object carrying the control-plane label is deleted by the real prune, named',
    async () => {
      const before = await scenario('resources-survive', 'before-upgrade');
      expect(before.verdict, before.reason).toBe('pass');
      expect((await kubectl('label', 'server.policy.linkerd.io', 'web-http', '-n', 'edge-canary-user-objects', 'linkerd.io/control-plane-ns=linkerd')).ok).toBe(
        true,
      );
      installed = await upgradeLinkerd(steps, TO, installed);
      await waitForControlPlane(steps);
      const after = await scenario('resources-survive', 'after-upgrade');
      expect(after.verdict).toBe('fail');
      expect(after.reason).toBe(
        'step "every object is still there with its spec, in the version it was written in": assert: server.policy.linkerd.io/web-http: not found',
      );
      // The step's finally still cleans up.
      expect(after.attempts[0]!.steps[0]!.operations.at(-1)).toMatchObject({ section: 'finally', verdict: 'pass' });
    },
    8 * 60_000,
  );

  it(
    'render-errors: a stored value the new chart rejects, named with the configuration, the command and the template line (after the control-plane upgrade, as the guide has users render)',
    async () => {
      const report = await withStoredValues(
        (values) => ({ ...values, proxyInit: { ...(values.proxyInit as object), iptablesMode: 'bogus' } }),
        () => scenario('render-errors', 'after-control-plane-upgrade'),
      );
      expect(report.verdict).toBe('fail');
      expect(report.reason).toMatch(
        /^step "stored configuration \(with the install-args\): to renders the control-plane upgrade": run: exit code 1, expected 0: \S*linkerd-edge-26\.8\.3 --kubeconfig \S+ upgrade\n× Could not render upgrade configuration: .*linkerd-control-plane\/templates\/[\w-]+\.yaml:\d+:\d+.*Unsupported value "bogus" for proxyInit\.iptablesMode/,
      );
    },
    5 * 60_000,
  );

  it(
    'render-errors: a stored value that renders but the API server refuses, named with the configuration and the object (the deduplicated dry run)',
    async () => {
      const report = await withStoredValues(
        (values) => ({ ...values, deploymentStrategy: { rollingUpdate: { maxSurge: 'bogus%' } } }),
        () => scenario('render-errors', 'after-control-plane-upgrade'),
      );
      expect(report.verdict).toBe('fail');
      expect(report.reason).toMatch(
        /^step "the API server accepts every rendered CLI upgrade \(kubectl apply --dry-run=server\)": dry-run: kubectl apply --dry-run=server failed: [\s\S]*dry-run-0-output-installed[\s\S]*Deployment\.apps "linkerd-[\w-]+" is invalid: spec\.strategy\.rollingUpdate\.maxSurge: Invalid value: "bogus%"/,
      );
    },
    5 * 60_000,
  );

  it(
    'proxy-version-skew: one deployment left unrolled is named with its pods and version',
    async () => {
      // The control plane is on `to` now (previous test); roll only the server deployment.
      const serverOnly = sampleWorkloadManifest()
        .split('---\n')
        .filter((doc) => !/name: client\b/.test(doc))
        .join('---\n');
      await injectAndApply(steps, TO, serverOnly, 'server-only');
      await waitForRollout(steps, SAMPLE_NAMESPACE, ['server'], 120_000);
      const report = await scenario('proxy-version-skew', 'after-upgrade');
      expect(report.verdict).toBe('fail');
      // Both client pods are named (a server pod still terminating may be named too).
      expect(report.reason).toMatch(
        /^step "after the roll no proxy runs from": run: stdout contains "pod ": ".*pod client-\S+ on edge-26\.8\.2\\n(.*\\n)?pod client-\S+ on edge-26\.8\.2/,
      );
    },
    5 * 60_000,
  );

  it(
    "rollback: back on from with from's CLI, a user object gone since the upgrade is named (a warning: no downgrade is promised)",
    async () => {
      expect((await scenario('rollback', 'before-upgrade')).verdict).toBe('pass');
      expect((await kubectl('delete', 'server.policy.linkerd.io', 'api-http', '-n', 'edge-canary-rollback-objects')).ok).toBe(true);
      const report = await runScenario(await builtIn('rollback'), 'after-upgrade', {
        ...scenarioContext,
        rollback: () => rollbackLinkerd(steps, FROM, installed),
      });
      expect(report.verdict).toBe('warn');
      expect(report.reason).toBe('step "the user\'s objects are still there after going back": assert: server.policy.linkerd.io/api-http: not found');
      // The way back itself worked: from's CLI rendered and applied it, and then saw its own control plane.
      expect(report.attempts[0]!.steps.map((step) => step.verdict)).toEqual(['pass', 'pass', 'warn']);
    },
    8 * 60_000,
  );
});
