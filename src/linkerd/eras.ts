import { BUILT_IN_PATCHES } from '../cluster/kubectl.js';
import type { GatewayApiMode } from '../inputs/options.js';
import { parseTag, type Tag } from '../versions/tag.js';

/**
 * What a Linkerd version's CLI needs to install and upgrade, from its tag. Every threshold is
 * measured with that version's real CLI; docs/linkerd-eras.md has the table and the evidence.
 * `linkerd prune` is detected from the CLI itself (`prune --help`) rather than by version.
 */
export interface Era {
  /** `install --crds` then `install` (edge-22.4.1, stable-2.12.0 and later). */
  separateCrds: boolean;
  /**
   * The chart value that makes `install --crds` render the Gateway API CRDs, where the version
   * ships them: `enableHttpRoutes` from edge-23.7.1 and stable-2.14.0, `installGatewayAPI`
   * from edge-25.3.1.
   */
  gatewayApiValue?: 'enableHttpRoutes' | 'installGatewayAPI';
  /**
   * Whether a plain `install --crds` of this CLI installs them on a cluster without them: yes
   * from edge-23.7.1 (the value defaults to true); no from edge-25.3.1, whose CLI sets the value
   * from the cluster (true only where Linkerd already owns them). The chart's own default stayed
   * true until edge-25.9.4, which matters to Helm users only.
   */
  gatewayApiByDefault: boolean;
  /**
   * `install --crds` refuses a cluster without the Gateway API CRDs (edge-25.3.4 and later):
   * "The Gateway API CRDs must be installed prior to installing Linkerd".
   */
  refusesAbsentGatewayApi: boolean;
  /** ... unless told to install them itself with `installGatewayAPI=true` (edge-25.4.1 and later). */
  installsAbsentGatewayApi: boolean;
  /** The oldest Kubernetes its checks accept (`pkg/k8s` minAPIVersion), as `1.N`. */
  minKubernetes: string;
}

/** Whether the tag is at or after the given edge, or (for stables) at or after the given minor. */
function since(t: Extract<Tag, { kind: 'edge' | 'stable' }>, edge: [number, number, number], stableMinor: number | undefined): boolean {
  if (t.kind === 'stable') return stableMinor !== undefined && (t.major > 2 || t.minor >= stableMinor);
  const [y, m, n] = edge;
  return t.year > y || (t.year === y && (t.month > m || (t.month === m && t.n >= n)));
}

/** Minimum Kubernetes by the first edge that raised it; every open-source stable (2.12 to 2.14) needs 1.21. */
const MIN_KUBERNETES: readonly [[number, number, number], string][] = [
  [[26, 5, 1], '1.31'],
  [[25, 2, 3], '1.23'],
  [[23, 12, 2], '1.22'],
  [[22, 6, 2], '1.21'],
];

export function eraOf(tag: string): Era {
  const parsed = parseTag(tag);
  if (parsed?.kind !== 'edge' && parsed?.kind !== 'stable') throw new Error(`not a release tag: ${tag}`);
  const t = parsed;
  const at = (edge: [number, number, number], stableMinor?: number) => since(t, edge, stableMinor);
  const gatewayApiValue = at([25, 3, 1]) ? 'installGatewayAPI' : at([23, 7, 1], 14) ? 'enableHttpRoutes' : undefined;
  return {
    separateCrds: at([22, 4, 1], 12),
    ...(gatewayApiValue ? { gatewayApiValue } : {}),
    gatewayApiByDefault: gatewayApiValue !== undefined && !at([25, 3, 1]),
    refusesAbsentGatewayApi: at([25, 3, 4]),
    installsAbsentGatewayApi: at([25, 4, 1]),
    minKubernetes: t.kind === 'stable' ? '1.21' : (MIN_KUBERNETES.find(([edge]) => at(edge))?.[1] ?? '1.20'),
  };
}

/**
 * Who owns the Gateway API CRDs on the cluster under test:
 * - `linkerd`: Linkerd's CRD chart installs and upgrades them (what versions before edge-25.3.4
 *   did by default, and what later ones do with `installGatewayAPI=true`);
 * - `external`: applied before Linkerd (the standard install), and Linkerd told not to touch them.
 */
