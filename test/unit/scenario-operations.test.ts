import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PhaseStop } from '../../src/process/expect-success.js';
import type { CommandResult } from '../../src/process/runner.js';
import type { FailedCheck } from '../../src/linkerd/check-output.js';
import type { Operation } from '../../src/scenarios/model.js';
import { Unmet, type Clock, type OperationContext } from '../../src/scenarios/operations/context.js';
import { HANDLERS, operationOf, performOperation } from '../../src/scenarios/operations/index.js';
import { fakeRunners, kubectlArgs, type Responder } from '../helpers/fake-runner.js';

let workDir: string;
let scenarioDir: string;
beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'ops-work-'));
  scenarioDir = await mkdtemp(join(tmpdir(), 'ops-scenario-'));
});

/** A clock whose sleeps only move its time forward. */
function fakeClock(): Clock & { sleeps: number[] } {
  let now = 1_000_000;
  const sleeps: number[] = [];
  return { sleeps, now: () => now, sleep: async (ms) => void (sleeps.push(ms), (now += ms)) };
}

function setup(respond?: Responder, overrides: Partial<OperationContext> = {}) {
  const fake = fakeRunners(respond);
  const recorded: CommandResult[] = [];
  const checks: FailedCheck[][] = [];
  const clock = fakeClock();
  const ctx: OperationContext = {
    run: fake.run,
    kubectl: 'kubectl',
    kubeconfig: '/kube/config',
    variables: { namespace: 'ns-1', app: 'web', linkerd: { to: '/bin/linkerd-to' } },
    workDir: async () => workDir,
    scenarioDir,
    namespace: 'ns-1',
    stallMs: 7000,
    capabilities: ['status-evictions'],
    clock,
    record: (r) => (recorded.push(r), r),
    recordChecks: (c) => void checks.push(c),
    ...overrides,
  };
  const kubectlCalls = () => fake.calls.map((c) => kubectlArgs(c));
  return { ctx, calls: fake.calls, recorded, checks, clock, kubectlCalls };
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the operation to throw');
}

