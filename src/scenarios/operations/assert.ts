import type { MatchSpec } from '../model.js';
import type { OperationContext } from './context.js';
import { matchUntil } from './match-until.js';

/** Passes once the object exists with every field given (partial match). */
export function assert(spec: MatchSpec, ctx: OperationContext): Promise<void> {
  return matchUntil(spec, true, ctx);
}
