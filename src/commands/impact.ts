import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { ImpactReview } from '../impact/model.js';
import { reviewImpact } from '../impact/review.js';
import type { ImpactConfig } from '../inputs/impact-options.js';
import { InputError } from '../inputs/input-error.js';
import { gatewayApiOwner, gatewayApiValues, eraOf } from '../linkerd/eras.js';
import { helmValues } from '../linkerd/helm-values.js';
import { generateIdentity, identityValueArgs, type IdentityFiles } from '../linkerd/identity.js';
import { helmChartReferences, renderWithCli, renderWithHelm, type RenderedVersion } from '../linkerd/render.js';
import { expectSuccess } from '../process/expect-success.js';
import { createRunner, type Runner } from '../process/runner.js';
import { loadProfiles } from '../profiles/load.js';
import { cliInstallArgs, helmValueArgs, unsupportedOnPath, type InstallProfile } from '../profiles/model.js';
import { impactMarkdown } from '../report/impact.js';
import type { ToolName } from '../tools/toolset.js';

export interface ImpactResult {
  review: ImpactReview;
  /** The review as the command prints it: markdown, or JSON with `--json`. */
  text: string;
}

/**
 * The `--set` values that keep the Gateway API CRDs with their owner at each version, as a run
 * of this path would give them: the owner of `from`'s install, or the standard CRDs where `to`
 * refuses to go on without them.
 */
function crdArgsOf(config: ImpactConfig): { from: string[]; to: string[] } {
  const owner = gatewayApiOwner(config.gatewayApi, config.from);
  const toOwner = owner ?? (eraOf(config.to).refusesAbsentGatewayApi ? 'external' : undefined);
  return { from: gatewayApiValues(owner, config.from), to: gatewayApiValues(toOwner, config.to) };
}

/** The tools the review of `config` renders with: helm, or both versions' Linkerd CLIs. */
export function impactToolNames(config: ImpactConfig): ToolName[] {
  return config.installMethod === 'helm' ? ['helm'] : [...new Set([`linkerd-${config.from}`, `linkerd-${config.to}`] as const)];
}

/** A tool of the tools dir, or bad input naming what to put there. */
function tool(config: ImpactConfig, name: string): string {
  const path = join(config.toolsDir, name);
  if (!existsSync(path))
    throw new InputError('tools-dir', config.toolsDir, `has no ${name}; put it there (edge-canary tools fetch ${name} --tools-dir ${config.toolsDir})`);
  return path;
}

interface Setup {
  run: Runner;
  workDir: string;
  profile: InstallProfile;
  profileValuesFile?: string;
  /** One identity for both versions and both renders: a review is about the upgrade, not about two random key pairs. */
  identity: IdentityFiles;
}

/** The CLI's flags for an identity of one's own (the CLI makes a new one on every render otherwise). */
const cliIdentityArgs = (identity: IdentityFiles) => [
  '--identity-trust-anchors-file',
  identity.trustAnchor,
  '--identity-issuer-certificate-file',
  identity.issuerCrt,
  '--identity-issuer-key-file',
  identity.issuerKey,
];

async function renderCli(config: ImpactConfig, setup: Setup, tag: string, crdArgs: string[]): Promise<RenderedVersion> {
  const installArgs = [...cliIdentityArgs(setup.identity), ...config.installArgs, ...cliInstallArgs(setup.profile, setup.profileValuesFile)];
  return renderWithCli({ run: setup.run, linkerd: tool(config, `linkerd-${tag}`), tag, installArgs, crdArgs });
}

/** The profile's chart values files are the control-plane chart's own: it is unpacked to read them. */
async function unpackedChart(setup: Setup, helm: string, env: Record<string, string>, tag: string, reference: string[]): Promise<string> {
  const into = join(setup.workDir, 'charts', tag);
  await mkdir(into, { recursive: true });
  const argv = reference[0]!.endsWith('.tgz') ? ['tar', '-xzf', reference[0]!, '-C', into] : [helm, 'pull', ...reference, '--untar', '--untardir', into];
  expectSuccess(await setup.run(argv, { timeoutMs: 120_000, env }), `unpack linkerd-control-plane (${tag})`, 'error');
  return join(into, 'linkerd-control-plane');
}

