import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../inputs/input-error.js';
import type { HelmValuesMode } from '../inputs/options.js';
import { DATA_FILE_LIMIT_BYTES, readInputFileIfExists } from '../inputs/read-file.js';
import { eraOf } from '../linkerd/eras.js';
import {
  chartReference,
  chartSource,
  chartVersionFromTag,
  chartVersionsFromIndex,
  HELM_NAMESPACE,
  LINKERD_CHARTS,
  type ChartSource,
  type LinkerdChart,
} from '../linkerd/helm-charts.js';
import { failingTemplate } from '../linkerd/helm-errors.js';
import { generateIdentity, identityValueArgs } from '../linkerd/identity.js';
import { helmValues, type HelmValues } from '../linkerd/helm-values.js';
import { expectSuccess, PhaseStop } from '../process/expect-success.js';
import type { CommandResult, Runner } from '../process/runner.js';
import { helmValueArgs, type InstallProfile } from '../profiles/model.js';
import type { HelmReport } from '../report/model.js';
import type { Variables } from '../scenarios/template.js';
import type { LinkerdInstaller, PreparedIdentity, StepContext } from './linkerd-steps.js';

export interface HelmSetup {
  run: Runner;
  helm: string;
  kubeconfig: string;
  /** Helm's config, cache and data homes and the run's keys live here, never in the user's. */
  workDir: string;
  values: HelmValues;
  valuesMode: HelmValuesMode;
  chartRepo?: string;
  /** The install profile, and the file its values were written to (none when it sets no value). */
  profile: InstallProfile;
  profileValuesFile?: string;
  /** The report's record of charts and values mode, filled as releases are made. */
  report: HelmReport;
  /** What `helm template` is told the cluster runs (charts refuse a Kubernetes they do not support). */
  kubernetesVersion: string;
}

const HELM_TIMEOUT_MS = 5 * 60_000;
const HA_VALUES = 'values-ha.yaml';

/** `helm upgrade` flags of each values mode; `fresh` then passes the user's values again. */
const MODE_FLAGS: Record<HelmValuesMode, string[]> = {
  reuse: ['--reuse-values'],
  'reset-then-reuse': ['--reset-then-reuse-values'],
  fresh: ['--reset-values'],
};

/** Helm's argv for the cluster, as diagnostics need it too. */
export function helmArgv(helm: string, kubeconfig: string, args: string[]): string[] {
  return [helm, '--kubeconfig', kubeconfig, '--namespace', HELM_NAMESPACE, ...args];
}

/** Throws like expectSuccess, naming the chart template and line when Helm printed one. */
function expectHelm(result: CommandResult, what: string): CommandResult {
  const where = result.ok ? undefined : failingTemplate(`${result.stderr}\n${result.stdout}`);
  return expectSuccess(result, where ? `${what} (failing template: ${where})` : what);
}

/**
 * Linkerd installed and upgraded with its two charts, as its Helm docs have users do it: a
 * trust anchor and issuer of their own, linkerd-crds then linkerd-control-plane, upgrades in
 * the chosen values mode. Each release's manifest is kept next to the CLI's rendered ones.
 */
export class HelmInstaller implements LinkerdInstaller {
  private identityArgs: string[] = [];
  private readonly addedRepos = new Set<string>();
  private readonly pulled = new Map<string, Promise<string>>();
  private readonly env: Record<string, string>;

  constructor(private readonly setup: HelmSetup) {
    const home = join(setup.workDir, 'helm');
    this.env = { HELM_CACHE_HOME: join(home, 'cache'), HELM_CONFIG_HOME: join(home, 'config'), HELM_DATA_HOME: join(home, 'data') };
  }

  async install(ctx: StepContext, tag: string, crdArgs: readonly string[], prepared: PreparedIdentity): Promise<void> {
    // An external issuer's trust anchor still goes to the values: `linkerd inject --manual` renders proxies from them.
    const identity = prepared.externalTrustAnchor
      ? { trustAnchor: prepared.externalTrustAnchor }
      : await generateIdentity(this.setup.run, join(this.setup.workDir, 'identity'));
    this.identityArgs = identityValueArgs(identity);
    const charts = await this.charts(tag);
    await this.release(ctx, 'install', tag, 'linkerd-crds', charts, ['--create-namespace', ...crdArgs]);
    await this.release(ctx, 'install', tag, 'linkerd-control-plane', charts, await this.userValues(tag));
  }

