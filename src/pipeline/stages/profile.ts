import { join } from 'node:path';
import { PhaseStop } from '../../process/expect-success.js';
import { prepareExternalIssuer } from '../../profiles/external-issuer.js';
import type { ScenarioContext } from '../../scenarios/engine.js';
import { runScenario } from '../../scenarios/engine.js';
import type { RunContext } from '../context.js';
import type { InstallProfile } from '../../profiles/model.js';
import type { PreparedIdentity, StepContext } from '../linkerd-steps.js';

/**
 * What the install profile needs on the cluster before `from` is installed: the built-in
 * preparation (external-issuer's certificates) and a profile file's own steps, run by the
 * scenario engine and reported as a scenario of the before-install phase. A failure here is an
 * error of the setup, like a failed install.
 */
export async function prepareProfileStage(ctx: RunContext, steps: StepContext, profile: InstallProfile, scenarios: ScenarioContext): Promise<PreparedIdentity> {
  if (!profile.prepareBuiltIn && !profile.prepare) return {};
  return ctx.phase('prepare-profile', `Prepare profile ${profile.name}`, async () => {
    const identity: PreparedIdentity =
      profile.prepareBuiltIn === 'external-issuer'
        ? { externalTrustAnchor: await prepareExternalIssuer(ctx.run, steps.kubectl, join(ctx.workDir, 'external-issuer')) }
        : {};
    if (!profile.prepare) return identity;
    const report = await runScenario(
      {
        name: `profile-${profile.name}`.slice(0, 40),
        description: `preparation of install profile ${profile.name}`,
        phases: ['before-install'],
        steps: profile.prepare,
        file: profile.file ?? profile.name,
      },
      'before-install',
      scenarios,
    );
    ctx.report.scenarios.push(report);
    if (report.verdict !== 'pass') throw new PhaseStop('error', `the preparation steps of profile ${profile.name}: ${report.verdict}: ${report.reason ?? ''}`);
    return identity;
  });
}
