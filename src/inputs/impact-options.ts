import { InputError } from './input-error.js';
import { optionReader } from './option-reader.js';
import {
  DEFAULT_KUBERNETES_VERSION,
  GATEWAY_API_MODES,
  INSTALL_METHODS,
  OPTIONS,
  type GatewayApiMode,
  type InstallMethod,
  type OptionSpec,
  type RawOptions,
} from './options.js';

/** The run options the impact review shares: how Linkerd would be installed, and where the tools are. */
const SHARED = ['install-method', 'profile', 'install-args', 'gateway-api', 'chart-repo'] as const;

/** Options of `edge-canary impact`: two release tags, how Linkerd is installed, and where its CLIs and charts are. */
export const IMPACT_OPTIONS: readonly OptionSpec[] = [
  { name: 'from', kind: 'string', description: 'Version installed now: a release tag (edge-24.11.8, stable-2.14.10).' },
  { name: 'to', kind: 'string', description: 'Version to upgrade to: a release tag.' },
  ...SHARED.map((name) => OPTIONS.find((o) => o.name === name)!),
  {
    name: 'tools-dir',
    kind: 'string',
    description: 'Directory with `linkerd-<from>` and `linkerd-<to>` (and `helm` for `install-method: helm`); `edge-canary tools fetch` fills one.',
  },
  {
    name: 'kubernetes-version',
    kind: 'string',
    default: DEFAULT_KUBERNETES_VERSION,
    description: 'With `install-method: helm`, the Kubernetes version the charts are rendered for (`helm template --kube-version`).',
  },
  { name: 'json', kind: 'boolean', default: 'false', description: 'Print the review as JSON instead of markdown.' },
];

/**
 * Inputs of the impact sub-action: the command's, less `json` (the action writes the JSON to a
 * file and the markdown to the job summary), with `tools-dir` optional (the tools are downloaded
 * without one), where the review goes, and the token the downloads' digest look-ups use.
 */
export const IMPACT_ACTION_OPTIONS: readonly OptionSpec[] = [
  ...IMPACT_OPTIONS.filter((o) => o.name !== 'json').map((o) =>
    o.name === 'tools-dir'
      ? {
          ...o,
          default: '',
          description:
            'Directory with `linkerd-<from>` and `linkerd-<to>` (`helm` for `install-method: helm`); empty: they are downloaded and checked against their published digests, as a run gets them.',
        }
      : o,
  ),
  { name: 'output-dir', kind: 'string', default: '', description: 'Where `impact.json` is written (default: `$RUNNER_TEMP/edge-canary-impact`).' },
  {
    name: 'github-token',
    kind: 'string',
    default: '${{ github.token }}',
    description: 'Token for the GitHub API (the published digests of the downloaded tools).',
  },
];

export const IMPACT_OUTPUTS: readonly { name: string; description: string }[] = [
  { name: 'warnings', description: 'How many warnings the review gives (what costs data or availability); `0` when none.' },
  { name: 'review', description: 'Path of `impact.json`: the review as `edge-canary impact --json` prints it.' },
];

export interface ImpactConfig {
  from: string;
  to: string;
  installMethod: InstallMethod;
  /** Install profiles (built-in names or files), combined in this order. */
  profiles: string[];
  installArgs: string[];
  gatewayApi: GatewayApiMode;
  chartRepo?: string;
  /** What `helm template` is told the cluster runs (charts refuse versions they do not support). */
  kubernetesVersion: string;
  toolsDir: string;
  json: boolean;
}

/** Edge and stable release tags; nothing that needs the release list to resolve. */
const RELEASE_TAG = /^(edge|stable)-\d+\.\d+\.\d+$/;

function releaseTag(name: string, value: string): string {
  if (!RELEASE_TAG.test(value))
    throw new InputError(name, value, 'expected a release tag such as edge-26.8.3 or stable-2.14.10 (the review renders, it resolves no selector)');
  return value;
}

export function validateImpactOptions(raw: RawOptions, cwd = process.cwd()): ImpactConfig {
  const r = optionReader(IMPACT_OPTIONS, raw, cwd);
  const oneOf = <T extends string>(name: string, allowed: readonly T[]): T => {
    const v = r.value(name);
    if (!(allowed as readonly string[]).includes(v)) throw new InputError(name, v, `expected one of ${allowed.join(', ')}`);
    return v as T;
  };
  const toolsDir = r.path('tools-dir');
  if (!toolsDir) throw new InputError('tools-dir', '', 'is required: the directory with the Linkerd CLIs (and helm) to render with');
  const chartRepo = r.value('chart-repo');
  const kubernetesVersion = r.value('kubernetes-version');
  if (!/^v\d+\.\d+\.\d+$/.test(kubernetesVersion)) throw new InputError('kubernetes-version', kubernetesVersion, 'expected a version such as v1.34.4');
  return {
    from: releaseTag('from', r.value('from')),
    to: releaseTag('to', r.value('to')),
    installMethod: oneOf('install-method', INSTALL_METHODS),
    profiles: r.lines('profile').flatMap((line) => line.split('+')),
    installArgs: r.lines('install-args'),
    gatewayApi: oneOf('gateway-api', GATEWAY_API_MODES),
    ...(chartRepo ? { chartRepo: /^https?:\/\//.test(chartRepo) ? chartRepo : r.path('chart-repo')! } : {}),
    kubernetesVersion,
    toolsDir,
    json: r.value('json') === 'true',
  };
}
