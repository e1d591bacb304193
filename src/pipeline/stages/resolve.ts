import { InputError } from '../../inputs/input-error.js';
import { gatewayApiOwner, gatewayApiOwnerProblem, type GatewayApiOwner } from '../../linkerd/eras.js';
import { PhaseStop } from '../../process/expect-success.js';
import { loadProfiles } from '../../profiles/load.js';
import { profileParts, unsupportedOnPath, type InstallProfile } from '../../profiles/model.js';
import { loadScenarios } from '../../scenarios/load.js';
import type { Scenario } from '../../scenarios/model.js';
import { ReleaseList } from '../../versions/releases.js';
import { resolveVersions, resolveVia } from '../../versions/selectors.js';
import type { RunContext } from '../context.js';
import { helmInput } from '../helm-steps.js';
import type { HelmValues } from '../../linkerd/helm-values.js';

export interface Plan {
  from: string;
  /** Intermediate hops of a multi-hop path, in order. */
  via: string[];
  to: string;
  /** Who owns the Gateway API CRDs from the install of `from` on (none: the cluster gets none). */
  gatewayApi: GatewayApiOwner | undefined;
  /** The install profile (several given are combined into one). */
  profile: InstallProfile;
  /** install-args as chart values, for install-method helm. */
  helmValues?: HelmValues;
  scenarios: Scenario[];
}

/**
 * Everything decided from input alone, before any tool or cluster work, so that a typo costs
 * seconds: the versions against the release list, the Gateway API owner `from` can install
 * with, the install profile (a path with a version that lacks one of its settings is skipped),
 * and the scenario files.
 */
export async function resolveStage(ctx: RunContext): Promise<Plan> {
  const { config, report } = ctx;
  const versions = await ctx.phase('resolve-versions', 'Resolve versions', async () => {
    const list = new ReleaseList(await ctx.hooks.loadReleases(ctx.signal));
    const { from, to } = resolveVersions(list, config);
    const via = resolveVia(list, config.via, from, to);
    report.from = from;
    report.to = to;
    if (via.length) report.via = via;
    const gatewayApi = gatewayApiOwner(config.gatewayApi, from);
    const problem = gatewayApiOwnerProblem(gatewayApi, from);
    if (problem) throw new InputError('gateway-api', config.gatewayApi, problem);
    if (gatewayApi) report.gatewayApi = gatewayApi;
    const helmValues = config.installMethod === 'helm' ? helmInput(config.installArgs, [from, ...via, to]) : undefined;
    const profile = await loadProfiles(config.profiles);
    report.profile = { name: profile.name, parts: profileParts(profile) };
    const unsupported = unsupportedOnPath(profile, [from, ...via, to]);
    if (unsupported) throw new PhaseStop('skipped', unsupported);
    return { from, via, to, gatewayApi, profile, ...(helmValues ? { helmValues } : {}) };
  });
  ctx.log(`  ${[versions.from, ...versions.via, versions.to].join(' -> ')} on ${config.provider}, profile ${versions.profile.name}`);
  // `none` alone (turning off the default `builtin`) loads nothing, so there is no phase for it.
  const wanted = config.scenarios.some((entry) => entry !== 'none');
  const scenarios = wanted ? await ctx.phase('load-scenarios', 'Load scenarios', () => loadScenarios(config.scenarios)) : [];
  return { ...versions, scenarios };
}
