import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/inputs/input-error.js';
import { newEdgesSince, readWatchState, watchNewEdges } from '../../src/versions/new-since.js';
import { ReleaseList, type Release } from '../../src/versions/releases.js';
import { compareEdges, parseTag } from '../../src/versions/tag.js';
import { outputs, runnerDirs, startAction } from '../helpers/action.js';
import { runCli } from '../helpers/cli.js';
import { RELEASES_FIXTURE } from '../helpers/releases.js';

const releases = JSON.parse(await readFile(RELEASES_FIXTURE, 'utf8')) as Release[];
/** The release list as it stood when `tag` was the newest edge. */
const upTo = (tag: string) => new ReleaseList(releases.filter((r) => parseTag(r.tag)?.kind !== 'edge' || compareEdges(r.tag, tag) <= 0));
const stateFile = async () => join(await mkdtemp(join(tmpdir(), 'watch-')), 'cache', 'state.json');

describe('the new-release watch', () => {
  it('names the edges newer than the last run saw, oldest first, and none when nothing is new', () => {
    const list = upTo('edge-26.8.3');
    expect(newEdgesSince(list, { latestEdge: 'edge-26.7.2', checkedAt: '' })).toEqual({ since: 'edge-26.7.2', edges: ['edge-26.8.1', 'edge-26.8.2', 'edge-26.8.3'] });
    expect(newEdgesSince(list, { latestEdge: 'edge-26.8.3', checkedAt: '' })).toEqual({ since: 'edge-26.8.3', edges: [] });
    expect(newEdgesSince(list, undefined)).toEqual({ edges: ['edge-26.8.3'] });
  });

  it('moves the state on: a second look at the same list finds nothing, a newer list finds the new edge', async () => {
    const file = await stateFile();
    expect((await watchNewEdges(file, upTo('edge-26.8.2'))).edges).toEqual(['edge-26.8.2']);
    expect((await watchNewEdges(file, upTo('edge-26.8.2'))).edges).toEqual([]);
    expect(await watchNewEdges(file, upTo('edge-26.8.3'))).toEqual({ since: 'edge-26.8.2', edges: ['edge-26.8.3'] });
    expect((await readWatchState(file))?.latestEdge).toBe('edge-26.8.3');
  });

  it('refuses a state file that is not one, naming it', async () => {
    const file = await stateFile();
    await watchNewEdges(file, upTo('edge-26.8.2'));
    await writeFile(file, '{"latestEdge": "version-2.19"}');
    await expect(readWatchState(file)).rejects.toThrow(InputError);
    await writeFile(file, 'latest');
    await expect(readWatchState(file)).rejects.toThrow(/is not JSON/);
  });

  it('edge-canary versions --new-since says what is new and records it', async () => {
    const file = await stateFile();
    await watchNewEdges(file, upTo('edge-26.8.1'));
    const first = await runCli(['versions', '--new-since', file, '--releases-file', RELEASES_FIXTURE]);
    expect(first.stdout).toBe('New since edge-26.8.1: edge-26.8.2, edge-26.8.3.');
    const second = await runCli(['versions', '--new-since', file, '--releases-file', RELEASES_FIXTURE]);
    expect(second.stdout).toBe('No new edge since edge-26.8.3.');
    expect(second.exitCode).toBe(0);
  });

  it('the matrix sub-action outputs new-edges with new-since, empty when nothing is new', async () => {
    const file = await stateFile();
    await watchNewEdges(file, upTo('edge-26.8.2'));
    const inputs = { 'previous-edges': '1', majors: '0', 'releases-file': RELEASES_FIXTURE, 'new-since': file };
    const dirs = await runnerDirs();
    expect((await startAction('matrix', dirs, inputs)).exitCode).toBe(0);
    expect((await outputs(dirs))['new-edges']).toBe('edge-26.8.3');
    const again = await runnerDirs();
    expect((await startAction('matrix', again, inputs)).exitCode).toBe(0);
    expect((await outputs(again))['new-edges']).toBe('');
  });
});
