import { execa } from 'execa';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readActionInputs } from '../../src/action/inputs.js';
import { buildMatrix } from '../../src/commands/matrix.js';
import { recordWatch } from '../../src/commands/watch.js';
import { validateMatrixOptions } from '../../src/inputs/command-validate.js';
import { validateOptions } from '../../src/inputs/validate.js';
import type { RunResult } from '../../src/report/model.js';
import { compareEdges, parseTag } from '../../src/versions/tag.js';
import { realReleases, RELEASES_FIXTURE } from '../helpers/releases.js';
import { runReport } from '../helpers/report.js';
import { readdirSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ActionsCache, jobOrder, rerunOfFailed, runJob } from '../helpers/workflow-run.js';
import { actionEnv, readWorkflow, stepInputs, stepUsing } from '../helpers/workflows.js';

afterEach(() => vi.unstubAllEnvs());

/** What the canary step of `job` validates for one matrix entry, read as the action reads it. */
function canaryConfig(file: string, job: string, entry: Record<string, string>) {
  const step = stepUsing(readWorkflow(file).jobs[job]!, './');
  for (const [name, value] of Object.entries(actionEnv('action.yml', stepInputs(step, entry)))) vi.stubEnv(name, value);
  return validateOptions(readActionInputs());
}

/** Every path of a matrix with several profiles and both install methods, into the newest edge of the fixture. */
async function profileMatrix() {
  const config = validateMatrixOptions({
    'previous-edges': '2',
    majors: '2',
    'multi-hop': 'true',
    'install-methods': 'cli\nhelm',
    profiles: 'default\nha\nha+external-issuer\ntest/fixtures/profiles/platform-team.yaml',
    'releases-file': RELEASES_FIXTURE,
  });
  return (await buildMatrix(config)).matrix.include;
}

describe('the matrix output, through the canary jobs of the workflows, into the action', () => {
  it.each([['nightly.yml', 'canary']])('%s job %s accepts every path of a profile matrix, key and profile as the matrix gave them', async (file, job) => {
    const include = await profileMatrix();
    expect(include.length).toBeGreaterThan(20);
    expect(include.map((e) => e.key)).toContain('previous-edge-1-helm@ha+external-issuer');
    for (const entry of include) {
      const config = canaryConfig(file, job, entry);
      expect(config.pathKey, entry.key).toBe(entry.key);
      expect(config.profiles.join('+')).toBe(entry.profile);
      expect(config.installMethod).toBe(entry['install-method']);
    }
  });

  it.each([['nightly.yml', 'canary']])('%s job %s gives every path a kubectl within one minor of its cluster', async (file, job) => {
    for (const entry of await profileMatrix()) {
      const config = canaryConfig(file, job, entry);
      const minor = (version: string) => Number(version.split('.')[1]);
      expect(
        Math.abs(minor(config.kubectlVersion) - minor(config.kubernetesVersion)),
        `${entry.key}: kubectl ${config.kubectlVersion} on ${config.kubernetesVersion}`,
      ).toBeLessThanOrEqual(1);
    }
  });
});

describe('what starts the workflows', () => {
  // `release` is this repository's own releases (a tag like v1.0.0 is no Linkerd version), and
  // Linkerd's releases, made with its GITHUB_TOKEN, start no workflow in any repository.
  it.each(readdirSync('.github/workflows'))('%s is not started by a release', (file) => {
    expect(Object.keys(readWorkflow(file).on)).not.toContain('release');
  });
});

