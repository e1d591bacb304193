import isInCi from 'is-in-ci';
import { createLogUpdate } from 'log-update';
import { MARK } from '../aggregate/terminal.js';
import type { PathResult } from '../aggregate/aggregate.js';
import { seconds } from '../report/markdown.js';
import type { RunResult } from '../report/model.js';

/** What the nightly tells its progress display about each path (by key). */
export interface NightlyProgress {
  start(key: string): void;
  /** A line of the path's run log (`▶ Title` when a phase starts, `✔ Title: pass` when it ends). */
  line(key: string, text: string): void;
  finish(key: string, result: RunResult): void;
  /** A path that will not run (no Kubernetes version fits, a CLI is missing, the nightly was cancelled). */
  skip(key: string, reason: string): void;
  /** The last frame stays on screen. */
  stop(): void;
}

interface Row {
  name: string;
  startedAt?: number;
  endedAt?: number;
  /** Phases started and not yet ended, in start order (tools and cluster overlap). */
  running: string[];
  result?: PathResult;
  /** Why it is not run. */
  skipped?: string;
}

/** Each path's state, rendered one line per path: its current phase (or result) and elapsed time. */
export class ProgressBoard {
  private readonly rows = new Map<string, Row>();

  constructor(
    paths: readonly { key: string; name: string }[],
    private readonly now: () => number = Date.now,
  ) {
    for (const p of paths) this.rows.set(p.key, { name: p.name, running: [] });
  }

  start(key: string): void {
    this.row(key).startedAt = this.now();
  }

  line(key: string, text: string): void {
    const row = this.row(key);
    if (text.startsWith('▶ ')) row.running.push(text.slice(2));
    else if (/^[✔✘] /.test(text)) row.running = row.running.filter((title) => !text.slice(2).startsWith(`${title}: `));
  }

  finish(key: string, result: RunResult): void {
    Object.assign(this.row(key), { endedAt: this.now(), result, running: [] });
  }

  skip(key: string, reason: string): void {
    Object.assign(this.row(key), { result: 'skipped', skipped: reason });
  }

  /** Time since the path started, `-` before. */
  elapsed(key: string): string {
    const row = this.row(key);
    return row.startedAt === undefined ? '-' : seconds((row.endedAt ?? this.now()) - row.startedAt);
  }

  name(key: string): string {
    return this.row(key).name;
  }

  render(): string {
    const width = Math.max(...[...this.rows.values()].map((r) => r.name.length));
    return [...this.rows.keys()]
      .map((key) => {
        const row = this.row(key);
        if (row.skipped) return `${MARK.skipped} ${row.name.padEnd(width)}  ${row.skipped}`;
        const state = row.result ?? (row.startedAt === undefined ? 'queued' : (row.running.at(-1) ?? 'between phases'));
        const mark = row.result ? MARK[row.result] : row.startedAt === undefined ? '·' : '▶';
        return `${mark} ${row.name.padEnd(width)}  ${state.padEnd(36)} ${this.elapsed(key).padStart(7)}`;
      })
      .join('\n');
  }

  private row(key: string): Row {
    const row = this.rows.get(key);
    if (!row) throw new Error(`no path ${key} in this nightly`);
    return row;
  }
}

/** The board redrawn in place every second and on every change (a terminal). */
export function liveProgress(board: ProgressBoard, stream: NodeJS.WriteStream): NightlyProgress {
  const draw = createLogUpdate(stream);
  const redraw = () => draw(board.render());
  const timer = setInterval(redraw, 1000).unref();
  return {
    start: (key) => (board.start(key), redraw()),
    line: (key, text) => (board.line(key, text), redraw()),
    finish: (key, result) => (board.finish(key, result), redraw()),
    skip: (key, reason) => (board.skip(key, reason), redraw()),
    stop() {
      clearInterval(timer);
      redraw();
      draw.done();
    },
  };
}

/** Every line of every path's log, prefixed with the path and its elapsed time (logs, CI, pipes). */
export function plainProgress(board: ProgressBoard, write: (line: string) => void): NightlyProgress {
  const say = (key: string, text: string) => write(`[${board.name(key)} ${board.elapsed(key)}] ${text}`);
  return {
    start: (key) => (board.start(key), say(key, 'started')),
    line: (key, text) => (board.line(key, text), say(key, text)),
    finish: (key, result) => (board.finish(key, result), say(key, `finished: ${result}`)),
    skip: (key, reason) => (board.skip(key, reason), say(key, `skipped: ${reason}`)),
    stop: () => undefined,
  };
}

/** Live in a terminal; plain lines when the stream is not one, or in CI (whose logs keep every write). */
export function progressFor(board: ProgressBoard, stream: NodeJS.WriteStream): NightlyProgress {
  return stream.isTTY && !isInCi ? liveProgress(board, stream) : plainProgress(board, (line) => stream.write(`${line}\n`));
}
