import { describe, expect, it } from 'vitest';
import { runCanaryCli, type CanaryRun } from '../helpers/canary-run.js';
import { chartsUnavailable, serveChartRepo } from '../helpers/linkerd-charts.js';
import { missingLinkerd, simToolsDir } from '../helpers/sim-tools.js';

const toolsDir = simToolsDir();
const unavailable = chartsUnavailable(toolsDir);
const PATHS = [
  { from: 'edge-26.8.2', to: 'edge-26.8.3' },
  // The path where the CLI's external-issuer install hits linkerd/linkerd2#15025; the charts never store an issuer.
  { from: 'edge-25.10.7', to: 'edge-26.8.3' },
];
const chartRepo = serveChartRepo(toolsDir, ['edge-25.10.7', 'edge-26.8.2', 'edge-26.8.3']);

const helmCommand = (run: CanaryRun, phase: string, verb: string) => run.commands(phase).find((c) => c.includes(` ${verb} linkerd-control-plane `)) ?? '';

/** What each built-in profile must leave in the Helm commands and the rendered control plane of both versions. */
const EXPECT: Record<string, (run: CanaryRun, from: string, to: string) => Promise<void>> = {
  ha: async (run, from, to) => {
    expect(helmCommand(run, 'install-from', 'install')).toMatch(/ --values \S+\/linkerd-control-plane\/values-ha.yaml --values \S+\/profile-values.yaml$/);
    for (const file of [`install-${from}-helm-linkerd-control-plane.yaml`, `upgrade-${to}-helm-linkerd-control-plane.yaml`]) {
      const manifest = await run.manifest(file);
      expect(manifest.match(/replicas: 3/g)?.length, file).toBeGreaterThanOrEqual(3);
      expect(manifest, file).toContain('requiredDuringSchedulingIgnoredDuringExecution');
    }
  },
  'external-issuer': async (run, from, to) => {
    const install = helmCommand(run, 'install-from', 'install');
    const anchor = run
      .commands('prepare-profile')
      .find((c) => c.startsWith('openssl req -x509'))!
      .split(' -out ')[1];
    expect(install).toContain(`--set-file identityTrustAnchorsPEM=${anchor}`);
    expect(install).not.toContain('identity.issuer.tls');
    for (const file of [`install-${from}-helm-linkerd-control-plane.yaml`, `upgrade-${to}-helm-linkerd-control-plane.yaml`]) {
      const manifest = await run.manifest(file);
      // The chart reads the issuer the run made; it renders neither the issuer Secret nor the trust roots.
      expect(manifest, file).toContain('-identity-scheme=kubernetes.io/tls');
      expect(manifest, file).not.toMatch(/^ {2}name: linkerd-identity-issuer$/m);
      expect(manifest, file).not.toMatch(/^ {2}name: linkerd-identity-trust-roots$/m);
    }
  },
  'custom-values': async (run, from, to) => {
    expect(await run.manifest(`install-${from}-helm-linkerd-control-plane.yaml`)).toContain('-identity-issuance-lifetime=48h0m0s');
    expect(await run.manifest(`upgrade-${to}-helm-linkerd-control-plane.yaml`)).toContain('-log-level=debug');
    const injected = await run.manifest(`roll-${to}-injected.yaml`);
    expect(injected).toMatch(/name: LINKERD2_PROXY_LOG_FORMAT\s+value: "?json"?/);
    expect(injected).toMatch(/limits:\s+cpu: "1"\s+memory: "?256Mi"?/);
  },
};

describe.each(PATHS)('Helm $from -> $to with each built-in profile', ({ from, to }) => {
  const missing = missingLinkerd(toolsDir, from, to);
  const skip = unavailable ?? (missing.length ? `needs ${missing.join(', ')} in ${toolsDir}` : undefined);

  it.skipIf(skip !== undefined).each(Object.keys(EXPECT))(
    skip ? `skipped: ${skip} (%s)` : 'passes with profile %s, the profile in the charts of both versions',
    async (profile) => {
      const run = await runCanaryCli(toolsDir, {
        from,
        to,
        profile,
        'install-method': 'helm',
        'chart-repo': chartRepo.url(),
        'cluster-name': `helm-profile-${profile}`,
      });
      expect(run.report.result, run.output).toBe('pass');
      expect(run.report.profile?.name).toBe(profile);
      expect(run.output).toContain(`${from} -> ${to} with profile ${profile} on kwok`);
      await EXPECT[profile]!(run, from, to);
    },
  );
});
