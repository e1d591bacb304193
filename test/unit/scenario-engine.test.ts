import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario, type ScenarioContext } from '../../src/scenarios/engine.js';
import { failedScenarios, runHook } from '../../src/scenarios/hooks.js';
import type { Operation, Scenario, ScenarioReport } from '../../src/scenarios/model.js';
import { fakeRunners, kubectlArgs, type FakeCall, type Reply, type Responder } from '../helpers/fake-runner.js';

/** `run` operations whose commands are named by their first argument, so the fake can answer by name. */
const cmd = (name: string, ...args: string[]): Operation => ({ run: { argv: [name, ...args] } });

function scenario(overrides: Partial<Scenario> = {}): Scenario {
  return { name: 'sample', description: 'd', phases: ['after-upgrade'], file: '/suite/sample.yaml', steps: [{ name: 'only', try: [cmd('ok')] }], ...overrides };
}

function setup(respond: Responder = () => ({}), overrides: Partial<ScenarioContext> = {}) {
  const fake = fakeRunners((argv, options, config) => (argv[0] === 'fail' ? { exitCode: 1, stderr: 'it failed' } : respond(argv, options, config)));
  const ctx: ScenarioContext = {
    createRunner: fake.createRunner,
    kubectl: 'kubectl',
    kubeconfig: '/kube/config',
    capabilities: ['status-evictions'],
    variables: { greeting: 'hello' },
    stallMs: 5000,
    secrets: ['s3cret'],
    ...overrides,
  };
  /** What ran, in order: kubectl housekeeping as `create <ns>`/`delete <ns>`, other commands by name. */
  const trace = () => fake.calls.map(describeCall);
  return { ctx, calls: fake.calls, trace };
}

function describeCall(call: FakeCall): string {
  const args = kubectlArgs(call);
  if (args?.[1] === 'namespace') return `${args[0]} ${args[2]}`;
  return call.argv.join(' ');
}

