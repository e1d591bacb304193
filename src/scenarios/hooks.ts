import { runScenario, type ScenarioContext } from './engine.js';
import type { HookPhase, Scenario, ScenarioReport } from './model.js';

/**
 * Runs the scenarios that hook into `phase`, at most `parallel` at once; reports come back in
 * the order the scenarios were given, whatever order they finish in.
 */
export async function runHook(phase: HookPhase, scenarios: readonly Scenario[], parallel: number, ctx: ScenarioContext): Promise<ScenarioReport[]> {
  const selected = scenarios.filter((s) => s.phases.includes(phase));
  const reports: ScenarioReport[] = new Array(selected.length);
  let next = 0;
  const worker = async () => {
    while (next < selected.length) {
      const i = next++;
      reports[i] = await runScenario(selected[i]!, phase, ctx);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, selected.length) }, worker));
  return reports;
}

/** The scenarios that failed or errored, for a phase reason and the run's `failed` list. */
export function failedScenarios(reports: readonly ScenarioReport[]): ScenarioReport[] {
  return reports.filter((r) => r.verdict === 'fail' || r.verdict === 'error');
}
