import { readFileSync } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { glob } from 'tinyglobby';
import { isMap, isPair, isScalar, LineCounter, parseDocument, visit, type Node } from 'yaml';
import { InputError } from '../inputs/input-error.js';
import { duration, MAX_DURATION_MS } from '../inputs/duration.js';
import { INPUT_FILE_LIMIT_BYTES, readInputFile } from '../inputs/read-file.js';
import { BUILT_IN_VARIABLES, type Scenario, type Step } from './model.js';
import { OPERATION_GRACE_MS } from './operations/context.js';

/** The repository root, from src/scenarios (tests) or dist/chunks (the bundle). */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!readFileSyncSafe(join(dir, 'package.json'))) dir = dirname(dir);
  return dir;
}

function readFileSyncSafe(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

export const PACKAGE_ROOT = packageRoot();
const ROOT = PACKAGE_ROOT;
export const BUILT_IN_DIR = join(ROOT, 'scenarios');
export const SCENARIO_SCHEMA = JSON.parse(readFileSync(join(ROOT, 'schema', 'scenario.schema.json'), 'utf8')) as Record<string, unknown>;
const validate = new Ajv({ allErrors: true, verbose: true }).compile<Scenario>(SCENARIO_SCHEMA);

/** Built-in scenario names (the YAML files in scenarios/). */
export async function builtInNames(): Promise<string[]> {
  return (await glob('*.yaml', { cwd: BUILT_IN_DIR })).map((f) => f.replace(/\.yaml$/, '')).sort();
}

/** A scenario file larger than this is refused before it is read. */
export const SCENARIO_FILE_LIMIT_BYTES = INPUT_FILE_LIMIT_BYTES;
/** YAML aliases allowed in one file: enough to reuse a block, far too few to expand into a bomb. */
export const SCENARIO_ALIAS_LIMIT = 64;

/** The scenarios of every file that is valid, and a problem (naming its file) for every one that is not. */
export interface ScenarioCheck {
  scenarios: Scenario[];
  problems: InputError[];
}

/**
 * Resolves the `scenarios` input: files, directories (their *.yaml and *.yml), globs, built-in
 * names (a bare word that is not a path), `builtin` (all of them) and `none`, and checks every
 * file, going on past a bad one: each problem names the file, line and column, the key and
 * what is expected. Two scenarios of one name, in any two files, are a problem too.
 */
export async function checkScenarios(entries: readonly string[], cwd = process.cwd()): Promise<ScenarioCheck> {
  const problems: InputError[] = [];
  const collect = async <T>(work: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      problems.push(error);
      return undefined;
    }
  };
  const files: string[] = [];
  // Files that only `builtin` brought in: an optional built-in among them is left out.
  const named = new Set<string>();
  for (const entry of entries) {
    const found = (await collect(() => filesOf(entry, cwd))) ?? [];
    files.push(...found);
    if (entry !== 'builtin') for (const file of found) named.add(file);
  }
  const scenarios: Scenario[] = [];
  for (const file of new Set(files)) {
    const scenario = await collect(() => loadScenarioFile(file));
    if (scenario && (!scenario.optional || named.has(file))) scenarios.push(scenario);
  }
  const seen = new Map<string, string>();
  for (const s of scenarios) {
    const other = seen.get(s.name);
    if (other) problems.push(new InputError('scenarios', s.file, `repeats the scenario name "${s.name}" of ${other}`));
    else seen.set(s.name, s.file);
  }
  return { scenarios, problems };
}

/** The scenarios of `entries`; the first problem throws (saying how many more there are). */
export async function loadScenarios(entries: readonly string[], cwd = process.cwd()): Promise<Scenario[]> {
  const { scenarios, problems } = await checkScenarios(entries, cwd);
  const [first, ...more] = problems;
  if (!first) return scenarios;
  if (more.length === 0) throw first;
  throw new InputError(first.input, first.value, `${first.accepted} (and ${more.length} more problems: run edge-canary scenarios validate)`);
}

