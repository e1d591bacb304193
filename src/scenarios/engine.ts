import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Capability } from '../cluster/provider.js';
import { duration } from '../inputs/validate.js';
import { createRunner, type CommandResult, type Runner } from '../process/runner.js';
import { partialMismatch } from './match.js';
import type { AttemptReport, HookPhase, Operation, OperationReport, Scenario, ScenarioReport, TextExpectation } from './model.js';
import { template, type Variables } from './template.js';

export interface ScenarioContext {
  kubectl: string;
  kubeconfig: string;
  capabilities: readonly Capability[];
  /** Template variables besides `namespace` and the scenario's own bindings. */
  variables: Variables;
  signal?: AbortSignal;
  secrets?: string[];
  stallMs: number;
}

const DEFAULT_ATTEMPT_TIMEOUT = '5m';
const DEFAULT_OPERATION_TIMEOUT_MS = 60_000;
const POLL_MS = 1000;

/** An operation did not do what the scenario expects (a scenario failure, not an error). */
class Unmet extends Error {}

/**
 * Runs one scenario at one phase: skipped (with the missing capability) where the cluster lacks
 * what it requires; otherwise up to 1 + retries attempts, each in a fresh namespace that is
 * deleted afterwards. A scenario that fails and then passes is flaky, never pass.
 */
export async function runScenario(scenario: Scenario, phase: HookPhase, ctx: ScenarioContext): Promise<ScenarioReport> {
  const started = Date.now();
  const base = { name: scenario.name, file: scenario.file, phase };
  const missing = (scenario.requires ?? []).filter((c) => !ctx.capabilities.includes(c));
  if (missing.length) {
    return { ...base, verdict: 'skipped', reason: `needs ${missing.join(', ')}, which this cluster does not have`, durationMs: 0, attempts: [] };
  }
  const attempts: AttemptReport[] = [];
  let namespace = '';
  for (let i = 0; i <= (scenario.retries ?? 0); i++) {
    namespace = `${scenario.name}-${randomBytes(3).toString('hex')}`.slice(0, 63);
    const attempt = await runAttempt(scenario, namespace, ctx);
    attempts.push(attempt);
    if (attempt.verdict === 'pass' || attempt.verdict === 'cancelled') break;
  }
  const last = attempts.at(-1)!;
  const verdict = last.verdict === 'pass' ? (attempts.length > 1 ? 'flaky' : 'pass') : last.verdict;
  const reason =
    verdict === 'flaky' ? `passed on attempt ${attempts.length} after: ${attempts[0]!.reason}` : verdict === 'pass' ? undefined : last.reason;
  return { ...base, verdict, ...(reason ? { reason } : {}), durationMs: Date.now() - started, namespace, attempts };
}

async function runAttempt(scenario: Scenario, namespace: string, ctx: ScenarioContext): Promise<AttemptReport> {
  const started = Date.now();
  const timeout = AbortSignal.timeout(duration('timeout', scenario.timeout ?? DEFAULT_ATTEMPT_TIMEOUT));
  const signal = ctx.signal ? AbortSignal.any([ctx.signal, timeout]) : timeout;
  const run = createRunner({ signal, secrets: ctx.secrets ?? [] });
  // Namespace creation and deletion must happen even after the attempt's time is up.
  const housekeeping = createRunner({ secrets: ctx.secrets ?? [] });
  const variables: Variables = { ...ctx.variables, ...(scenario.bindings ?? {}), namespace };
  const workDir = await mkdtemp(join(tmpdir(), `scenario-${scenario.name}-`));
  const kubectl = (r: Runner, args: string[], timeoutMs = DEFAULT_OPERATION_TIMEOUT_MS) =>
    r([ctx.kubectl, '--kubeconfig', ctx.kubeconfig, ...args], { timeoutMs });
  const report: AttemptReport = { verdict: 'pass', durationMs: 0, steps: [] };

  const created = await kubectl(housekeeping, ['create', 'namespace', namespace]);
  if (!created.ok) {
    return { ...report, verdict: 'error', reason: `could not create namespace ${namespace}: ${created.outputTail}`, durationMs: Date.now() - started };
  }
  const ops = { run, kubectl, variables, workDir, scenarioDir: dirname(scenario.file), namespace, stallMs: ctx.stallMs, capabilities: ctx.capabilities };
  try {
    for (const step of scenario.steps) {
      const operations: OperationReport[] = [];
      const stepReport = { name: step.name, verdict: 'pass' as 'pass' | 'fail' | 'error', operations };
      report.steps.push(stepReport);
      for (const op of step.try) {
        const result = await perform(op, 'try', ops);
        operations.push(result);
        if (result.verdict !== 'pass') {
          stepReport.verdict = result.verdict;
          break;
        }
      }
      if (stepReport.verdict !== 'pass') for (const op of step.catch ?? []) operations.push(await perform(op, 'catch', ops));
      for (const op of step.finally ?? []) operations.push(await perform(op, 'finally', ops));
      if (stepReport.verdict !== 'pass') {
        const failed = operations.find((o) => o.verdict !== 'pass')!;
        report.verdict = signal.aborted ? (timeout.aborted ? 'fail' : 'cancelled') : stepReport.verdict;
        report.reason = `step "${step.name}": ${failed.operation}: ${failed.reason}`;
        break;
      }
    }
  } finally {
    await kubectl(housekeeping, ['delete', 'namespace', namespace, '--wait=false', '--ignore-not-found']);
  }
  report.durationMs = Date.now() - started;
  return report;
}

