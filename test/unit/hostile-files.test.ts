import { mkdtemp, mkdir, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { loadRunReports } from '../../src/aggregate/load.js';
import { loadBisectReports } from '../../src/bisect/findings.js';
import { buildReport, reportInput } from '../../src/commands/report.js';
import { validateReportOptions } from '../../src/inputs/command-validate.js';
import { InputError } from '../../src/inputs/input-error.js';
import { DATA_FILE_LIMIT_BYTES, INPUT_FILE_LIMIT_BYTES, readInputFile } from '../../src/inputs/read-file.js';
import { runCanary } from '../../src/pipeline/run-canary.js';
import type { RunConfig } from '../../src/inputs/validate.js';
import { parseRunReport } from '../../src/report/parse.js';
import { readWatchState } from '../../src/versions/new-since.js';
import { loadReleasesFile } from '../../src/versions/release-source.js';
import { FakeCluster, fakeConfig, loadReleases } from '../helpers/fake-cluster.js';
import { phase, runReport } from '../helpers/report.js';

const temp = () => mkdtemp(join(tmpdir(), 'hostile-files-'));

/** One file of each hostile kind at `path`: every reader must refuse each, naming the file. */
const HOSTILE: Record<string, (path: string) => Promise<void>> = {
  'JSON null': (path) => writeFile(path, 'null'),
  'truncated JSON': (path) => writeFile(path, '{"schemaVersion": 4, "tool": {"name": "edge-can'),
  'a FIFO': async (path) => void (await execa('mkfifo', [path])),
  'a link to /dev/zero': (path) => symlink('/dev/zero', path),
  'a directory': (path) => mkdir(path),
  'a file over the limit': async (path) => {
    await writeFile(path, '');
    // Sparse: the size says it, nothing is written.
    await truncate(path, DATA_FILE_LIMIT_BYTES + 1);
  },
};

async function refusal(work: Promise<unknown>): Promise<InputError> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputError);
  return error as InputError;
}

describe('every reader of a file refuses what is not a sane regular file of its kind, naming it', () => {
  const readers: Record<string, (dir: string) => Promise<{ file: string; read: () => Promise<unknown> }>> = {
    'a report.json among the reports': async (dir) => ({ file: join(dir, 'job-1', 'report.json'), read: () => loadRunReports(dir) }),
    'a bisect.json among the reports': async (dir) => ({ file: join(dir, 'bisect-1', 'bisect.json'), read: () => loadBisectReports(dir) }),
    'the previous aggregate': async (dir) => {
      const reports = join(dir, 'reports');
      await mkdir(reports);
      const file = join(dir, 'previous', 'aggregate.json');
      return {
        file,
        read: () =>
          buildReport(reportInput(validateReportOptions({ repository: '', reports, previous: file, 'output-dir': join(dir, 'out') })), {
            warn: () => undefined,
          }),
      };
    },
    'the new-since state file': async (dir) => {
      const file = join(dir, 'state', 'watch.json');
      return { file, read: () => readWatchState(file) };
    },
    'the releases file': async (dir) => {
      const file = join(dir, 'list', 'releases.json');
      return { file, read: () => loadReleasesFile(file) };
    },
  };
  for (const [reader, setUp] of Object.entries(readers)) {
    for (const [kind, make] of Object.entries(HOSTILE)) {
      // A folder named report.json among the reports is a folder: searched, not read.
      if (kind === 'a directory' && reader.includes('among the reports')) continue;
      it(`${reader}: ${kind}`, async () => {
        const dir = await temp();
        const { file, read } = await setUp(dir);
        await mkdir(join(file, '..'), { recursive: true });
        await make(file);
        const error = await refusal(read());
        expect(error.message).toContain(file);
      });
    }
  }
});

describe('readInputFile', () => {
  it('reads a regular file within the limit whole', async () => {
    const file = join(await temp(), 'ok.json');
    const text = `{"a": "${'é'.repeat(100_000)}"}`;
    await writeFile(file, text);
    expect(await readInputFile(file, { input: 'x', maxBytes: DATA_FILE_LIMIT_BYTES })).toBe(text);
  });

  it('stops at the limit on a file that says it has no size (/proc)', async () => {
    const error = await refusal(readInputFile('/proc/self/environ', { input: 'x', maxBytes: 1 }));
    expect(error.message).toMatch(/grew past 1 bytes/);
  });

  it('keeps the tighter limit for files users write', async () => {
    const file = join(await temp(), 'big.yaml');
    await writeFile(file, 'x'.repeat(INPUT_FILE_LIMIT_BYTES + 1));
    expect((await refusal(readInputFile(file, { input: 'scenarios' }))).message).toMatch(/at most 1048576 \(1 MiB\) are read/);
  });
});

