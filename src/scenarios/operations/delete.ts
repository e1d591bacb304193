import type { ManifestSource } from '../model.js';
import { complaint, kubectl, Unmet, type OperationContext } from './context.js';
import { manifestFile } from './manifest.js';

/** `kubectl delete` of the templated manifest; what is already gone is not an error. */
export async function remove(source: ManifestSource, ctx: OperationContext): Promise<void> {
  const result = await kubectl(ctx, ['delete', '-n', ctx.namespace, '--ignore-not-found', '-f', await manifestFile(source, ctx)]);
  if (!result.ok) throw new Unmet(`kubectl delete failed: ${complaint(result)}`);
}
