import { isAbsolute, resolve } from 'node:path';
import type { MatrixOptions } from '../matrix/paths.js';
import { InputError } from './input-error.js';
import type { OptionSpec, RawOptions } from './options.js';
import { boolean } from './validate.js';
import { MATRIX_OPTIONS, REPORT_OPTIONS } from './command-options.js';

const TAG_LIKE = /^[a-z0-9.-]+$/;

function reader(specs: readonly OptionSpec[], raw: RawOptions, cwd: string) {
  for (const name of Object.keys(raw)) {
    if (!specs.some((o) => o.name === name)) throw new InputError('option', name, `unknown option; known: ${specs.map((o) => o.name).join(', ')}`);
  }
  const value = (name: string) => (raw[name] ?? specs.find((o) => o.name === name)?.default ?? '').trim();
  return {
    value,
    count: (name: string) => {
      const v = value(name);
      if (!/^\d+$/.test(v) || Number(v) > 50) throw new InputError(name, v, 'expected a whole number from 0 to 50');
      return Number(v);
    },
    tags: (name: string) =>
      value(name)
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean)
        .map((t) => {
          if (!TAG_LIKE.test(t)) throw new InputError(name, t, 'expected a release tag such as edge-25.10.7');
          return t;
        }),
    path: (name: string) => {
      const v = value(name);
      return v === '' ? undefined : isAbsolute(v) ? v : resolve(cwd, v);
    },
  };
}

export interface MatrixConfig extends MatrixOptions {
  releasesFile?: string;
  githubToken?: string;
}

export function validateMatrixOptions(raw: RawOptions, cwd = process.cwd()): MatrixConfig {
  const r = reader(MATRIX_OPTIONS, raw, cwd);
  const to = r.value('to');
  if (!TAG_LIKE.test(to)) throw new InputError('to', to, 'expected a release tag or latest-edge');
  const releasesFile = r.path('releases-file');
  const token = r.value('github-token');
  return {
    to,
    previousEdges: r.count('previous-edges'),
    majors: r.count('majors'),
    includeStable: boolean('include-stable', r.value('include-stable')),
    extraFrom: r.tags('from'),
    exclude: r.tags('exclude'),
    multiHop: boolean('multi-hop', r.value('multi-hop')),
    ...(releasesFile ? { releasesFile } : {}),
    ...(token ? { githubToken: token } : {}),
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
}

export function validateReportOptions(raw: RawOptions, cwd = process.cwd()): ReportConfig {
  const r = reader(REPORT_OPTIONS, raw, cwd);
  const reportsDir = r.path('reports');
  if (!reportsDir) throw new InputError('reports', '', 'is required: the directory of the jobs\' report.json files');
  const openIssues = boolean('open-issues', r.value('open-issues'));
  const repository = r.value('repository');
  const match = /^([\w.-]+)\/([\w.-]+)$/.exec(repository);
  if (repository && !match) throw new InputError('repository', repository, 'expected owner/name');
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
    issueLabel: r.value('issue-label') || 'edge-canary',
    ...(match ? { repository: { owner: match[1]!, repo: match[2]! } } : {}),
    ...(token ? { githubToken: token } : {}),
  };
}
