import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ChartStore, packageOf } from '../../src/linkerd/chart-store.js';
import { chartReference, chartSource, chartVersionFromTag, chartVersionsFromIndex } from '../../src/linkerd/helm-charts.js';
import { failingTemplate } from '../../src/linkerd/helm-errors.js';
import { helmValues } from '../../src/linkerd/helm-values.js';
import { helmInput } from '../../src/pipeline/helm-steps.js';
import { fakeRunners, type Reply } from '../helpers/fake-runner.js';

describe('Linkerd chart versions', () => {
  it('derives 20YY.M.N from edges since edge-24.3.1, and nothing from older edges or stables', () => {
    expect(chartVersionFromTag('edge-25.10.2')).toBe('2025.10.2');
    expect(chartVersionFromTag('edge-26.8.3')).toBe('2026.8.3');
    expect(chartVersionFromTag('edge-24.3.1')).toBe('2024.3.1');
    expect(chartVersionFromTag('edge-24.2.5')).toBeUndefined();
    expect(chartVersionFromTag('stable-2.14.10')).toBeUndefined();
  });

  it('finds an older tag in the index: the control plane by appVersion, the CRD chart packaged with it', () => {
    const index = `apiVersion: v1
entries:
  linkerd-control-plane:
  - { version: 1.18.11-edge, appVersion: edge-24.2.5, created: "2024-02-29T10:00:00Z" }
  - { version: 1.18.10-edge, appVersion: edge-24.2.4, created: "2024-02-22T10:00:00Z" }
  linkerd-crds:
  - { version: 1.9.5-edge, created: "2024-02-29T09:59:30Z" }
  - { version: 1.9.4-edge, created: "2024-02-22T09:59:50Z" }
`;
    expect(chartVersionsFromIndex(index, 'edge-24.2.4')).toEqual({ 'linkerd-crds': '1.9.4-edge', 'linkerd-control-plane': '1.18.10-edge' });
    expect(chartVersionsFromIndex(index, 'edge-24.2.3')).toBeUndefined();
    expect(chartVersionsFromIndex('', 'edge-24.2.4')).toBeUndefined();
  });

  it('takes charts from the channel repo, a chart-repo URL, or a directory of packaged charts', () => {
    expect(chartSource('edge-26.8.3', undefined)).toEqual({ kind: 'repo', name: 'linkerd-edge', url: 'https://helm.linkerd.io/edge' });
    expect(chartSource('stable-2.14.10', undefined)).toEqual({ kind: 'repo', name: 'linkerd-stable', url: 'https://helm.linkerd.io/stable' });
    const mirror = chartSource('edge-26.8.3', 'https://charts.example.internal/linkerd');
    expect(chartReference(mirror, 'linkerd-crds', '2026.8.3')).toEqual(['edge-canary-charts/linkerd-crds', '--version', '2026.8.3']);
    expect(chartReference(chartSource('edge-26.8.3', '/srv/charts'), 'linkerd-control-plane', '2026.8.3')).toEqual([
      '/srv/charts/linkerd-control-plane-2026.8.3.tgz',
    ]);
  });
});

