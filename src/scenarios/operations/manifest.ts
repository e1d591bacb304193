import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readScenarioFile } from '../load.js';
import type { ManifestSource } from '../model.js';
import { template } from '../template.js';
import type { OperationContext } from './context.js';

/**
 * Writes the templated manifest (inline, or a file inside the scenario's folder, symlinks
 * followed) to a file of its own for kubectl.
 */
export async function manifestFile(source: ManifestSource, ctx: OperationContext): Promise<string> {
  const text = 'manifest' in source ? source.manifest : await readScenarioFile(ctx.scenarioDir, template(source.file, ctx.variables));
  const file = join(await ctx.workDir(), `manifest-${randomBytes(4).toString('hex')}.yaml`);
  await writeFile(file, template(text, ctx.variables));
  return file;
}
