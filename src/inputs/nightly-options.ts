import { resolve } from 'node:path';
import { MATRIX_OPTIONS } from './command-options.js';
import { validateMatrixOptions, type MatrixConfig } from './command-validate.js';
import { optionReader } from './option-reader.js';
import { DEFAULT_KIND_VERSION, DEFAULT_KUBERNETES_VERSION, OPTIONS, type OptionSpec, type RawOptions } from './options.js';
import { validateSharedOptions, type SharedRunConfig } from './validate.js';

/** Run options every path of a nightly shares; the paths themselves come from the matrix options. */
const SHARED_RUN_OPTIONS = [
  'provider',
  'kubernetes-version',
  'kind-version',
  'kubectl-version',
  'cluster-name',
  'install-args',
  'helm-upgrade-values',
  'chart-repo',
  'gateway-api',
  'scenarios',
  'parallel',
  'timeout',
  'stall-timeout',
  'report-dir',
  'keep-cluster',
  'tools-dir',
] as const;

/** What the nightly says differently from `run` about a shared option. */
const NIGHTLY_OVERRIDES: Record<string, Partial<OptionSpec>> = {
  provider: { default: 'kwok', description: 'Cluster provider of every path: `kwok`, `kind` or `existing` (one cluster, so paths run one at a time).' },
  'kubernetes-version': { default: '', description: 'Kubernetes version of every path (default: the one the matrix chose for each path).' },
  'kind-version': { default: '', description: 'kind release of every path (default: the one the matrix chose for each path).' },
  'cluster-name': { description: "Prefix of the clusters' names: path N gets `<prefix>-N`." },
  'helm-upgrade-values': {
    description: "How the Helm paths' `helm upgrade` treats the old release's values: `reuse`, `reset-then-reuse` or `fresh` (docs/helm.md).",
  },
  'chart-repo': {
    description:
      "Where the Helm paths' charts come from: a Helm repository URL, or a local directory of packaged charts (`linkerd-crds-<version>.tgz`, ...), instead of the Linkerd repo of each tag's channel.",
  },
  timeout: { description: "Limit for each path's run (e.g. `35m`, `1h`, `90s`)." },
  'report-dir': {
    default: '',
    description: "Where `aggregate.json`, `summary.md` and each path's reports (under `paths/<key>/`) are written (default: `./edge-canary-nightly`).",
  },
};

/** Options of `edge-canary nightly`: the matrix's, the run options the paths share, and how many paths run at once. */
export const NIGHTLY_OPTIONS: readonly OptionSpec[] = [
  ...MATRIX_OPTIONS,
  ...SHARED_RUN_OPTIONS.map((name) => ({ ...OPTIONS.find((o) => o.name === name)!, ...NIGHTLY_OVERRIDES[name] })),
  {
    name: 'parallel-paths',
    kind: 'string',
    default: 'auto',
    description: "How many paths run at once: a number, or `auto` (what the machine's cores and free memory hold; docs/cli.md says how).",
  },
];

export interface NightlyConfig {
  matrix: MatrixConfig;
  /** The run options every path shares, validated once; a path adds its versions, name and report dir. */
  run: SharedRunConfig;
  /**
   * Which versions were given for every path (the matrix's own choice per path where one was
   * not), and the kubectl given, checked against each path's Kubernetes version.
   */
  given: { kubernetesVersion: boolean; kindVersion: boolean; kubectlVersion?: string };
  /** Undefined for `auto`. */
  parallelPaths?: number;
  reportDir: string;
}

export function validateNightlyOptions(raw: RawOptions, cwd = process.cwd()): NightlyConfig {
  const r = optionReader(NIGHTLY_OPTIONS, raw, cwd);
  const pick = (names: readonly string[]) => Object.fromEntries(Object.entries(raw).filter(([name]) => names.includes(name)));
  const matrix = validateMatrixOptions(pick(MATRIX_OPTIONS.map((o) => o.name)), cwd);
  const parallel = r.value('parallel-paths');
  const given = {
    kubernetesVersion: !!raw['kubernetes-version'],
    kindVersion: !!raw['kind-version'],
    ...(raw['kubectl-version'] ? { kubectlVersion: raw['kubectl-version'] } : {}),
  };
  const run = validateSharedOptions(
    {
      ...pick(SHARED_RUN_OPTIONS),
      provider: r.value('provider'),
      'cluster-name': r.value('cluster-name'),
      // Checked here as given; where none is given each path takes the matrix's.
      'kubernetes-version': raw['kubernetes-version'] || DEFAULT_KUBERNETES_VERSION,
      'kind-version': raw['kind-version'] || DEFAULT_KIND_VERSION,
      // A kubectl is within one minor of the cluster's: with no Kubernetes version for all, of each path's.
      'kubectl-version': raw['kubernetes-version'] ? (raw['kubectl-version'] ?? '') : '',
      // Paths write their own reports under the nightly's dir; the artifacts are the nightly's to share.
      'upload-artifacts': 'false',
      ...(matrix.releasesFile ? { 'releases-file': matrix.releasesFile } : {}),
      ...(matrix.githubToken ? { 'github-token': matrix.githubToken } : {}),
    },
    cwd,
  );
  return {
    matrix,
    run,
    given,
    ...(parallel === 'auto' ? {} : { parallelPaths: r.count('parallel-paths', 1, 16) }),
    reportDir: r.path('report-dir') ?? resolve(cwd, 'edge-canary-nightly'),
  };
}