describe('the chart store: Linkerd charts as packaged files, shared by the runs that ask', () => {
  /** Two runs' runners over one fake helm; `answer` may fail a command of one of them (by its name). */
  function twoRuns(answer: (run: string, args: string[]) => Reply | Promise<Reply> = () => ({})) {
    const fake = fakeRunners((argv, _options, config) => answer(config.secrets![0]!, argv.slice(1)));
    const commands = (run: string) => fake.calls.filter((c) => c.config.secrets![0] === run).map((c) => c.argv.slice(1).join(' '));
    const helm = (run: string) => ({ run: fake.createRunner({ secrets: [run] }), helm: '/tools/helm' });
    return { commands, a: helm('a'), b: helm('b') };
  }

  it('adds a repository once and pulls each tag once, whoever asks; the commands land in the run that ran them', async () => {
    const store = new ChartStore(await mkdtemp(join(tmpdir(), 'chart-store-')), 'https://charts.example/linkerd');
    const { commands, a, b } = twoRuns();
    const [first, second, other] = await Promise.all([store.packages('edge-26.8.3', a), store.packages('edge-26.8.3', b), store.packages('edge-26.8.2', b)]);
    expect(second).toBe(first);
    expect(packageOf(first, 'linkerd-crds')).toMatch(/\/edge-canary-charts\/edge-26.8.3\/linkerd-crds-2026.8.3.tgz$/);
    expect(commands('a')).toEqual([
      'repo add edge-canary-charts https://charts.example/linkerd --force-update',
      expect.stringMatching(/^pull edge-canary-charts\/linkerd-crds --version 2026.8.3 --destination \S+\/edge-26.8.3$/),
      expect.stringMatching(/^pull edge-canary-charts\/linkerd-control-plane --version 2026.8.3 --destination \S+\/edge-26.8.3$/),
    ]);
    expect(commands('b')).toEqual([
      expect.stringMatching(/^pull edge-canary-charts\/linkerd-crds --version 2026.8.2 /),
      expect.stringMatching(/^pull edge-canary-charts\/linkerd-control-plane --version 2026.8.2 /),
    ]);
    expect(await store.packages('edge-26.8.2', a)).toBe(other);
  });

  it("lets a run that waited for a failed pull try itself: the failure may have been the other run's cancel", async () => {
    const store = new ChartStore(await mkdtemp(join(tmpdir(), 'chart-store-')), 'https://charts.example/linkerd');
    const { commands, a, b } = twoRuns((run, args) => (run === 'a' && args[0] === 'pull' ? { outcome: 'cancelled' } : {}));
    const [mine, waited] = await Promise.allSettled([store.packages('edge-26.8.3', a), store.packages('edge-26.8.3', b)]);
    expect(mine.status).toBe('rejected');
    expect(waited).toMatchObject({ status: 'fulfilled', value: { versions: { 'linkerd-crds': '2026.8.3' } } });
    expect(commands('b').filter((c) => c.startsWith('pull '))).toHaveLength(2);
  });

  it('uses a directory of packages as it is, an older tag versioned from its index', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'chart-dir-'));
    await writeFile(
      join(dir, 'index.yaml'),
      'entries:\n  linkerd-control-plane:\n  - { version: 1.18.10-edge, appVersion: edge-24.2.4, created: "2024-02-22T10:00:00Z" }\n  linkerd-crds:\n  - { version: 1.9.4-edge, created: "2024-02-22T09:59:50Z" }\n',
    );
    const store = new ChartStore(await mkdtemp(join(tmpdir(), 'chart-store-')), dir);
    const { commands, a } = twoRuns();
    const charts = await store.packages('edge-24.2.4', a);
    expect(packageOf(charts, 'linkerd-control-plane')).toBe(join(dir, 'linkerd-control-plane-1.18.10-edge.tgz'));
    expect(packageOf(charts, 'linkerd-crds')).toBe(join(dir, 'linkerd-crds-1.9.4-edge.tgz'));
    expect(commands('a')).toEqual([]);
    await expect(store.packages('edge-24.2.3', a)).rejects.toThrow(`no linkerd-control-plane chart with appVersion edge-24.2.3 in the index of ${dir}`);
  });
});

describe('install-args for Helm', () => {
  it('passes value flags through, in both spellings, and turns --ha into the chart values-ha.yaml', () => {
    expect(helmValues(['--set', 'proxy.logLevel=debug', '--set-string=podAnnotations.team=a b', '-f', 'mine.yaml', '--ha'])).toEqual({
      args: ['--set', 'proxy.logLevel=debug', '--set-string', 'podAnnotations.team=a b', '--values', 'mine.yaml'],
      ha: true,
    });
  });

  it('refuses CLI flags that are no chart value, and a value flag without its value', () => {
    expect(() => helmValues(['--proxy-log-level', 'debug'])).toThrow(/invalid install-args "--proxy-log-level": has no Helm equivalent/);
    expect(() => helmValues(['--set'])).toThrow(/invalid install-args "--set": needs a value/);
  });

  it('refuses versions from before the two charts', () => {
    expect(() => helmInput([], ['stable-2.11.5', 'edge-26.8.3'])).toThrow(/stable-2.11.5 predates the linkerd-crds and linkerd-control-plane charts/);
    expect(helmInput(['--ha'], ['stable-2.12.0', 'edge-26.8.3'])).toEqual({ args: [], ha: true });
  });
});

describe('Helm errors', () => {
  it('names the failing template and line in each form Helm prints', () => {
    expect(
      failingTemplate(
        'Error: UPGRADE FAILED: execution error at (linkerd-control-plane/templates/identity.yaml:19:5): Please provide the identity issuer certificate',
      ),
    ).toBe('linkerd-control-plane/templates/identity.yaml line 19');
    expect(failingTemplate('Error: template: linkerd-control-plane/templates/destination.yaml:235:18: executing "x" at <.Values.a.b>: nil pointer')).toBe(
      'linkerd-control-plane/templates/destination.yaml line 235',
    );
    // What helm 3.22 printed for --set proxy.image=oops against the edge-26.8.3 chart.
    const chained =
      'coalesce.go:316: warning: cannot overwrite table with non table for linkerd-control-plane.proxy.image\n' +
      'Error: INSTALLATION FAILED: template: linkerd-control-plane/templates/proxy-injector.yaml:44:12: executing "linkerd-control-plane/templates/proxy-injector.yaml" at <include "partials.proxy.annotations" .>: error calling include: template: linkerd-control-plane/charts/partials/templates/_metadata.tpl:6:35: executing "partials.proxy.annotations" at <.Values.proxy.image.version>: can\'t evaluate field version in type interface {}';
    expect(failingTemplate(chained)).toBe(
      'linkerd-control-plane/charts/partials/templates/_metadata.tpl line 6 (included from linkerd-control-plane/templates/proxy-injector.yaml line 44)',
    );
    expect(failingTemplate('Error: INSTALLATION FAILED: cannot re-use a name that is still in use')).toBeUndefined();
  });
});
