import { duration } from '../../inputs/validate.js';
import type { RunSpec, TextExpectation } from '../model.js';
import { template } from '../template.js';
import { timeoutMs, Unmet, type OperationContext } from './context.js';

/** Runs a templated command (never through a shell) and checks its exit code, output and duration. */
export async function run(spec: RunSpec, ctx: OperationContext): Promise<void> {
  const argv = spec.argv.map((a) => template(a, ctx.variables));
  const env = Object.fromEntries(Object.entries(spec.env ?? {}).map(([k, v]) => [k, template(v, ctx.variables)]));
  const result = ctx.record(await ctx.run(argv, { timeoutMs: timeoutMs(spec.timeout), stallMs: ctx.stallMs, env }));
  const expect = spec.expect ?? {};
  if (result.outcome !== 'exit') throw new Unmet(`${result.reason ?? result.outcome}: ${argv.join(' ')}`);
  const exitCode = expect.exitCode ?? 0;
  if (result.exitCode !== exitCode) throw new Unmet(`exit code ${result.exitCode}, expected ${exitCode}: ${argv.join(' ')}`);
  checkText('stdout', result.stdout, expect.stdout);
  checkText('stderr', result.stderr, expect.stderr);
  if (expect.maxDuration && result.durationMs > duration('maxDuration', expect.maxDuration)) {
    throw new Unmet(`took ${result.durationMs} ms, more than ${expect.maxDuration}`);
  }
}

function checkText(stream: string, text: string, expect?: TextExpectation): void {
  if (!expect) return;
  if (expect.contains !== undefined && !text.includes(expect.contains)) throw new Unmet(`${stream} does not contain ${JSON.stringify(expect.contains)}`);
  if (expect.matches !== undefined && !new RegExp(expect.matches, 'm').test(text)) throw new Unmet(`${stream} does not match /${expect.matches}/`);
  if (expect.not !== undefined && text.includes(expect.not)) throw new Unmet(`${stream} contains ${JSON.stringify(expect.not)}`);
}
