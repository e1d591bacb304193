import { readFile, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { DryRunSpec } from '../model.js';
import { template } from '../template.js';
import { BUILT_IN_PATCHES, kubectlFor } from '../../cluster/kubectl.js';
import { complaint, timeoutMs, Unmet, type OperationContext } from './context.js';

/**
 * `kubectl apply --dry-run=server` of every object in the files: the API server
 * refuses what no template error shows (an immutable field changed, a field a CRD no longer
 * has). Configurations rendered for one upgrade share most objects, and kubectl spends its time
 * per object, so an object several files hold identically is sent once, from the first file
 * holding it; each file sent is named after its source, so an error still names a configuration.
 */
export async function dryRun(spec: DryRunSpec, ctx: OperationContext): Promise<void> {
  const seen = new Set<string>();
  const sent: { file: string; objects: number }[] = [];
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
    sent.push({ file, objects: fresh.length });
  }
  if (!sent.length) throw new Unmet(`no object to send: ${spec.files.join(', ')} hold none`);
  // kubectl works through its objects on one core: as many calls as cores, the files shared out by their objects.
  // Its patches come from its built-in types (kubectl and server of one release), which a nightly
  // of several paths on a few cores would otherwise pay on every path.
  const kubectl = kubectlFor(ctx.run, ctx.kubectl, ctx.kubeconfig);
  const calls = shareOut(sent, availableParallelism()).map((files) =>
    kubectl(['apply', '--dry-run=server', BUILT_IN_PATCHES, ...files.flatMap((f) => ['-f', f])], { timeoutMs: timeoutMs(spec.timeout) }),
  );
  const results = await Promise.all(calls);
  const refused = results.find((r) => !r.ok);
  ctx.record(refused ?? results[0]!);
  if (refused) throw new Unmet(`kubectl apply --dry-run=server failed: ${complaint(refused)}`);
}

/** The files in at most `groups` groups of about as many objects each (the largest first, each to the lightest group). */
function shareOut(files: readonly { file: string; objects: number }[], groups: number): string[][] {
  const loads = Array.from({ length: Math.min(groups, files.length) }, () => ({ objects: 0, files: [] as string[] }));
  for (const f of [...files].sort((a, b) => b.objects - a.objects)) {
    const lightest = loads.reduce((min, g) => (g.objects < min.objects ? g : min));
    lightest.objects += f.objects;
    lightest.files.push(f.file);
  }
  return loads.map((g) => g.files);
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
