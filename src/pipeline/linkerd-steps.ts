import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { watchClusterActivity } from '../cluster/activity.js';
import type { Kubectl } from '../cluster/kubectl.js';
import { describeFailures, parseCheckTable } from '../linkerd/check-output.js';
import { eraOf, gatewayApiValues, installPlan, upgradePlan, type GatewayApiOwner, type RenderStep } from '../linkerd/eras.js';
import { parseVersionOutput, type VersionOutput } from '../linkerd/proxy-versions.js';
import type { CommandResult, Liveness, Runner } from '../process/runner.js';
import { expectSuccess, PhaseStop } from '../process/expect-success.js';
import type { StepWarning } from '../scenarios/model.js';
import type { Variables } from '../scenarios/template.js';

/**
 * What the Linkerd steps need from the run, fixed once the cluster exists: a runner, the
 * cluster's kubectl, the CLIs, where to keep files, and how Linkerd is installed. What the steps
 * change on the cluster is a `ClusterState`, returned and passed on, never kept here.
 */
export interface StepContext {
  run: Runner;
  kubectl: Kubectl;
  linkerdPath: (tag: string) => Promise<string>;
  /** The standard Gateway API CRDs, as one manifest file. */
  gatewayApiCrds: () => Promise<string>;
  kubeconfig: string;
  /** Rendered manifests are kept here for the report and diagnostics. */
  manifestDir: string;
  stallMs: number;
  /** Budget for a check to pass while the cluster converges. */
  checkBudgetMs: number;
  /** How Linkerd's manifests reach the cluster: the version's own CLI, or its Helm charts. */
  installer: LinkerdInstaller;
  /** Reports a warning in the phase under way (it never fails the run). */
  warn: (warning: StepWarning) => void;
}

/** What the run has put on the cluster: the install returns it, each upgrade takes it and returns the next. */
export interface ClusterState {
  /** Who owns the Gateway API CRDs on the cluster now; undefined while it has none. */
  gatewayApi: GatewayApiOwner | undefined;
}

/** What the install profile's preparation made that the install needs. */
export interface PreparedIdentity {
  /** The trust anchor of an issuer managed outside Linkerd (profile external-issuer). */
  externalTrustAnchor?: string;
}

/**
 * Puts one version's CRDs and control plane on the cluster, with the run's install arguments
 * and profile (given when the installer is made); `crdArgs` are the `--set` values that keep
 * the Gateway API CRDs with their owner (the same chart values for the CLI and Helm).
 */
export interface LinkerdInstaller {
  install(ctx: StepContext, tag: string, crdArgs: readonly string[], identity: PreparedIdentity): Promise<void>;
  upgrade(ctx: StepContext, tag: string, crdArgs: readonly string[]): Promise<void>;
  /** Goes back from the upgrade to `from` the way the method allows (the `rollback` scenario operation). */
  rollback(ctx: StepContext, from: string, crdArgs: readonly string[]): Promise<void>;
  /** What scenarios of a run with this method see besides the common variables (a chart installer's charts of `tag`). */
  scenarioVariables(tag: string): Promise<Variables>;
}

/**
 * `linkerd install`/`upgrade` rendered with the version's CLI and applied with kubectl;
 * `installArgs` are the user's arguments, then the profile's (its values file last, so the
 * profile decides what it sets). `builtInPatches`: kubectl is of the cluster's minor (see upgradePlan).
 */
export function cliInstaller(installArgs: readonly string[], builtInPatches = false): LinkerdInstaller {
  const upgradeWith = async (ctx: StepContext, tag: string, crdArgs: readonly string[], name: string) => {
    const hasPrune = (await linkerd(ctx, tag, ['prune', '--help'], { timeoutMs: 30_000 })).ok;
    await renderAndApply(ctx, tag, upgradePlan(tag, hasPrune, crdArgs, builtInPatches), name);
  };
  return {
    // An external issuer's trust anchor needs no passing: `linkerd install --identity-external-issuer` reads it from the issuer's secret.
    install: (ctx, tag, crdArgs) => renderAndApply(ctx, tag, installPlan(tag, installArgs, crdArgs), `install-${tag}`),
    upgrade: (ctx, tag, crdArgs) => upgradeWith(ctx, tag, crdArgs, `upgrade-${tag}`),
    // The CLI has no rollback: going back is `from`'s own CLI rendering its upgrade over what `to` stored.
    rollback: (ctx, from, crdArgs) => upgradeWith(ctx, from, crdArgs, `rollback-${from}`),
    scenarioVariables: async () => ({}),
  };
}

