import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DATA_FILE_LIMIT_BYTES, readInputFileIfExists } from '../inputs/read-file.js';
import { expectSuccess, PhaseStop } from '../process/expect-success.js';
import type { CommandResult, Runner } from '../process/runner.js';
import { chartSource, chartVersionFromTag, chartVersionsFromIndex, LINKERD_CHARTS, type ChartSource, type LinkerdChart } from './helm-charts.js';

const HELM_TIMEOUT_MS = 5 * 60_000;

/** A tag's two charts as packaged files in `dir`, named as Helm names them (`<chart>-<version>.tgz`). */
export interface PackagedCharts {
  dir: string;
  versions: Record<LinkerdChart, string>;
}

/** The packaged file of one chart. */
export function packageOf(charts: PackagedCharts, chart: LinkerdChart): string {
  return join(charts.dir, `${chart}-${charts.versions[chart]}.tgz`);
}

/** The helm the store runs, through the asking run's runner: the commands land in that run's report, and its cancel stops them. */
export interface HelmCommand {
  run: Runner;
  helm: string;
}

/**
 * Linkerd's charts of each tag as packaged files, for one `chart-repo` setting. A directory of
 * packages is used as it is. From a repository, each repository is added and each tag's charts
 * pulled once, however many installs, upgrades, renders and runs use them: Helm would otherwise
 * download the chart and read the repository's whole index (megabytes for Linkerd's) at every
 * command. The runs of a nightly share one store; a lone run has its own.
 */
export class ChartStore {
  private readonly env: Record<string, string>;
  private readonly repos = new SharedAttempts<void>();
  private readonly tags = new SharedAttempts<PackagedCharts>();

  constructor(
    private readonly dir: string,
    private readonly chartRepo: string | undefined,
  ) {
    const home = join(dir, 'helm');
    this.env = { HELM_CACHE_HOME: join(home, 'cache'), HELM_CONFIG_HOME: join(home, 'config'), HELM_DATA_HOME: join(home, 'data') };
  }

  packages(tag: string, helm: HelmCommand): Promise<PackagedCharts> {
    return this.tags.get(tag, () => this.obtain(tag, helm));
  }

  private async obtain(tag: string, helm: HelmCommand): Promise<PackagedCharts> {
    const source = chartSource(tag, this.chartRepo);
    if (source.kind === 'dir') return { dir: source.dir, versions: await this.versions(source, tag) };
    await this.repos.get(source.name, async () => {
      expectSuccess(await this.helm(helm, ['repo', 'add', source.name, source.url, '--force-update']), `helm repo add ${source.name} ${source.url}`);
    });
    const versions = await this.versions(source, tag);
    const dir = join(this.dir, source.name, tag);
    await mkdir(dir, { recursive: true });
    await Promise.all(
      LINKERD_CHARTS.map(async (chart) =>
        expectSuccess(
          await this.helm(helm, ['pull', `${source.name}/${chart}`, '--version', versions[chart], '--destination', dir]),
          `helm pull ${chart} ${versions[chart]} (${tag})`,
        ),
      ),
    );
    return { dir, versions };
  }

  /** Chart versions from the tag alone, else from the repository's index (an older tag's charts kept their own numbering). */
  private async versions(source: ChartSource, tag: string): Promise<Record<LinkerdChart, string>> {
    const fromTag = chartVersionFromTag(tag);
    if (fromTag) return Object.fromEntries(LINKERD_CHARTS.map((c) => [c, fromTag])) as Record<LinkerdChart, string>;
    const index = source.kind === 'repo' ? join(this.env.HELM_CACHE_HOME!, 'repository', `${source.name}-index.yaml`) : join(source.dir, 'index.yaml');
    const where = source.kind === 'repo' ? source.url : source.dir;
    const text = (await readInputFileIfExists(index, { input: 'chart-repo', given: where, maxBytes: DATA_FILE_LIMIT_BYTES })) ?? '';
    const versions = chartVersionsFromIndex(text, tag);
    if (!versions) throw new PhaseStop('error', `no linkerd-control-plane chart with appVersion ${tag} in the index of ${where}`);
    return versions;
  }

  private helm({ run, helm }: HelmCommand, args: string[]): Promise<CommandResult> {
    return run([helm, ...args], { timeoutMs: HELM_TIMEOUT_MS, env: this.env });
  }
}

/**
 * One attempt per key, shared by whoever asks while it runs and kept once it succeeds. A failed
 * one is dropped, and those who waited for it try themselves: it may have failed for its own
 * run's reason (a cancel, a time limit), and a real failure then fails in their run too.
 */
class SharedAttempts<T> {
  private readonly attempts = new Map<string, Promise<T>>();

  get(key: string, attempt: () => Promise<T>): Promise<T> {
    const shared = this.attempts.get(key);
    if (shared) return shared.catch(() => this.get(key, attempt));
    const mine = attempt();
    this.attempts.set(key, mine);
    // Dropped before the waiters' own catch runs (handlers run in the order they were added).
    mine.catch(() => this.attempts.get(key) === mine && this.attempts.delete(key));
    return mine;
  }
}
