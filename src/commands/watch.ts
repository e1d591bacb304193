import type { MatrixConfig } from '../inputs/command-validate.js';
import { aggregate, type PathResult } from '../aggregate/aggregate.js';
import { loadRunReports } from '../aggregate/load.js';
import { releaseLoader } from '../pipeline/execute.js';
import { code } from '../report/markdown.js';
import { ERRORED_POLLS_LIMIT, readWatchState, recordOutcomes, writeWatchState, type EdgeOutcome } from '../versions/new-since.js';
import { ReleaseList } from '../versions/releases.js';
import { nothingDownloaded } from './downloads.js';
import { matrixFor } from './matrix.js';

export interface WatchRecord {
  /** Edges recorded after erroring at every poll allowed. */
  givenUp: string[];
  markdown: string;
}

const VERDICTS: readonly PathResult[] = ['pass', 'fail', 'skipped'];

/**
 * After the canaries of the watch's matrix: reads their reports and records in the state file
 * each new edge all of whose paths reached a verdict. The paths are the matrix's again, from the
 * same state, so an edge that came out since the watch has no report and stays new.
 */
export async function recordWatch(config: MatrixConfig & { newSince: string; record: string }): Promise<WatchRecord> {
  const list = new ReleaseList(await releaseLoader(config)());
  const { paths, newEdges } = await matrixFor(list, config);
  const reports = (await nothingDownloaded(config.record)) ? [] : (await loadRunReports(config.record)).map((r) => r.report);
  const outcomes = new Map<string, EdgeOutcome>();
  for (const edge of newEdges!.edges) {
    const runnable = paths.filter((p) => p.to === edge && !p.skipped);
    const results = aggregate(reports, runnable)
      .paths.filter((p) => runnable.some((r) => r.key === p.key))
      .map((p) => p.result);
    if (results.every((r) => VERDICTS.includes(r))) outcomes.set(edge, 'verdict');
    else if (!results.every((r) => r === 'missing')) outcomes.set(edge, 'error');
  }
  const { state, givenUp } = recordOutcomes(list, await readWatchState(config.newSince), outcomes);
  if (state) await writeWatchState(config.newSince, state);
  const recorded = [...outcomes.keys()].filter((edge) => outcomes.get(edge) === 'verdict' || givenUp.includes(edge));
  const again = Object.entries(state?.errors ?? {}).map(([edge, polls]) => ({ edge, polls }));
  const lines = [
    `Recorded as run: ${recorded.map(code).join(', ') || 'none'}.`,
    ...(again.length
      ? [`To run again at the next poll (errored): ${again.map((a) => `${code(a.edge)} (${a.polls} of ${ERRORED_POLLS_LIMIT})`).join(', ')}.`]
      : []),
    ...(givenUp.length ? [`Given up after ${ERRORED_POLLS_LIMIT} errored polls, recorded all the same: ${givenUp.map(code).join(', ')}.`] : []),
    ...(state ? [`Every edge up to ${code(state.latestEdge)} has run.`] : []),
  ];
  return { givenUp, markdown: `## edge-canary watch\n\n${lines.join('\n')}\n` };
}
