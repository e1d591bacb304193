import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

/** Starts an entry of the bundled action (`main` or `post`) with INPUT_* and runner variables. */
export function startAction(entry: 'main' | 'post' | 'matrix' | 'report' | 'bisect', dirs: RunnerDirs, inputs: Record<string, string>, extraEnv: Record<string, string> = {}) {
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
  return execa(process.execPath, [join(DIST, `${entry}.js`)], { env, extendEnv: false, reject: false, all: true });
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