describe('runScenario', () => {
  it('runs each attempt in a namespace of its own, created first and deleted last, with the scenario variables', async () => {
    const { ctx, trace, calls } = setup();
    const s = scenario({ bindings: { who: 'world' }, steps: [{ name: 'greet', try: [cmd('echo', '{{ greeting }}', '{{ who }}', '{{ namespace }}')] }] });
    const report = await runScenario(s, 'after-upgrade', ctx);
    expect(report).toMatchObject({ name: 'sample', file: '/suite/sample.yaml', phase: 'after-upgrade', verdict: 'pass' });
    expect(report.reason).toBeUndefined();
    const ns = report.namespace!;
    expect(ns).toMatch(/^sample-[0-9a-f]{6}$/);
    expect(trace()).toEqual([`create ${ns}`, `echo hello world ${ns}`, `delete ${ns}`]);
    expect(kubectlArgs(calls.at(-1)!)).toEqual(['delete', 'namespace', ns, '--wait=false', '--ignore-not-found']);
  });

  it('gives operations a runner bound to the attempt signal, and housekeeping one without, both with the secrets', async () => {
    const { ctx, calls } = setup();
    await runScenario(scenario(), 'after-upgrade', ctx);
    const [create, op, remove] = calls;
    expect(create!.config.signal).toBeUndefined();
    expect(remove!.config.signal).toBeUndefined();
    expect(op!.config.signal).toBeInstanceOf(AbortSignal);
    expect(calls.map((c) => c.config.secrets)).toEqual([['s3cret'], ['s3cret'], ['s3cret']]);
  });

  it('writes manifests to a directory of the attempt that is removed afterwards', async () => {
    const { ctx, calls } = setup();
    await runScenario(scenario({ steps: [{ name: 'apply', try: [{ apply: { manifest: 'kind: ConfigMap' } }] }] }), 'after-upgrade', ctx);
    const manifest = kubectlArgs(calls[1]!)!.at(-1)!;
    expect(manifest).toMatch(/scenario-sample-\w+\/manifest-[0-9a-f]{8}\.yaml$/);
    expect(existsSync(dirname(manifest))).toBe(false);
  });

  it('stops try at the first operation that does not pass, runs catch only then, and finally always', async () => {
    const { ctx, trace } = setup();
    const steps = [
      { name: 'good', try: [cmd('a')], catch: [cmd('never')], finally: [cmd('b')] },
      { name: 'bad', try: [cmd('c'), cmd('fail'), cmd('skipped')], catch: [cmd('explain')], finally: [cmd('tidy')] },
      { name: 'after', try: [cmd('not-reached')] },
    ];
    const report = await runScenario(scenario({ steps }), 'after-upgrade', ctx);
    expect(trace().slice(1, -1)).toEqual(['a', 'b', 'c', 'fail', 'explain', 'tidy']);
    expect(report.verdict).toBe('fail');
    expect(report.reason).toBe('step "bad": run: exit code 1, expected 0: fail\nit failed');
    const [good, bad] = report.attempts[0]!.steps;
    expect(report.attempts[0]!.steps).toHaveLength(2);
    expect(good!.operations.map((o) => [o.section, o.verdict])).toEqual([
      ['try', 'pass'],
      ['finally', 'pass'],
    ]);
    expect(bad!.verdict).toBe('fail');
    expect(bad!.operations.map((o) => [o.section, o.verdict])).toEqual([
      ['try', 'pass'],
      ['try', 'fail'],
      ['catch', 'pass'],
      ['finally', 'pass'],
    ]);
  });

  it('reports an operation that could not run as error', async () => {
    const { ctx } = setup();
    const report = await runScenario(scenario({ steps: [{ name: 'typo', try: [cmd('echo', '{{ nope }}')] }] }), 'after-upgrade', ctx);
    expect(report.verdict).toBe('error');
    expect(report.reason).toMatch(/^step "typo": run: unknown template variable \{\{ nope \}\}/);
  });

  it('skips, running nothing, where the cluster lacks a required capability, naming each one missing', async () => {
    const { ctx, calls } = setup();
    const report = await runScenario(scenario({ requires: ['status-evictions', 'dataplane', 'webhooks'] }), 'after-upgrade', ctx);
    expect(report).toEqual({
      name: 'sample',
      file: '/suite/sample.yaml',
      phase: 'after-upgrade',
      verdict: 'skipped',
      reason: 'needs dataplane, webhooks, which this cluster does not have',
      durationMs: 0,
      attempts: [],
    });
    expect(calls).toHaveLength(0);
  });

  it('errors without running a step when the namespace cannot be created', async () => {
    const { ctx, trace } = setup((argv) => (argv[3] === 'create' ? { exitCode: 1, stderr: 'quota exceeded' } : {}));
    const report = await runScenario(scenario({ retries: 0 }), 'after-upgrade', ctx);
    expect(report.verdict).toBe('error');
    expect(report.reason).toMatch(/^could not create namespace sample-[0-9a-f]{6}: quota exceeded$/);
    expect(trace()).toHaveLength(1);
  });

  it('retries a failed scenario in a fresh namespace and reports fail-then-pass as flaky, keeping every attempt', async () => {
    let tries = 0;
    const { ctx, trace } = setup((argv) => (argv[0] === 'sometimes' && ++tries === 1 ? { exitCode: 2 } : {}));
    const report = await runScenario(scenario({ retries: 3, steps: [{ name: 's', try: [cmd('sometimes')] }] }), 'after-upgrade', ctx);
    expect(report.verdict).toBe('flaky');
    expect(report.reason).toBe('passed on attempt 2 after: step "s": run: exit code 2, expected 0: sometimes');
    expect(report.attempts.map((a) => a.verdict)).toEqual(['fail', 'pass']);
    const namespaces = trace()
      .filter((t) => t.startsWith('create '))
      .map((t) => t.slice(7));
    expect(new Set(namespaces).size).toBe(2);
    expect(report.namespace).toBe(namespaces[1]);
    expect(
      trace()
        .filter((t) => t.startsWith('delete '))
        .map((t) => t.slice(7)),
    ).toEqual(namespaces);
  });

  it('fails after 1 + retries failed attempts with the last reason', async () => {
    const { ctx } = setup();
    const report = await runScenario(scenario({ retries: 2, steps: [{ name: 's', try: [cmd('fail')] }] }), 'after-upgrade', ctx);
    expect(report.verdict).toBe('fail');
    expect(report.attempts).toHaveLength(3);
    expect(report.reason).toBe('step "s": run: exit code 1, expected 0: fail\nit failed');
  });

  it('is cancelled, without a retry, when the run is cancelled; the namespace is still deleted', async () => {
    const cancel = new AbortController();
    cancel.abort();
    const { ctx, trace } = setup((_argv, _options, config) => (config.signal?.aborted ? { outcome: 'cancelled', reason: 'cancelled' } : {}), {
      signal: cancel.signal,
    });
    const report = await runScenario(scenario({ retries: 2 }), 'after-upgrade', ctx);
    expect(report.verdict).toBe('cancelled');
    expect(report.attempts).toHaveLength(1);
    expect(report.reason).toBe('step "only": run: cancelled: ok');
    expect(trace().at(-1)).toBe(`delete ${report.namespace}`);
  });

  it('fails an attempt that reaches its time limit, naming the operation it stopped', async () => {
    const untilAborted: Responder = (argv, _options, config) =>
      argv[0] === 'hang'
        ? new Promise((resolve) => config.signal!.addEventListener('abort', () => resolve({ outcome: 'timeout', reason: 'the run reached its time limit' })))
        : {};
    const { ctx, trace } = setup(untilAborted);
    const report = await runScenario(scenario({ timeout: '50ms', steps: [{ name: 'slow', try: [cmd('hang')] }] }), 'after-upgrade', ctx);
    expect(report.verdict).toBe('fail');
    expect(report.reason).toBe('step "slow": run: the run reached its time limit: hang');
    expect(trace().at(-1)).toBe(`delete ${report.namespace}`);
  });
});