/** `builtin` is every built-in scenario; `none` is none (to turn off the default). */
async function filesOf(entry: string, cwd: string): Promise<string[]> {
  if (entry === 'none') return [];
  if (entry === 'builtin') return (await builtInNames()).map((name) => join(BUILT_IN_DIR, `${name}.yaml`));
  const path = resolve(cwd, entry);
  const info = await stat(path).catch(() => undefined);
  if (!info && /^[a-z0-9-]+$/.test(entry)) {
    const names = await builtInNames();
    if (!names.includes(entry)) {
      throw new InputError(
        'scenarios',
        entry,
        `no built-in scenario of that name (available: ${names.join(', ') || 'none'}); give a file, directory or glob for your own`,
      );
    }
    return [join(BUILT_IN_DIR, `${entry}.yaml`)];
  }
  if (/[*?[{]/.test(entry)) {
    const matches = await glob(entry, { cwd, absolute: true });
    if (matches.length === 0) throw new InputError('scenarios', entry, 'the glob matches no file');
    return matches.sort();
  }
  if (!info) throw new InputError('scenarios', entry, 'no such file or directory');
  if (!info.isDirectory()) return [path];
  const inDir = await glob('*.{yaml,yml}', { cwd: path, absolute: true });
  if (inDir.length === 0) throw new InputError('scenarios', entry, 'the directory has no .yaml or .yml file');
  return inDir.sort();
}

/** Reads one scenario file: a regular file of at most SCENARIO_FILE_LIMIT_BYTES, checked before anything is read. */
export async function loadScenarioFile(file: string): Promise<Scenario> {
  const scenario = parseScenario(file, await readInputFile(file, { input: 'scenarios' }));
  await checkStepFiles('scenarios', file, scenario.steps);
  return scenario;
}

/**
 * A file a scenario or a profile's preparation names (`apply.file`), relative to the folder of
 * the file naming it: it must stay inside that folder, symbolic links followed, and be a
 * regular file within the size limit.
 */
export async function readScenarioFile(scenarioDir: string, name: string): Promise<string> {
  const refuse = (why: string) => new InputError('scenario file', name, why);
  if (isAbsolute(name)) throw refuse(`must be relative to ${scenarioDir}, the folder of the file naming it`);
  const folder = await realpath(scenarioDir);
  const target = await realpath(resolve(folder, name)).catch((error: NodeJS.ErrnoException) =>
    Promise.reject(refuse(`cannot be read (${error.code ?? error})`)),
  );
  if (!isInside(folder, target)) throw refuse(`is outside ${scenarioDir}, the folder of the file naming it`);
  return readInputFile(target, { input: 'scenario file', given: name });
}

function isInside(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/** Parses and validates one scenario file's text. */
export function parseScenario(file: string, text: string): Scenario {
  return parseValidatedYaml('scenarios', file, text, validate, (data, failAt) => {
    const trouble = beyondSchema(data, dirname(file));
    if (trouble) failAt(trouble.path, trouble.key, trouble.what);
    return stepPhasesChecked({ ...data, file });
  });
}

type FailAt = (path: (string | number)[], key: string | undefined, what: string) => never;

/**
 * Parses a YAML file against a JSON schema, then `refine` checks what the schema cannot say;
 * the first problem throws an InputError of `input` naming the file, line and column, the key
 * and what is expected. Aliases are counted before any is expanded.
 */
export function parseValidatedYaml<T>(
  input: string,
  file: string,
  text: string,
  check: ValidateFunction<T>,
  refine: (data: T, failAt: FailAt) => T = (data) => data,
): T {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const where = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return `${file}:${line}:${col}`;
  };
  const failAt: FailAt = (path, key, what) => {
    const node = nodeAt(doc.contents as Node | null, path, key);
    throw new InputError(input, node?.range ? where(node.range[0]) : where(0), `${describePath(path, key)}: ${what}`);
  };
  const yamlError = doc.errors[0];
  if (yamlError) throw new InputError(input, where(yamlError.pos[0]), `not valid YAML: ${yamlError.message.split('\n')[0]}`);
  // Counted on the parsed tree, before toJS() expands a single alias.
  let aliases = 0;
  visit(doc, { Alias: () => void aliases++ });
  if (aliases > SCENARIO_ALIAS_LIMIT) throw new InputError(input, file, `has ${aliases} YAML aliases; at most ${SCENARIO_ALIAS_LIMIT}`);
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: SCENARIO_ALIAS_LIMIT });
  } catch (error) {
    // An alias to no anchor, or one expanding too far: the parser leaves both to this step.
    throw new InputError(input, file, `not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (check(data)) return refine(data, failAt);
  const error = mostSpecific(check.errors ?? []);
  const path = error.instancePath
    .split('/')
    .slice(1)
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p.replace(/~1/g, '/').replace(/~0/g, '~')));
  const key = error.keyword === 'additionalProperties' ? (error.params as { additionalProperty: string }).additionalProperty : undefined;
  return failAt(path, key, explain(error));
}

type Problem = { path: (string | number)[]; key?: string; what: string };

/**
 * What the schema cannot say: a binding must not shadow a built-in variable, and the steps'
 * files and durations must be sound (stepsBeyondSchema).
 */
function beyondSchema(scenario: Scenario, dir: string): Problem | undefined {
  const shadowing = Object.keys(scenario.bindings ?? {}).find((name) => (BUILT_IN_VARIABLES as readonly string[]).includes(name));
  if (shadowing) return { path: ['bindings'], key: shadowing, what: `shadows the built-in variable {{ ${shadowing} }}; choose another name` };
  return fitsTimer(['timeout'], scenario.timeout) ?? stepsBeyondSchema(scenario.steps, dir, ['steps']);
}

/** A duration that, with the grace the runner adds to it, a timer can hold. */
function fitsTimer(path: (string | number)[], value: string | undefined, graceMs = 0): Problem | undefined {
  if (value === undefined) return undefined;
  try {
    if (duration(String(path.at(-1)), value) + graceMs <= MAX_DURATION_MS) return undefined;
    return {
      path,
      what: `with the ${graceMs / 1000}s the runner adds for the tool to report its own timeout, is longer than a timer can hold; at most ${Math.floor((MAX_DURATION_MS - graceMs) / 3_600_000)}h`,
    };
  } catch (error) {
    return { path, what: (error as InputError).accepted };
  }
}

/**
 * Steps of a scenario or of a profile's preparation (`at` is where they are): a literal `file`
 * stays inside the file's folder, and every duration fits a timer with the grace its operation
 * gets (OPERATION_GRACE_MS).
 */
export function stepsBeyondSchema(steps: readonly Step[], dir: string, at: (string | number)[]): Problem | undefined {
  for (const [i, step] of steps.entries()) {
    for (const section of ['try', 'catch', 'finally'] as const) {
      for (const [j, op] of (step[section] ?? []).entries()) {
        const where = [...at, i, section, j];
        const [kind, spec] = Object.entries(op)[0] as [string, Record<string, unknown>];
        const file = spec.file;
        if (typeof file === 'string' && !file.includes('{{') && (isAbsolute(file) || !isInside(dir, resolve(dir, file)))) {
          return { path: [...where, kind, 'file'], what: `${JSON.stringify(file)} is outside the folder of its file; name a file in it or below it` };
        }
        const expect = spec.expect as { maxDuration?: string } | undefined;
        const grace = OPERATION_GRACE_MS[kind] ?? 0;
        const problem =
          fitsTimer([...where, kind, 'timeout'], spec.timeout as string | undefined, grace) ??
          fitsTimer([...where, kind, 'wait'], spec.wait as string | undefined, grace) ??
          fitsTimer([...where, kind, 'expect', 'maxDuration'], expect?.maxDuration);
        if (problem) return problem;
      }
    }
  }
  return undefined;
}

/**
 * Reads every literal `file` the steps name, as they will be read at run time (inside the
 * folder of `file` once links are followed, a regular file within the limit), so a bad one is
 * bad input found before any cluster work; a templated one is checked when it is known.
 */
export async function checkStepFiles(input: string, file: string, steps: readonly Step[]): Promise<void> {
  for (const step of steps) {
    for (const op of [...(step.try ?? []), ...(step.catch ?? []), ...(step.finally ?? [])]) {
      const name = (Object.values(op)[0] as { file?: unknown }).file;
      if (typeof name !== 'string' || name.includes('{{')) continue;
      await readScenarioFile(dirname(file), name).catch((error: unknown) => {
        throw error instanceof InputError ? new InputError(input, file, `file ${JSON.stringify(name)} ${error.accepted}`) : error;
      });
    }
  }
}

/** A step limited to a phase its scenario does not hook into would never run: say so. */
function stepPhasesChecked(scenario: Scenario): Scenario {
  scenario.steps.forEach((step, i) => {
    const stray = (step.phases ?? []).filter((p) => !scenario.phases.includes(p));
    if (stray.length)
      throw new InputError(
        'scenarios',
        scenario.file,
        `steps[${i}].phases: ${stray.join(', ')} is not one of the scenario's phases (${scenario.phases.join(', ')})`,
      );
  });
  return scenario;
}

