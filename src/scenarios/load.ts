import { readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject } from 'ajv';
import { glob } from 'tinyglobby';
import { isMap, isPair, isScalar, LineCounter, parseDocument, type Node } from 'yaml';
import { InputError } from '../inputs/input-error.js';
import type { Scenario } from './model.js';

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

const ROOT = packageRoot();
export const BUILT_IN_DIR = join(ROOT, 'scenarios');
export const SCENARIO_SCHEMA = JSON.parse(readFileSync(join(ROOT, 'schema', 'scenario.schema.json'), 'utf8')) as Record<string, unknown>;
const validate = new Ajv({ allErrors: true, verbose: true }).compile<Scenario>(SCENARIO_SCHEMA);

/** Built-in scenario names (the YAML files in scenarios/). */
export async function builtInNames(): Promise<string[]> {
  return (await glob('*.yaml', { cwd: BUILT_IN_DIR })).map((f) => f.replace(/\.yaml$/, '')).sort();
}

/**
 * Resolves the `scenarios` input: files, directories (their *.yaml and *.yml), globs, and
 * built-in names (a bare word that is not a path), and loads every file. The first problem throws an InputError naming the file,
 * line and column, the key and what is expected.
 */
export async function loadScenarios(entries: readonly string[], cwd = process.cwd()): Promise<Scenario[]> {
  const files: string[] = [];
  for (const entry of entries) files.push(...(await filesOf(entry, cwd)));
  const scenarios = await Promise.all([...new Set(files)].map(loadScenarioFile));
  const seen = new Map<string, string>();
  for (const s of scenarios) {
    const other = seen.get(s.name);
    if (other) throw new InputError('scenarios', s.file, `repeats the scenario name "${s.name}" of ${other}`);
    seen.set(s.name, s.file);
  }
  return scenarios;
}

async function filesOf(entry: string, cwd: string): Promise<string[]> {
  const path = resolve(cwd, entry);
  const info = await stat(path).catch(() => undefined);
  if (!info && /^[a-z0-9-]+$/.test(entry)) {
    const names = await builtInNames();
    if (!names.includes(entry)) {
      throw new InputError('scenarios', entry, `no built-in scenario of that name (available: ${names.join(', ') || 'none'}); give a file, directory or glob for your own`);
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

export async function loadScenarioFile(file: string): Promise<Scenario> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError('scenarios', file, `cannot be read (${(error as NodeJS.ErrnoException).code ?? error})`);
  }
  return parseScenario(file, text);
}

/** Parses and validates one scenario file's text. */
export function parseScenario(file: string, text: string): Scenario {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const where = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return `${file}:${line}:${col}`;
  };
  const yamlError = doc.errors[0];
  if (yamlError) throw new InputError('scenarios', where(yamlError.pos[0]), `not valid YAML: ${yamlError.message.split('\n')[0]}`);
  const data = doc.toJS() as unknown;
  if (validate(data)) return { ...data, file };
  const error = mostSpecific(validate.errors ?? []);
  const path = error.instancePath.split('/').slice(1).map((p) => (/^\d+$/.test(p) ? Number(p) : p.replace(/~1/g, '/').replace(/~0/g, '~')));
  const key = error.keyword === 'additionalProperties' ? (error.params as { additionalProperty: string }).additionalProperty : undefined;
  const node = nodeAt(doc.contents as Node | null, path, key);
  const position = node?.range ? where(node.range[0]) : where(0);
  return fail(position, describePath(path, key), explain(error));
}

function fail(position: string, key: string, what: string): never {
  throw new InputError('scenarios', position, `${key}: ${what}`);
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
