import { OPTIONS, type OptionSpec } from './options.js';

/** A watch for new releases: `versions --new-since` and the matrix sub-action's input. */
export const NEW_SINCE_OPTION: OptionSpec = {
  name: 'new-since',
  kind: 'string',
  default: '',
  description:
    'State file of the new-edge watch (kept in the Actions cache, say): the edges not yet run are new. Only read; `record` writes it once their canaries ran. Missing: the newest edge counts as new.',
};

/** Options of `edge-canary versions`: the run's (how from and to resolve) and the watch. */
export const VERSIONS_OPTIONS: readonly OptionSpec[] = [...OPTIONS, NEW_SINCE_OPTION];

/** Options of `edge-canary matrix` and the `matrix` sub-action. */
export const MATRIX_OPTIONS: readonly OptionSpec[] = [
  { name: 'to', kind: 'string', default: 'latest-edge', description: 'Version every path upgrades to: a tag or `latest-edge`.' },
  { name: 'previous-edges', kind: 'string', default: '3', description: 'How many edges released just before `to` to upgrade from.' },
  { name: 'majors', kind: 'string', default: '2', description: 'How many major release points (`version-2.X`) older than `to` to upgrade from.' },
  { name: 'include-stable', kind: 'boolean', default: 'false', description: 'Also upgrade from the last open-source stable (stable-2.14.10).' },
  { name: 'from', kind: 'lines', default: '', cliFlag: 'from', description: 'More tags to upgrade from, one per line.' },
  { name: 'exclude', kind: 'lines', default: '', cliFlag: 'exclude', description: 'Tags not to upgrade from, one per line.' },
  { name: 'multi-hop', kind: 'boolean', default: 'false', description: 'Add a path that upgrades through every chosen major release point in order.' },
  {
    name: 'install-methods',
    kind: 'lines',
    default: 'cli',
    cliFlag: 'install-method',
    description: 'Install methods to run every path with, one per line: `cli`, `helm` (each path once per method; Helm paths get keys ending `-helm`).',
  },
  {
    name: 'profiles',
    kind: 'lines',
    default: 'default',
    cliFlag: 'profile',
    description:
      'Install profiles, one per line (a name, a profile file, or several joined by `+`): every path runs once with each; keys of profiles other than `default` end in `@<profile>`.',
  },
  { name: 'releases-file', kind: 'string', default: '', description: 'JSON release list used instead of the GitHub API.' },
  { name: 'github-token', kind: 'string', default: '${{ github.token }}', cliDefault: '', description: 'Token for the GitHub API (release list).' },
  NEW_SINCE_OPTION,
  {
    name: 'record',
    kind: 'string',
    default: '',
    description:
      'With `new-since`, after the canary jobs: the directory their reports were downloaded to. Records each new edge all of whose paths reached a verdict (pass, fail, skipped); one that errored stays new for the next poll, up to 3 polls.',
  },
];

export const MATRIX_OUTPUTS: readonly { name: string; description: string }[] = [
  {
    name: 'matrix',
    description:
      'JSON for `strategy.matrix` (`fromJSON`): `include` entries with `name`, `key`, `from`, `via`, `to`, `install-method`, `profile`, `kubernetes-version` (pinned by digest), `kind-version`. With `new-since`, the paths into every new edge, keys starting with the edge.',
  },
  { name: 'paths', description: 'JSON list of every path, skipped ones with their reason: give it to the report sub-action.' },
  { name: 'to-version', description: 'The resolved `to` tag (with `new-since`, the newest new edge).' },
  { name: 'new-edges', description: 'With `new-since`: the edges not run yet, comma separated (empty: nothing new).' },
];

/** Options of `edge-canary report` and the `report` sub-action. */
export const REPORT_OPTIONS: readonly OptionSpec[] = [
  { name: 'reports', kind: 'string', description: "Directory holding the matrix jobs' `report.json` files (downloaded artifacts)." },
  {
    name: 'paths',
    kind: 'string',
    default: '',
    description: "The matrix sub-action's `paths` output (JSON), to list skipped paths and jobs that left no report.",
  },
  { name: 'previous', kind: 'string', default: '', description: "The previous run's `aggregate.json`, to mark new, fixed and still failing paths." },
  {
    name: 'output-dir',
    kind: 'string',
    default: '',
    description: 'Where `aggregate.json` and `summary.md` are written (default: `$RUNNER_TEMP/edge-canary-aggregate`).',
  },
  {
    name: 'open-issues',
    kind: 'boolean',
    default: 'false',
    description: 'Open, update and close one issue per failing path and phase (needs `issues: write`).',
  },
  { name: 'issue-label', kind: 'string', default: 'edge-canary', description: 'Label of the issues it manages.' },
  { name: 'repository', kind: 'string', default: '${{ github.repository }}', cliDefault: '', description: 'Repository for issues, `owner/name`.' },
  { name: 'github-token', kind: 'string', default: '${{ github.token }}', cliDefault: '', description: 'Token for issues.' },
  {
    name: 'bisect',
    kind: 'boolean',
    default: 'false',
    description: "Read the bisect jobs' `bisect.json` files in `reports` and name the first bad release in each new failure's issue.",
  },
];

export const REPORT_OUTPUTS: readonly { name: string; description: string }[] = [
  { name: 'result', description: '`pass`, `fail` (a path failed) or `error` (a job errored or left no report).' },
  { name: 'aggregate', description: "Path of `aggregate.json` (keep it as an artifact: tomorrow's `previous`)." },
  { name: 'new-failures', description: 'Keys of paths failing now that were not failing in `previous`, comma separated.' },
  {
    name: 'new-failure-paths',
    description:
      'JSON for `strategy.matrix` of the new failures a bisect can take (one hop, `fail`): `include` entries with `key`, `from`, `to`, `kubernetes-version`, `kind-version`, and `good` (the `to` that passed in `previous`, when it lies between).',
  },
];

/** What `bisect` adds to the run's options; the rest describe the failing path as `run` takes it. */
export const BISECT_ONLY_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'over',
    kind: 'string',
    default: 'to',
    description:
      'Which end to bisect: `to` (fixed from: the first release whose upgrade fails) or `from` (fixed to: the newest release that can no longer upgrade to it).',
  },
  {
    name: 'good',
    kind: 'string',
    default: '',
    description: 'A release known to pass on the bisected end (default: the edge after `from` over `to`, the edge before `to` over `from`).',
  },
  {
    name: 'failure-report',
    kind: 'string',
    default: '',
    description: "The failing run's `report.json`: the failure to look for (default: run the failing path first to see it).",
  },
];

/** Options of `edge-canary bisect` and the `bisect` sub-action: the failing path (the run's options, without `via`) and the search. */
export const BISECT_OPTIONS: readonly OptionSpec[] = [...OPTIONS.filter((o) => o.name !== 'via'), ...BISECT_ONLY_OPTIONS];

export const BISECT_OUTPUTS: readonly { name: string; description: string }[] = [
  { name: 'result', description: '`found`, `not-reproduced`, `error` or `cancelled`.' },
  { name: 'first-bad', description: 'The first bad release, when found.' },
  { name: 'report', description: 'Path of `bisect.json` (every probe: release, verdict, attempts, duration).' },
];