interface OperationContext {
  run: Runner;
  kubectl: (r: Runner, args: string[], timeoutMs?: number) => Promise<CommandResult>;
  variables: Variables;
  workDir: string;
  scenarioDir: string;
  namespace: string;
  stallMs: number;
  capabilities: readonly Capability[];
}

/** Runs one operation; an unmet expectation is `fail`, anything unexpected (a bad template, a missing file) `error`. */
async function perform(op: Operation, section: OperationReport['section'], ctx: OperationContext): Promise<OperationReport> {
  const started = Date.now();
  const kind = Object.keys(op)[0]!;
  let command: CommandResult | undefined;
  const record = (r: CommandResult) => (command = r);
  try {
    await OPERATIONS[kind]!(op, ctx, record);
    return { operation: kind, section, verdict: 'pass', durationMs: Date.now() - started, ...(command ? { command: stripped(command) } : {}) };
  } catch (error) {
    return {
      operation: kind,
      section,
      verdict: error instanceof Unmet ? 'fail' : 'error',
      durationMs: Date.now() - started,
      reason: (error as Error).message,
      ...(command ? { command: stripped(command) } : {}),
    };
  }
}

function stripped(result: CommandResult) {
  const { argv, startedAt, durationMs, outcome, exitCode, outputTail, reason } = result;
  return { argv, startedAt, durationMs, outcome, exitCode, outputTail, ...(reason ? { reason } : {}) };
}

/** `record` keeps the operation's last command for the report and hands it back. */
type Recorder = (r: CommandResult) => CommandResult;
type Handler = (op: Operation, ctx: OperationContext, record: Recorder) => Promise<void>;

const OPERATIONS: Record<string, Handler> = {
  async run(op, ctx, record) {
    const spec = (op as Extract<Operation, { run: unknown }>).run;
    const argv = spec.argv.map((a) => template(a, ctx.variables));
    const env = Object.fromEntries(Object.entries(spec.env ?? {}).map(([k, v]) => [k, template(v, ctx.variables)]));
    const result = record(await ctx.run(argv, { timeoutMs: spec.timeout ? duration('timeout', spec.timeout) : DEFAULT_OPERATION_TIMEOUT_MS, stallMs: ctx.stallMs, env }));
    const expect = spec.expect ?? {};
    if (result.outcome !== 'exit') throw new Unmet(`${result.reason ?? result.outcome}: ${argv.join(' ')}`);
    const exitCode = expect.exitCode ?? 0;
    if (result.exitCode !== exitCode) throw new Unmet(`exit code ${result.exitCode}, expected ${exitCode}: ${argv.join(' ')}`);
    checkText('stdout', result.stdout, expect.stdout);
    checkText('stderr', result.stderr, expect.stderr);
    if (expect.maxDuration && result.durationMs > duration('maxDuration', expect.maxDuration)) {
      throw new Unmet(`took ${result.durationMs} ms, more than ${expect.maxDuration}`);
    }
  },
  async apply(op, ctx, record) {
    const file = await manifestFile((op as Extract<Operation, { apply: unknown }>).apply, ctx);
    const result = record(await ctx.kubectl(ctx.run, ['apply', '-n', ctx.namespace, '-f', file]));
    if (!result.ok) throw new Unmet(`kubectl apply failed: ${result.stderr.trim() || result.reason}`);
  },
  async delete(op, ctx, record) {
    const file = await manifestFile((op as Extract<Operation, { delete: unknown }>).delete, ctx);
    const result = record(await ctx.kubectl(ctx.run, ['delete', '-n', ctx.namespace, '--ignore-not-found', '-f', file]));
    if (!result.ok) throw new Unmet(`kubectl delete failed: ${result.stderr.trim() || result.reason}`);
  },
  async wait(op, ctx, record) {
    const spec = (op as Extract<Operation, { wait: unknown }>).wait;
    const timeoutMs = spec.timeout ? duration('timeout', spec.timeout) : DEFAULT_OPERATION_TIMEOUT_MS;
    const args = ['wait', '-n', ctx.namespace, `--for=${template(spec.for, ctx.variables)}`, template(spec.resource, ctx.variables), `--timeout=${Math.round(timeoutMs / 1000)}s`];
    const result = record(await ctx.kubectl(ctx.run, args, timeoutMs + 10_000));
    if (!result.ok) throw new Unmet(`${spec.resource} did not reach ${spec.for}: ${result.stderr.trim() || result.reason}`);
  },
  async evict(op, ctx, record) {
    const spec = (op as Extract<Operation, { evict: unknown }>).evict;
    if (!ctx.capabilities.includes('status-evictions')) {
      throw new Error('evict needs the status-evictions capability (a kwok cluster); declare it in requires so other clusters skip the scenario');
    }
    const namespace = spec.namespace ? template(spec.namespace, ctx.variables) : ctx.namespace;
    const count = spec.count ?? 5;
    const listed = record(
      await ctx.kubectl(ctx.run, ['get', 'pods', '-n', namespace, '-l', template(spec.selector, ctx.variables), '--field-selector=status.phase=Running', '-o', 'jsonpath={.items[*].metadata.name}']),
    );
    if (!listed.ok) throw new Error(`kubectl get pods: ${listed.stderr.trim() || listed.reason}`);
    const pods = listed.stdout.split(/\s+/).filter(Boolean).slice(0, count);
    if (pods.length < count) throw new Unmet(`only ${pods.length} running pods match ${spec.selector} in ${namespace}, ${count} needed`);
    // What a kubelet leaves behind when a pod exceeds its ephemeral-storage limit.
    const status = { status: { phase: 'Failed', reason: 'Evicted', message: 'Pod ephemeral local storage usage exceeds the total limit of containers 5Ki. ' } };
    for (const pod of pods) {
      const patched = record(await ctx.kubectl(ctx.run, ['patch', 'pod', pod, '-n', namespace, '--subresource=status', '--type=merge', '-p', JSON.stringify(status)]));
      if (!patched.ok) throw new Error(`could not evict ${pod}: ${patched.stderr.trim() || patched.reason}`);
    }
  },
  assert: (op, ctx, record) => matchUntil((op as Extract<Operation, { assert: unknown }>).assert, true, ctx, record),
  error: (op, ctx, record) => matchUntil((op as Extract<Operation, { error: unknown }>).error, false, ctx, record),
};