describe('steps of severity warn', () => {
  const why = 'Linkerd does not promise it';

  it('warn instead of failing, let the steps after them run, and end the scenario warn with each warning', async () => {
    const { ctx, trace } = setup();
    const s = scenario({
      retries: 2,
      steps: [
        { name: 'old CLI', severity: 'warn', why, try: [cmd('fail', 'old'), cmd('never')] },
        { name: 'documented', try: [cmd('ok')] },
      ],
    });
    const report = await runScenario(s, 'after-upgrade', ctx);
    expect(report.verdict).toBe('warn');
    expect(report.attempts).toHaveLength(1);
    expect(report.reason).toBe('step "old CLI": run: exit code 1, expected 0: fail old\nit failed');
    expect(report.warnings).toEqual([
      {
        step: 'old CLI',
        reason: 'run: exit code 1, expected 0: fail old\nit failed',
        why,
        command: expect.objectContaining({ argv: ['fail', 'old'], exitCode: 1 }),
      },
    ]);
    expect(report.attempts[0]!.steps.map((st) => st.verdict)).toEqual(['warn', 'pass']);
    expect(trace().filter((t) => !/^(create|delete) /.test(t))).toEqual(['fail old', 'ok']);
  });

  it('never hide a failure of a fail step after them, nor an error of their own', async () => {
    const { ctx } = setup();
    const failing = await runScenario(
      scenario({
        steps: [
          { name: 'old CLI', severity: 'warn', why, try: [cmd('fail')] },
          { name: 'documented', severity: 'fail', try: [cmd('fail', 'new')] },
        ],
      }),
      'after-upgrade',
      ctx,
    );
    expect(failing.verdict).toBe('fail');
    expect(failing.reason).toBe('step "documented": run: exit code 1, expected 0: fail new\nit failed');
    const templated = await runScenario(scenario({ steps: [{ name: 'old CLI', severity: 'warn', why, try: [cmd('{{ missing }}')] }] }), 'after-upgrade', ctx);
    expect(templated.verdict).toBe('error');
  });

  it('are no warning when the attempt ran out of time in them', async () => {
    const untilAborted: Responder = (argv, _options, config) =>
      argv[0] === 'hang'
        ? new Promise((resolve) => config.signal!.addEventListener('abort', () => resolve({ outcome: 'timeout', reason: 'the run reached its time limit' })))
        : {};
    const { ctx } = setup(untilAborted);
    const report = await runScenario(scenario({ timeout: '50ms', steps: [{ name: 'slow', severity: 'warn', why, try: [cmd('hang')] }] }), 'after-upgrade', ctx);
    expect(report.verdict).toBe('fail');
    expect(report.warnings).toBeUndefined();
  });

  it('leave out steps of another install method', async () => {
    const { ctx, trace } = setup(() => ({}), { installMethod: 'helm' });
    const s = scenario({
      steps: [
        { name: 'cli only', installMethods: ['cli'], try: [cmd('linkerd-upgrade')] },
        { name: 'helm only', installMethods: ['helm'], try: [cmd('helm-template')] },
        { name: 'both', try: [cmd('check')] },
      ],
    });
    await runScenario(s, 'after-upgrade', ctx);
    expect(trace().filter((t) => !/^(create|delete) /.test(t))).toEqual(['helm-template', 'check']);
  });
});

