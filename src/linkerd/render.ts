import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { expectSuccess } from '../process/expect-success.js';
import type { Runner } from '../process/runner.js';
import { eraOf, installPlan } from './eras.js';
import { chartReference, chartSource, chartVersionFromTag, chartVersionsFromIndex, HELM_NAMESPACE, LINKERD_CHARTS, type LinkerdChart } from './helm-charts.js';

/** One version's manifests, rendered without a cluster, as the impact review compares them. */
export interface RenderedVersion {
  /** With the user's settings and the Gateway API CRDs kept with their owner. */
  configured: string;
  /** With none of them: the charts' defaults (Helm), the version's CLI without the flags the canary adds. */
  plain: string;
  /** Each chart's values.yaml (Helm). */
  chartValues?: { chart: LinkerdChart; values: Record<string, unknown> }[];
}

const RENDER_TIMEOUT_MS = 120_000;

/** Several renders as one multi-document manifest. */
const joined = (parts: readonly string[]) => parts.map((p) => (p.startsWith('---') ? p : `---\n${p}`)).join('\n');

export interface CliRender {
  run: Runner;
  /** The version's CLI. */
  linkerd: string;
  tag: string;
  /** The user's install arguments, then the profile's. */
  installArgs: readonly string[];
  /** The `--set` values that keep the Gateway API CRDs with their owner. */
  crdArgs: readonly string[];
}

async function renderCliPlan(r: CliRender, installArgs: readonly string[], crdArgs: readonly string[]): Promise<string> {
  const parts: string[] = [];
  for (const step of installPlan(r.tag, installArgs, crdArgs)) {
    const result = await r.run([r.linkerd, ...step.render, '--ignore-cluster'], { timeoutMs: RENDER_TIMEOUT_MS });
    parts.push(expectSuccess(result, `linkerd ${step.name} --ignore-cluster (${r.tag}) could not render`, 'error').stdout);
  }
  return joined(parts);
}

/**
 * `linkerd install` of the version (`--crds` first where it has them) with `--ignore-cluster`.
 * An upgrade with the CLI carries the user's values from the cluster, so the plain render keeps
 * them and drops only the Gateway API values; from edge-25.3.1 the CLI itself reads who owns
 * those CRDs from the cluster, so its plain upgrade keeps them too.
 */
export async function renderWithCli(r: CliRender): Promise<RenderedVersion> {
  const plainCrdArgs = eraOf(r.tag).gatewayApiValue === 'installGatewayAPI' ? r.crdArgs : [];
  return { configured: await renderCliPlan(r, r.installArgs, r.crdArgs), plain: await renderCliPlan(r, r.installArgs, plainCrdArgs) };
}

export interface HelmRender {
  run: Runner;
  helm: string;
  /** Helm's config, cache and data homes, never the user's. */
  env: Record<string, string>;
  tag: string;
  /** Each chart as `helm template` takes it (`repo/chart --version v`, or a packaged file). */
  charts: Record<LinkerdChart, string[]>;
  /** The identity the control-plane chart requires, given to both renders. */
  identityArgs: readonly string[];
  /** The user's and the profile's values for the control-plane chart. */
  valueArgs: readonly string[];
  crdArgs: readonly string[];
  /** `--kube-version`: a chart refuses a cluster older than its `kubeVersion`, and Helm assumes an old one. */
  kubernetesVersion: string;
}

function helmOf(r: HelmRender, args: string[], what: string): Promise<string> {
  return r.run([r.helm, ...args], { timeoutMs: RENDER_TIMEOUT_MS, env: r.env }).then((result) => expectSuccess(result, `${what} (${r.tag})`, 'error').stdout);
}

const template = (r: HelmRender, chart: LinkerdChart, args: readonly string[]) =>
  helmOf(r, ['template', chart, ...r.charts[chart], '--namespace', HELM_NAMESPACE, '--kube-version', r.kubernetesVersion, ...args], `helm template ${chart}`);

/** `helm template` of both charts, with the user's values and without, and each chart's defaults. */
export async function renderWithHelm(r: HelmRender): Promise<RenderedVersion> {
  const configured = joined([await template(r, 'linkerd-crds', r.crdArgs), await template(r, 'linkerd-control-plane', [...r.identityArgs, ...r.valueArgs])]);
  const plain = joined([await template(r, 'linkerd-crds', []), await template(r, 'linkerd-control-plane', r.identityArgs)]);
  const chartValues = [];
  for (const chart of LINKERD_CHARTS) {
    const values = (parse(await helmOf(r, ['show', 'values', ...r.charts[chart]], `helm show values ${chart}`)) ?? {}) as Record<string, unknown>;
    chartValues.push({ chart, values });
  }
  return { configured, plain, chartValues };
}

/**
 * Where `helm template` finds each chart of `tag`: a repository (added under Helm's homes in
 * `env`) or a directory of packaged charts, versions from the tag or else the index.
 */
export async function helmChartReferences(
  run: Runner,
  helm: string,
  env: Record<string, string>,
  tag: string,
  chartRepo: string | undefined,
): Promise<Record<LinkerdChart, string[]>> {
  const source = chartSource(tag, chartRepo);
  if (source.kind === 'repo') {
    expectSuccess(
      await run([helm, 'repo', 'add', source.name, source.url, '--force-update'], { timeoutMs: RENDER_TIMEOUT_MS, env }),
      `helm repo add ${source.name} ${source.url}`,
      'error',
    );
  }
  const fromTag = chartVersionFromTag(tag);
  const index = source.kind === 'repo' ? join(env.HELM_CACHE_HOME ?? '', 'repository', `${source.name}-index.yaml`) : join(source.dir, 'index.yaml');
  const versions = fromTag
    ? (Object.fromEntries(LINKERD_CHARTS.map((c) => [c, fromTag])) as Record<LinkerdChart, string>)
    : chartVersionsFromIndex(
        await access(index).then(
          () => readFile(index, 'utf8'),
          () => '',
        ),
        tag,
      );
  if (!versions) throw new Error(`no linkerd-control-plane chart with appVersion ${tag} in ${index}`);
  return Object.fromEntries(LINKERD_CHARTS.map((c) => [c, chartReference(source, c, versions[c])])) as Record<LinkerdChart, string[]>;
}