describe('run', () => {
  it('templates argv and env and passes the timeout and stall limit to the runner', async () => {
    const { ctx, calls, recorded } = setup();
    await HANDLERS.run({ argv: ['{{ linkerd.to }}', 'check', '-n', '{{ namespace }}'], env: { APP: '{{ app }}' }, timeout: '90s' }, ctx);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.argv).toEqual(['/bin/linkerd-to', 'check', '-n', 'ns-1']);
    expect(calls[0]!.options).toEqual({ timeoutMs: 90_000, stallMs: 7000, env: { APP: 'web' } });
    expect(recorded.map((r) => r.argv)).toEqual([calls[0]!.argv]);
  });

  it('uses a one-minute limit when no timeout is given', async () => {
    const { ctx, calls } = setup();
    await HANDLERS.run({ argv: ['true'] }, ctx);
    expect(calls[0]!.options.timeoutMs).toBe(60_000);
  });

  it('fails on another exit code than expected, and passes on the expected one', async () => {
    const { ctx } = setup(() => ({ exitCode: 3 }));
    const error = await rejection(HANDLERS.run({ argv: ['x', 'y'] }, ctx));
    expect(error).toBeInstanceOf(Unmet);
    expect(error.message).toBe('exit code 3, expected 0: x y');
    await HANDLERS.run({ argv: ['x'], expect: { exitCode: 3 } }, ctx);
  });

  it('quotes the line where the command says what broke: Error:, panic: or × (where Linkerd names the template and line)', async () => {
    const template = setup(() => ({
      exitCode: 1,
      stderr:
        'Error: failed to render the template: execution error at (linkerd-control-plane/templates/proxy-injector.yaml:157:12): Unsupported value\nUsage:\n  linkerd upgrade [flags]\n',
    }));
    expect((await rejection(HANDLERS.run({ argv: ['linkerd', 'upgrade'] }, template.ctx))).message).toBe(
      'exit code 1, expected 0: linkerd upgrade\nError: failed to render the template: execution error at (linkerd-control-plane/templates/proxy-injector.yaml:157:12): Unsupported value',
    );
    const panic = setup(() => ({
      exitCode: 2,
      stderr: 'panic: runtime error: invalid memory address or nil pointer dereference\n\ngoroutine 1 [running]:\nmain.main()\n',
    }));
    expect((await rejection(HANDLERS.run({ argv: ['linkerd', 'inject'] }, panic.ctx))).message).toBe(
      'exit code 2, expected 0: linkerd inject\npanic: runtime error: invalid memory address or nil pointer dereference',
    );
    const upgrade = setup(() => ({
      exitCode: 1,
      stderr: '× Could not render upgrade configuration: failed to render the template\nFor troubleshooting help, visit: https://linkerd.io/upgrade\n',
    }));
    expect((await rejection(HANDLERS.run({ argv: ['linkerd', 'upgrade'] }, upgrade.ctx))).message).toBe(
      'exit code 1, expected 0: linkerd upgrade\n× Could not render upgrade configuration: failed to render the template',
    );
    const other = setup(() => ({ exitCode: 1, stderr: 'first\nlast words\n' }));
    expect((await rejection(HANDLERS.run({ argv: ['x'] }, other.ctx))).message).toBe('exit code 1, expected 0: x\nlast words');
  });

  it('fails with the runner reason when the command did not exit', async () => {
    const { ctx } = setup(() => ({ outcome: 'stall', reason: 'stalled after 7s without new output' }));
    const error = await rejection(HANDLERS.run({ argv: ['linkerd', 'check'] }, ctx));
    expect(error).toBeInstanceOf(Unmet);
    expect(error.message).toBe('stalled after 7s without new output: linkerd check');
  });

  it('checks stdout and stderr: contains, matches, not', async () => {
    const { ctx } = setup(() => ({ stdout: 'status: ok\nproxies: 2\n', stderr: 'warning: old client' }));
    await HANDLERS.run(
      { argv: ['x'], expect: { stdout: { contains: 'status: ok', matches: '^proxies: \\d+$', not: 'error' }, stderr: { contains: 'warning' } } },
      ctx,
    );
    const cases: [Parameters<typeof HANDLERS.run>[0]['expect'], string][] = [
      [{ stdout: { contains: 'status: failed' } }, 'stdout does not contain "status: failed": "status: ok\\nproxies: 2"'],
      [{ stdout: { matches: '^proxies: 3$' } }, 'stdout does not match /^proxies: 3$/: "status: ok\\nproxies: 2"'],
      [{ stderr: { not: 'old client' } }, 'stderr contains "old client": "warning: old client"'],
    ];
    for (const [expectation, message] of cases) {
      const error = await rejection(HANDLERS.run({ argv: ['x'], expect: expectation }, ctx));
      expect(error).toBeInstanceOf(Unmet);
      expect(error.message).toBe(message);
    }
  });

  it('fails a command that took longer than maxDuration', async () => {
    const { ctx } = setup(() => ({ durationMs: 5000 }));
    await HANDLERS.run({ argv: ['x'], expect: { maxDuration: '5s' } }, ctx);
    const error = await rejection(HANDLERS.run({ argv: ['x'], expect: { maxDuration: '4s' } }, ctx));
    expect(error.message).toBe('took 5000 ms, more than 4s');
  });

  it('refuses an unknown template variable before running anything (an error, not a failure)', async () => {
    const { ctx, calls } = setup();
    const error = await rejection(HANDLERS.run({ argv: ['{{ nope }}'] }, ctx));
    expect(error).not.toBeInstanceOf(Unmet);
    expect(error.message).toMatch(/^unknown template variable \{\{ nope \}\}/);
    expect(calls).toHaveLength(0);
  });
});