  async upgrade(ctx: StepContext, tag: string, crdArgs: readonly string[]): Promise<void> {
    const charts = await this.charts(tag);
    const mode = MODE_FLAGS[this.setup.valuesMode];
    await this.release(ctx, 'upgrade', tag, 'linkerd-crds', charts, [...mode, ...crdArgs]);
    const values = this.setup.valuesMode === 'fresh' ? await this.userValues(tag) : [];
    const upgraded = await this.release(ctx, 'upgrade', tag, 'linkerd-control-plane', charts, [...mode, ...values]);
    await this.keepPlainRender(ctx, tag, charts);
    const rendered = await this.renderedVersion();
    if (rendered === undefined || rendered === tag) return;
    if (this.setup.valuesMode !== 'reuse') {
      throw new PhaseStop(
        'fail',
        `helm upgrade (${mode.join(' ')}) left linkerd-control-plane on linkerdVersion ${rendered}, not ${tag}: the values given to the upgrade set linkerdVersion`,
      );
    }
    // Known Helm behaviour, true of every Linkerd release: said, then the upgrade made as it advises, so the path is still tested.
    ctx.warn({
      step: 'helm upgrade --reuse-values',
      reason: `left linkerd-control-plane on linkerdVersion ${rendered}, not ${tag}; upgraded again with --reset-then-reuse-values`,
      why: "Helm's --reuse-values carries the old release's values over, chart defaults included, so the new chart's linkerdVersion is never read: Helm's documented behaviour for every Linkerd release, not a regression (--reset-then-reuse-values, helm >= 3.14, avoids it)",
      command: upgraded,
    });
    await this.release(ctx, 'upgrade', tag, 'linkerd-control-plane', charts, [MODE_FLAGS['reset-then-reuse'][0]!]);
    const again = await this.renderedVersion();
    if (again !== undefined && again !== tag)
      throw new PhaseStop('fail', `helm upgrade --reset-then-reuse-values left linkerd-control-plane on linkerdVersion ${again}, not ${tag}`);
  }

  /**
   * Helm's own way back: each release rolled back to its last revision of `from`'s chart, the
   * control plane first (an upgrade in reverse). Helm keeps the revisions, so no values are given.
   */
  async rollback(_ctx: StepContext, from: string): Promise<void> {
    for (const chart of ['linkerd-control-plane', 'linkerd-crds'] as const) {
      const version = this.setup.report.releases.filter((r) => r.tag === from && r.chart === chart).at(-1)?.version;
      if (!version) throw new PhaseStop('error', `no ${chart} release of ${from} in this run to roll back to`);
      const history = expectHelm(await this.helm(['history', chart, '--max', '256', '--output', 'json']), `helm history ${chart}`);
      const revision = (JSON.parse(history.stdout) as { revision: number; chart: string }[]).filter((h) => h.chart === `${chart}-${version}`).at(-1)?.revision;
      if (revision === undefined) throw new PhaseStop('error', `helm history ${chart} has no revision of chart ${chart}-${version} (${from})`);
      expectHelm(await this.helm(['rollback', chart, String(revision)]), `helm rollback ${chart} ${revision} (${chart}-${version}, ${from})`);
    }
  }

  /**
   * What this upgrade would apply with the charts' defaults (no value of the user's, only the
   * identity the chart requires), kept for the impact review's plain upgrade. It is information:
   * a chart that cannot render without the user's values (an external issuer) leaves no file.
   */
  private async keepPlainRender(ctx: StepContext, tag: string, charts: Charts): Promise<void> {
    for (const chart of LINKERD_CHARTS) {
      const args = chart === 'linkerd-control-plane' ? this.identityArgs : [];
      const reference = chartReference(charts.source, chart, charts.versions[chart]);
      const rendered = await this.helm(['template', chart, ...reference, '--kube-version', this.setup.kubernetesVersion, ...args]);
      if (rendered.ok) await writeFile(join(ctx.manifestDir, `plain-${tag}-helm-${chart}.yaml`), rendered.stdout);
    }
  }

  /**
   * The control plane's chart renders its images from `linkerdVersion`, a chart default: an
   * upgrade that kept the old one left the control plane where it was.
   */
  private async renderedVersion(): Promise<string | undefined> {
    const values = expectHelm(
      await this.helm(['get', 'values', 'linkerd-control-plane', '--all', '--output', 'json']),
      'helm get values linkerd-control-plane',
    );
    const rendered = (JSON.parse(values.stdout || '{}') as { linkerdVersion?: unknown }).linkerdVersion;
    return rendered === undefined ? undefined : String(rendered);
  }

  /** helm, and `tag`'s two charts unpacked (`{{ charts.to.crds }}`, `{{ charts.to.controlPlane }}`), for scenarios that render them as Helm users do. */
  async scenarioVariables(tag: string): Promise<Variables> {
    const [crds, controlPlane] = await Promise.all([this.chartDir(tag, 'linkerd-crds'), this.chartDir(tag, 'linkerd-control-plane')]);
    return { helm: this.setup.helm, charts: { to: { crds, controlPlane } } };
  }

