import { resolve } from 'node:path';
import { duration } from './duration.js';
import { InputError } from './input-error.js';
import { refuseRedirection } from './install-args.js';
import { optionReader } from './option-reader.js';
import {
  GATEWAY_API_MODES,
  HELM_VALUES_MODES,
  INSTALL_METHODS,
  OPTIONS,
  PROVIDERS,
  type GatewayApiMode,
  type HelmValuesMode,
  type InstallMethod,
  type ProviderName,
  type RawOptions,
} from './options.js';

export interface RunConfig {
  from: string;
  to: string;
  via: string[];
  pathKey?: string;
  provider: ProviderName;
  kubernetesVersion: string;
  kindVersion: string;
  kubectlVersion: string;
  clusterName: string;
  installArgs: string[];
  /** Install profiles (built-in names or files; a line may join several with `+`), combined in this order. */
  profiles: string[];
  gatewayApi: GatewayApiMode;
  installMethod: InstallMethod;
  helmUpgradeValues: HelmValuesMode;
  /** A Helm repository URL, or an absolute directory of packaged charts. */
  chartRepo?: string;
  scenarios: string[];
  parallel: number;
  timeoutMs: number;
  stallMs: number;
  reportDir: string;
  keepCluster: boolean;
  uploadArtifacts: boolean;
  githubToken?: string;
  toolsDir?: string;
  releasesFile?: string;
}

const SHELL_METACHARACTERS = /[;&|`$<>\\\n]|\$\(/;

/** Inputs never reach a shell; a metacharacter means someone expected one, so say so early. */
function refuseShellMetacharacters(name: string, value: string): string {
  const bad = SHELL_METACHARACTERS.exec(value);
  if (bad) throw new InputError(name, value, `contains the shell metacharacter ${JSON.stringify(bad[0])}; inputs are never passed through a shell`);
  return value;
}

/** The options of a run that name no upgrade path: what the paths of a nightly share. */
export type SharedRunConfig = Omit<RunConfig, 'from' | 'to' | 'via' | 'pathKey'>;

/** Validates raw option values into a RunConfig; the first problem throws an InputError. */
export function validateOptions(raw: RawOptions, cwd = process.cwd()): RunConfig {
  const { plain, plainLines } = readers(raw, cwd);
  return {
    from: required('from', plain('from')),
    to: required('to', plain('to')),
    via: plainLines('via'),
    ...optional('pathKey', pathKey(plain('path-key'))),
    ...validateSharedOptions(raw, cwd),
  };
}

/** Validates the options of a run but its path (from, via, to and its key). */
export function validateSharedOptions(raw: RawOptions, cwd = process.cwd()): SharedRunConfig {
  const { value, path, count, lines, plain, plainLines, oneOf } = readers(raw, cwd);
  const provider = oneOf('provider', PROVIDERS);
  const clusterName = plain('cluster-name');
  if (!/^[a-z0-9]([-a-z0-9]{0,40}[a-z0-9])?$/.test(clusterName)) {
    throw new InputError('cluster-name', clusterName, 'expected lowercase letters, digits and dashes (at most 42)');
  }
  const gatewayApi = oneOf('gateway-api', GATEWAY_API_MODES);
  const chartRepo = plain('chart-repo');
  const token = value('github-token');
  const kubernetesVersion = nodeImageVersion(plain('kubernetes-version'));
  return {
    provider,
    kubernetesVersion,
    kindVersion: k8sVersion('kind-version', plain('kind-version')),
    kubectlVersion: kubectlVersion(plain('kubectl-version'), kubernetesVersion, provider),
    clusterName,
    installArgs: refuseRedirection(lines('install-args').flatMap((line) => splitArguments('install-args', line))),
    profiles: plainLines('profile').flatMap((line) => line.split('+')),
    gatewayApi,
    installMethod: oneOf('install-method', INSTALL_METHODS),
    helmUpgradeValues: oneOf('helm-upgrade-values', HELM_VALUES_MODES),
    ...optional('chartRepo', /^https?:\/\//.test(chartRepo) ? chartRepo : path('chart-repo')),
    scenarios: plainLines('scenarios'),
    parallel: count('parallel', 1, 16),
    timeoutMs: duration('timeout', value('timeout')),
    stallMs: duration('stall-timeout', value('stall-timeout')),
    reportDir: path('report-dir') ?? resolve(cwd, 'edge-canary-report'),
    keepCluster: boolean('keep-cluster', value('keep-cluster')),
    uploadArtifacts: boolean('upload-artifacts', value('upload-artifacts')),
    ...(token ? { githubToken: token } : {}),
    ...optional('toolsDir', path('tools-dir')),
    ...optional('releasesFile', path('releases-file')),
  };
}

/** The option reader of the run's options, with the checks every plain value gets. */
function readers(raw: RawOptions, cwd: string) {
  const reader = optionReader(OPTIONS, raw, cwd);
  const plain = (name: string) => refuseShellMetacharacters(name, reader.value(name));
  const plainLines = (name: string) => reader.lines(name).map((line) => refuseShellMetacharacters(name, line));
  const oneOf = <T extends string>(name: string, allowed: readonly T[]): T => {
    const v = plain(name);
    if (!(allowed as readonly string[]).includes(v)) throw new InputError(name, v, `expected one of ${allowed.join(', ')}`);
    return v as T;
  };
  return { ...reader, plain, plainLines, oneOf };
}

function optional<K extends string>(key: K, v: string | undefined): { [P in K]?: string } {
  return (v === undefined ? {} : { [key]: v }) as { [P in K]?: string };
}

function required(name: string, v: string): string {
  if (v === '') throw new InputError(name, v, 'must not be empty');
  return v;
}

/**
 * What a path key may be: the matrix's keys (`major-2.19-helm@ha+external-issuer`), and only
 * what an artifact name accepts (the key names the upload), and short.
 */
export const PATH_KEY = /^[A-Za-z0-9][A-Za-z0-9._@+-]{0,99}$/;
export const PATH_KEY_ACCEPTS = 'letters, digits, dots, dashes, underscores, @ and + (at most 100)';

function pathKey(v: string): string | undefined {
  if (v === '') return undefined;
  if (!PATH_KEY.test(v)) throw new InputError('path-key', v, `expected ${PATH_KEY_ACCEPTS}`);
  return v;
}

function k8sVersion(name: string, v: string): string {
  if (!/^v\d+\.\d+\.\d+$/.test(v)) throw new InputError(name, v, 'expected a version like v1.35.8');
  return v;
}

/**
 * kubectl supports one minor either side of its cluster (Kubernetes' version skew policy): by
 * default the cluster's own release. On kind and kwok `kubernetes-version` is the cluster's, so
 * a kubectl further from it is refused; an existing cluster's version is not known here.
 */
export function kubectlVersion(v: string, kubernetesVersion: string, provider: ProviderName): string {
  const cluster = kubernetesVersion.replace(/@.*$/, '');
  if (v === '') return cluster;
  const kubectl = k8sVersion('kubectl-version', v);
  if (provider !== 'existing' && Math.abs(minorOf(kubectl) - minorOf(cluster)) > 1) {
    throw new InputError(
      'kubectl-version',
      v,
      `is more than one minor from kubernetes-version ${cluster}, outside kubectl's version skew policy; leave it empty to use ${cluster}`,
    );
  }
  return kubectl;
}

