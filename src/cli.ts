import { dirname, join } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { buildReport } from './commands/report.js';
import { BISECT_OPTIONS, MATRIX_OPTIONS, REPORT_OPTIONS, VERSIONS_OPTIONS } from './inputs/command-options.js';
import { validateBisectOptions, validateMatrixOptions, validateReportOptions } from './inputs/command-validate.js';
import { bisectCommand } from './commands/bisect.js';
import { bisectExitCode } from './bisect/result.js';
import { InputError } from './inputs/input-error.js';
import { OPTIONS, type OptionSpec, type RawOptions } from './inputs/options.js';
import { validateOptions } from './inputs/validate.js';
import { buildMatrix, newEdgesLine } from './commands/matrix.js';
import { recordWatch } from './commands/watch.js';
import { newEdgesSince, readWatchState } from './versions/new-since.js';
import { fetchToolsInto } from './commands/tools.js';
import { resolve } from 'node:path';
import { DEFAULT_KIND_VERSION, DEFAULT_KUBERNETES_VERSION, DEFAULT_KWOK_VERSION } from './inputs/options.js';
import { ToolSet, type ToolName } from './tools/toolset.js';
import { runNightly } from './commands/nightly.js';
import { ProgressBoard, progressFor } from './commands/nightly-progress.js';
import { aggregateGrid } from './aggregate/terminal.js';
import { NIGHTLY_OPTIONS, validateNightlyOptions } from './inputs/nightly-options.js';
import { abortOnSignals, executeRun, releaseLoader } from './pipeline/execute.js';
import { redact } from './process/redact.js';
import { stopWorkflowCommands } from './process/workflow-commands.js';
import { terminalSummary } from './report/terminal.js';
import { builtInNames, checkScenarios, loadScenarios } from './scenarios/load.js';
import { ReleaseList } from './versions/releases.js';
import { resolveVersions } from './versions/selectors.js';

const EXIT = { pass: 0, fail: 1, error: 2, skipped: 3, cancelled: 130 } as const;

const COMMANDS: Record<string, { summary: string; options: readonly OptionSpec[] }> = {
  run: { summary: 'run the canary: install from, upgrade to, check, report', options: OPTIONS },
  versions: { summary: 'print how --from and --to resolve, or with --new-since which edges are new (uses only the release list)', options: VERSIONS_OPTIONS },
  matrix: { summary: 'print the nightly upgrade paths (JSON for strategy.matrix) and their table, or with --record record what the new-edge watch ran', options: MATRIX_OPTIONS },
  report: { summary: 'aggregate the reports of matrix jobs into one summary (and tracked issues)', options: REPORT_OPTIONS },
  bisect: { summary: 'find the first release whose upgrade fails the way a failing path does', options: BISECT_OPTIONS },
  nightly: { summary: 'run every path of the matrix here, several at once, and aggregate them', options: NIGHTLY_OPTIONS },
};

function optionHelp(options: readonly OptionSpec[]): string {
  return options
    .map((o) => {
      const flag = o.kind === 'boolean' ? `--${o.name}` : `--${o.cliFlag ?? o.name} <${o.kind === 'lines' ? 'value, repeatable' : o.kind === 'duration' ? 'duration' : 'value'}>`;
      const def = o.cliDefault ?? o.default;
      return `  ${flag.padEnd(40)} ${o.description}${def ? ` Default: ${def}.` : ''}`;
    })
    .join('\n');
}

const USAGE = `edge-canary: canary-test Linkerd upgrades

Usage: edge-canary <command> [options]

${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`)
  .join('\n')}
  tools fetch <tool...> --tools-dir <dir>
                                 put tools (linkerd-<tag>, kubectl, ...) into a tools dir, downloaded and
                                 digest-checked as the action gets them, or say which are missing
  scenarios list                 the built-in scenarios
  scenarios validate <files...>  check scenario files (files, directories or globs) without running them

