import { describe, expect, it } from 'vitest';
import { runCanaryCli } from './canary-run.js';
import { KNOWN_GOOD, pathName, type KnownGoodPath } from './known-good.js';
import { chartsUnavailable, serveChartRepo } from './linkerd-charts.js';
import { missingLinkerd, simToolsDir } from './sim-tools.js';

/**
 * Runs one group of the known-good corpus, a path after another, each a whole canary through
 * the bundled CLI with the defaults: it must pass, with exactly its listed warnings.
 */
export function knownGoodGroup(group: KnownGoodPath['group']): void {
  const toolsDir = simToolsDir();
  const paths = KNOWN_GOOD.filter((p) => p.group === group);
  const helmTags = [...new Set(paths.filter((p) => p.inputs?.['install-method'] === 'helm').flatMap((p) => [p.from, p.to]))];
  const charts = helmTags.length ? serveChartRepo(toolsDir, helmTags) : undefined;

  describe(`known-good corpus, ${group}: every built-in scenario, real CLIs${charts ? ' and charts' : ''}`, () => {
    for (const [i, path] of paths.entries()) {
      const tags = [path.from, ...(path.via ?? []), path.to];
      const missing = missingLinkerd(toolsDir, ...tags);
      const helm = path.inputs?.['install-method'] === 'helm';
      const skip = missing.length ? `needs ${missing.join(', ')} in ${toolsDir}` : helm ? chartsUnavailable(toolsDir) : undefined;
      it.skipIf(skip !== undefined)(
        skip ? `${pathName(path)}: skipped: ${skip}` : `${pathName(path)} passes${path.warnings.length ? ', warning only what Linkerd does not promise' : ''}`,
        async () => {
          const inputs = {
            from: path.from,
            to: path.to,
            scenarios: 'builtin',
            'cluster-name': `good-${group}-${i}`,
            ...(path.via ? { via: path.via.join('\n') } : {}),
            ...(helm ? { 'chart-repo': charts!.url() } : {}),
            ...path.inputs,
          };
          const { report, output } = await runCanaryCli(toolsDir, inputs);
          const notPassing = report.scenarios.filter((s) => s.verdict !== 'pass' && s.verdict !== 'warn' && s.verdict !== 'skipped');
          expect(
            notPassing.map((s) => `${s.name}@${s.phase}: ${s.verdict}: ${s.reason}`),
            output,
          ).toEqual([]);
          expect(report.result, output).toBe('pass');
          expect(report.warnings.map((w) => `${w.where}: ${w.step}`)).toEqual(path.warnings);
          for (const w of report.warnings) expect(w.why.length).toBeGreaterThan(0);
          expect(report.proxyVersions.at(-1)?.versions.map((v) => v.version)).toEqual([path.to]);
        },
      );
    }
  });
}
