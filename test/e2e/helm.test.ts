import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCanaryCli } from '../helpers/canary-run.js';
import { chartsUnavailable, serveChartRepo } from '../helpers/linkerd-charts.js';
import { hasLinkerd, missingLinkerd, simToolsDir } from '../helpers/sim-tools.js';

const toolsDir = simToolsDir();
const unavailable = chartsUnavailable(toolsDir);

const CASES = [
  ...(['reuse', 'reset-then-reuse', 'fresh'] as const).map((mode) => ({ from: 'edge-25.10.7', to: 'edge-26.8.3', mode, charts: 'repo' as const })),
  ...(['reuse', 'reset-then-reuse'] as const).map((mode) => ({ from: 'edge-26.8.2', to: 'edge-26.8.3', mode, charts: 'repo' as const })),
  // Air-gapped: the same charts as a directory of packages, no repository.
  { from: 'edge-26.8.2', to: 'edge-26.8.3', mode: 'fresh' as const, charts: 'dir' as const },
  // 2.18 -> 2.19 across the Gateway API boundary: CRDs installed before Linkerd, kept by both charts.
  { from: 'edge-25.4.4', to: 'edge-25.10.7', mode: 'reset-then-reuse' as const, charts: 'repo' as const },
  // Across the switch from enableHttpRoutes to installGatewayAPI, with the CRDs Linkerd's own (auto for edge-24.11.8).
  { from: 'edge-24.11.8', to: 'edge-25.4.4', mode: 'reset-then-reuse' as const, charts: 'repo' as const },
];
const TAGS = [...new Set(CASES.flatMap((c) => [c.from, c.to]))];

const chartRepo = serveChartRepo(toolsDir, TAGS);

describe.each(CASES.map((c, i) => ({ ...c, i })))('Helm $from -> $to, helm-upgrade-values $mode, charts from a $charts', ({ from, to, mode, charts, i }) => {
  const missing = missingLinkerd(toolsDir, from, to);
  const skip = unavailable ?? (missing.length ? `needs ${missing.join(', ')} in ${toolsDir}` : undefined);
  // --reuse-values keeps the old chart's linkerdVersion (Helm reuses defaults too): documented Helm behaviour, so a warning.
  const warns = mode === 'reuse';

  it.skipIf(skip !== undefined)(
    skip ? `skipped: ${skip}` : `passes${warns ? ', warning why the first upgrade kept the old version' : ''}, with the charts and values mode in the report`,
    async () => {
      const repo = charts === 'dir' ? chartRepo.dir() : chartRepo.url();
      const {
        report,
        output,
        dir: reportDir,
      } = await runCanaryCli(toolsDir, {
        from,
        to,
        'install-method': 'helm',
        'helm-upgrade-values': mode,
        'chart-repo': repo,
        'cluster-name': `helm-e2e-${i}`,
      });
      expect(report.result, output).toBe('pass');
      const version = (tag: string) => `20${tag.slice('edge-'.length)}`;
      const upgrade = { tag: to, chart: 'linkerd-control-plane', version: version(to), action: 'upgrade' };
      expect(report.helm).toEqual({
        valuesMode: mode,
        releases: [
          { tag: from, chart: 'linkerd-crds', version: version(from), action: 'install' },
          { tag: from, chart: 'linkerd-control-plane', version: version(from), action: 'install' },
          { tag: to, chart: 'linkerd-crds', version: version(to), action: 'upgrade' },
          // The upgrade made again as the warning advises.
          ...(warns ? [upgrade, upgrade] : [upgrade]),
        ],
      });
      expect(await readdir(join(reportDir, 'manifests'))).toEqual(
        expect.arrayContaining([`install-${from}-helm-linkerd-control-plane.yaml`, `upgrade-${to}-helm-linkerd-crds.yaml`]),
      );
      expect(report.proxyVersions.find((s) => s.stage === 'after-rollout')?.versions.map((v) => v.version)).toEqual([to]);
      const upgradeWarnings = report.warnings.filter((w) => w.where === 'upgrade-control-plane');
      expect(report.warnings.filter((w) => w.where !== 'upgrade-control-plane' && w.where !== 'impact')).toEqual([]);
      // The review of what the upgrade applied: from edge-24.11.8 the Gateway API CRDs store v1, which its own CRDs do not serve (no rollback).
      const impactWarnings = report.warnings.filter((w) => w.where === 'impact').map((w) => w.reason);
      if (from === 'edge-24.11.8')
        expect(impactWarnings).toEqual(
          expect.arrayContaining([expect.stringContaining('httproutes.gateway.networking.k8s.io: objects written after the upgrade are stored as v1')]),
        );
      else expect(impactWarnings).toEqual([]);
      expect(upgradeWarnings.map((w) => w.reason)).toEqual(
        warns ? [`left linkerd-control-plane on linkerdVersion ${from}, not ${to}; upgraded again with --reset-then-reuse-values`] : [],
      );
    },
  );
});

describe('a failing Helm step', () => {
  const missing = !hasLinkerd(toolsDir, 'edge-26.8.2', 'edge-26.8.3') ? `needs linkerd-edge-26.8.2 and linkerd-edge-26.8.3 in ${toolsDir}` : undefined;
  const skip = unavailable ?? missing;

  it.skipIf(skip !== undefined)(skip ? `skipped: ${skip}` : 'is reported like a CLI step: argv, exit code, output tail and the failing template', async () => {
    // A table value set to a string: the chart's templates cannot render it.
    const { report, output } = await runCanaryCli(toolsDir, {
      from: 'edge-26.8.2',
      to: 'edge-26.8.3',
      'install-method': 'helm',
      'chart-repo': chartRepo.url(),
      'cluster-name': 'helm-e2e-fail',
      'install-arg': '--set proxy.image=oops',
    });
    expect(report.result, output).toBe('error');
    const install = report.phases.find((p) => p.name === 'install-from')!;
    expect(install.reason).toMatch(
      /^helm install linkerd-control-plane 2026.8.2 \(edge-26.8.2\) \(failing template: linkerd-control-plane\/charts\/partials\/templates\/_metadata.tpl line \d+ \(included from linkerd-control-plane\/templates\/[\w-]+.yaml line \d+\)\): exit code 1 \(Error: INSTALLATION FAILED: .+\): \S+\/helm /,
    );
    expect(install.failedCommand?.argv).toEqual(expect.arrayContaining(['install', 'linkerd-control-plane', '--set', 'proxy.image=oops']));
    expect(install.failedCommand?.outputTail).toContain("can't evaluate field");
    expect(await readdir(report.diagnosticsDir!)).toEqual(expect.arrayContaining(['helm-linkerd-crds-history.txt', 'helm-linkerd-control-plane-history.txt']));
  });
});