describe('runHook', () => {
  it('runs only the scenarios of the phase and reports in the order given', async () => {
    const { ctx } = setup();
    const scenarios = [
      scenario({ name: 'one', phases: ['before-upgrade', 'after-upgrade'] }),
      scenario({ name: 'two', phases: ['after-control-plane-upgrade'] }),
      scenario({ name: 'three', phases: ['after-upgrade'], steps: [{ name: 's', try: [cmd('fail')] }] }),
    ];
    const reports = await runHook('after-upgrade', scenarios, 4, ctx);
    expect(reports.map((r) => [r.name, r.phase, r.verdict])).toEqual([
      ['one', 'after-upgrade', 'pass'],
      ['three', 'after-upgrade', 'fail'],
    ]);
  });

  it('never runs more than `parallel` scenarios at once, and runs that many together', async () => {
    const total = 5;
    const parallel = 2;
    let inFlight = 0;
    let maxInFlight = 0;
    let waiting = 0;
    let arrived = 0;
    let release: () => void = () => undefined;
    let gate = new Promise<void>((resolve) => (release = resolve));
    // A scenario is in flight from its namespace's creation to its deletion. Its operation waits
    // until `parallel` operations are waiting (or no more can come), so the ones allowed overlap.
    const respond: Responder = async (argv) => {
      if (argv[3] === 'create') maxInFlight = Math.max(maxInFlight, ++inFlight);
      if (argv[3] === 'delete') inFlight--;
      if (argv[0] !== 'work') return {};
      waiting++;
      arrived++;
      if (waiting < parallel && arrived < total) await gate;
      else {
        release();
        gate = new Promise<void>((resolve) => (release = resolve));
      }
      waiting--;
      return {};
    };
    const { ctx } = setup(respond);
    const scenarios = Array.from({ length: total }, (_, i) => scenario({ name: `s${i}`, steps: [{ name: 's', try: [cmd('work')] }] }));
    const reports = await runHook('after-upgrade', scenarios, parallel, ctx);
    expect(maxInFlight).toBe(parallel);
    expect(reports.map((r) => r.name)).toEqual(['s0', 's1', 's2', 's3', 's4']);
  });
});

