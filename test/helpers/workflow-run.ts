import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { execa } from 'execa';
import type { Workflow, WorkflowJob, WorkflowStep } from './workflows.js';

interface CacheEntry {
  key: string;
  path: string;
  files: Map<string, string>;
}

/**
 * The Actions cache as GitHub documents it ("Cache key matching"), in memory: an entry is never
 * overwritten (a second save under a key is refused), and a restore takes the exact key, else
 * the newest entry whose key starts with the key, else the same for each restore-key in turn;
 * only entries saved for the same `path` match (the path is part of an entry's version).
 */
export class ActionsCache {
  private readonly entries: CacheEntry[] = [];

  find(key: string, restoreKeys: readonly string[], path: string): CacheEntry | undefined {
    const same = this.entries.filter((e) => e.path === path);
    const exact = same.find((e) => e.key === key);
    if (exact) return exact;
    for (const prefix of [key, ...restoreKeys]) {
      const newest = same.filter((e) => e.key.startsWith(prefix)).at(-1);
      if (newest) return newest;
    }
    return undefined;
  }

  save(entry: CacheEntry): boolean {
    if (this.entries.some((e) => e.key === entry.key)) return false;
    this.entries.push(entry);
    return true;
  }

  keys(): string[] {
    return this.entries.map((e) => e.key);
  }
}

export interface RunContext {
  runId: number;
  attempt: number;
  cache: ActionsCache;
  /** What a `uses` step other than the cache does, by its `uses`, and its outputs; steps with none do nothing. */
  stubs: Record<string, (inputs: Record<string, string>, workspace: string) => Promise<Record<string, string> | void>>;
  /** The job's matrix entry, for `${{ matrix.X }}`. */
  matrix?: Record<string, string>;
}

async function filesUnder(root: string, path: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const dir = join(root, path);
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  for (const e of entries) if (e.isFile()) files.set(relative(root, join(e.parentPath, e.name)), await readFile(join(e.parentPath, e.name), 'utf8'));
  return files;
}

/** `${{ github.run_id }}`, `${{ github.run_attempt }}` and `${{ matrix.X }}` filled in; any other expression left as it is. */
function withContexts(text: string, run: RunContext): string {
  return text
    .replace(/\$\{\{\s*github\.run_id\s*\}\}/g, String(run.runId))
    .replace(/\$\{\{\s*github\.run_attempt\s*\}\}/g, String(run.attempt))
    .replace(/\$\{\{\s*matrix\.([\w-]+)\s*\}\}/g, (_, field: string) => run.matrix?.[field] ?? '');
}

/** Only the conditions the workflows' cache steps use; anything else is not modelled. */
function shouldRun(step: WorkflowStep, outputs: Record<string, Record<string, string>>): boolean {
  const condition = step.if?.replace(/^\$\{\{\s*|\s*\}\}$/g, '').trim();
  if (condition === undefined || condition === '!cancelled()') return true;
  const hit = /^steps\.([\w-]+)\.outputs\.cache-hit != 'true'$/.exec(condition);
  if (hit) return outputs[hit[1]!]?.['cache-hit'] !== 'true';
  throw new Error(`condition not modelled: ${step.if}`);
}

/**
 * Runs one job on a fresh runner: cache steps against the run's cache, `run` steps with bash,
 * `uses` steps by their stub. Returns each step's outputs by its id.
 */
export async function runJob(job: WorkflowJob, run: RunContext): Promise<Record<string, Record<string, string>>> {
  const workspace = await mkdtemp(join(tmpdir(), 'workflow-job-'));
  const outputs: Record<string, Record<string, string>> = {};
  try {
    for (const step of job.steps ?? []) {
      if (!shouldRun(step, outputs)) continue;
      const inputs = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, withContexts(String(v), run)]));
      const out: Record<string, string> = {};
      if (step.uses?.startsWith('actions/cache/restore@')) {
        const restoreKeys = (inputs['restore-keys'] ?? '').split('\n').filter(Boolean);
        const entry = run.cache.find(inputs.key!, restoreKeys, inputs.path!);
        for (const [file, text] of entry?.files ?? []) {
          await mkdir(dirname(join(workspace, file)), { recursive: true });
          await writeFile(join(workspace, file), text);
        }
        out['cache-hit'] = String(entry?.key === inputs.key);
      } else if (step.uses?.startsWith('actions/cache/save@')) {
        const files = await filesUnder(workspace, inputs.path!);
        // actions/cache/save warns and saves nothing when the path does not exist.
        if (files.size) run.cache.save({ key: inputs.key!, path: inputs.path!, files });
      } else if (step.run) {
        await execa('bash', ['-e', '-c', step.run], { cwd: workspace, env: { GITHUB_RUN_ID: String(run.runId), GITHUB_RUN_ATTEMPT: String(run.attempt) } });
      } else if (step.uses) {
        Object.assign(out, await run.stubs[step.uses]?.(inputs, workspace));
      }
      if (step.id) outputs[step.id] = out;
    }
    return outputs;
  } finally {
    await rm(workspace, { recursive: true, force: true });
  }
}

const needsOf = (job: WorkflowJob) => (job.needs === undefined ? [] : typeof job.needs === 'string' ? [job.needs] : job.needs);

/** The jobs in an order that runs each after its needs. */
export function jobOrder(workflow: Workflow): string[] {
  const order: string[] = [];
  const visit = (name: string) => {
    if (order.includes(name)) return;
    needsOf(workflow.jobs[name]!).forEach(visit);
    order.push(name);
  };
  Object.keys(workflow.jobs).forEach(visit);
  return order;
}

/** What "Re-run failed jobs" runs again: the failed jobs and every job that needs them, directly or not. */
export function rerunOfFailed(workflow: Workflow, failed: readonly string[]): string[] {
  const again = new Set(failed);
  for (const name of jobOrder(workflow)) if (needsOf(workflow.jobs[name]!).some((n) => again.has(n))) again.add(name);
  return jobOrder(workflow).filter((name) => again.has(name));
}