/** Goes back to `from` with the run's installer, keeping the Gateway API CRDs with the owner the upgrade left. */
export function rollbackLinkerd(ctx: StepContext, from: string, state: ClusterState): Promise<void> {
  return ctx.installer.rollback(ctx, from, gatewayApiValues(state.gatewayApi, from));
}

const RENDER_TIMEOUT_MS = 120_000;

export async function linkerd(ctx: StepContext, tag: string, args: string[], options: { stall?: boolean; timeoutMs?: number; liveness?: Liveness } = {}) {
  return ctx.run([await ctx.linkerdPath(tag), '--kubeconfig', ctx.kubeconfig, ...args], {
    timeoutMs: options.timeoutMs ?? RENDER_TIMEOUT_MS,
    ...(options.stall ? { stallMs: ctx.stallMs } : {}),
    ...(options.liveness ? { liveness: options.liveness } : {}),
  });
}

/** Renders each step with the version's CLI into a file, then applies (or deletes) it with kubectl. */
async function renderAndApply(ctx: StepContext, tag: string, steps: readonly RenderStep[], label: string): Promise<void> {
  await mkdir(ctx.manifestDir, { recursive: true });
  for (const [i, step] of steps.entries()) {
    const rendered = expectSuccess(await linkerd(ctx, tag, step.render), `linkerd ${step.name} (${tag}) could not render`);
    const file = join(ctx.manifestDir, `${label}-${i + 1}-${step.name.replace(/\W+/g, '-')}.yaml`);
    await writeFile(file, rendered.stdout);
    if (rendered.stdout.trim() === '') continue;
    expectSuccess(await ctx.kubectl([...step.kubectl, file]), `kubectl ${step.kubectl[0]} of linkerd ${step.name} (${tag})`);
  }
}

/** Applies the standard Gateway API CRDs (the install a user makes before Linkerd) and waits for them. */
export async function installExternalGatewayApi(ctx: StepContext): Promise<void> {
  const crds = await ctx.gatewayApiCrds();
  expectSuccess(await ctx.kubectl(['apply', '-f', crds]), 'apply Gateway API CRDs', 'error');
  // The CRDs of that very file: their bundle-version is an annotation, so no label selects them.
  expectSuccess(
    await ctx.kubectl(['wait', '--for=condition=Established', '-f', crds, '--timeout=60s'], { timeoutMs: 70_000 }),
    'wait for Gateway API CRDs',
    'error',
  );
}

/** Installs `tag` with the run's installer; `owner` says who is to own the Gateway API CRDs. */
export async function installLinkerd(
  ctx: StepContext,
  tag: string,
  owner: GatewayApiOwner | undefined,
  identity: PreparedIdentity = {},
): Promise<ClusterState> {
  if (owner === 'external') await installExternalGatewayApi(ctx);
  await ctx.installer.install(ctx, tag, gatewayApiValues(owner, tag), identity);
  return { gatewayApi: owner ?? (eraOf(tag).gatewayApiByDefault ? 'linkerd' : undefined) };
}

/**
 * Upgrades to `tag` with the run's installer, keeping the Gateway API CRDs with their owner. A
 * cluster without them gets the standard ones first where `tag` refuses to go on without them,
 * as a user would have to.
 */
export async function upgradeLinkerd(ctx: StepContext, tag: string, state: ClusterState): Promise<ClusterState> {
  const era = eraOf(tag);
  let { gatewayApi } = state;
  if (gatewayApi === undefined && era.refusesAbsentGatewayApi) {
    await installExternalGatewayApi(ctx);
    gatewayApi = 'external';
  }
  await ctx.installer.upgrade(ctx, tag, gatewayApiValues(gatewayApi, tag));
  return { gatewayApi: gatewayApi ?? (era.gatewayApiByDefault ? 'linkerd' : undefined) };
}

