import { runScenario, type ScenarioContext } from './engine.js';
import type { HookPhase, Scenario, ScenarioReport } from './model.js';

/**
 * Runs the scenarios that hook into `phase`: the exclusive ones first, alone and one at a time
 * (they change the control plane or read what the others change), then the rest at most
 * `parallel` at once, then the `last` ones alone (they leave the cluster where no other may find
 * it). Reports come back in the order the scenarios were given, whatever order they finish in.
 */
export async function runHook(phase: HookPhase, scenarios: readonly Scenario[], parallel: number, ctx: ScenarioContext): Promise<ScenarioReport[]> {
  const selected = scenarios.filter((s) => s.phases.includes(phase));
  const reports: ScenarioReport[] = new Array(selected.length);
  const indexes = selected.map((_, i) => i);
  const run = async (i: number) => (reports[i] = await runScenario(selected[i]!, phase, ctx));
  const last = (i: number) => selected[i]!.last === true;
  await runPool(
    indexes.filter((i) => selected[i]!.exclusive && !last(i)),
    1,
    run,
  );
  await runPool(
    indexes.filter((i) => !selected[i]!.exclusive && !last(i)),
    parallel,
    run,
  );
  await runPool(indexes.filter(last), 1, run);
  return reports;
}

/**
 * Whether the scenarios of `phase` may run alongside the run's own read-only checks: none of
 * them runs alone (exclusive or last), so none changes what a check reads.
 */
export function runsAlongsideChecks(phase: HookPhase, scenarios: readonly Scenario[]): boolean {
  return !scenarios.some((s) => s.phases.includes(phase) && (s.exclusive || s.last));
}

/** Runs `task` for each item, at most `parallel` at once. */
async function runPool<T>(items: readonly T[], parallel: number, task: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(parallel, items.length) }, worker));
}

/** How the run's `failed` and `warnings` name a scenario report: `scenario:<name>@<phase>`, and `@<hop>` at a hop's phase. */
export function scenarioId(report: Pick<ScenarioReport, 'name' | 'phase' | 'hop'>): string {
  return `scenario:${report.name}@${report.phase}${report.hop ? `@${report.hop}` : ''}`;
}

/** The scenarios that failed or errored, for a phase reason and the run's `failed` list. */
export function failedScenarios(reports: readonly ScenarioReport[]): ScenarioReport[] {
  return reports.filter((r) => r.verdict === 'fail' || r.verdict === 'error');
}