/**
 * Whether the run's kubectl is of the cluster's Kubernetes minor, so that it knows the server's
 * own types: known only for a cluster the run creates (an existing one may be of any version).
 */
export function kubectlOfClusterMinor(config: Pick<RunConfig, 'provider' | 'kubectlVersion' | 'kubernetesVersion'>): boolean {
  return config.provider !== 'existing' && minorOf(config.kubectlVersion) === minorOf(config.kubernetesVersion);
}

/** The minor of a Kubernetes version (`v1.35.8`, or a kind node tag pinned by its digest: 35). */
function minorOf(version: string): number {
  return Number(version.split('.')[1]);
}

/** A kind node image tag, alone or pinned by its digest (`v1.35.8@sha256:<64 hex>`). */
function nodeImageVersion(v: string): string {
  if (!/^v\d+\.\d+\.\d+(@sha256:[0-9a-f]{64})?$/.test(v)) {
    throw new InputError('kubernetes-version', v, 'expected a version like v1.35.8, or one pinned by digest like v1.35.8@sha256:<64 hex digits>');
  }
  return v;
}

/** Same spellings as @actions/core's getBooleanInput (YAML 1.2 core schema). */
export function boolean(name: string, v: string): boolean {
  const t = v.trim();
  if (['true', 'True', 'TRUE'].includes(t)) return true;
  if (['false', 'False', 'FALSE'].includes(t)) return false;
  throw new InputError(name, v, 'expected true or false');
}

/**
 * Splits one line into arguments the way a user reads it: whitespace separates, single or
 * double quotes group, nothing is expanded. Shell metacharacters are refused.
 */
export function splitArguments(name: string, line: string): string[] {
  refuseShellMetacharacters(name, line);
  const args: string[] = [];
  let current: string | undefined;
  let quote: string | undefined;
  for (const ch of line) {
    if (quote) {
      if (ch === quote) quote = undefined;
      else current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      current ??= '';
    } else if (/\s/.test(ch)) {
      if (current !== undefined) args.push(current);
      current = undefined;
    } else {
      current = (current ?? '') + ch;
    }
  }
  if (quote) throw new InputError(name, line, `has an unclosed ${quote} quote`);
  if (current !== undefined) args.push(current);
  return args;
}
