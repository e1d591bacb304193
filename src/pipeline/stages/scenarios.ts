import { SAMPLE_NAMESPACE } from '../../linkerd/sample-workload.js';
import type { ScenarioContext } from '../../scenarios/engine.js';
import { failedScenarios, runHook } from '../../scenarios/hooks.js';
import type { HookPhase, ScenarioReport } from '../../scenarios/model.js';
import type { RunContext } from '../context.js';
import { rollbackLinkerd, type ClusterState, type StepContext } from '../linkerd-steps.js';
import type { Plan } from './resolve.js';

/**
 * The upgrade a hook's scenarios see as `from` and `to`: on a multi-hop path, the hop under way
 * (the first before the upgrade, each one's after its control plane, the last after the upgrade);
 * `label` names the hop in phase and scenario names where a phase runs at every hop.
 */
export interface HookHop {
  from: string;
  to: string;
  label?: string;
  /** What the upgrade left on the cluster, after it: scenarios may then go back to `from` (`rollback`). */
  state?: ClusterState;
}

export type ScenarioHook = (at: HookPhase, hop: HookHop) => Promise<void>;

/** What scenarios (and a profile's preparation steps) run with: the cluster, the CLIs, the template variables. */
export async function scenarioContextFor(ctx: RunContext, steps: StepContext, plan: Plan): Promise<ScenarioContext> {
  const { config, tools } = ctx;
  const kubectl = await tools.path('kubectl');
  return {
    createRunner: ctx.deps.createRunner,
    kubectl,
    kubeconfig: steps.kubeconfig,
    capabilities: ctx.provider.capabilities,
    installMethod: config.installMethod,
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
 * scenario marks its phase failed and the run fails at the end; one that only warns marks it
 * `warn`.
 */
export function scenarioHooks(ctx: RunContext, plan: Plan, scenarioContext: ScenarioContext, steps: StepContext): ScenarioHook {
  const { config, report } = ctx;
  return async (at, hop) => {
    if (!plan.scenarios.some((s) => s.phases.includes(at))) return;
    const suffix = hop.label ? `@${hop.label}` : '';
    await ctx.phase(`scenarios@${at}${suffix}`, `Scenarios ${at}${suffix ? ` (${hop.label})` : ''}`, async () => {
      const linkerd = { from: await ctx.tools.linkerd(hop.from), to: await ctx.tools.linkerd(hop.to) };
      const variables = { ...scenarioContext.variables, from: hop.from, to: hop.to, linkerd, ...(await steps.installer.scenarioVariables(hop.to)) };
      const state = hop.state;
      const hopContext = { ...scenarioContext, variables, ...(state ? { rollback: () => rollbackLinkerd(steps, hop.from, state) } : {}) };
      const reports: ScenarioReport[] = (await runHook(at, plan.scenarios, config.parallel, hopContext)).map((r) => (hop.label ? { ...r, hop: hop.label } : r));
      report.scenarios.push(...reports);
      const failed = failedScenarios(reports);
      const warned = reports.filter((r) => r.verdict === 'warn');
      if (failed.length) ctx.recorder.flagCurrent('fail', failed.map((f) => `${f.name}: ${f.reason}`).join('; '));
      else if (warned.length) ctx.recorder.flagCurrent('warn', warned.map((w) => `${w.name}: ${w.reason}`).join('; '));
    });
  };
}
