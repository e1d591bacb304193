import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { duration } from '../../inputs/duration.js';
import { firstErrorLine } from '../../process/expect-success.js';
import { prefixWithin } from '../../process/text-cut.js';
import type { RunSpec, TextExpectation } from '../model.js';
import { template, templateArgv, type Variables } from '../template.js';
import { timeoutMs, Unmet, type OperationContext } from './context.js';

/** Runs a templated command (never through a shell) and checks its exit code, output and duration. */
export async function run(spec: RunSpec, ctx: OperationContext): Promise<void> {
  const argv = templateArgv(spec.argv, ctx.variables);
  const env = Object.fromEntries(Object.entries(spec.env ?? {}).map(([k, v]) => [k, template(v, ctx.variables)]));
  const result = ctx.record(await ctx.run(argv, { timeoutMs: timeoutMs(spec.timeout), stallMs: ctx.stallMs, env }));
  const expect = spec.expect ?? {};
  if (result.outcome !== 'exit') throw new Unmet(`${result.reason ?? result.outcome}: ${argv.join(' ')}`);
  const exitCode = expect.exitCode ?? 0;
  if (result.exitCode !== exitCode) {
    const said = firstErrorLine(result);
    throw new Unmet(`exit code ${result.exitCode}, expected ${exitCode}: ${argv.join(' ')}${said ? `\n${said}` : ''}`);
  }
  checkText('stdout', result.stdout, expect.stdout, ctx.variables);
  checkText('stderr', result.stderr, expect.stderr, ctx.variables);
  if (expect.maxDuration && result.durationMs > duration('maxDuration', expect.maxDuration)) {
    throw new Unmet(`took ${result.durationMs} ms, more than ${expect.maxDuration}`);
  }
  if (spec.saveOutput) await saveOutput(spec.saveOutput, result.stdout, ctx);
}

async function saveOutput(name: string, stdout: string, ctx: OperationContext): Promise<void> {
  const file = join(await ctx.workDir(), `output-${name.replace(/[^\w.-]/g, '_')}`);
  await writeFile(file, stdout);
  const outputs = ctx.variables.outputs;
  if (typeof outputs !== 'object' || Array.isArray(outputs)) throw new Error('this attempt keeps no outputs');
  (outputs as Variables)[name] = file;
}

/** Expectations are templated too (`contains: "{{ to }}"`). */
function checkText(stream: string, text: string, expect: TextExpectation | undefined, variables: Variables): void {
  if (!expect) return;
  const [contains, matches, not] = [expect.contains, expect.matches, expect.not].map((e) => (e === undefined ? undefined : template(e, variables)));
  const quoted = `: ${JSON.stringify(prefixWithin(text.trim(), 500, 'chars'))}`;
  if (contains !== undefined && !text.includes(contains)) throw new Unmet(`${stream} does not contain ${JSON.stringify(contains)}${quoted}`);
  if (matches !== undefined && !new RegExp(matches, 'm').test(text)) throw new Unmet(`${stream} does not match /${matches}/${quoted}`);
  if (not !== undefined && text.includes(not)) throw new Unmet(`${stream} contains ${JSON.stringify(not)}${quoted}`);
}
