import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../inputs/input-error.js';
import type { RunConfig } from '../inputs/validate.js';
import type { RunReport } from '../report/model.js';
import { realDeps, RunContext, type CanaryDeps, type CanaryHooks } from './context.js';
import { PhaseStop } from '../process/expect-success.js';
import { finishStage } from './stages/finish.js';
import { installStage } from './stages/install.js';
import { prepareStage } from './stages/prepare.js';
import { resolveStage } from './stages/resolve.js';
import { prepareProfileStage } from './stages/profile.js';
import { scenarioContextFor, scenarioHooks } from './stages/scenarios.js';
import { upgradeStage } from './stages/upgrade.js';

export type { CanaryHooks } from './context.js';

/**
 * The canary, stage by stage: resolve the input, get tools and a cluster (overlapped), prepare
 * it for the install profile and the before-install scenarios, install `from` and a meshed workload, upgrade hop by hop to `to`, then diagnostics and cleanup. Never
 * throws for anything that happens in the cluster: the verdicts are in the report.
 */
export async function runCanary(config: RunConfig, hooks: CanaryHooks, deps: CanaryDeps = realDeps(config)): Promise<RunReport> {
  await mkdir(config.reportDir, { recursive: true });
  const workDir = await mkdtemp(join(process.env.RUNNER_TEMP || tmpdir(), 'edge-canary-'));
  const ctx = new RunContext(config, hooks, deps, workDir);
  // A report exists from the first moment, saying running.
  await ctx.snapshot();
  try {
    const plan = await resolveStage(ctx);
    const steps = await prepareStage(ctx, plan);
    const scenarioContext = await scenarioContextFor(ctx, steps, plan);
    const hook = scenarioHooks(ctx, plan, scenarioContext);
    await prepareProfileStage(ctx, steps, scenarioContext);
    await hook('before-install');
    const userResources = await installStage(ctx, steps, plan);
    await hook('before-upgrade');
    const targets = [...plan.via, plan.to];
    for (const target of targets) {
      const at = plan.via.length ? `@${target}` : '';
      await upgradeStage(ctx, steps, userResources, {
        target,
        at,
        ...(target === plan.to ? { beforeRoll: () => hook('after-control-plane-upgrade') } : {}),
      });
    }
    await hook('after-upgrade');
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
