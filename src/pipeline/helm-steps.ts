import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../inputs/input-error.js';
import type { HelmValuesMode } from '../inputs/options.js';
import { eraOf } from '../linkerd/eras.js';
import { packageOf, type ChartStore, type PackagedCharts } from '../linkerd/chart-store.js';
import { HELM_NAMESPACE, LINKERD_CHARTS, type LinkerdChart } from '../linkerd/helm-charts.js';
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
  /** Where each tag's charts come from, as packaged files (shared by the runs of a nightly). */
  charts: ChartStore;
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
  private readonly unpacked = new Map<string, Promise<string>>();
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
  private async keepPlainRender(ctx: StepContext, tag: string, charts: PackagedCharts): Promise<void> {
    for (const chart of LINKERD_CHARTS) {
      const args = chart === 'linkerd-control-plane' ? this.identityArgs : [];
      const rendered = await this.helm(['template', chart, packageOf(charts, chart), '--kube-version', this.setup.kubernetesVersion, ...args]);
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

  /**
   * One chart of `tag` unpacked once (as the docs do for its values files); returns its dir. Each
   * run unpacks its own: a scenario is free to change what it is given.
   */
  private chartDir(tag: string, chart: LinkerdChart): Promise<string> {
    const key = `${tag}/${chart}`;
    let dir = this.unpacked.get(key);
    if (!dir) {
      dir = this.charts(tag).then(async (charts) => {
        const into = join(this.setup.workDir, 'charts', tag);
        const file = packageOf(charts, chart);
        await mkdir(into, { recursive: true });
        expectSuccess(await this.setup.run(['tar', '-xzf', file, '-C', into], { timeoutMs: HELM_TIMEOUT_MS }), `unpack ${file}`);
        return join(into, chart);
      });
      this.unpacked.set(key, dir);
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
    charts: PackagedCharts,
    args: string[],
  ): Promise<CommandResult> {
    const version = charts.versions[chart];
    this.setup.report.releases.push({ tag, chart, version, action });
    const made = expectHelm(await this.helm([action, chart, packageOf(charts, chart), ...args]), `helm ${action} ${chart} ${version} (${tag})`);
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

  /** The tag's charts as packaged files, and their versions. */
  private charts(tag: string): Promise<PackagedCharts> {
    return this.setup.charts.packages(tag, { run: this.setup.run, helm: this.setup.helm });
  }
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
