import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/inputs/input-error.js';
import type { RunReport } from '../../src/report/model.js';
import { newEdgesSince, readWatchState, recordOutcomes, writeWatchState, type EdgeOutcome, type WatchState } from '../../src/versions/new-since.js';
import { ReleaseList, type Release } from '../../src/versions/releases.js';
import { compareEdges, parseTag } from '../../src/versions/tag.js';
import { outputs, runnerDirs, startAction } from '../helpers/action.js';
import { runMain } from '../helpers/cli.js';
import { RELEASES_FIXTURE } from '../helpers/releases.js';
import { runReport } from '../helpers/report.js';

const releases = JSON.parse(await readFile(RELEASES_FIXTURE, 'utf8')) as Release[];
/** The release list as it stood when `tag` was the newest edge. */
const upTo = (tag: string) => new ReleaseList(releases.filter((r) => parseTag(r.tag)?.kind !== 'edge' || compareEdges(r.tag, tag) <= 0));
const stateFile = async () => join(await mkdtemp(join(tmpdir(), 'watch-')), 'cache', 'state.json');
const state = (latestEdge: string, more: Partial<WatchState> = {}): WatchState => ({ latestEdge, checkedAt: '', ...more });
const outcomes = (entries: Record<string, EdgeOutcome>) => new Map(Object.entries(entries));
const NOW = new Date('2026-12-01T00:00:00Z');

/** A downloaded-artifacts folder with one report per path key. */
async function reportsDir(reports: Partial<RunReport>[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'reports-'));
  for (const r of reports) {
    await mkdir(join(dir, `edge-canary-${r.pathKey}-kind-attempt-1`));
    await writeFile(join(dir, `edge-canary-${r.pathKey}-kind-attempt-1`, 'report.json'), JSON.stringify(runReport(r)));
  }
  return dir;
}

describe('the new-edge watch', () => {
  it('names the edges not run yet, oldest first, and none when nothing is new', () => {
    const list = upTo('edge-26.8.3');
    expect(newEdgesSince(list, state('edge-26.7.2'))).toEqual({ since: 'edge-26.7.2', edges: ['edge-26.8.1', 'edge-26.8.2', 'edge-26.8.3'] });
    expect(newEdgesSince(list, state('edge-26.7.2', { done: ['edge-26.8.2'] })).edges).toEqual(['edge-26.8.1', 'edge-26.8.3']);
    expect(newEdgesSince(list, state('edge-26.8.3'))).toEqual({ since: 'edge-26.8.3', edges: [] });
    expect(newEdgesSince(list, undefined)).toEqual({ edges: ['edge-26.8.3'] });
  });

  it('records an edge once its canaries reached a verdict, and leaves one that errored new for the next poll', () => {
    const list = upTo('edge-26.8.3');
    // Two edges came out between polls; the older one's canary errored.
    const first = recordOutcomes(list, state('edge-26.8.1'), outcomes({ 'edge-26.8.2': 'error', 'edge-26.8.3': 'verdict' }), NOW);
    expect(first.state).toEqual({ latestEdge: 'edge-26.8.1', done: ['edge-26.8.3'], errors: { 'edge-26.8.2': 1 }, checkedAt: NOW.toISOString() });
    expect(newEdgesSince(list, first.state).edges).toEqual(['edge-26.8.2']);
    // It passes at the next poll: every edge up to the newest has run.
    const second = recordOutcomes(list, first.state, outcomes({ 'edge-26.8.2': 'verdict' }), NOW);
    expect(second.state).toEqual({ latestEdge: 'edge-26.8.3', checkedAt: NOW.toISOString() });
    expect(newEdgesSince(list, second.state).edges).toEqual([]);
  });

  it('keeps an edge with no outcome new without counting it (its job died, or it came out after the watch)', () => {
    const list = upTo('edge-26.8.3');
    const { state: next } = recordOutcomes(list, state('edge-26.8.1'), outcomes({ 'edge-26.8.2': 'verdict' }), NOW);
    expect(next).toEqual({ latestEdge: 'edge-26.8.2', checkedAt: NOW.toISOString() });
    expect(newEdgesSince(list, next).edges).toEqual(['edge-26.8.3']);
  });

  it('gives an edge up after three errored polls, recording it all the same, so it cannot hold the watch forever', () => {
    const list = upTo('edge-26.8.3');
    let current: WatchState | undefined = state('edge-26.8.2');
    const givenUp: string[][] = [];
    for (let poll = 0; poll < 3; poll++) {
      const result = recordOutcomes(list, current, outcomes({ 'edge-26.8.3': 'error' }), NOW);
      current = result.state;
      givenUp.push(result.givenUp);
    }
    expect(givenUp).toEqual([[], [], ['edge-26.8.3']]);
    expect(current).toEqual({ latestEdge: 'edge-26.8.3', checkedAt: NOW.toISOString() });
  });

  it('begins, with no earlier state, just before the oldest edge that ran', () => {
    const list = upTo('edge-26.8.3');
    expect(recordOutcomes(list, undefined, outcomes({ 'edge-26.8.3': 'error' }), NOW).state).toEqual({
      latestEdge: 'edge-26.8.2',
      errors: { 'edge-26.8.3': 1 },
      checkedAt: NOW.toISOString(),
    });
    expect(recordOutcomes(list, undefined, outcomes({}), NOW).state).toBeUndefined();
  });

  it('reads back what it wrote, and refuses a state file that is not one, naming it', async () => {
    const file = await stateFile();
    const written = state('edge-26.8.1', { done: ['edge-26.8.3'], errors: { 'edge-26.8.2': 2 } });
    await writeWatchState(file, written);
    expect(await readWatchState(file)).toEqual(written);
    await writeFile(file, '{"latestEdge": "version-2.19"}');
    await expect(readWatchState(file)).rejects.toThrow(InputError);
    await writeFile(file, '{"latestEdge": "edge-26.8.1", "errors": {"edge-26.8.2": "many"}}');
    await expect(readWatchState(file)).rejects.toThrow(/has done or errors that are not edge tags/);
    await writeFile(file, 'latest');
    await expect(readWatchState(file)).rejects.toThrow(/is not JSON/);
  });

  it('edge-canary versions --new-since says what is new and records nothing', async () => {
    const file = await stateFile();
    await writeWatchState(file, state('edge-26.8.1'));
    for (let look = 0; look < 2; look++) {
      const result = await runMain(['versions', '--new-since', file, '--releases-file', RELEASES_FIXTURE]);
      expect(result.stdout).toBe('New since edge-26.8.1: edge-26.8.2, edge-26.8.3.');
    }
  });
});