describe('exclusive scenarios and step phases', () => {
  it('runs exclusive scenarios first, each alone, then the others together; reports stay in the given order', async () => {
    const { ctx, trace } = setup();
    const scenarios = [
      scenario({ name: 'shared-a', steps: [{ name: 's', try: [cmd('shared-a')] }] }),
      scenario({ name: 'alone-1', exclusive: true, steps: [{ name: 's', try: [cmd('alone-1')] }] }),
      scenario({ name: 'alone-2', exclusive: true, steps: [{ name: 's', try: [cmd('alone-2')] }] }),
      scenario({ name: 'shared-b', steps: [{ name: 's', try: [cmd('shared-b')] }] }),
    ];
    const reports = await runHook('after-upgrade', scenarios, 4, ctx);
    expect(reports.map((r) => r.name)).toEqual(['shared-a', 'alone-1', 'alone-2', 'shared-b']);
    const order = trace().map((t) => t.replace(/-[0-9a-f]{6}$/, ''));
    // Each exclusive one is created, run and deleted before anything else starts.
    expect(order.slice(0, 6)).toEqual(['create alone-1', 'alone-1', 'delete alone-1', 'create alone-2', 'alone-2', 'delete alone-2']);
    expect(
      order
        .slice(6)
        .filter((t) => !t.startsWith('create') && !t.startsWith('delete'))
        .sort(),
    ).toEqual(['shared-a', 'shared-b']);
  });

  it('runs the last ones after everything else of the phase, each alone', async () => {
    const { ctx, trace } = setup();
    const scenarios = [
      scenario({ name: 'rollback', exclusive: true, last: true, steps: [{ name: 's', try: [cmd('rollback')] }] }),
      scenario({ name: 'shared-a', steps: [{ name: 's', try: [cmd('shared-a')] }] }),
      scenario({ name: 'alone-1', exclusive: true, steps: [{ name: 's', try: [cmd('alone-1')] }] }),
      scenario({ name: 'shared-b', steps: [{ name: 's', try: [cmd('shared-b')] }] }),
    ];
    const reports = await runHook('after-upgrade', scenarios, 4, ctx);
    expect(reports.map((r) => r.name)).toEqual(['rollback', 'shared-a', 'alone-1', 'shared-b']);
    const order = trace().map((t) => t.replace(/-[0-9a-f]{6}$/, ''));
    expect(order.slice(0, 3)).toEqual(['create alone-1', 'alone-1', 'delete alone-1']);
    expect(order.slice(-3)).toEqual(['create rollback', 'rollback', 'delete rollback']);
  });

  it('runs a step only at the phases it names', async () => {
    const { ctx, trace } = setup();
    const s = scenario({
      phases: ['before-upgrade', 'after-upgrade'],
      steps: [
        { name: 'before', phases: ['before-upgrade'], try: [cmd('early')] },
        { name: 'always', try: [cmd('both')] },
        { name: 'after', phases: ['after-upgrade'], try: [cmd('late')] },
      ],
    });
    await runScenario(s, 'before-upgrade', ctx);
    await runScenario(s, 'after-upgrade', ctx);
    expect(trace().filter((t) => !/^(create|delete) /.test(t))).toEqual(['early', 'both', 'both', 'late']);
  });

  it('gives later operations the path of a saved output, and splices a list variable into argv', async () => {
    const { ctx, calls } = setup((argv) => (argv[0] === 'render' ? { stdout: 'kind: List' } : {}), { variables: { installArgs: ['--ha', '--set', 'a=b'] } });
    const s = scenario({
      steps: [{ name: 's', try: [{ run: { argv: ['render', '{{ installArgs }}'], saveOutput: 'rendered' } }, cmd('apply', '-f', '{{ outputs.rendered }}')] }],
    });
    const report = await runScenario(s, 'after-upgrade', ctx);
    expect(report.verdict, report.reason).toBe('pass');
    const render = calls.find((c) => c.argv[0] === 'render')!;
    expect(render.argv).toEqual(['render', '--ha', '--set', 'a=b']);
    const apply = calls.find((c) => c.argv[0] === 'apply')!;
    expect(apply.argv[2]).toMatch(/output-rendered$/);
    expect(existsSync(apply.argv[2]!)).toBe(false);
  });
});

/**
 * Commands that hold until others have started or finished: `<name>` waits for every name in
 * `waitsFor[name]` to have started. A sequential engine never starts the awaited one, so a test
 * of concurrency fails by its time limit there. `events` is the order of starts and ends.
 */
function choreography(waitsFor: Record<string, string[]>, replies: Record<string, Reply> = {}) {
  const events: string[] = [];
  const started = new Map<string, () => void>();
  const startedOf = new Map<string, Promise<void>>();
  const startOf = (name: string) => {
    if (!startedOf.has(name)) startedOf.set(name, new Promise<void>((resolve) => started.set(name, resolve)));
    return startedOf.get(name)!;
  };
  const respond: Responder = async (argv) => {
    const name = argv[0]!;
    if (argv[0] === 'kubectl') return {};
    events.push(`start ${name}`);
    startOf(name);
    started.get(name)!();
    await Promise.all((waitsFor[name] ?? []).map(startOf));
    events.push(`end ${name}`);
    return replies[name] ?? (name.startsWith('fail') ? { exitCode: 1, stderr: `${name} failed` } : {});
  };
  return { events, respond };
}

