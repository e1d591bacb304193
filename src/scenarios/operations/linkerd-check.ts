import { duration } from '../../inputs/duration.js';
import { describeFailures, parseCheckTable, type FailedCheck } from '../../linkerd/check-output.js';
import type { ExpectedFailure, LinkerdCheckSpec } from '../model.js';
import { template, templateArgv } from '../template.js';
import { complaint, OPERATION_GRACE_MS, Unmet, type OperationContext } from './context.js';

const DEFAULT_WAIT = '30s';

/**
 * `linkerd check` with the CLI given (default the `to` one), in table output so the stall limit
 * sees each check as it completes. Its failed and warned checks go into the report; it must
 * pass, or (with `expect.pass: false`) fail, and report (as failed or warned) each expected check.
 */
export async function linkerdCheck(spec: LinkerdCheckSpec, ctx: OperationContext): Promise<void> {
  const wait = spec.wait ?? DEFAULT_WAIT;
  const cli = spec.cli ?? '{{ linkerd.to }}';
  const args = templateArgv(spec.args ?? [], ctx.variables);
  // The version the CLI should find: without it, `check` asks Linkerd's version service over the network.
  const expected = String(ctx.variables[cli.includes('linkerd.from') ? 'from' : 'to'] ?? '');
  const argv = [
    template(cli, ctx.variables),
    '--kubeconfig',
    ctx.kubeconfig,
    'check',
    ...(spec.proxy ? ['--proxy'] : []),
    ...(spec.namespace ? ['--namespace', template(spec.namespace, ctx.variables)] : []),
    ...args,
    ...(expected && !args.includes('--expected-version') ? ['--expected-version', expected] : []),
    '--wait',
    wait,
  ];
  const result = ctx.record(await ctx.run(argv, { timeoutMs: duration('wait', wait) + OPERATION_GRACE_MS['linkerd-check']!, stallMs: ctx.stallMs }));
  const command = argv.slice(3).join(' ');
  if (result.outcome !== 'exit') throw new Unmet(`linkerd ${command}: ${result.reason ?? result.outcome}`);
  const checks = parseCheckTable(result.stdout);
  ctx.recordChecks(checks);
  const errors = checks.filter((c) => c.result === 'error');
  const shouldPass = spec.expect?.pass ?? true;
  if (shouldPass && result.exitCode !== 0) {
    throw new Unmet(`linkerd ${command} failed: ${describeFailures(errors) || complaint(result)}`);
  }
  if (!shouldPass && result.exitCode === 0) throw new Unmet(`linkerd ${command} passed, expected it to fail`);
  for (const expected of spec.expect?.failing ?? []) checkReported(expected, checks, command, ctx);
}

function checkReported(expected: ExpectedFailure, checks: readonly FailedCheck[], command: string, ctx: OperationContext): void {
  const description = template(expected.check, ctx.variables);
  if (!checks.some((c) => c.description.includes(description))) {
    throw new Unmet(`linkerd ${command} did not report "${description}"; it reported: ${describeFailures(checks) || 'nothing'}`);
  }
}