describe('apply and delete', () => {
  it('apply writes the templated inline manifest to a file and applies it in the namespace', async () => {
    const { ctx, calls } = setup();
    await HANDLERS.apply({ manifest: 'metadata: {name: "{{ app }}", namespace: "{{ namespace }}"}' }, ctx);
    const args = kubectlArgs(calls[0]!)!;
    expect(calls[0]!.argv.slice(0, 3)).toEqual(['kubectl', '--kubeconfig', '/kube/config']);
    expect(args.slice(0, 4)).toEqual(['apply', '-n', 'ns-1', '-f']);
    expect(args[4]!.startsWith(workDir)).toBe(true);
    expect(await readFile(args[4]!, 'utf8')).toBe('metadata: {name: "web", namespace: "ns-1"}');
  });

  it('apply reads a file relative to the scenario, its name and content templated', async () => {
    await writeFile(join(scenarioDir, 'web.yaml'), 'kind: ConfigMap # {{ namespace }}');
    const { ctx, calls } = setup();
    await HANDLERS.apply({ file: '{{ app }}.yaml' }, ctx);
    expect(await readFile(kubectlArgs(calls[0]!)![4]!, 'utf8')).toBe('kind: ConfigMap # ns-1');
  });

  it('apply fails with what kubectl said', async () => {
    const { ctx } = setup(() => ({ exitCode: 1, stderr: 'error: unknown field "spec.replica"\n' }));
    const error = await rejection(HANDLERS.apply({ manifest: 'x: 1' }, ctx));
    expect(error).toBeInstanceOf(Unmet);
    expect(error.message).toBe('kubectl apply failed: error: unknown field "spec.replica"');
  });

  it('delete ignores what is already gone and fails with what kubectl said', async () => {
    const { ctx, calls } = setup(() => ({ exitCode: 1, stderr: 'forbidden' }));
    const error = await rejection(HANDLERS.delete({ manifest: 'x: 1' }, ctx));
    expect(kubectlArgs(calls[0]!)!.slice(0, 5)).toEqual(['delete', '-n', 'ns-1', '--ignore-not-found', '-f']);
    expect(error.message).toBe('kubectl delete failed: forbidden');
  });

  it('a missing manifest file is an error, not a failure', async () => {
    const { ctx } = setup();
    const error = await rejection(HANDLERS.apply({ file: 'missing.yaml' }, ctx));
    expect(error).not.toBeInstanceOf(Unmet);
    expect(error.message).toMatch(/ENOENT/);
  });
});

describe('dry-run', () => {
  it('sends every object of the files, an object several files hold identically only once (from the first), in at most as many kubectl calls as cores', async () => {
    const { ctx, kubectlCalls } = setup();
    const shared = 'kind: ServiceAccount\nmetadata: {name: sa, namespace: linkerd}\n';
    // The same object with its keys in another order is the same object.
    const reordered = 'metadata: {namespace: linkerd, name: sa}\nkind: ServiceAccount\n';
    await writeFile(join(workDir, 'output-default'), `${shared}---\nkind: Deployment\nmetadata: {name: d}\nspec: {replicas: 1}\n`);
    await writeFile(join(workDir, 'output-ha'), `---\n${reordered}---\nkind: Deployment\nmetadata: {name: d}\nspec: {replicas: 3}\n`);
    await writeFile(join(workDir, 'output-same'), shared);
    ctx.variables.outputs = { default: join(workDir, 'output-default'), ha: join(workDir, 'output-ha'), same: join(workDir, 'output-same') };
    await HANDLERS['dry-run']({ files: ['{{ outputs.default }}', '{{ outputs.ha }}', '{{ outputs.same }}'] }, ctx);
    // As many kubectl calls as cores at most, each file in exactly one of them.
    const calls = kubectlCalls() as string[][];
    expect(calls.length).toBeGreaterThanOrEqual(1);
    expect(calls.length).toBeLessThanOrEqual(Math.min(2, availableParallelism()));
    for (const args of calls) expect(args.slice(0, 3)).toEqual(['apply', '--dry-run=server', '--openapi-patch=false']);
    // The file with nothing new is left out; each sent file is named after its configuration.
    const files = calls.flatMap((args) => args.filter((_, i) => args[i - 1] === '-f')).sort();
    expect(files.map((f) => f.split('/').at(-1))).toEqual(['dry-run-0-output-default', 'dry-run-1-output-ha']);
    expect(await readFile(files[0]!, 'utf8')).toContain('replicas: 1');
    const ha = await readFile(files[1]!, 'utf8');
    expect(ha).toContain('replicas: 3');
    expect(ha).not.toContain('ServiceAccount');
  });

  it("fails with kubectl's complaint when the API server refuses an object", async () => {
    const { ctx } = setup(() => ({ exitCode: 1, stderr: 'The Deployment "d" is invalid: spec.selector: field is immutable' }));
    await writeFile(join(workDir, 'output-x'), 'kind: Deployment\nmetadata: {name: d}\n');
    await writeFile(join(workDir, 'output-y'), 'kind: Service\nmetadata: {name: s}\n');
    const error = await rejection(HANDLERS['dry-run']({ files: [join(workDir, 'output-x'), join(workDir, 'output-y')] }, ctx));
    expect(error).toBeInstanceOf(Unmet);
    expect(error.message).toBe('kubectl apply --dry-run=server failed: The Deployment "d" is invalid: spec.selector: field is immutable');
  });
});

