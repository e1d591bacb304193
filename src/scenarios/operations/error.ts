import type { MatchSpec } from '../model.js';
import type { OperationContext } from './context.js';
import { matchUntil } from './match-until.js';

/** Passes once no object matches the fields given. */
export function error(spec: MatchSpec, ctx: OperationContext): Promise<void> {
  return matchUntil(spec, false, ctx);
}