describe('concurrent steps and operations', () => {
  it('start together, unless a step reads an output an earlier one saves: then it waits for that one', async () => {
    const { events, respond } = choreography({ producer: ['independent'] });
    const { ctx } = setup(respond);
    const s = scenario({
      concurrent: true,
      steps: [
        { name: 'produce', try: [{ run: { argv: ['producer'], saveOutput: 'made' } }] },
        { name: 'consume', try: [cmd('consumer', '{{ outputs.made }}')] },
        { name: 'other', try: [cmd('independent')] },
      ],
    });
    const report = await runScenario(s, 'after-upgrade', ctx);
    expect(report.verdict, report.reason).toBe('pass');
    expect(events.indexOf('start independent')).toBeLessThan(events.indexOf('end producer'));
    expect(events.indexOf('start consumer')).toBeGreaterThan(events.indexOf('end producer'));
    expect(report.attempts[0]!.steps.map((st) => st.name)).toEqual(['produce', 'consume', 'other']);
  });

  it('are judged in order, as if one ran after another: the first failure decides, the steps after it are not reported', async () => {
    // `fail-late` ends only once the later steps have started, so they fail first in time.
    const { respond } = choreography({ 'fail-late': ['fail-early', 'warned'] });
    const { ctx } = setup(respond);
    const s = scenario({
      concurrent: true,
      steps: [
        { name: 'may warn', severity: 'warn', why: 'not promised', try: [cmd('fail-warned')] },
        { name: 'late', try: [cmd('fail-late')] },
        { name: 'early', try: [cmd('fail-early')] },
        { name: 'warned', severity: 'warn', why: 'w', try: [cmd('warned')] },
      ],
    });
    const report = await runScenario(s, 'after-upgrade', ctx);
    expect(report.verdict).toBe('fail');
    expect(report.reason).toMatch(/^step "late": run: exit code 1/);
    expect(report.attempts[0]!.steps.map((st) => [st.name, st.verdict])).toEqual([
      ['may warn', 'warn'],
      ['late', 'fail'],
    ]);
    expect(report.attempts[0]!.warnings?.map((w) => w.step)).toEqual(['may warn']);
  });

  it('within a step: the try operations run at once, a reader waits for its output, and the first failure in order decides', async () => {
    const { events, respond } = choreography({ 'fail-slow': ['fail-fast', 'reader'] });
    const { ctx } = setup(respond);
    const step = {
      name: 'checks',
      concurrent: true,
      try: [{ run: { argv: ['writer'], saveOutput: 'w' } }, cmd('fail-slow'), cmd('fail-fast'), cmd('reader', '{{ outputs.w }}')],
      catch: [cmd('explain')],
    };
    const report = await runScenario(scenario({ steps: [step] }), 'after-upgrade', ctx);
    expect(report.reason).toMatch(/^step "checks": run: exit code 1, expected 0: fail-slow/);
    expect(events.indexOf('start reader')).toBeGreaterThan(events.indexOf('end writer'));
    expect(events.at(-2)).toBe('start explain');
    expect(report.attempts[0]!.steps[0]!.operations.map((o) => [o.section, o.verdict])).toEqual([
      ['try', 'pass'],
      ['try', 'fail'],
      ['catch', 'pass'],
    ]);
  });
});

describe('failedScenarios', () => {
  it('keeps the failed and errored ones; flaky, skipped and cancelled are not failures', () => {
    const report = (name: string, verdict: ScenarioReport['verdict']): ScenarioReport => ({
      name,
      file: 'f',
      phase: 'after-upgrade',
      verdict,
      durationMs: 0,
      attempts: [],
    });
    const all = [report('a', 'pass'), report('b', 'fail'), report('c', 'error'), report('d', 'flaky'), report('e', 'skipped'), report('f', 'cancelled')];
    expect(failedScenarios(all).map((r) => r.name)).toEqual(['b', 'c']);
  });
});
