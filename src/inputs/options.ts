/**
 * The run's options: one table for the action's inputs (action.yml), the CLI's flags and the
 * README (tests hold all three to it).
 */
export interface OptionSpec {
  name: string;
  description: string;
  /** Default as action.yml spells it; the CLI uses the same unless `cliDefault` says otherwise. */
  default?: string;
  cliDefault?: string;
  kind: 'string' | 'boolean' | 'duration' | 'lines';
  /** CLI only: may be given several times (`--install-arg`), each value one line of the input. */
  cliFlag?: string;
}

export const PROVIDERS = ['kind', 'existing', 'kwok'] as const;
export const GATEWAY_API_MODES = ['auto', 'linkerd', 'external'] as const;
export type GatewayApiMode = (typeof GATEWAY_API_MODES)[number];
export const INSTALL_METHODS = ['cli', 'helm'] as const;
export type InstallMethod = (typeof INSTALL_METHODS)[number];
/** How `helm upgrade` treats the values of the release it upgrades (docs/helm.md). */
export const HELM_VALUES_MODES = ['reuse', 'reset-then-reuse', 'fresh'] as const;
export type HelmValuesMode = (typeof HELM_VALUES_MODES)[number];
export type ProviderName = (typeof PROVIDERS)[number];

/** The newest Kubernetes Linkerd 2.20 supports, as built for the default kind (see src/versions/kind-images.ts). */
export const DEFAULT_KUBERNETES_VERSION = 'v1.35.8';
export const DEFAULT_KIND_VERSION = 'v0.33.0';
/** kwokctl for the kwok provider without a tools dir (it fetches the control plane itself). */
export const DEFAULT_KWOK_VERSION = 'v0.8.0';

