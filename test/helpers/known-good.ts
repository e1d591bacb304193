/**
 * The known-good corpus: upgrade paths Linkerd's own tests and users have upgraded without a
 * regression, run with the defaults (every built-in scenario) on real CLIs and charts. Each
 * must end `pass`, with exactly the warnings listed (`<where>: <step>`): what Linkerd does not
 * promise on that path. docs/status.md lists the same paths (a unit test keeps them in step).
 */
export interface KnownGoodPath {
  /** The file that runs it: paths are spread over files so that two run at once. */
  group: 'edges' | 'majors' | 'methods';
  from: string;
  via?: string[];
  to: string;
  /** Action inputs beyond the path (install method, profile). */
  inputs?: Record<string, string>;
  warnings: string[];
}

const OLD_CLI = 'scenario:cli-skew@after-upgrade: the from CLI against the to control plane';

export const KNOWN_GOOD: KnownGoodPath[] = [
  { group: 'edges', from: 'edge-26.8.2', to: 'edge-26.8.3', warnings: [] },
  { group: 'edges', from: 'edge-26.8.1', to: 'edge-26.8.3', warnings: [] },
  { group: 'edges', from: 'edge-26.7.2', to: 'edge-26.8.3', warnings: [] },
  { group: 'majors', from: 'edge-26.6.3', to: 'edge-26.8.3', warnings: [] },
  { group: 'majors', from: 'edge-25.10.7', to: 'edge-26.8.3', warnings: [OLD_CLI] },
  { group: 'majors', from: 'edge-25.4.4', to: 'edge-25.10.7', warnings: [OLD_CLI] },
  {
    group: 'majors',
    from: 'stable-2.14.10',
    to: 'edge-24.2.4',
    warnings: [
      "scenario:cli-skew@before-upgrade: the to CLI's inject against the from control plane",
      "scenario:cli-skew@before-upgrade: the to CLI's checks against the from control plane",
      // 2.15 stores Server as v1beta2, which the 2.14 CRD does not serve: no way back (linkerd/linkerd2#15471).
      'impact: upgrade',
    ],
  },
  { group: 'majors', from: 'edge-25.4.4', via: ['edge-25.10.7'], to: 'edge-26.8.3', warnings: [OLD_CLI] },
  { group: 'methods', from: 'edge-26.8.2', to: 'edge-26.8.3', inputs: { 'install-method': 'helm', 'helm-upgrade-values': 'reset-then-reuse' }, warnings: [] },
  { group: 'methods', from: 'edge-25.10.7', to: 'edge-26.8.3', inputs: { 'install-method': 'helm', 'helm-upgrade-values': 'fresh' }, warnings: [OLD_CLI] },
  {
    group: 'methods',
    from: 'edge-26.8.2',
    to: 'edge-26.8.3',
    inputs: { 'install-method': 'helm', 'helm-upgrade-values': 'reuse' },
    warnings: ['upgrade-control-plane: helm upgrade --reuse-values'],
  },
  { group: 'methods', from: 'edge-26.8.2', to: 'edge-26.8.3', inputs: { profile: 'ha' }, warnings: [] },
  { group: 'methods', from: 'edge-26.8.2', to: 'edge-26.8.3', inputs: { profile: 'custom-values' }, warnings: [] },
];

/** How docs/status.md and test names call a path. */
export function pathName(path: KnownGoodPath): string {
  const versions = [path.from, ...(path.via ?? []), path.to].join(' -> ');
  const extra = Object.entries(path.inputs ?? {}).map(([k, v]) => `${k}: ${v}`);
  return extra.length ? `${versions} (${extra.join(', ')})` : versions;
}