/** The deepest error is the most useful; ties go to the first reported. */
function mostSpecific(errors: ErrorObject[]): ErrorObject {
  // An operation with an unknown key also fails maxProperties/minProperties: prefer the key.
  return [...errors].sort((a, b) => depth(b) - depth(a) || rank(a) - rank(b))[0]!;
}

function depth(e: ErrorObject): number {
  return e.instancePath.split('/').length + (e.keyword === 'additionalProperties' ? 1 : 0);
}

function rank(e: ErrorObject): number {
  return ['additionalProperties', 'required', 'enum', 'type', 'pattern'].indexOf(e.keyword) >>> 0;
}

function explain(e: ErrorObject): string {
  const params = e.params as Record<string, unknown>;
  const known = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
  switch (e.keyword) {
    case 'additionalProperties':
      return `unknown key; expected one of ${known.join(', ')}`;
    case 'required':
      return `missing key "${String(params.missingProperty)}"`;
    case 'enum':
      return `${JSON.stringify(e.data)} is not one of ${(params.allowedValues as unknown[]).join(', ')}`;
    case 'type':
      return `expected ${String(params.type)}, found ${Array.isArray(e.data) ? 'array' : typeof e.data}`;
    case 'pattern':
      return String(params.pattern).includes('ms|s|m|h')
        ? `${JSON.stringify(e.data)} is not a duration like 30s, 5m or 1h30m`
        : `${JSON.stringify(e.data)} does not match ${String(params.pattern)}`;
    case 'maxProperties':
    case 'minProperties':
      return known.length ? `expected exactly one of ${known.join(', ')}` : (e.message ?? e.keyword);
    default:
      return e.message ?? e.keyword;
  }
}

function describePath(path: (string | number)[], key?: string): string {
  const parts = [...path, ...(key ? [key] : [])];
  if (parts.length === 0) return '(top level)';
  return parts.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/** The YAML node at a data path; for an unknown key, the key itself. */
function nodeAt(root: Node | null, path: (string | number)[], key?: string): Node | undefined {
  let node: unknown = root;
  for (const part of path) {
    if (isMap(node)) node = node.items.find((pair) => isScalar(pair.key) && pair.key.value === part)?.value;
    else if (node && typeof node === 'object' && 'items' in node) node = (node as { items: unknown[] }).items[part as number];
    else return undefined;
  }
  if (key && isMap(node)) {
    const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
    return (pair?.key as Node | undefined) ?? (node as Node);
  }
  return node as Node | undefined;
}
