import { readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { DryRunSpec } from '../model.js';
import { template } from '../template.js';
import { complaint, kubectl, timeoutMs, Unmet, type OperationContext } from './context.js';

/**
 * `kubectl apply --dry-run=server` of every object in the files, in one call: the API server
 * refuses what no template error shows (an immutable field changed, a field a CRD no longer
 * has). Configurations rendered for one upgrade share most objects, and kubectl spends its time
 * per object, so an object several files hold identically is sent once, from the first file
 * holding it; each file sent is named after its source, so an error still names a configuration.
 */
export async function dryRun(spec: DryRunSpec, ctx: OperationContext): Promise<void> {
  const seen = new Set<string>();
  const args: string[] = [];
  for (const [i, name] of spec.files.entries()) {
    const source = template(name, ctx.variables);
    const fresh = parseAllDocuments(await readFile(source, 'utf8')).filter((doc) => {
      const object: unknown = doc.toJS();
      if (object === null || object === undefined) return false;
      const key = canonical(object);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    if (!fresh.length) continue;
    const file = join(await ctx.workDir(), `dry-run-${i}-${basename(source)}`);
    await writeFile(file, fresh.map(String).join('---\n'));
    args.push('-f', file);
  }
  if (!args.length) throw new Unmet(`no object to send: ${spec.files.join(', ')} hold none`);
  const result = await kubectl(ctx, ['apply', '--dry-run=server', ...args], timeoutMs(spec.timeout));
  if (!result.ok) throw new Unmet(`kubectl apply --dry-run=server failed: ${complaint(result)}`);
}

/** The same object whatever the order of its keys. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