Options of run and versions (the same as the GitHub Action's inputs):
${optionHelp(OPTIONS)}

Options of versions only:
${optionHelp(VERSIONS_OPTIONS.filter((o) => !OPTIONS.includes(o)))}

Options of matrix (the matrix sub-action's inputs):
${optionHelp(MATRIX_OPTIONS)}

Options of report (the report sub-action's inputs):
${optionHelp(REPORT_OPTIONS)}

Options of bisect (the bisect sub-action's inputs): those of run but via, and
${optionHelp(BISECT_OPTIONS.filter((o) => !OPTIONS.includes(o)))}

Options of nightly (the matrix's, the run options every path shares, and how many paths run at once):
${optionHelp(NIGHTLY_OPTIONS)}

Environment: GITHUB_TOKEN is used when --github-token is not given.
Exit codes: 0 pass, 1 fail, 2 error or bad input, 3 skipped (a version lacks a setting of the profile), 130 cancelled.
bisect: 0 a first bad release was found, 1 the failure did not reproduce, 2 bad input.
nightly: 0 when every path it ran passed, 1 when one failed or errored, 2 on bad input, 130 cancelled.`;

function parseOptions(argv: string[], specs: readonly OptionSpec[]): RawOptions {
  const options: NonNullable<ParseArgsConfig['options']> = {};
  for (const o of specs) {
    options[o.cliFlag ?? o.name] = o.kind === 'boolean' ? { type: 'boolean' } : { type: 'string', multiple: o.kind === 'lines' };
  }
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    const message = redact((error as Error).message.replace(/\s*\n\s*/g, ' '), [process.env.GITHUB_TOKEN ?? '']);
    throw new InputError('command line', flagsOnly(argv), `${message}; see edge-canary --help`);
  }
  if (parsed.positionals.length) {
    throw new InputError('command line', flagsOnly(parsed.positionals), 'unexpected arguments; see edge-canary --help');
  }
  const raw: RawOptions = {};
  for (const o of specs) {
    const value = parsed.values[o.cliFlag ?? o.name];
    if (value === undefined) {
      if (o.cliDefault !== undefined) raw[o.name] = o.cliDefault;
    } else {
      raw[o.name] = Array.isArray(value) ? value.join('\n') : String(value);
    }
  }
  if (!raw['github-token'] && process.env.GITHUB_TOKEN && specs.some((o) => o.name === 'github-token')) raw['github-token'] = process.env.GITHUB_TOKEN;
  return raw;
}

/**
 * A command line as an error may echo it: flags only, every value shown as `…`. A value can be
 * a token given to a mistyped flag or without one, and an error message is no place for it.
 */
function flagsOnly(argv: readonly string[]): string {
  return argv.map((a) => (a.startsWith('-') ? a.replace(/=.*/s, '=…') : '…')).join(' ');
}

async function main(argv: string[]): Promise<number> {
  const [command = '', ...rest] = argv;
  if (command === '--help' || command === '-h' || rest.includes('--help')) {
    console.log(USAGE);
    return 0;
  }
  if (command === 'scenarios') return scenariosCommand(rest);
  if (command === 'tools') return toolsCommand(rest);
  const spec = COMMANDS[command];
  if (!spec) {
    if (command === '') console.log(USAGE);
    else throw new InputError('command', command, `expected one of ${Object.keys(COMMANDS).join(', ')}; see edge-canary --help`);
    return EXIT.error;
  }
  const raw = parseOptions(rest, spec.options);
  switch (command) {
    case 'versions': {
      const { 'new-since': newSince, ...runRaw } = raw;
      const config = validateOptions(runRaw);
      if (newSince) {
        const list = new ReleaseList(await releaseLoader(config)());
        console.log(newEdgesLine(newEdgesSince(list, await readWatchState(resolve(newSince)))).replace(/`/g, ''));
        return 0;
      }
      const resolved = resolveVersions(new ReleaseList(await releaseLoader(config)()), config);
      console.log(`from: ${resolved.from} (${config.from})\nto:   ${resolved.to} (${config.to})`);
      return 0;
    }
    case 'matrix': {
      const config = validateMatrixOptions(raw);
      if (config.newSince && config.record) {
        console.log((await recordWatch({ ...config, newSince: config.newSince, record: config.record })).markdown.replace(/`/g, ''));
        return 0;
      }
      const result = await buildMatrix(config);
      console.error(result.markdown);
      console.log(JSON.stringify(result.matrix));
      return 0;
    }
    case 'report': {
      const result = await buildReport(validateReportOptions(raw), { warn: (m) => console.error(`warning: ${m}`) });
      console.log(result.markdown);
      console.error(`aggregate: ${result.aggregatePath}`);
      return result.aggregate.result === 'pass' ? EXIT.pass : result.aggregate.result === 'fail' ? EXIT.fail : EXIT.error;
    }
    case 'bisect': {
      const result = await bisectCommand(validateBisectOptions(raw), { signal: abortOnSignals().signal, log: (line) => console.error(line) });
      console.log(result.markdown);
      console.log(`bisect: ${result.jsonPath}`);
      return bisectExitCode(result.report);
    }
    case 'nightly':
      return nightlyCommand(raw);
    default: {
      const config = validateOptions(raw);
      const controller = abortOnSignals();
      const { report, paths } = await executeRun(config, { signal: controller.signal, log: (line) => console.error(line) });
      if (report.inputError) {
        console.error(`edge-canary: ${report.inputError.message}`);
        return EXIT.error;
      }
      console.log(terminalSummary(report, process.stdout.isTTY === true));
      console.log(`report: ${paths.json}\njunit:  ${paths.junit}`);
      // A finished run never says running; treat one that does as the error it would be.
      return report.result === 'running' ? EXIT.error : EXIT[report.result];
    }
  }
}

async function toolsCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: { 'tools-dir': { type: 'string' } }, allowPositionals: true, strict: true });
  const [sub, ...names] = positionals;
  const dir = values['tools-dir'];
  if (sub !== 'fetch' || names.length === 0 || !dir) {
    throw new InputError('command', ['tools', ...argv].join(' '), 'expected tools fetch <tool...> --tools-dir <dir>');
  }
  const downloads = new ToolSet({ kubectl: DEFAULT_KUBERNETES_VERSION, kind: DEFAULT_KIND_VERSION, kwok: DEFAULT_KWOK_VERSION });
  const result = await fetchToolsInto(resolve(dir), names as ToolName[], downloads);
  for (const line of result.lines) console.log(line);
  for (const problem of result.problems) console.error(problem);
  return result.problems.length ? EXIT.error : EXIT.pass;
}

async function nightlyCommand(raw: RawOptions): Promise<number> {
  const controller = abortOnSignals();
  const result = await runNightly(validateNightlyOptions(raw), {
    signal: controller.signal,
    progress: (paths) => progressFor(new ProgressBoard(paths), process.stderr),
    warn: (m) => console.error(`warning: ${m}`),
  });
  console.log(aggregateGrid(result.aggregate, process.stdout.isTTY === true));
  console.log(`paths run at once: ${result.parallel}\naggregate: ${result.aggregatePath}\nsummary:   ${join(dirname(result.aggregatePath), 'summary.md')}`);
  for (const message of result.inputErrors) console.error(`edge-canary: ${message}`);
  if (result.inputErrors.length) return EXIT.error;
  if (result.cancelled) return EXIT.cancelled;
  return result.aggregate.result === 'pass' ? EXIT.pass : EXIT.fail;
}

async function scenariosCommand([sub, ...entries]: string[]): Promise<number> {
  if (sub === 'list') {
    const names = await builtInNames();
    if (names.length === 0) console.log('no built-in scenarios in this release');
    for (const s of await loadScenarios(names)) console.log(`${s.name.padEnd(24)} ${s.phases.join(', ').padEnd(30)} ${s.description}`);
    return EXIT.pass;
  }
  if (sub !== 'validate' || entries.length === 0) {
    throw new InputError('command', ['scenarios', sub ?? ''].join(' ').trim(), 'expected scenarios list, or scenarios validate <files, directories or globs>');
  }
  const { scenarios, problems } = await checkScenarios(entries);
  for (const s of scenarios.filter((x) => !problems.some((p) => p.value === x.file))) console.log(`ok ${s.file} (${s.name})`);
  for (const problem of problems) console.error(problem.message);
  return problems.length ? EXIT.error : EXIT.pass;
}

// In a workflow, as in the action: no line this prints (cluster output, report fields) acts on the job.
// On stderr, so stdout stays what a step may capture (the matrix JSON); resumed on any exit.
if (process.env.GITHUB_ACTIONS === 'true') process.once('exit', stopWorkflowCommands((line) => process.stderr.write(`${line}\n`)));

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`edge-canary: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(EXIT.error);
  },
);
