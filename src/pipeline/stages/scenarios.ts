import { SAMPLE_NAMESPACE } from '../../linkerd/sample-workload.js';
import type { ScenarioContext } from '../../scenarios/engine.js';
import { failedScenarios, runHook } from '../../scenarios/hooks.js';
import type { HookPhase } from '../../scenarios/model.js';
import type { RunContext } from '../context.js';
import type { StepContext } from '../linkerd-steps.js';
import type { Plan } from './resolve.js';

export type ScenarioHook = (at: HookPhase) => Promise<void>;

/** What scenarios (and a profile's preparation steps) run with: the cluster, the CLIs, the template variables. */
export async function scenarioContextFor(ctx: RunContext, steps: StepContext, plan: Plan): Promise<ScenarioContext> {
  const { config, tools } = ctx;
  const kubectl = await tools.path('kubectl');
  return {
    createRunner: ctx.deps.createRunner,
    kubectl,
    kubeconfig: steps.kubeconfig,
    capabilities: ctx.provider.capabilities,
    variables: {
      from: plan.from,
      to: plan.to,
      kubeconfig: steps.kubeconfig,
      kubectl,
      workloadNamespace: SAMPLE_NAMESPACE,
      installArgs: config.installArgs,
      profile: plan.profile.name,
      linkerd: { from: await tools.linkerd(plan.from), to: await tools.linkerd(plan.to) },
    },
    signal: ctx.signal,
    ...(ctx.hooks.secrets ? { secrets: ctx.hooks.secrets } : {}),
    stallMs: config.stallMs,
  };
}

/**
 * The scenarios of each hook as one phase. Their results never stop the upgrade: a failing
 * scenario marks its phase failed and the run fails at the end.
 */
export function scenarioHooks(ctx: RunContext, plan: Plan, scenarioContext: ScenarioContext): ScenarioHook {
  const { config, report } = ctx;
  return async (at) => {
    if (!plan.scenarios.some((s) => s.phases.includes(at))) return;
    await ctx.phase(`scenarios@${at}`, `Scenarios ${at}`, async () => {
      const reports = await runHook(at, plan.scenarios, config.parallel, scenarioContext);
      report.scenarios.push(...reports);
      const failed = failedScenarios(reports);
      if (failed.length) ctx.recorder.flagCurrent('fail', failed.map((f) => `${f.name}: ${f.reason}`).join('; '));
    });
  };
}
