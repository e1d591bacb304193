import { describe, expect, it } from 'vitest';
import { runCanaryCli } from '../helpers/canary-run.js';
import { chartsUnavailable, serveChartRepo } from '../helpers/linkerd-charts.js';
import { missingLinkerd, simToolsDir } from '../helpers/sim-tools.js';

const toolsDir = simToolsDir();
const FROM = 'edge-26.8.2';
const TO = 'edge-26.8.3';
const chartRepo = serveChartRepo(toolsDir, [FROM, TO]);

// The optional built-in, named, after a real upgrade: back to from with the method's own way, then from's CLI and the user's objects.
describe.each(['cli', 'helm'] as const)(`rollback after ${FROM} -> ${TO} with install-method %s`, (method) => {
  const missing = missingLinkerd(toolsDir, FROM, TO);
  const skip = (method === 'helm' ? chartsUnavailable(toolsDir) : undefined) ?? (missing.length ? `needs ${missing.join(', ')} in ${toolsDir}` : undefined);

  it.skipIf(skip !== undefined)(
    skip ? `skipped: ${skip}` : 'goes back to from, which then passes its checks with the user objects still there, after every other scenario',
    async () => {
      const { report, output, commands } = await runCanaryCli(toolsDir, {
        from: FROM,
        to: TO,
        'install-method': method,
        scenarios: 'rollback\nresources-survive',
        'cluster-name': `rollback-${method}`,
        ...(method === 'helm' ? { 'chart-repo': chartRepo.url() } : {}),
      });
      expect(report.result, output).toBe('pass');
      const after = report.scenarios.filter((s) => s.phase === 'after-upgrade');
      // Last of its phase, alone: resources-survive saw the upgraded control plane, not the rolled-back one.
      expect(after.map((s) => [s.name, s.verdict])).toEqual([
        ['rollback', 'pass'],
        ['resources-survive', 'pass'],
      ]);
      const started = (name: string) =>
        after
          .find((s) => s.name === name)!
          .attempts.flatMap((a) => a.steps.flatMap((st) => st.operations.flatMap((o) => (o.command ? [Date.parse(o.command.startedAt)] : []))));
      expect(Math.max(...started('resources-survive'))).toBeLessThan(Math.min(...started('rollback')));
      // The way back is the run's own installer, recorded in the phase: Helm's rollback to revision 1, or from's CLI rendering its upgrade.
      const ran = commands('scenarios@after-upgrade');
      if (method === 'helm')
        expect(
          ran.filter((c) => / rollback /.test(c)).map((c) => c.split(' rollback ')[1]),
          ran.join('\n'),
        ).toEqual(['linkerd-control-plane 1', 'linkerd-crds 1']);
      else {
        const upgrades = ran
          .filter((c) => c.includes(`linkerd-${FROM} `) && c.includes(' upgrade'))
          .map((c) => c.split(' --kubeconfig ')[1]!.replace(/^\S+ /, ''));
        expect(upgrades, ran.join('\n')).toEqual(['upgrade --crds --set installGatewayAPI=false', 'upgrade --set installGatewayAPI=false']);
        // The control plane's patches from kubectl's built-in types, as in the upgrade (kubectl of the cluster's minor).
        expect(ran.filter((c) => / apply (--openapi-patch=false )?-f \S+\/rollback-/.test(c)).map((c) => /rollback-\S+/.exec(c)![0])).toEqual([
          `rollback-${FROM}-1-upgrade-crds.yaml`,
          `rollback-${FROM}-2-upgrade.yaml`,
        ]);
        expect(ran.filter((c) => / apply --openapi-patch=false -f \S+\/rollback-/.test(c))).toHaveLength(1);
      }
    },
  );
});
