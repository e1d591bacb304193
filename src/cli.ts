import { parseArgs, type ParseArgsConfig } from 'node:util';
import { InputError } from './inputs/input-error.js';
import { OPTIONS, type RawOptions } from './inputs/options.js';
import { validateOptions } from './inputs/validate.js';
import { abortOnSignals, executeRun, releaseLoader } from './pipeline/execute.js';
import { terminalSummary } from './report/terminal.js';
import { ReleaseList } from './versions/releases.js';
import { resolveVersions } from './versions/selectors.js';

const EXIT = { pass: 0, fail: 1, error: 2, cancelled: 130 } as const;

const USAGE = `edge-canary: canary-test a Linkerd upgrade (install from, upgrade to, check, report)

Usage:
  edge-canary run [options]        run the canary
  edge-canary versions [options]   print how --from and --to resolve (uses only the release list)
  edge-canary --help

Options (the same as the GitHub Action's inputs):
${OPTIONS.map((o) => {
  const flag = o.kind === 'boolean' ? `--${o.name}` : `--${o.cliFlag ?? o.name} <${o.kind === 'lines' ? 'value, repeatable' : o.kind === 'duration' ? 'duration' : 'value'}>`;
  const def = o.cliDefault ?? o.default;
  return `  ${flag.padEnd(40)} ${o.description}${def ? ` Default: ${def}.` : ''}`;
}).join('\n')}

Environment: GITHUB_TOKEN is used when --github-token is not given.
Exit codes: 0 pass, 1 fail, 2 error or bad input, 130 cancelled.`;

function parseCommandLine(argv: string[]): { command: string; raw: RawOptions; help: boolean } {
  const options: NonNullable<ParseArgsConfig['options']> = { help: { type: 'boolean', short: 'h' } };
  for (const o of OPTIONS) {
    options[o.cliFlag ?? o.name] = o.kind === 'boolean' ? { type: 'boolean' } : { type: 'string', multiple: o.kind === 'lines' };
  }
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    const message = (error as Error).message.replace(/\s*\n\s*/g, ' ');
    throw new InputError('command line', argv.join(' '), `${message}; see edge-canary --help`);
  }
  const raw: RawOptions = {};
  for (const o of OPTIONS) {
    const value = parsed.values[o.cliFlag ?? o.name];
    if (value === undefined) {
      if (o.cliDefault !== undefined) raw[o.name] = o.cliDefault;
    } else {
      raw[o.name] = Array.isArray(value) ? value.join('\n') : String(value);
    }
  }
  if (!raw['github-token'] && process.env.GITHUB_TOKEN) raw['github-token'] = process.env.GITHUB_TOKEN;
  const [command = '', ...extra] = parsed.positionals;
  if (extra.length) throw new InputError('command line', extra.join(' '), 'unexpected arguments; see edge-canary --help');
  return { command, raw, help: parsed.values.help === true };
}

async function main(argv: string[]): Promise<number> {
  const { command, raw, help } = parseCommandLine(argv);
  if (help || command === '') {
    console.log(USAGE);
    return help ? 0 : 2;
  }
  const config = validateOptions(raw);
  if (command === 'versions') {
    const resolved = resolveVersions(new ReleaseList(await releaseLoader(config)()), config);
    console.log(`from: ${resolved.from} (${config.from})\nto:   ${resolved.to} (${config.to})`);
    return 0;
  }
  if (command !== 'run') throw new InputError('command', command, 'expected run or versions; see edge-canary --help');
  const controller = abortOnSignals();
  const { report, paths } = await executeRun(config, { signal: controller.signal, log: (line) => console.error(line) });
  if (report.inputError) {
    console.error(`edge-canary: ${report.inputError.message}`);
    return EXIT.error;
  }
  console.log(terminalSummary(report, process.stdout.isTTY === true));
  console.log(`report: ${paths.json}\njunit:  ${paths.junit}`);
  return EXIT[report.result];
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`edge-canary: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(EXIT.error);
  },
);