describe('wait', () => {
  it('runs kubectl wait with the templated condition, its own timeout and a grace for the runner', async () => {
    const { ctx, calls } = setup();
    await HANDLERS.wait({ resource: 'deployment/{{ app }}', for: 'condition=Available', timeout: '2m' }, ctx);
    expect(kubectlArgs(calls[0]!)).toEqual(['wait', '-n', 'ns-1', '--for=condition=Available', 'deployment/web', '--timeout=120s']);
    expect(calls[0]!.options.timeoutMs).toBe(130_000);
  });

  it('fails naming the resource and the condition, with the runner reason when kubectl was killed', async () => {
    const { ctx } = setup(() => ({ outcome: 'timeout', reason: 'the run reached its time limit' }));
    const error = await rejection(HANDLERS.wait({ resource: 'pod/stuck', for: 'condition=Ready' }, ctx));
    expect(error).toBeInstanceOf(Unmet);
    expect(error.message).toBe('pod/stuck did not reach condition=Ready: the run reached its time limit');
  });
});

const DEPLOYMENT = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: '{{ app }}' }, spec: { replicas: 3 } };
const json = (replicas: number) => ({ stdout: JSON.stringify({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas } }) });
const NOT_FOUND = { exitCode: 1, stderr: 'Error from server (NotFound): deployments.apps "web" not found' };

describe('assert', () => {
  it('reads the object by kind, group and templated name in the namespace, and passes when it matches', async () => {
    const { ctx, calls, clock } = setup(() => json(3));
    await HANDLERS.assert({ resource: DEPLOYMENT }, ctx);
    expect(kubectlArgs(calls[0]!)).toEqual(['get', 'deployment.v1.apps/web', '-n', 'ns-1', '-o', 'json']);
    expect(clock.sleeps).toEqual([]);
  });

  it('reads a core object without a group, in the namespace it names', async () => {
    const { ctx, calls } = setup(() => ({ stdout: '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","namespace":"other"},"data":{"a":"1"}}' }));
    await HANDLERS.assert({ resource: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'other' }, data: { a: '1' } } }, ctx);
    expect(kubectlArgs(calls[0]!)).toEqual(['get', 'configmap/c', '-n', 'other', '-o', 'json']);
  });

  it('re-reads once a second until the object matches', async () => {
    const replies = [NOT_FOUND, json(2), json(3)];
    const { ctx, calls, clock } = setup(() => replies.shift()!);
    await HANDLERS.assert({ resource: DEPLOYMENT }, ctx);
    expect(calls).toHaveLength(3);
    expect(clock.sleeps).toEqual([1000, 1000]);
  });

  it('fails at its timeout, saying which field differs', async () => {
    const { ctx, calls } = setup(() => json(2));
    const error = await rejection(HANDLERS.assert({ resource: DEPLOYMENT, timeout: '3s' }, ctx));
    expect(error).toBeInstanceOf(Unmet);
    expect(error.message).toBe('deployment.apps/web: spec.replicas: expected 3, found 2');
    expect(calls).toHaveLength(4);
  });

  it('waits 30s by default before it fails on a missing object', async () => {
    const { ctx, clock } = setup(() => NOT_FOUND);
    const error = await rejection(HANDLERS.assert({ resource: DEPLOYMENT }, ctx));
    expect(error.message).toBe('deployment.apps/web: not found');
    expect(clock.sleeps).toHaveLength(30);
  });

  it('stops at once when kubectl was cancelled or timed out', async () => {
    const { ctx, calls } = setup(() => ({ outcome: 'cancelled', reason: 'cancelled' }));
    const error = await rejection(HANDLERS.assert({ resource: DEPLOYMENT }, ctx));
    expect(error).toBeInstanceOf(Unmet);
    expect(error.message).toBe('deployment.apps/web: cancelled');
    expect(calls).toHaveLength(1);
  });

  it('any other kubectl error is an error, not a failure', async () => {
    const { ctx } = setup(() => ({ exitCode: 1, stderr: 'error: the server does not have a resource type "deployment"' }));
    const error = await rejection(HANDLERS.assert({ resource: DEPLOYMENT }, ctx));
    expect(error).not.toBeInstanceOf(Unmet);
    expect(error.message).toBe('kubectl get deployment.apps/web: error: the server does not have a resource type "deployment"');
  });
});

