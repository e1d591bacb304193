import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../inputs/input-error.js';
import type { RunConfig } from '../inputs/validate.js';
import type { RunReport } from '../report/model.js';
import { runsAlongsideChecks } from '../scenarios/hooks.js';
import type { HookPhase } from '../scenarios/model.js';
import type { ClusterState } from './linkerd-steps.js';
import { realDeps, RunContext, toolSetFor, type CanaryDeps, type CanaryHooks } from './context.js';
import { PhaseStop } from '../process/expect-success.js';
import { reviewRunImpact } from './impact.js';
import { finishStage } from './stages/finish.js';
import { installStage } from './stages/install.js';
import { prepareStage } from './stages/prepare.js';
import { resolveStage } from './stages/resolve.js';
import { prepareProfileStage } from './stages/profile.js';
import { scenarioContextFor, scenarioHooks, type HookHop } from './stages/scenarios.js';
import { upgradeStage, type HookRun } from './stages/upgrade.js';

export type { CanaryHooks } from './context.js';

/**
 * The canary, stage by stage: resolve the input, get tools and a cluster (overlapped), prepare
 * it for the install profile and the before-install scenarios, install `from` and a meshed workload, upgrade hop by hop to `to`, then diagnostics and cleanup. Never
 * throws for anything that happens in the cluster: the verdicts are in the report.
 */
export async function runCanary(
  config: RunConfig,
  hooks: CanaryHooks,
  deps: CanaryDeps = realDeps(config, toolSetFor(config, hooks.signal)),
): Promise<RunReport> {
  await mkdir(config.reportDir, { recursive: true });
  const workDir = await mkdtemp(join(process.env.RUNNER_TEMP || tmpdir(), 'edge-canary-'));
  const ctx = new RunContext(config, hooks, deps, workDir);
  // A report exists from the first moment, saying running.
  await ctx.snapshot();
  try {
    const plan = await resolveStage(ctx);
    const steps = await prepareStage(ctx, plan);
    const scenarioContext = await scenarioContextFor(ctx, steps, plan);
    const hook = scenarioHooks(ctx, plan, scenarioContext, steps);
    const identity = await prepareProfileStage(ctx, steps, plan.profile, scenarioContext);
    const versions = [plan.from, ...plan.via, plan.to];
    const hops: HookHop[] =
      plan.via.length === 0 ? [{ from: plan.from, to: plan.to }] : versions.slice(1).map((to, i) => ({ from: versions[i]!, to, label: to }));
    // Only the phase at every hop names its hop; the first and last are the path's own.
    const [first, last] = [hops[0]!, hops.at(-1)!].map(({ from, to }) => ({ from, to }));
    await hook('before-install', first!);
    let installed = await installStage(ctx, steps, plan, identity);
    await hook('before-upgrade', first!);
    const hookRun = (at: HookPhase, hop: HookHop): HookRun => ({ run: () => hook(at, hop), alongsideCheck: runsAlongsideChecks(at, plan.scenarios) });
    for (const hop of hops) {
      installed = await upgradeStage(ctx, steps, plan.profile, installed, {
        target: hop.to,
        at: hop.label ? `@${hop.label}` : '',
        beforeRoll: hookRun('after-control-plane-upgrade', hop),
        ...(hop === hops.at(-1) ? { afterRoll: (state: ClusterState) => hookRun('after-upgrade', { ...last!, state }) } : {}),
      });
    }
    // A review of what the upgrade changed is information: it never stops or fails the run.
    const impact = await reviewRunImpact(steps.manifestDir, plan.from, plan.to, config.installMethod).catch((error: unknown) => {
      ctx.log(`  impact review: ${(error as Error).message}`);
      return undefined;
    });
    if (impact) ctx.report.impact = impact;
  } catch (error) {
    if (error instanceof InputError) ctx.report.inputError = { input: error.input, value: error.value, message: error.message };
    else if (!(error instanceof PhaseStop)) ctx.report.error = error instanceof Error ? error.message : String(error);
  } finally {
    await finishStage(ctx);
    // A kept or undeletable cluster still lives in the work dir (kwok's state, its kubeconfig).
    if (!ctx.cluster?.owned || ctx.report.cluster?.deleted) await rm(workDir, { recursive: true, force: true });
  }
  return ctx.report;
}
