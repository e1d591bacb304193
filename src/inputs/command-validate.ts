import { resolve } from 'node:path';
import { InputError } from './input-error.js';
import { optionReader, type OptionReader } from './option-reader.js';
import { INSTALL_METHODS, type InstallMethod, type RawOptions } from './options.js';
import { boolean, validateOptions, type RunConfig } from './validate.js';
import { BISECT_ONLY_OPTIONS, MATRIX_OPTIONS, REPORT_OPTIONS } from './command-options.js';

const TAG_LIKE = /^[a-z0-9.-]+$/;

/** Release tags given one per line; a tag-like check only (the release list decides the rest). */
function tags(r: OptionReader, name: string): string[] {
  return r.lines(name).map((t) => {
    if (!TAG_LIKE.test(t)) throw new InputError(name, t, 'expected a release tag such as edge-25.10.7');
    return t;
  });
}

function installMethods(r: OptionReader): InstallMethod[] {
  const methods = r.lines('install-methods');
  for (const m of methods) {
    if (!(INSTALL_METHODS as readonly string[]).includes(m)) throw new InputError('install-methods', m, `expected one of ${INSTALL_METHODS.join(', ')}`);
  }
  if (methods.length === 0) throw new InputError('install-methods', '', `expected at least one of ${INSTALL_METHODS.join(', ')}`);
  return [...new Set(methods)] as InstallMethod[];
}

/** Which upgrade paths the matrix holds (what computePaths needs). */
export interface MatrixOptions {
  /** Tag or `latest-edge`. */
  to: string;
  previousEdges: number;
  majors: number;
  includeStable: boolean;
  /** Explicit `from` tags to add. */
  extraFrom: readonly string[];
  exclude: readonly string[];
  /** Also a path through every major release point, oldest first (for users who skip releases). */
  multiHop: boolean;
  /** Every path runs once per method. */
  installMethods: readonly InstallMethod[];
}

export interface MatrixConfig extends MatrixOptions {
  /** Each an install profile of the run (a name, a file, or several joined by `+`); every path runs with each. */
  profiles: string[];
  releasesFile?: string;
  githubToken?: string;
  /** State file of the new-release watch. */
  newSince?: string;
  /** Where the watch's canary reports were downloaded: record them in the state file. */
  record?: string;
}

export function validateMatrixOptions(raw: RawOptions, cwd = process.cwd()): MatrixConfig {
  const r = optionReader(MATRIX_OPTIONS, raw, cwd);
  const to = r.value('to');
  if (!TAG_LIKE.test(to)) throw new InputError('to', to, 'expected a release tag or latest-edge');
  const releasesFile = r.path('releases-file');
  const token = r.value('github-token');
  const newSince = r.path('new-since');
  const record = r.path('record');
  if (record && !newSince) throw new InputError('record', r.value('record'), 'needs new-since: the state file it records in');
  return {
    to,
    previousEdges: r.count('previous-edges', 0, 50),
    majors: r.count('majors', 0, 50),
    includeStable: boolean('include-stable', r.value('include-stable')),
    extraFrom: tags(r, 'from'),
    exclude: tags(r, 'exclude'),
    multiHop: boolean('multi-hop', r.value('multi-hop')),
    installMethods: installMethods(r),
    profiles: r.lines('profiles').length ? r.lines('profiles') : ['default'],
    ...(releasesFile ? { releasesFile } : {}),
    ...(token ? { githubToken: token } : {}),
    ...(newSince ? { newSince } : {}),
    ...(record ? { record } : {}),
  };
}

export interface ReportConfig {
  reportsDir: string;
  paths?: string;
  previous?: string;
  outputDir: string;
  openIssues: boolean;
  issueLabel: string;
  repository?: { owner: string; repo: string };
  githubToken?: string;
  /** Attach bisect.json findings to the paths they bisected. */
  bisect: boolean;
}

export function validateReportOptions(raw: RawOptions, cwd = process.cwd()): ReportConfig {
  const r = optionReader(REPORT_OPTIONS, raw, cwd);
  const reportsDir = r.path('reports');
  if (!reportsDir) throw new InputError('reports', '', "is required: the directory of the jobs' report.json files");
  const openIssues = boolean('open-issues', r.value('open-issues'));
  const repository = r.value('repository');
  const match = repository ? githubRepository(repository) : undefined;
  const token = r.value('github-token');
  if (openIssues && (!match || !token)) throw new InputError('open-issues', 'true', 'needs repository and github-token');
  const previous = r.path('previous');
  const paths = r.value('paths');
  return {
    reportsDir,
    ...(paths ? { paths } : {}),
    ...(previous ? { previous } : {}),
    outputDir: r.path('output-dir') ?? resolve(cwd, 'edge-canary-aggregate'),
    openIssues,
    issueLabel: issueLabel(r.value('issue-label') || 'edge-canary'),
    bisect: boolean('bisect', r.value('bisect')),
    ...(match ? { repository: match } : {}),
    ...(token ? { githubToken: token } : {}),
  };
}

/**
 * `owner/name` as GitHub allows them: an owner of 1-39 letters, digits and single inner dashes;
 * a name of 1-100 letters, digits, dots, dashes and underscores, never `.` or `..`. Both reach
 * the API's URL paths, so nothing else may.
 */
function githubRepository(value: string): { owner: string; repo: string } {
  const match = /^([A-Za-z0-9](?:-?[A-Za-z0-9]){0,38})\/([\w.-]{1,100})$/.exec(value);
  if (!match || match[2] === '.' || match[2] === '..') {
    throw new InputError(
      'repository',
      value,
      'expected owner/name as GitHub allows them: an owner of letters, digits and single dashes (at most 39), a name of letters, digits, dots, dashes and underscores (at most 100)',
    );
  }
  return { owner: match[1]!, repo: match[2]! };
}

/** GitHub's limit on a label's name (characters). */
export const LABEL_LIMIT = 50;

/**
 * A label name GitHub takes and the issue list can filter by: 1-50 characters, no comma (the
 * list's `labels` parameter splits on commas, so the issues of such a label would never be
 * found again), no control character.
 */
function issueLabel(value: string): string {
  if ([...value].length > LABEL_LIMIT || /[,\p{Cc}]/u.test(value)) {
    throw new InputError('issue-label', value, `expected a label name of at most ${LABEL_LIMIT} characters, without commas or control characters`);
  }
  return value;
}

export interface BisectConfig {
  run: RunConfig;
  over: 'to' | 'from';
  good?: string;
  failureReport?: string;
}

/** The failing path is read as `run` reads its options; the search options beside it. */
export function validateBisectOptions(raw: RawOptions, cwd = process.cwd()): BisectConfig {
  const ownNames = new Set(BISECT_ONLY_OPTIONS.map((o) => o.name));
  const own = Object.fromEntries(Object.entries(raw).filter(([name]) => ownNames.has(name)));
  const runRaw = Object.fromEntries(Object.entries(raw).filter(([name]) => !ownNames.has(name)));
  if ('via' in runRaw) throw new InputError('via', runRaw.via!, 'bisect walks one-hop paths; give the failing hop as from and to');
  const r = optionReader(BISECT_ONLY_OPTIONS, own, cwd);
  const over = r.value('over');
  if (over !== 'to' && over !== 'from') throw new InputError('over', over, 'expected to or from');
  const good = r.value('good');
  if (good && !TAG_LIKE.test(good)) throw new InputError('good', good, 'expected a release tag such as edge-26.4.1');
  const failureReport = r.path('failure-report');
  return { run: validateOptions(runRaw, cwd), over, ...(good ? { good } : {}), ...(failureReport ? { failureReport } : {}) };
}