describe('error', () => {
  it('passes once no such object matches (gone, or different)', async () => {
    await HANDLERS.error({ resource: DEPLOYMENT }, setup(() => NOT_FOUND).ctx);
    await HANDLERS.error({ resource: DEPLOYMENT }, setup(() => json(2)).ctx);
  });

  it('re-reads until the object stops matching, and fails if it still matches at its timeout', async () => {
    const replies = [json(3), NOT_FOUND];
    const { ctx, calls } = setup(() => replies.shift()!);
    await HANDLERS.error({ resource: DEPLOYMENT }, ctx);
    expect(calls).toHaveLength(2);
    const error = await rejection(HANDLERS.error({ resource: DEPLOYMENT, timeout: '2s' }, setup(() => json(3)).ctx));
    expect(error).toBeInstanceOf(Unmet);
    expect(error.message).toBe('deployment.apps/web exists and matches');
  });
});

describe('evict', () => {
  it('needs status-evictions: without it, an error that says to declare it', async () => {
    const { ctx, calls } = setup(undefined, { capabilities: ['dataplane'] });
    const error = await rejection(HANDLERS.evict({ selector: 'app=web' }, ctx));
    expect(error).not.toBeInstanceOf(Unmet);
    expect(error.message).toMatch(/^evict needs the status-evictions capability/);
    expect(calls).toHaveLength(0);
  });

  it('lists running pods by the templated selector and namespace and patches the status of `count` of them', async () => {
    const { ctx, kubectlCalls } = setup((argv) => (argv[3] === 'get' ? { stdout: 'web-a web-b web-c' } : {}));
    await HANDLERS.evict({ selector: 'app={{ app }}', namespace: '{{ app }}-ns', count: 2 }, ctx);
    const [list, ...patches] = kubectlCalls();
    expect(list).toEqual(['get', 'pods', '-n', 'web-ns', '-l', 'app=web', '--field-selector=status.phase=Running', '-o', 'jsonpath={.items[*].metadata.name}']);
    expect(patches.map((p) => p!.slice(0, 7))).toEqual([
      ['patch', 'pod', 'web-a', '-n', 'web-ns', '--subresource=status', '--type=merge'],
      ['patch', 'pod', 'web-b', '-n', 'web-ns', '--subresource=status', '--type=merge'],
    ]);
    expect(JSON.parse(patches[0]![8]!)).toMatchObject({ status: { phase: 'Failed', reason: 'Evicted' } });
  });

  it('fails when fewer pods run than it should evict (five by default, in the scenario namespace)', async () => {
    const { ctx, kubectlCalls } = setup(() => ({ stdout: 'a b c d' }));
    const error = await rejection(HANDLERS.evict({ selector: 'app=web' }, ctx));
    expect(error).toBeInstanceOf(Unmet);
    expect(error.message).toBe('only 4 running pods match app=web in ns-1, 5 needed');
    expect(kubectlCalls()).toHaveLength(1);
  });

  it('a failing list or patch is an error', async () => {
    const listFails = setup(() => ({ exitCode: 1, stderr: 'forbidden' }));
    expect((await rejection(HANDLERS.evict({ selector: 'app=web' }, listFails.ctx))).message).toBe('kubectl get pods: forbidden');
    const patchFails = setup((argv) => (argv[3] === 'get' ? { stdout: 'web-a' } : { exitCode: 1 }));
    expect((await rejection(HANDLERS.evict({ selector: 'app=web', count: 1 }, patchFails.ctx))).message).toBe('could not evict web-a: exit code 1');
  });
});

