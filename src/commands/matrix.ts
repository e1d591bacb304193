import type { MatrixConfig } from '../inputs/command-validate.js';
import { releaseLoader } from '../pipeline/execute.js';
import { cellCode, code } from '../report/markdown.js';
import { ReleaseList } from '../versions/releases.js';
import { computePaths, type UpgradePath } from '../matrix/paths.js';

export interface MatrixResult {
  paths: UpgradePath[];
  /** For `strategy.matrix`: runnable paths only (a skipped one has no Kubernetes version). */
  matrix: { include: Record<string, string>[] };
  to: string;
  markdown: string;
}

export async function buildMatrix(config: MatrixConfig): Promise<MatrixResult> {
  const list = new ReleaseList(await releaseLoader(config)());
  const paths = computePaths(list, config);
  const include = paths
    .filter((p) => !p.skipped)
    .map((p) => ({
      name: p.name,
      key: p.key,
      from: p.from,
      via: p.via.join('\n'),
      to: p.to,
      'install-method': p.installMethod ?? 'cli',
      'kubernetes-version': p.kubernetesVersion!,
      'kind-version': p.kindVersion!,
    }));
  const to = paths[0]?.to ?? config.to;
  return { paths, matrix: { include }, to, markdown: matrixMarkdown(paths, to) };
}

function matrixMarkdown(paths: readonly UpgradePath[], to: string): string {
  const kubernetes = (p: UpgradePath) => (p.kubernetesVersion ? `${p.kubernetesVersion.replace(/@.*$/, '')} (kind ${p.kindVersion})` : '');
  // Names and keys come from the release list: data, so code spans.
  const rows = paths.map((p) => `| ${cellCode(p.name)} | ${cellCode(p.key)} | ${cellCode(kubernetes(p))} | ${p.skipped ? `⏭️ skipped: ${cellCode(p.skipped)}` : 'runs'} |`);
  return [`## edge-canary matrix: ${paths.length} upgrade paths into ${code(to)}`, '', '| Path | Key | Kubernetes | |', '| --- | --- | --- | --- |', ...rows, ''].join('\n');
}
