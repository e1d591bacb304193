import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { ManifestSource } from '../model.js';
import { template } from '../template.js';
import type { OperationContext } from './context.js';

/** Writes the templated manifest (inline, or a file relative to the scenario) to a file of its own for kubectl. */
export async function manifestFile(source: ManifestSource, ctx: OperationContext): Promise<string> {
  const text = 'manifest' in source ? source.manifest : await readFile(resolve(ctx.scenarioDir, template(source.file, ctx.variables)), 'utf8');
  const file = join(await ctx.workDir(), `manifest-${randomBytes(4).toString('hex')}.yaml`);
  await writeFile(file, template(text, ctx.variables));
  return file;
}
