import { SAMPLE_NAMESPACE } from '../../linkerd/sample-workload.js';
import type { RunContext } from '../context.js';
import { rollMeshedWorkloads } from '../data-plane.js';
import { checkUntilPass, proxyVersions, upgradeLinkerd, waitForControlPlane, type ClusterState, type StepContext } from '../linkerd-steps.js';
import { PhaseStop } from '../../process/expect-success.js';
import { verifyProfileValues } from '../../profiles/verify.js';
import type { InstallProfile } from '../../profiles/model.js';
import { verifyUserResources } from '../user-resources.js';
import type { Installed } from './install.js';

export interface Hop {
  target: string;
  /** Suffix of phase and stage names on a multi-hop path (`@<tag>`), empty otherwise. */
  at: string;
  /** The scenarios of after-control-plane-upgrade: after the control-plane upgrade, before the roll. */
  beforeRoll?: HookRun;
  /** The last hop's after-upgrade scenarios: once the data plane is rolled (given what the upgrade left). */
  afterRoll?: (state: ClusterState) => HookRun;
}

/** A hook's scenarios, and whether they may run alongside the read-only check of their moment. */
export interface HookRun {
  run: () => Promise<void>;
  alongsideCheck: boolean;
}

/**
 * One upgrade as a user makes it: the control plane with the target's CLI (the user's objects
 * and the install profile's values must survive it), `linkerd check`, every meshed workload of
 * the cluster rolled, `linkerd check --proxy`, and every proxy of the sample workload on the
 * target (the pods it owns: other workloads' counts are theirs to check). Any failure here is an
 * upgrade failure.
 */
export async function upgradeStage(ctx: RunContext, steps: StepContext, profile: InstallProfile, installed: Installed, hop: Hop): Promise<Installed> {
  const { target, at } = hop;
  const state = await ctx.phase(
    `upgrade-control-plane${at}`,
    `Upgrade control plane to ${target}`,
    async () => {
      const upgraded = await upgradeLinkerd(steps, target, installed.state);
      // `linkerd upgrade` re-renders from the values the install stored: the profile must survive it.
      await verifyProfileValues(steps.kubectl, profile, target, 'fail');
      await waitForControlPlane(steps);
      await verifyUserResources(steps, installed.userResources, target);
      const versions = await proxyVersions(steps, target);
      ctx.report.proxyVersions.push({ stage: `after-control-plane-upgrade${at}`, versions: versions.proxies ?? [] });
      return upgraded;
    },
    'fail',
  );
  await checkWith(() => ctx.phase(`check-control-plane${at}`, `linkerd check (${target})`, () => checkUntilPass(steps, target, []), 'fail'), hop.beforeRoll);
  await ctx.phase(
    `roll-data-plane${at}`,
    `Roll the data plane to ${target}`,
    async () => {
      const rolled = await rollMeshedWorkloads(steps, target);
      if (!rolled.some((d) => d.namespace === SAMPLE_NAMESPACE)) throw new PhaseStop('fail', `no meshed deployment found in ${SAMPLE_NAMESPACE} to roll`);
    },
    'fail',
  );
  const checkProxies = () =>
    ctx.phase(
      `check-proxies${at}`,
      `linkerd check --proxy (${target})`,
      async () => {
        await checkUntilPass(steps, target, ['--proxy', '--namespace', SAMPLE_NAMESPACE]);
        const versions = (await proxyVersions(steps, target, SAMPLE_NAMESPACE)).proxies ?? [];
        ctx.report.proxyVersions.push({ stage: `after-rollout${at}`, versions });
        const stale = versions.filter((v) => v.version !== target);
        if (stale.length > 0 || versions.length === 0) {
          const found = versions.map((v) => `${v.version} (${v.pods} pods)`).join(', ') || 'none';
          throw new PhaseStop('fail', `after the rollout every proxy should run ${target}; found ${found}`);
        }
      },
      'fail',
    );
  await checkWith(checkProxies, hop.afterRoll?.(state));
  return { ...installed, state };
}

/**
 * A check, then the hook's scenarios; side by side when they only read (a check reads, so
 * neither can change what the other sees), which saves the check's time: `linkerd check` takes
 * seconds whatever it finds. A failed check still stops the upgrade, once both are done.
 */
async function checkWith(check: () => Promise<unknown>, hook: HookRun | undefined): Promise<void> {
  if (!hook?.alongsideCheck) {
    await check();
    return hook?.run();
  }
  const settled = await Promise.allSettled([check(), hook.run()]);
  for (const result of settled) if (result.status === 'rejected') throw result.reason;
}