function checkText(stream: string, text: string, expect?: TextExpectation): void {
  if (!expect) return;
  if (expect.contains !== undefined && !text.includes(expect.contains)) throw new Unmet(`${stream} does not contain ${JSON.stringify(expect.contains)}`);
  if (expect.matches !== undefined && !new RegExp(expect.matches, 'm').test(text)) throw new Unmet(`${stream} does not match /${expect.matches}/`);
  if (expect.not !== undefined && text.includes(expect.not)) throw new Unmet(`${stream} contains ${JSON.stringify(expect.not)}`);
}

async function manifestFile(source: { manifest: string } | { file: string }, ctx: OperationContext): Promise<string> {
  const text = 'manifest' in source ? source.manifest : await readFile(resolve(ctx.scenarioDir, template(source.file, ctx.variables)), 'utf8');
  const file = join(ctx.workDir, `manifest-${randomBytes(4).toString('hex')}.yaml`);
  await writeFile(file, template(text, ctx.variables));
  return file;
}

/**
 * `assert` (shouldMatch) passes once the object exists with the given fields; `error` passes
 * once no such object matches. Both re-read the object until their timeout: right after an
 * apply or an upgrade, controllers are still at work.
 */
async function matchUntil(
  spec: { resource: Record<string, unknown>; timeout?: string },
  shouldMatch: boolean,
  ctx: OperationContext,
  record: Recorder,
): Promise<void> {
  const expected = JSON.parse(template(JSON.stringify(spec.resource), ctx.variables)) as {
    apiVersion: string;
    kind: string;
    metadata: { name: string; namespace?: string };
  };
  const group = expected.apiVersion.includes('/') ? `.${expected.apiVersion.split('/')[0]}` : '';
  const target = `${expected.kind.toLowerCase()}${group}/${expected.metadata.name}`;
  const deadline = Date.now() + (spec.timeout ? duration('timeout', spec.timeout) : 30_000);
  for (;;) {
    const result = record(await ctx.kubectl(ctx.run, ['get', target, '-n', expected.metadata.namespace ?? ctx.namespace, '-o', 'json'], 30_000));
    if (result.outcome === 'cancelled' || result.outcome === 'timeout') throw new Unmet(`${target}: ${result.reason}`);
    const mismatch = result.ok ? partialMismatch(JSON.parse(result.stdout), expected) : notFound(result, target);
    if (shouldMatch ? mismatch === undefined : mismatch !== undefined) return;
    if (Date.now() >= deadline) throw new Unmet(shouldMatch ? `${target}: ${mismatch}` : `${target} exists and matches`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

function notFound(result: CommandResult, target: string): string {
  if (/NotFound|not found/.test(result.stderr)) return 'not found';
  throw new Error(`kubectl get ${target}: ${result.stderr.trim() || result.reason}`);
}
