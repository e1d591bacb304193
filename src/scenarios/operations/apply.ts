import type { ManifestSource } from '../model.js';
import { complaint, kubectl, Unmet, type OperationContext } from './context.js';
import { manifestFile } from './manifest.js';

/** `kubectl apply` of the templated manifest in the scenario's namespace. */
export async function apply(source: ManifestSource, ctx: OperationContext): Promise<void> {
  const result = await kubectl(ctx, ['apply', '-n', ctx.namespace, '-f', await manifestFile(source, ctx)]);
  if (!result.ok) throw new Unmet(`kubectl apply failed: ${complaint(result)}`);
}