describe('performOperation', () => {
  // An attempt's context has no recorder: performOperation gives each operation its own.
  const attempt = (respond?: Responder) => setup(respond, { record: () => expect.fail('the operation used the attempt recorder') });

  it('dispatches by the operation key and reports a pass with the last command, without its full output', async () => {
    const { ctx } = attempt(() => ({ stdout: 'hello\n' }));
    const report = await performOperation({ run: { argv: ['echo', 'hello'] } }, 'finally', ctx);
    expect(report).toMatchObject({ operation: 'run', section: 'finally', verdict: 'pass' });
    expect(report.reason).toBeUndefined();
    expect(report.command).toMatchObject({ argv: ['echo', 'hello'], outcome: 'exit', exitCode: 0, outputTail: 'hello\n' });
    expect(report.command).not.toHaveProperty('stdout');
  });

  it('reports an unmet expectation as fail and anything else as error, with the reason', async () => {
    const failed = await performOperation({ wait: { resource: 'pod/x', for: 'delete' } }, 'try', attempt(() => ({ exitCode: 1, stderr: 'timed out' })).ctx);
    expect(failed).toMatchObject({ operation: 'wait', verdict: 'fail', reason: 'pod/x did not reach delete: timed out' });
    expect(failed.command!.exitCode).toBe(1);
    const errored = await performOperation({ apply: { file: 'missing.yaml' } }, 'catch', attempt().ctx);
    expect(errored).toMatchObject({ operation: 'apply', section: 'catch', verdict: 'error' });
    expect(errored.command).toBeUndefined();
  });

  it('names every operation by its key', () => {
    const ops: Operation[] = [{ delete: { manifest: 'x' } }, { error: { resource: {} } }, { evict: { selector: 's' } }];
    expect(ops.map((op) => operationOf(op).name)).toEqual(['delete', 'error', 'evict']);
    expect(operationOf({ evict: { selector: 's' } }).spec).toEqual({ selector: 's' });
  });
});

describe('rollback', () => {
  it("goes back with what the run gives, and fails with the way back's own reason when it is refused", async () => {
    let called = 0;
    await HANDLERS.rollback({}, setup(undefined, { rollback: async () => void called++ }).ctx);
    expect(called).toBe(1);
    const refused = await rejection(
      HANDLERS.rollback(
        {},
        setup(undefined, {
          rollback: () => Promise.reject(new PhaseStop('fail', 'helm rollback linkerd-crds 1: exit code 1: Error: status.storedVersions[1]: Invalid value')),
        }).ctx,
      ),
    );
    expect(refused).toBeInstanceOf(Unmet);
    expect(refused.message).toBe('helm rollback linkerd-crds 1: exit code 1: Error: status.storedVersions[1]: Invalid value');
  });

  it('is an error of the scenario where the run has no way back (before the upgrade), and passes a cancel on', async () => {
    const none = await rejection(HANDLERS.rollback({}, setup().ctx));
    expect(none).not.toBeInstanceOf(Unmet);
    expect(none.message).toBe('rollback: runs only after the upgrade (hook it into after-upgrade)');
    const cancelled = await rejection(HANDLERS.rollback({}, setup(undefined, { rollback: () => Promise.reject(new PhaseStop('cancelled', 'cancelled')) }).ctx));
    expect(cancelled).not.toBeInstanceOf(Unmet);
  });
});