/** Watches the control-plane deployments until they are available (no sleeping, kubectl watches). */
export async function waitForControlPlane(ctx: StepContext): Promise<void> {
  const seconds = Math.round(ctx.checkBudgetMs / 1000);
  expectSuccess(
    await ctx.kubectl(['wait', '--for=condition=Available', 'deployment', '--all', '-n', 'linkerd', `--timeout=${seconds}s`], {
      timeoutMs: ctx.checkBudgetMs + 10_000,
    }),
    'control-plane deployments did not become available',
  );
}

const CHECK_ATTEMPTS = 3;

/**
 * `linkerd check` until it passes, at most three attempts within the check budget, watching the
 * control plane become available between them: right after an install or upgrade the cluster
 * may still converge. A stall is never retried: a check that stops making progress is the hang
 * this canary exists to catch. Table output prints each check as it completes, but a check that
 * retries prints nothing until it is done, so while it runs the cluster is watched too: a check
 * is stalled only when neither it nor the cluster has moved for the stall limit.
 */
export async function checkUntilPass(ctx: StepContext, tag: string, extraArgs: string[]): Promise<CommandResult> {
  const deadline = Date.now() + ctx.checkBudgetMs;
  const what = ['linkerd check', ...extraArgs].join(' ');
  const activity = watchClusterActivity(ctx.kubectl);
  try {
    for (let attempt = 1; ; attempt++) {
      const remaining = Math.max(deadline - Date.now(), 10_000);
      const result = await linkerd(ctx, tag, ['check', ...extraArgs, '--expected-version', tag, '--wait', `${Math.round(remaining / 1000)}s`], {
        stall: true,
        timeoutMs: remaining + 30_000,
        liveness: activity,
      });
      if (result.ok) return result;
      if (result.outcome !== 'exit') expectSuccess(result, what);
      if (attempt === CHECK_ATTEMPTS || Date.now() >= deadline) {
        const failures = describeFailures(parseCheckTable(result.stdout).filter((f) => f.result === 'error'));
        throw new PhaseStop('fail', `${what} failed (attempt ${attempt}): ${failures || `exit code ${result.exitCode}`}`, result);
      }
      await waitForControlPlane(ctx);
    }
  } finally {
    await activity.stop();
  }
}

/** `linkerd version --proxy`, of one namespace's pods when given (all the cluster's otherwise). */
export async function proxyVersions(ctx: StepContext, tag: string, namespace?: string): Promise<VersionOutput> {
  const args = ['version', '--proxy', ...(namespace ? ['--namespace', namespace] : [])];
  const result = expectSuccess(await linkerd(ctx, tag, args, { stall: true }), `linkerd ${args.join(' ')}`);
  return parseVersionOutput(result.stdout);
}

/** Injects the workload manifest with the version's CLI (`inject --manual`) and applies it. */
export async function injectAndApply(ctx: StepContext, tag: string, manifest: string, label: string): Promise<void> {
  await mkdir(ctx.manifestDir, { recursive: true });
  const source = join(ctx.manifestDir, `${label}-source.yaml`);
  await writeFile(source, manifest);
  const injected = expectSuccess(await linkerd(ctx, tag, ['inject', '--manual', source]), `linkerd inject --manual (${tag})`);
  const file = join(ctx.manifestDir, `${label}-injected-${tag}.yaml`);
  await writeFile(file, injected.stdout);
  expectSuccess(await ctx.kubectl(['apply', '-f', file]), `kubectl apply of the workload injected by ${tag}`);
}

/** Watches each deployment's rollout to the end (kubectl prints progress, so stalls show). */
export async function waitForRollout(ctx: StepContext, namespace: string, deployments: readonly string[], timeoutMs: number) {
  await Promise.all(
    deployments.map(async (name) =>
      expectSuccess(
        await ctx.kubectl(['rollout', 'status', `deployment/${name}`, '-n', namespace, `--timeout=${Math.round(timeoutMs / 1000)}s`], {
          timeoutMs: timeoutMs + 10_000,
        }),
        `rollout of deployment/${name}`,
      ),
    ),
  );
}
