import { describe, expect, it } from 'vitest';
import { impactCommand } from '../../src/commands/impact.js';
import { validateImpactOptions } from '../../src/inputs/impact-options.js';
import { buildChartRepo, chartsUnavailable } from '../helpers/linkerd-charts.js';
import { runCanaryCli } from '../helpers/canary-run.js';
import { missingLinkerd, simToolsDir } from '../helpers/sim-tools.js';

// No cluster: the review renders with the real CLIs and charts of each version and compares.
const toolsDir = simToolsDir();

describe('edge-canary impact with real charts', () => {
  const unavailable = chartsUnavailable(toolsDir);

  it.skipIf(unavailable !== undefined)(
    unavailable
      ? `skipped: ${unavailable}`
      : 'Helm edge-24.11.8 -> edge-25.10.7: warns that the plain upgrade deletes the Gateway API CRDs, and the upgrade as configured does not',
    async () => {
      const repo = await buildChartRepo(toolsDir, ['edge-24.11.8', 'edge-25.10.7']);
      const { review, text } = await impactCommand(
        validateImpactOptions({ from: 'edge-24.11.8', to: 'edge-25.10.7', 'install-method': 'helm', 'chart-repo': repo, 'tools-dir': toolsDir }),
      );
      expect(
        review.objects.removed.filter((r) => r.kind === 'CustomResourceDefinition'),
        text,
      ).toEqual([]);
      const plainWarnings = review.warnings.filter((w) => w.step === 'plain upgrade').map((w) => w.reason);
      expect(plainWarnings, text).toEqual(
        expect.arrayContaining([
          expect.stringContaining(
            'deletes CustomResourceDefinition httproutes.gateway.networking.k8s.io, and with it every HTTPRoute.gateway.networking.k8s.io',
          ),
        ]),
      );
      expect(review.chartValues?.find((c) => c.chart === 'linkerd-crds')?.changes).toEqual(
        expect.arrayContaining([expect.objectContaining({ path: 'installGatewayAPI' })]),
      );
    },
  );
});

describe('edge-canary impact with real CLIs', () => {
  const missing = missingLinkerd(toolsDir, 'edge-26.8.2', 'edge-26.8.3');
  const skip = missing.length ? `needs ${missing.join(', ')} in ${toolsDir}` : undefined;

  it.skipIf(skip !== undefined)(skip ? `skipped: ${skip}` : 'CLI edge-26.8.2 -> edge-26.8.3: an impact (new images), no warnings', async () => {
    const { review, text } = await impactCommand(validateImpactOptions({ from: 'edge-26.8.2', to: 'edge-26.8.3', 'tools-dir': toolsDir }));
    expect(review.warnings, text).toEqual([]);
    expect(
      review.images.to.some((image) => image.endsWith(':edge-26.8.3')),
      text,
    ).toBe(true);
    expect(review.images.changed.length, text).toBeGreaterThan(0);
  });
});

describe('the impact review of a real Helm run', () => {
  const unavailable = chartsUnavailable(toolsDir);
  const missing = missingLinkerd(toolsDir, 'edge-24.11.8', 'edge-25.10.7');
  const skip = unavailable ?? (missing.length ? `needs ${missing.join(', ')} in ${toolsDir}` : undefined);

  it.skipIf(skip !== undefined)(
    skip
      ? `skipped: ${skip}`
      : "Helm edge-24.11.8 -> edge-25.10.7: the run passes and warns that the plain upgrade deletes the Gateway API CRDs, naming the user's HTTPRoute",
    async () => {
      const repo = await buildChartRepo(toolsDir, ['edge-24.11.8', 'edge-25.10.7']);
      const { report, output } = await runCanaryCli(toolsDir, {
        from: 'edge-24.11.8',
        to: 'edge-25.10.7',
        'install-method': 'helm',
        'chart-repo': repo,
        scenarios: 'none',
        'cluster-name': 'impact-helm-run',
      });
      expect(report.result, output).toBe('pass');
      const plain = report.warnings.filter((w) => w.where === 'impact' && w.step === 'plain upgrade').map((w) => w.reason);
      expect(plain, plain.join('\n')).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/deletes CustomResourceDefinition httproutes\.gateway\.networking\.k8s\.io.*HTTPRoute edge-canary-sample\/server-route/),
        ]),
      );
      expect(report.impact?.warnings.length).toBe(report.warnings.filter((w) => w.where === 'impact').length);
    },
  );
});