function helmRenderer(config: ImpactConfig, setup: Setup): (tag: string, crdArgs: string[]) => Promise<RenderedVersion> {
  const helm = tool(config, 'helm');
  const home = join(setup.workDir, 'helm');
  const env = { HELM_CACHE_HOME: join(home, 'cache'), HELM_CONFIG_HOME: join(home, 'config'), HELM_DATA_HOME: join(home, 'data') };
  const user = helmValues(config.installArgs);
  const identityArgs = identityValueArgs(setup.identity);
  return async (tag, crdArgs) => {
    const charts = await helmChartReferences(setup.run, helm, env, tag, config.chartRepo);
    const needsChart = user.ha || setup.profile.chartValuesFiles.length > 0;
    const chartDir = needsChart ? await unpackedChart(setup, helm, env, tag, charts['linkerd-control-plane']) : '';
    const valueArgs = [
      ...(user.ha && !setup.profile.chartValuesFiles.includes('values-ha.yaml') ? ['--values', join(chartDir, 'values-ha.yaml')] : []),
      ...user.args,
      ...helmValueArgs(setup.profile, chartDir, setup.profileValuesFile),
    ];
    return renderWithHelm({ run: setup.run, helm, env, tag, charts, identityArgs, valueArgs, crdArgs, kubernetesVersion: config.kubernetesVersion });
  };
}

async function prepare(config: ImpactConfig, run: Runner, workDir: string): Promise<Setup> {
  const profile = await loadProfiles(config.profiles);
  const unsupported = unsupportedOnPath(profile, [config.from, config.to]);
  if (unsupported) throw new InputError('profile', profile.name, unsupported);
  if (config.installMethod === 'helm') {
    const old = [config.from, config.to].find((tag) => !eraOf(tag).separateCrds);
    if (old)
      throw new InputError(
        'install-method',
        'helm',
        `${old} predates the linkerd-crds and linkerd-control-plane charts (stable-2.12.0, edge-22.4.1); use install-method: cli`,
      );
  }
  const identity = await generateIdentity(run, join(workDir, 'identity'));
  if (!Object.keys(profile.values).length) return { run, workDir, profile, identity };
  const profileValuesFile = join(workDir, 'profile-values.yaml');
  await writeFile(profileValuesFile, stringify(profile.values));
  return { run, workDir, profile, identity, profileValuesFile };
}

/**
 * `edge-canary impact`: renders `from` and `to` without a cluster, with the install method and
 * profile a run would use (and without the user's settings, for the plain upgrade), and reviews
 * what the upgrade adds, removes and changes. Its own files live in a temp dir, removed after.
 */
export async function impactCommand(config: ImpactConfig, deps: { run?: Runner } = {}): Promise<ImpactResult> {
  const workDir = await mkdtemp(join(tmpdir(), 'edge-canary-impact-'));
  try {
    const setup = await prepare(config, deps.run ?? createRunner(), workDir);
    const crdArgs = crdArgsOf(config);
    const render = config.installMethod === 'helm' ? helmRenderer(config, setup) : (tag: string, args: string[]) => renderCli(config, setup, tag, args);
    const from = await render(config.from, crdArgs.from);
    const to = await render(config.to, crdArgs.to);
    const chartValues =
      from.chartValues && to.chartValues ? from.chartValues.map((c, i) => ({ chart: c.chart, from: c.values, to: to.chartValues![i]!.values })) : undefined;
    const review = reviewImpact({
      from: config.from,
      to: config.to,
      method: config.installMethod,
      manifests: { from: from.configured, to: to.configured, toPlain: to.plain },
      ...(chartValues ? { chartValues } : {}),
    });
    return { review, text: config.json ? `${JSON.stringify(review, null, 2)}\n` : impactMarkdown(review) };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
