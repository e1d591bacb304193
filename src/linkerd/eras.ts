import { parseTag } from '../versions/tag.js';

/**
 * What a Linkerd version's CLI can do, from its tag. Thresholds (see docs/linkerd-eras.md):
 * - separate CRD install (`install --crds`): edge-22.4.1 / stable-2.12.0 and later;
 * - Gateway API CRDs no longer installed by default: edge-25.10.7 (2.19) and later.
 * `linkerd prune` is detected from the CLI itself (`prune --help`) rather than guessed.
 */
export interface Era {
  separateCrds: boolean;
  needsGatewayApiCrds: boolean;
}

export function eraOf(tag: string): Era {
  const t = parseTag(tag);
  if (t?.kind === 'edge') {
    const at = (y: number, m: number, n: number) =>
      t.year > y || (t.year === y && (t.month > m || (t.month === m && t.n >= n)));
    return { separateCrds: at(22, 4, 1), needsGatewayApiCrds: at(25, 10, 7) };
  }
  if (t?.kind === 'stable') {
    return { separateCrds: t.major > 2 || t.minor >= 12, needsGatewayApiCrds: false };
  }
  throw new Error(`not a release tag: ${tag}`);
}

/** One step of an install or upgrade: render with the Linkerd CLI, then apply or delete with kubectl. */
export interface RenderStep {
  /** Short name for the report, e.g. `install --crds`. */
  name: string;
  /** Linkerd CLI arguments. */
  render: string[];
  /** kubectl arguments taking the rendered file with `-f <file>` appended. */
  kubectl: string[];
}

const APPLY = ['apply', '-f'];

/** Install of `tag`: one manifest before 2.12, CRDs then control plane since. */
export function installPlan(tag: string, installArgs: readonly string[]): RenderStep[] {
  if (!eraOf(tag).separateCrds) return [{ name: 'install', render: ['install', ...installArgs], kubectl: APPLY }];
  return [
    { name: 'install --crds', render: ['install', '--crds'], kubectl: APPLY },
    { name: 'install', render: ['install', ...installArgs], kubectl: APPLY },
  ];
}

/**
 * Upgrade to `tag`. Before 2.12 one manifest applied with --prune on the control-plane label;
 * since, CRDs then control plane, then (where the CLI has it) `prune` piped to delete.
 */
export function upgradePlan(tag: string, hasPrune: boolean): RenderStep[] {
  if (!eraOf(tag).separateCrds) {
    return [
      {
        name: 'upgrade',
        render: ['upgrade'],
        kubectl: ['apply', '--prune', '-l', 'linkerd.io/control-plane-ns=linkerd', '-f'],
      },
    ];
  }
  const steps: RenderStep[] = [
    { name: 'upgrade --crds', render: ['upgrade', '--crds'], kubectl: APPLY },
    { name: 'upgrade', render: ['upgrade'], kubectl: APPLY },
  ];
  if (hasPrune) steps.push({ name: 'prune', render: ['prune'], kubectl: ['delete', '--ignore-not-found', '-f'] });
  return steps;
}
