import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

export interface WorkflowStep {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}
export interface WorkflowJob {
  needs?: string | string[];
  if?: string;
  'timeout-minutes'?: number;
  permissions?: Record<string, string>;
  strategy?: { matrix: unknown };
  steps?: WorkflowStep[];
}
export interface Workflow {
  on: Record<string, unknown>;
  concurrency?: { group: string; 'cancel-in-progress': boolean };
  jobs: Record<string, WorkflowJob>;
}

export function readWorkflow(file: string): Workflow {
  return parse(readFileSync(`.github/workflows/${file}`, 'utf8')) as Workflow;
}

/** The one step of a job that uses `uses` (`./`, `./matrix`, ...). */
export function stepUsing(job: WorkflowJob, uses: string): WorkflowStep {
  const step = job.steps?.find((s) => s.uses === uses);
  if (!step) throw new Error(`the job has no step using ${uses}`);
  return step;
}

/**
 * A step's `with`, as the runner hands it over for one matrix entry: every `${{ matrix.X }}`
 * replaced by the entry's value. A field the entry lacks would reach the action as an empty
 * string without a word, so it is an error here; so is any other expression (not modelled).
 */
export function stepInputs(step: WorkflowStep, entry: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(step.with ?? {}).map(([name, value]) => {
      const text = String(value).replace(/\$\{\{\s*matrix\.([\w-]+)\s*\}\}/g, (_, field: string) => {
        if (!(field in entry)) throw new Error(`input ${name} reads matrix.${field}, which the matrix entry does not have`);
        return entry[field]!;
      });
      if (text.includes('${{')) throw new Error(`input ${name}: expression not modelled here: ${text}`);
      return [name, text];
    }),
  );
}

/**
 * The INPUT_* variables the runner gives an action for `inputs`: every input of its action.yml,
 * the default where the step gives none (a `${{ github.* }}` default as the runner would fill it).
 */
export function actionEnv(actionYml: string, inputs: Record<string, string>): Record<string, string> {
  const metadata = parse(readFileSync(actionYml, 'utf8')) as { inputs: Record<string, { default?: string }> };
  const github: Record<string, string> = { token: 'ghs_workflow_test_token', repository: 'owner/repo' };
  const unknown = Object.keys(inputs).filter((name) => !(name in metadata.inputs));
  if (unknown.length) throw new Error(`${actionYml} has no input ${unknown.join(', ')}`);
  const env: Record<string, string> = {};
  for (const [name, input] of Object.entries(metadata.inputs)) {
    const value = inputs[name] ?? (input.default ?? '').replace(/\$\{\{\s*github\.(\w+)\s*\}\}/g, (_, key: string) => github[key] ?? '');
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  }
  return env;
}