export type GatewayApiOwner = 'linkerd' | 'external';

/**
 * `auto` follows what a user of `from` got by default: Linkerd-managed CRDs from edge-23.7.1
 * to edge-25.2.x (its CRD install added them), none before that nor from edge-25.3.1 to
 * edge-25.3.3 (the CLI stopped adding them and did not yet require them), and CRDs installed
 * beforehand from edge-25.3.4 (the CLI requires them). Upgrades add them where a hop needs them.
 */
export function gatewayApiOwner(mode: GatewayApiMode, from: string): GatewayApiOwner | undefined {
  if (mode !== 'auto') return mode;
  const era = eraOf(from);
  if (era.refusesAbsentGatewayApi) return 'external';
  return era.gatewayApiByDefault ? 'linkerd' : undefined;
}

/**
 * Why `tag` cannot install with that owner on a cluster without the CRDs, if it cannot:
 * edge-25.3.4 refuses to install them itself, and versions before edge-23.7.1 do not ship them.
 */
export function gatewayApiOwnerProblem(owner: GatewayApiOwner | undefined, tag: string): string | undefined {
  if (owner !== 'linkerd') return undefined;
  const era = eraOf(tag);
  if (!era.gatewayApiValue) return `${tag} does not ship the Gateway API CRDs, so Linkerd cannot own them`;
  if (era.refusesAbsentGatewayApi && !era.installsAbsentGatewayApi) {
    return `${tag} refuses to install the Gateway API CRDs itself on a cluster without them (installsAbsentGatewayApi from edge-25.4.1)`;
  }
  return undefined;
}

/** `--set` arguments for `install --crds` / `upgrade --crds` of `tag` that keep the CRDs with their owner. */
export function gatewayApiValues(owner: GatewayApiOwner | undefined, tag: string): string[] {
  const value = eraOf(tag).gatewayApiValue;
  if (!owner || !value) return [];
  return ['--set', `${value}=${owner === 'linkerd'}`];
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

/**
 * Install of `tag`: one manifest before 2.12, CRDs then control plane since. The Gateway API
 * setting goes to both: the control-plane install renders the CRDs again to check they are in
 * place, and without the same setting it expects its own (edge-24.11.8, measured: "Linkerd CRDs
 * must be installed first" on a cluster with external Gateway API CRDs).
 */
export function installPlan(tag: string, installArgs: readonly string[], gatewayApiArgs: readonly string[] = []): RenderStep[] {
  if (!eraOf(tag).separateCrds) return [{ name: 'install', render: ['install', ...installArgs], kubectl: APPLY }];
  return [
    { name: 'install --crds', render: ['install', '--crds', ...gatewayApiArgs], kubectl: APPLY },
    { name: 'install', render: ['install', ...installArgs, ...gatewayApiArgs], kubectl: APPLY },
  ];
}

/**
 * Upgrade to `tag`. Before 2.12 one manifest applied with --prune on the control-plane label;
 * since, CRDs then control plane, then (where the CLI has it) `prune` piped to delete.
 * `builtInPatches`: kubectl is of the cluster's minor, so the control plane's apply (the one that
 * patches Kubernetes' own kinds) may take its patches from kubectl's built-in types.
 */
export function upgradePlan(tag: string, hasPrune: boolean, gatewayApiArgs: readonly string[] = [], builtInPatches = false): RenderStep[] {
  const apply = builtInPatches ? ['apply', BUILT_IN_PATCHES] : ['apply'];
  if (!eraOf(tag).separateCrds) {
    return [
      {
        name: 'upgrade',
        render: ['upgrade'],
        kubectl: [...apply, '--prune', '-l', 'linkerd.io/control-plane-ns=linkerd', '-f'],
      },
    ];
  }
  const steps: RenderStep[] = [
    { name: 'upgrade --crds', render: ['upgrade', '--crds', ...gatewayApiArgs], kubectl: APPLY },
    { name: 'upgrade', render: ['upgrade', ...gatewayApiArgs], kubectl: [...apply, '-f'] },
  ];
  if (hasPrune) steps.push({ name: 'prune', render: ['prune'], kubectl: ['delete', '--ignore-not-found', '-f'] });
  return steps;
}