export const OPTIONS: readonly OptionSpec[] = [
  { name: 'to', kind: 'string', default: 'latest-edge', description: 'Candidate version: a tag (edge-26.7.1) or `latest-edge`.' },
  {
    name: 'from',
    kind: 'string',
    default: 'previous-edge',
    description: 'Version installed first: a tag or `previous-edge`, `latest-stable`, `previous-major`.',
  },
  {
    name: 'via',
    kind: 'lines',
    default: '',
    description: 'Multi-hop: tags to upgrade to, in order, between `from` and `to`, one per line.',
  },
  { name: 'provider', kind: 'string', default: 'kind', description: 'Cluster provider: `kind`, `existing` (current kubeconfig, never deleted) or `kwok`.' },
  {
    name: 'kubernetes-version',
    kind: 'string',
    default: DEFAULT_KUBERNETES_VERSION,
    description: 'Kubernetes version: a kind node image tag (pinned to the digest `kind-version` published for it, when it did) or `tag@sha256:<digest>`.',
  },
  { name: 'kind-version', kind: 'string', default: DEFAULT_KIND_VERSION, description: 'kind release to use (node images are built per kind release).' },
  {
    name: 'kubectl-version',
    kind: 'string',
    default: '',
    description: 'kubectl release to use (default: the release of `kubernetes-version`; at most one minor from it, as kubectl supports).',
  },
  { name: 'cluster-name', kind: 'string', default: 'edge-canary', description: 'Name of the cluster to create.' },
  {
    name: 'install-args',
    kind: 'lines',
    default: '',
    cliFlag: 'install-arg',
    description:
      'Extra arguments for `linkerd install` of both versions, one per line (e.g. `--ha`); never passed through a shell. With `install-method: helm` only `--set`, `--set-string`, `--set-file`, `--values` and `--ha` map (docs/helm.md).',
  },
  {
    name: 'install-method',
    kind: 'string',
    default: 'cli',
    description:
      'How Linkerd is installed and upgraded: `cli` (`linkerd install`/`upgrade`) or `helm` (the `linkerd-crds` and `linkerd-control-plane` charts).',
  },
  {
    name: 'helm-upgrade-values',
    kind: 'string',
    default: 'reset-then-reuse',
    description:
      "With `install-method: helm`, how `helm upgrade` treats the old release's values: `reuse` (`--reuse-values`), `reset-then-reuse` (`--reset-then-reuse-values`) or `fresh` (chart defaults plus your values).",
  },
  {
    name: 'chart-repo',
    kind: 'string',
    default: '',
    description:
      "With `install-method: helm`: a Helm repository URL, or a local directory of packaged charts (`linkerd-crds-<version>.tgz`, ...), instead of the Linkerd repo of each tag's channel.",
  },
  {
    name: 'profile',
    kind: 'lines',
    default: 'default',
    cliFlag: 'profile',
    description:
      'Install profile: `default`, `ha`, `external-issuer`, `custom-values` or a profile file; several (one per line, or joined by `+`) combine into one install, later values winning.',
  },
  {
    name: 'gateway-api',
    kind: 'string',
    default: 'auto',
    description:
      'Who owns the Gateway API CRDs: `linkerd` (its CRD chart installs them), `external` (installed before Linkerd) or `auto` (what `from` did by default).',
  },
  {
    name: 'scenarios',
    kind: 'lines',
    default: 'builtin',
    cliFlag: 'scenario',
    description: 'Scenarios to run, one per line: `builtin` (every built-in), built-in names, files, directories or globs; `none` for none.',
  },
  { name: 'parallel', kind: 'string', default: '4', description: 'How many scenarios of the same phase run at once.' },
  {
    name: 'timeout',
    kind: 'duration',
    // Below the example jobs' `timeout-minutes: 45`, which also counts setup: when the job's own
    // limit fires first the runner kills the step and the report is lost (docs/github.md).
    default: '35m',
    description: "Limit for the whole run (e.g. `35m`, `1h`, `90s`); keep it at least 10 minutes below the job's `timeout-minutes`.",
  },
  {
    name: 'stall-timeout',
    kind: 'duration',
    default: '60s',
    description: 'A command that prints nothing new for this long is killed and reported as stalled.',
  },
  {
    name: 'report-dir',
    kind: 'string',
    default: '',
    description:
      'Where reports and diagnostics are written: a new or empty directory, or an earlier report dir (default: `$RUNNER_TEMP/edge-canary`, or `./edge-canary-report` for the CLI).',
  },
  { name: 'keep-cluster', kind: 'boolean', default: 'false', description: 'Leave the cluster running after the run.' },
  { name: 'upload-artifacts', kind: 'boolean', default: 'true', cliDefault: 'false', description: 'Upload the report dir as a workflow artifact.' },
  {
    name: 'github-token',
    kind: 'string',
    default: '${{ github.token }}',
    cliDefault: '',
    description: 'Token for the GitHub API (release list); masked everywhere.',
  },
  {
    name: 'path-key',
    kind: 'string',
    default: '',
    description:
      'Stable name of this upgrade path across runs (the matrix `key`; letters, digits, `.`, `_`, `-`, `@`, `+`); the report sub-action tracks paths by it.',
  },
  { name: 'tools-dir', kind: 'string', default: '', description: 'Directory of pre-built tools (`linkerd-<tag>`, `kubectl`, `kind`, ...); skips downloads.' },
  { name: 'releases-file', kind: 'string', default: '', description: 'JSON release list (`[{tag, date, commit}]`) used instead of the GitHub API.' },
];

export const OUTPUTS: readonly { name: string; description: string }[] = [
  { name: 'result', description: '`pass`, `fail`, `error` or `cancelled`.' },
  { name: 'from-version', description: 'Resolved tag installed first.' },
  { name: 'to-version', description: 'Resolved candidate tag.' },
  { name: 'report', description: 'Path of the JSON report.' },
  { name: 'junit', description: 'Path of the JUnit XML report.' },
  { name: 'failed', description: 'Names of failed phases and scenarios, comma separated.' },
];

/** Raw values by option name, as strings (lines joined with \n), before validation. */
export type RawOptions = Record<string, string>;