  /** One chart of `tag`, pulled and unpacked once (as the docs do for its values files); returns its dir. */
  private chartDir(tag: string, chart: LinkerdChart): Promise<string> {
    const key = `${tag}/${chart}`;
    let dir = this.pulled.get(key);
    if (!dir) {
      dir = this.charts(tag).then(async (charts) => {
        const into = join(this.setup.workDir, 'charts', tag);
        const reference = chartReference(charts.source, chart, charts.versions[chart]);
        if (charts.source.kind === 'repo') expectHelm(await this.helm(['pull', ...reference, '--untar', '--untardir', into]), `helm pull ${chart} (${tag})`);
        else {
          // `helm pull` takes no local package: a directory of packages is unpacked as they are.
          await mkdir(into, { recursive: true });
          expectSuccess(await this.setup.run(['tar', '-xzf', reference[0]!, '-C', into], { timeoutMs: HELM_TIMEOUT_MS }), `unpack ${reference[0]}`);
        }
        return join(into, chart);
      });
      this.pulled.set(key, dir);
    }
    return dir;
  }

  private helm(args: string[]): Promise<CommandResult> {
    return this.setup.run(helmArgv(this.setup.helm, this.setup.kubeconfig, args), { timeoutMs: HELM_TIMEOUT_MS, env: this.env });
  }

  /** One `helm install`/`upgrade`, recorded in the report, its manifest kept; returns Helm's result. */
  private async release(
    ctx: StepContext,
    action: 'install' | 'upgrade',
    tag: string,
    chart: LinkerdChart,
    charts: Charts,
    args: string[],
  ): Promise<CommandResult> {
    const version = charts.versions[chart];
    this.setup.report.releases.push({ tag, chart, version, action });
    const made = expectHelm(
      await this.helm([action, chart, ...chartReference(charts.source, chart, version), ...args]),
      `helm ${action} ${chart} ${version} (${tag})`,
    );
    const manifest = expectHelm(await this.helm(['get', 'manifest', chart]), `helm get manifest ${chart}`);
    await mkdir(ctx.manifestDir, { recursive: true });
    await writeFile(join(ctx.manifestDir, `${action}-${tag}-helm-${chart}.yaml`), manifest.stdout);
    return made;
  }

  /**
   * The identity, the user's values (with the chart's values-ha.yaml for `--ha`), then the
   * profile's: the chart's own values files that stand for its CLI flags, and its values file last.
   */
  private async userValues(tag: string): Promise<string[]> {
    const { profile, profileValuesFile } = this.setup;
    const userHa = this.setup.values.ha && !profile.chartValuesFiles.includes(HA_VALUES) ? [HA_VALUES] : [];
    const chartDir = userHa.length || profile.chartValuesFiles.length ? await this.chartDir(tag, 'linkerd-control-plane') : '';
    return [
      ...this.identityArgs,
      ...userHa.flatMap((file) => ['--values', join(chartDir, file)]),
      ...this.setup.values.args,
      ...helmValueArgs(profile, chartDir, profileValuesFile),
    ];
  }

  /** Where the tag's charts are and their versions (from the tag, else from the repository index). */
  private async charts(tag: string): Promise<Charts> {
    const source = chartSource(tag, this.setup.chartRepo);
    if (source.kind === 'repo' && !this.addedRepos.has(source.name)) {
      expectHelm(await this.helm(['repo', 'add', source.name, source.url, '--force-update']), `helm repo add ${source.name} ${source.url}`);
      this.addedRepos.add(source.name);
    }
    const fromTag = chartVersionFromTag(tag);
    const versions = fromTag
      ? (Object.fromEntries(LINKERD_CHARTS.map((c) => [c, fromTag])) as Record<LinkerdChart, string>)
      : await this.versionsFromIndex(source, tag);
    return { source, versions };
  }

  private async versionsFromIndex(source: ChartSource, tag: string): Promise<Record<LinkerdChart, string>> {
    const index = source.kind === 'repo' ? join(this.env.HELM_CACHE_HOME!, 'repository', `${source.name}-index.yaml`) : join(source.dir, 'index.yaml');
    const where = source.kind === 'repo' ? source.url : source.dir;
    const text = (await readInputFileIfExists(index, { input: 'chart-repo', given: where, maxBytes: DATA_FILE_LIMIT_BYTES })) ?? '';
    const versions = chartVersionsFromIndex(text, tag);
    if (!versions) throw new PhaseStop('error', `no linkerd-control-plane chart with appVersion ${tag} in the index of ${where}`);
    return versions;
  }
}

interface Charts {
  source: ChartSource;
  versions: Record<LinkerdChart, string>;
}

/**
 * Refuses, before any cluster work, what Helm cannot do: install-args without a chart value,
 * and versions from before the linkerd-crds and linkerd-control-plane charts (2.12).
 */
export function helmInput(installArgs: readonly string[], tags: readonly string[]): HelmValues {
  const old = tags.find((tag) => !eraOf(tag).separateCrds);
  if (old)
    throw new InputError(
      'install-method',
      'helm',
      `${old} predates the linkerd-crds and linkerd-control-plane charts (stable-2.12.0, edge-22.4.1); use install-method: cli`,
    );
  return helmValues(installArgs);
}