describe('the new-edge watch in the matrix sub-action', () => {
  const watch = { 'previous-edges': '1', majors: '0' };

  it('gives a path into every new edge, and no failure when nothing is new', async () => {
    const file = await stateFile();
    await writeWatchState(file, state('edge-26.8.1'));
    const dirs = await runnerDirs();
    expect((await startAction('matrix', dirs, { ...watch, 'releases-file': RELEASES_FIXTURE, 'new-since': file })).exitCode).toBe(0);
    const out = await outputs(dirs);
    expect(out['new-edges']).toBe('edge-26.8.2,edge-26.8.3');
    expect((JSON.parse(out.matrix!) as { include: Record<string, string>[] }).include.map((p) => [p.key, p.from, p.to])).toEqual([
      ['edge-26.8.2-previous-edge-1', 'edge-26.8.1', 'edge-26.8.2'],
      ['edge-26.8.3-previous-edge-1', 'edge-26.8.2', 'edge-26.8.3'],
    ]);
    expect(await readWatchState(file)).toEqual(state('edge-26.8.1'));

    await writeWatchState(file, state('edge-26.8.3'));
    const again = await runnerDirs();
    expect((await startAction('matrix', again, { ...watch, 'releases-file': RELEASES_FIXTURE, 'new-since': file })).exitCode).toBe(0);
    expect((await outputs(again))['new-edges']).toBe('');
  });

  it("with record, writes the state from the canaries' reports: a verdict is recorded, an error is not", async () => {
    const file = await stateFile();
    await writeWatchState(file, state('edge-26.8.1'));
    const reports = await reportsDir([
      { pathKey: 'edge-26.8.2-previous-edge-1', from: 'edge-26.8.1', to: 'edge-26.8.2', result: 'error' },
      { pathKey: 'edge-26.8.3-previous-edge-1', from: 'edge-26.8.2', to: 'edge-26.8.3', result: 'fail' },
    ]);
    const dirs = await runnerDirs();
    const result = await startAction('matrix', dirs, { ...watch, 'releases-file': RELEASES_FIXTURE, 'new-since': file, record: reports });
    expect(result.exitCode, result.all).toBe(0);
    expect(await readWatchState(file)).toMatchObject({ latestEdge: 'edge-26.8.1', done: ['edge-26.8.3'], errors: { 'edge-26.8.2': 1 } });
    expect(await readFile(dirs.summary, 'utf8')).toContain('To run again at the next poll (errored): `edge-26.8.2` (1 of 3).');
  });

  it('with record and no reports at all (every canary died before uploading), records nothing', async () => {
    const file = await stateFile();
    await writeWatchState(file, state('edge-26.8.1'));
    const dirs = await runnerDirs();
    const result = await startAction('matrix', dirs, { ...watch, 'releases-file': RELEASES_FIXTURE, 'new-since': file, record: join(dirs.root, 'reports') });
    expect(result.exitCode, result.all).toBe(0);
    expect(await readWatchState(file)).toEqual({ latestEdge: 'edge-26.8.1', checkedAt: expect.any(String) });
  });

  it('refuses record without new-since', async () => {
    const result = await runMain(['matrix', '--record', 'reports', '--releases-file', RELEASES_FIXTURE]);
    expect(result.stderr).toContain('invalid record "reports": needs new-since: the state file it records in');
  });
});