describe("the nightly's baseline, over nights and re-runs", () => {
  const nightly = readWorkflow('nightly.yml');

  /**
   * One attempt of the nightly over the Actions cache: the listed jobs run in order, each ./report
   * step notes what its \`previous\` held and leaves this attempt's aggregate in its output-dir.
   */
  async function attempt(cache: ActionsCache, runId: number, n: number, jobs = jobOrder(nightly)) {
    const compared: Record<string, string> = {};
    for (const job of jobs) {
      const report = async (inputs: Record<string, string>, workspace: string) => {
        compared[job] = await readFile(join(workspace, inputs.previous!), 'utf8').catch(() => 'nothing');
        await mkdir(join(workspace, inputs['output-dir']!), { recursive: true });
        await writeFile(join(workspace, inputs['output-dir']!, 'aggregate.json'), `run ${runId} attempt ${n}`);
      };
      await runJob(nightly.jobs[job]!, { runId, attempt: n, cache, stubs: { './report': report } });
    }
    return compared;
  }

  it('triage and report compare with the night before, on the first attempt and on every re-run', async () => {
    const cache = new ActionsCache();
    expect(await attempt(cache, 100, 1)).toEqual({ triage: 'nothing', report: 'nothing' });
    expect(await attempt(cache, 200, 1)).toEqual({ triage: 'run 100 attempt 1', report: 'run 100 attempt 1' });
    // A canary job failed: "Re-run failed jobs" runs it and every job after it again.
    expect(await attempt(cache, 200, 2, rerunOfFailed(nightly, ['canary']))).toEqual({ triage: 'run 100 attempt 1', report: 'run 100 attempt 1' });
    expect(await attempt(cache, 200, 3)).toEqual({ triage: 'run 100 attempt 1', report: 'run 100 attempt 1' });
    // The next night compares with the last attempt of this one.
    expect(await attempt(cache, 300, 1)).toEqual({ triage: 'run 200 attempt 3', report: 'run 200 attempt 3' });
  });
});

describe('the new-edge watch, over polls', () => {
  const workflow = readWorkflow('canary-on-new-edge.yml');

  /**
   * One poll of canary-on-new-edge.yml with the release list as it stood when \`newest\` came
   * out: the watch job, one canary job per matrix entry (its report says \`results[to]\`, or it
   * dies before uploading one), then
   * the record job, each over the same Actions cache. The ./matrix steps are the real sub-action's
   * code; returns the edges the canaries ran into.
   */
  async function poll(cache: ActionsCache, runId: number, newest: string, results: Record<string, RunResult | 'died'> = {}): Promise<string[]> {
    const releasesFile = join(await mkdtemp(join(tmpdir(), 'releases-')), 'releases.json');
    await writeFile(releasesFile, JSON.stringify(realReleases().filter((r) => parseTag(r.tag)?.kind !== 'edge' || compareEdges(r.tag, newest) <= 0)));
    const artifacts = new Map<string, string>();
    const stubs = {
      './matrix': async (inputs: Record<string, string>, workspace: string) => {
        const config = validateMatrixOptions({ ...inputs, 'releases-file': releasesFile }, workspace);
        if (config.record) return void (await recordWatch({ ...config, newSince: config.newSince!, record: config.record }));
        const result = await buildMatrix(config);
        return { matrix: JSON.stringify(result.matrix), 'new-edges': result.newEdges!.edges.join(',') };
      },
      './': async (inputs: Record<string, string>) => {
        const result = results[inputs.to!] ?? 'pass';
        if (result === 'died') return;
        const report = runReport({ pathKey: inputs['path-key'], from: inputs.from, to: inputs.to, result });
        artifacts.set(`edge-canary-${inputs['path-key']}-kind-attempt-1`, JSON.stringify(report));
      },
      'actions/download-artifact@v4': async (inputs: Record<string, string>, workspace: string) => {
        for (const [name, report] of artifacts) {
          await mkdir(join(workspace, inputs.path!, name), { recursive: true });
          await writeFile(join(workspace, inputs.path!, name, 'report.json'), report);
        }
      },
    };
    const run = { runId, attempt: 1, cache, stubs };
    const watch = (await runJob(workflow.jobs.watch!, run)).watch!;
    // The jobs after the watch run only when it found something, as their conditions say.
    expect([workflow.jobs.canary!.if, workflow.jobs.record!.if]).toEqual([
      "${{ needs.watch.outputs.new-edges != '' }}",
      "${{ !cancelled() && needs.watch.outputs.new-edges != '' }}",
    ]);
    if (watch['new-edges'] === '') return [];
    const include = (JSON.parse(watch.matrix!) as { include: Record<string, string>[] }).include;
    for (const entry of include) await runJob(workflow.jobs.canary!, { ...run, matrix: entry });
    await runJob(workflow.jobs.record!, run);
    return include.map((entry) => entry.to!);
  }

  it('runs every edge that came out since the last poll, and again one whose canary errored, until it ran', async () => {
    const cache = new ActionsCache();
    expect(await poll(cache, 1, 'edge-26.8.1')).toEqual(['edge-26.8.1']);
    // Two edges between polls: both run; the older one errors.
    expect(await poll(cache, 2, 'edge-26.8.3', { 'edge-26.8.2': 'error', 'edge-26.8.3': 'fail' })).toEqual(['edge-26.8.2', 'edge-26.8.3']);
    // The failed edge has its verdict; the errored one runs again.
    expect(await poll(cache, 3, 'edge-26.8.3')).toEqual(['edge-26.8.2']);
    expect(await poll(cache, 4, 'edge-26.8.3')).toEqual([]);
  });

  it('runs an edge again when its canary job died before uploading a report', async () => {
    const cache = new ActionsCache();
    await poll(cache, 1, 'edge-26.8.1');
    expect(await poll(cache, 2, 'edge-26.8.2', { 'edge-26.8.2': 'died' })).toEqual(['edge-26.8.2']);
    expect(await poll(cache, 3, 'edge-26.8.2')).toEqual(['edge-26.8.2']);
    expect(await poll(cache, 4, 'edge-26.8.2')).toEqual([]);
  });
});

