import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '@actions/core';
import { execa } from 'execa';
import type { ClusterHandle } from '../../src/cluster/provider.js';

const DIST = new URL('../../dist/', import.meta.url).pathname;

/** A fake runner workspace: the files and directories a GitHub runner gives an action. */
export interface RunnerDirs {
  root: string;
  temp: string;
  toolCache: string;
  output: string;
  state: string;
  summary: string;
}

export async function runnerDirs(): Promise<RunnerDirs> {
  const root = await mkdtemp(join(tmpdir(), 'edge-canary-runner-'));
  const dirs = {
    root,
    temp: join(root, 'temp'),
    toolCache: join(root, 'tool-cache'),
    output: join(root, 'output'),
    state: join(root, 'state'),
    summary: join(root, 'summary.md'),
  };
  await mkdir(dirs.temp);
  await mkdir(dirs.toolCache);
  await Promise.all([dirs.output, dirs.state, dirs.summary].map((f) => writeFile(f, '')));
  return dirs;
}

type Entry = 'main' | 'post' | 'matrix' | 'report' | 'bisect' | 'impact';

/** Starts an entry of the bundled action (`main` or `post`) with INPUT_* and runner variables. */
export function startAction(entry: Entry, dirs: RunnerDirs, inputs: Record<string, string>, extraEnv: Record<string, string> = {}) {
  return execa(process.execPath, [join(DIST, `${entry}.js`)], { env: actionEnv(dirs, inputs, extraEnv), extendEnv: false, reject: false, all: true });
}

const STEPS: Record<Entry, () => Promise<{ run: () => Promise<void> }>> = {
  main: () => import('../../src/action/main.js'),
  post: () => import('../../src/action/post.js'),
  matrix: () => import('../../src/action/matrix.js'),
  report: () => import('../../src/action/report.js'),
  bisect: () => import('../../src/action/bisect.js'),
  impact: () => import('../../src/action/impact.js'),
};

/**
 * Runs an action step's `run()` in this process (as @github/local-action does, and so coverage
 * sees it), with the environment `startAction` gives the bundle; returns what it would.
 */
export async function runStep(entry: Entry, dirs: RunnerDirs, inputs: Record<string, string>, extraEnv: Record<string, string> = {}) {
  const { run } = await STEPS[entry]();
  const savedEnv = process.env;
  const savedWrite = process.stdout.write.bind(process.stdout);
  const printed: string[] = [];
  process.env = actionEnv(dirs, inputs, extraEnv);
  // @actions/core's summary keeps the first GITHUB_STEP_SUMMARY it read; each step here has its own.
  Object.assign(core.summary, { _filePath: undefined });
  core.summary.emptyBuffer();
  process.stdout.write = ((chunk: string | Uint8Array) => printed.push(String(chunk)) > 0) as typeof process.stdout.write;
  try {
    await run();
    return { exitCode: process.exitCode === undefined ? 0 : Number(process.exitCode), all: printed.join('') };
  } finally {
    process.stdout.write = savedWrite;
    process.env = savedEnv;
    process.exitCode = undefined;
  }
}

function actionEnv(dirs: RunnerDirs, inputs: Record<string, string>, extraEnv: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    GITHUB_OUTPUT: dirs.output,
    GITHUB_STATE: dirs.state,
    GITHUB_STEP_SUMMARY: dirs.summary,
    RUNNER_TEMP: dirs.temp,
    RUNNER_TOOL_CACHE: dirs.toolCache,
    ...extraEnv,
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  return env;
}

/** Runs the post step the way the runner does: the main step's saved state becomes STATE_* variables. */
export async function runPost(dirs: RunnerDirs, inputs: Record<string, string>) {
  const state = parseFileCommand(await readFile(dirs.state, 'utf8'));
  const env = Object.fromEntries(Object.entries(state).map(([k, v]) => [`STATE_${k}`, v]));
  return startAction('post', dirs, inputs, env);
}

/** Parses a GITHUB_OUTPUT / GITHUB_STATE file (`name<<delimiter` blocks). */
export function parseFileCommand(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i]!);
    if (!m) continue;
    const end = lines.indexOf(m[2]!, i + 1);
    values[m[1]!] = lines.slice(i + 1, end).join('\n');
    i = end;
  }
  return values;
}

export async function outputs(dirs: RunnerDirs): Promise<Record<string, string>> {
  return parseFileCommand(await readFile(dirs.output, 'utf8'));
}

/** PIDs of live processes whose command line mentions `path` (a run's private dirs). */
export function processesMentioning(path: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2)[0] === 'Z') continue;
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ').includes(path)) pids.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

/** Resolves when the running action has printed `line` (it logs each phase as it starts and ends). */
export function printed(child: ReturnType<typeof startAction>, line: string): Promise<void> {
  return new Promise((resolve) => {
    let seen = '';
    child.all?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes(line)) resolve();
    });
  });
}

/** The cluster the running action saved for its post step, as soon as it exists. */
export async function savedCluster(dirs: RunnerDirs): Promise<ClusterHandle> {
  const state = await readFile(dirs.state, 'utf8');
  const json = state.split('\n').find((line) => line.startsWith('{"provider"'));
  if (!json) throw new Error(`no cluster in the saved state: ${state}`);
  return JSON.parse(json) as ClusterHandle;
}
