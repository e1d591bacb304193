import { PhaseStop } from '../../process/expect-success.js';
import type { RollbackSpec } from '../model.js';
import { Unmet, type OperationContext } from './context.js';

/**
 * Goes back to `from` with what the run provides for its install method. The way back not
 * working (a Helm rollback refused, a render of the older CLI that fails) is the scenario's
 * finding; no way back at this phase is an error of the scenario itself.
 */
export async function rollback(_spec: RollbackSpec, ctx: OperationContext): Promise<void> {
  if (!ctx.rollback) throw new Error('rollback: runs only after the upgrade (hook it into after-upgrade)');
  try {
    await ctx.rollback();
  } catch (error) {
    // The reason names the command and its first error line; the run's own record keeps the command whole.
    if (error instanceof PhaseStop && error.verdict !== 'cancelled') throw new Unmet(error.message);
    throw error;
  }
}