describe('linkerd-check', () => {
  const TABLE = `linkerd-data-plane
------------------
√ data plane namespace exists
× data plane proxies are ready
    pod "stuck" status is Pending
    see https://linkerd.io/2/checks/#l5d-data-plane-ready for hints
‼ data plane and cli versions match
    client-1 running edge-26.8.2 but cli running edge-26.8.3

Status check results are ×
`;

  it('runs the to CLI by default with --proxy, --namespace and --wait as bound, and fails naming the failed check', async () => {
    const { ctx, calls, checks } = setup(() => ({ exitCode: 1, stdout: TABLE }));
    const error = await rejection(HANDLERS['linkerd-check']({ proxy: true, namespace: '{{ app }}', wait: '20s' }, ctx));
    expect(calls[0]!.argv).toEqual(['/bin/linkerd-to', '--kubeconfig', '/kube/config', 'check', '--proxy', '--namespace', 'web', '--wait', '20s']);
    expect(calls[0]!.options).toMatchObject({ timeoutMs: 35_000, stallMs: 7000 });
    expect(error).toBeInstanceOf(Unmet);
    expect(error.message).toBe(
      'linkerd check --proxy --namespace web --wait 20s failed: [linkerd-data-plane] data plane proxies are ready: pod "stuck" status is Pending',
    );
    expect(checks[0]!.map((c) => [c.result, c.description])).toEqual([
      ['error', 'data plane proxies are ready'],
      ['warning', 'data plane and cli versions match'],
    ]);
  });

  it('passes with warnings, and requires each expected check to be reported', async () => {
    const { ctx } = setup(() => ({ stdout: TABLE.replace(/× data plane proxies are ready\n.*\n.*\n/, '') }));
    await HANDLERS['linkerd-check']({ expect: { failing: [{ check: 'versions match' }] } }, ctx);
    const error = await rejection(HANDLERS['linkerd-check']({ expect: { failing: [{ check: 'certificate' }] } }, ctx));
    expect(error.message).toMatch(
      /^linkerd check --wait 30s did not report "certificate"; it reported: \[linkerd-data-plane\] data plane and cli versions match/,
    );
  });

  it('tells the CLI the version to expect (its own), so it never asks the network', async () => {
    const { ctx, calls } = setup(() => ({ stdout: 'Status check results are √' }));
    ctx.variables = { ...ctx.variables, from: 'edge-26.8.2', to: 'edge-26.8.3', linkerd: { from: '/bin/linkerd-from', to: '/bin/linkerd-to' } };
    await HANDLERS['linkerd-check']({}, ctx);
    await HANDLERS['linkerd-check']({ cli: '{{ linkerd.from }}' }, ctx);
    await HANDLERS['linkerd-check']({ args: ['--expected-version', 'edge-1.1.1'] }, ctx);
    expect(calls.map((c) => c.argv.slice(3).join(' '))).toEqual([
      'check --expected-version edge-26.8.3 --wait 30s',
      'check --expected-version edge-26.8.2 --wait 30s',
      'check --expected-version edge-1.1.1 --wait 30s',
    ]);
  });

  it('fails a check that passes when told to expect failure, and reports a stall', async () => {
    const passing = setup(() => ({ stdout: 'Status check results are √' }));
    expect((await rejection(HANDLERS['linkerd-check']({ expect: { pass: false } }, passing.ctx))).message).toBe(
      'linkerd check --wait 30s passed, expected it to fail',
    );
    const stalled = setup(() => ({ outcome: 'stall', reason: 'stalled after 7s without new output' }));
    expect((await rejection(HANDLERS['linkerd-check']({}, stalled.ctx))).message).toBe('linkerd check --wait 30s: stalled after 7s without new output');
  });
});