describe('a report.json that is not what the schema says is malformed, never counted', () => {
  const malformed: Record<string, unknown> = {
    'an unknown result': runReport({ result: 'passed' as never }),
    'a result of another type': runReport({ result: true as never }),
    'no phases': { ...runReport(), phases: undefined },
    'phases that are not a list': runReport({ phases: {} as never }),
    'a phase without a verdict': runReport({ phases: [{ ...phase('install-from'), verdict: undefined as never }] }),
    'a phase of an unknown verdict': runReport({ phases: [phase('install-from', { verdict: 'ok' as never })] }),
    'a phase name that is markup': runReport({ phases: [phase('<img src=x onerror=alert(1)>')] }),
    'a scenario name with spaces': runReport({ scenarios: [{ name: 'a b', file: 'x', phase: 'after-upgrade', verdict: 'pass', durationMs: 1, attempts: [] }] }),
    'a scenario of an unknown verdict': runReport({
      scenarios: [{ name: 'a', file: 'x', phase: 'after-upgrade', verdict: 'great' as never, durationMs: 1, attempts: [] }],
    }),
    'a path key with a slash': runReport({ pathKey: '../../x' }),
    'a from that is not a tag': runReport({ from: 'edge 26.1.1; rm -rf /' }),
    'failed names that are not strings': runReport({ failed: [1] as never }),
  };
  for (const [what, report] of Object.entries(malformed)) {
    it(what, () => {
      expect(() => parseRunReport('reports', '/r/report.json', JSON.stringify(report))).toThrow(
        /invalid reports "\/r\/report.json": is a malformed report: at \//,
      );
    });
  }

  it('reads the report of a run refused for bad input, whatever the user asked for', () => {
    const report = runReport({
      result: 'error',
      requested: { from: 'Edge 26.1.1 <b>', to: 'latest-edge' },
      phases: [phase('resolve-versions', { verdict: 'error' })],
    });
    delete report.from;
    delete report.to;
    expect(parseRunReport('reports', 'r.json', JSON.stringify(report))).toEqual(report);
  });

  it('reads the reports the tool writes', () => {
    const report = runReport({
      pathKey: 'major-2.19-helm@ha+external-issuer',
      result: 'fail',
      phases: [phase('scenarios@after-upgrade@edge-26.8.3', { verdict: 'fail', reason: 'x' }), phase('collect-diagnostics', { cleanup: true })],
      scenarios: [{ name: 'profile-platform-team', file: 'x', phase: 'before-install', hop: 'edge-26.8.3', verdict: 'flaky', durationMs: 1, attempts: [] }],
      failed: ['scenarios@after-upgrade@edge-26.8.3'],
    });
    expect(parseRunReport('reports', 'r.json', JSON.stringify(report))).toEqual(report);
  });

  it('refuses a whole reports folder for one malformed report in it', async () => {
    const dir = await temp();
    await mkdir(join(dir, 'a'));
    await mkdir(join(dir, 'b'));
    await writeFile(join(dir, 'a', 'report.json'), JSON.stringify(runReport()));
    await writeFile(join(dir, 'b', 'report.json'), JSON.stringify(runReport({ result: 'PASS' as never })));
    expect((await refusal(loadRunReports(dir))).message).toContain(join(dir, 'b', 'report.json'));
  });
});

describe('the schema takes every report the pipeline writes', () => {
  const runs: Record<string, [Partial<RunConfig>, ConstructorParameters<typeof FakeCluster>[0]?]> = {
    'a pass with the built-in scenarios': [{ scenarios: ['builtin'] }],
    'a multi-hop path': [{ from: 'edge-25.4.4', via: ['edge-25.10.7'], to: 'edge-26.8.3', scenarios: ['builtin'] }],
    'a Helm run with profiles': [{ installMethod: 'helm', profiles: ['ha', 'external-issuer'] }],
    'a failed upgrade': [
      {},
      (argv) => (argv[0]!.endsWith('edge-26.8.3') && argv.includes('upgrade') ? { exitCode: 1, stderr: '::error::boom <details>' } : undefined),
    ],
    'bad input': [{ from: 'Edge-26.8.2 <b>' }],
  };
  for (const [what, [overrides, reply]] of Object.entries(runs)) {
    it(what, async () => {
      const reportDir = await temp();
      const cluster = new FakeCluster(reply);
      const report = await runCanary(fakeConfig(reportDir, overrides), { loadReleases }, cluster.deps());
      const json = JSON.stringify(report);
      expect(parseRunReport('reports', 'report.json', json)).toEqual(JSON.parse(json));
    });
  }
});

describe("the matrix's paths list is checked before it is trusted", () => {
  for (const paths of [
    'null',
    '[{"key": "a", "from": "edge-26.8.2", "to": "edge-26.8',
    '{"key": "a"}',
    '[null]',
    '[{"key": null, "from": "a", "to": "b"}]',
    '[{"key": "a", "from": 1, "to": "b"}]',
  ]) {
    it(paths, async () => {
      const dir = await temp();
      await mkdir(join(dir, 'reports'));
      const work = (async () =>
        buildReport(reportInput(validateReportOptions({ repository: '', reports: join(dir, 'reports'), paths, 'output-dir': join(dir, 'out') })), {
          warn: () => undefined,
        }))();
      expect((await refusal(work)).input).toBe('paths');
    });
  }
});