describe('the self-test on the first push', () => {
  const job = readWorkflow('self-test.yml').jobs['test-action']!;
  const entries = (job.strategy!.matrix as { include: Record<string, string>[] }).include;

  it('runs the defaults, every built-in scenario included, on the previous edge, and the Helm method with one profile, both on kind', () => {
    const [defaults, helm] = entries.map((entry) => canaryConfig('self-test.yml', 'test-action', entry));
    vi.unstubAllEnvs();
    const { pathKey, ...rest } = defaults!;
    expect(pathKey).toBe('self-test');
    for (const [name, value] of Object.entries(actionEnv('action.yml', {}))) vi.stubEnv(name, value);
    expect(rest).toEqual(validateOptions(readActionInputs()));
    expect(rest).toMatchObject({
      from: 'previous-edge',
      to: 'latest-edge',
      provider: 'kind',
      scenarios: ['builtin'],
      profiles: ['default'],
      installMethod: 'cli',
    });
    expect(helm).toMatchObject({ from: 'previous-edge', to: 'latest-edge', provider: 'kind', installMethod: 'helm', profiles: ['ha'] });
  });

  it('uploads what the action wrote when it died before publishing its report (it uploads it otherwise)', () => {
    const upload = job.steps!.find((s) => s.uses?.startsWith('actions/upload-artifact@'))!;
    expect(upload.if).toBe("${{ failure() && steps.canary.outputs.report == '' }}");
    // The action's report dir when none is given: join(RUNNER_TEMP, 'edge-canary') (src/action/main.ts).
    expect(upload.with!.path).toBe('${{ runner.temp }}/edge-canary');
  });

  it("names the failing step, and the canary's result when it has one, in the job summary", async () => {
    const step = job.steps!.find((s) => s.name === 'Name the failing step in the job summary')!;
    expect(step.if).toBe('${{ failure() }}');
    const summary = async (env: Record<string, string>) => {
      const file = join(await mkdtemp(join(tmpdir(), 'summary-')), 'summary.md');
      await execa('bash', ['-e', '-c', step.run!], { env: { ...env, GITHUB_STEP_SUMMARY: file } });
      return readFile(file, 'utf8');
    };
    const steps = (canary: string) =>
      JSON.stringify({ checkout: { outcome: 'success', outputs: {} }, canary: { outcome: canary, outputs: {} }, upload: { outcome: 'skipped', outputs: {} } });
    expect(await summary({ STEPS: steps('failure'), RESULT: 'fail', FAILED: 'check-proxies,scenario:cli-skew@after-upgrade' })).toBe(
      "## Failing step\n\n- `canary`\n\nThe canary's result is `fail`, failed: `check-proxies,scenario:cli-skew@after-upgrade` (its phases are in the summary above and the report artifact).\n",
    );
    expect(await summary({ STEPS: steps('failure'), RESULT: '', FAILED: '' })).toBe('## Failing step\n\n- `canary`\n');
  });
});
