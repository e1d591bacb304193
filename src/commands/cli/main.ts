import { InputError } from '../../inputs/input-error.js';
import type { OptionSpec } from '../../inputs/options.js';
import { stopWorkflowCommands } from '../../process/workflow-commands.js';
import { bisectCommand } from './bisect.js';
import { EXIT, processIo, type CliCommand, type CliIo } from './command.js';
import { impactCommand } from './impact.js';
import { matrixCommand } from './matrix.js';
import { nightlyCommand } from './nightly.js';
import { parseOptions } from './parse-options.js';
import { reportCommand } from './report.js';
import { runCommand } from './run.js';
import { scenariosCommand } from './scenarios.js';
import { toolsCommand } from './tools.js';
import { versionsCommand } from './versions.js';

/** Every command, in the order help lists them: help and dispatch both read this table. */
export const COMMANDS: readonly CliCommand[] = [
  runCommand,
  versionsCommand,
  matrixCommand,
  reportCommand,
  bisectCommand,
  nightlyCommand,
  impactCommand,
  toolsCommand,
  scenariosCommand,
];

/** Runs the CLI on `argv` (without node and the script); returns the exit code, never throws. */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  // In a workflow, as in the action: no line printed (cluster output, report fields) acts on the job.
  // On stderr, so stdout stays what a step may capture (the matrix JSON); resumed however the process ends.
  const resume = io.env.GITHUB_ACTIONS === 'true' ? stopWorkflowCommands(io.err) : undefined;
  if (resume) process.once('exit', resume);
  try {
    return await dispatch(argv, io);
  } catch (error) {
    io.err(`edge-canary: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT.error;
  } finally {
    if (resume) {
      process.off('exit', resume);
      resume();
    }
  }
}

async function dispatch(argv: string[], io: CliIo): Promise<number> {
  const [name = '', ...rest] = argv;
  if (name === '--help' || name === '-h' || rest.includes('--help')) {
    io.out(usage());
    return EXIT.pass;
  }
  if (name === '') {
    io.out(usage());
    return EXIT.error;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) throw new InputError('command', name, `expected one of ${COMMANDS.map((c) => c.name).join(', ')}; see edge-canary --help`);
  const raw = command.options ? parseOptions(rest, command.options, io.env.GITHUB_TOKEN) : {};
  return command.run({ raw, argv: rest }, io);
}

const SUMMARY_COLUMN = 13;

function optionHelp(options: readonly OptionSpec[]): string {
  return options
    .map((o) => {
      const flag =
        o.kind === 'boolean'
          ? `--${o.name}`
          : `--${o.cliFlag ?? o.name} <${o.kind === 'lines' ? 'value, repeatable' : o.kind === 'duration' ? 'duration' : 'value'}>`;
      const def = o.cliDefault ?? o.default;
      return `  ${flag.padEnd(40)} ${o.description}${def ? ` Default: ${def}.` : ''}`;
    })
    .join('\n');
}

/** A command's line of the command list: its usage lines, the summary on the last one's line when it fits. */
function commandLines(c: CliCommand): string[] {
  const usages = c.usage ?? [c.name];
  const last = usages.at(-1)!;
  const head = usages.slice(0, -1).map((u) => `  ${u}`);
  if (last.length < SUMMARY_COLUMN - 3) return [...head, `  ${last.padEnd(SUMMARY_COLUMN - 3)} ${c.summary}`];
  return [...head, `  ${last}`, `${' '.repeat(SUMMARY_COLUMN)}${c.summary}`];
}

function usage(): string {
  return [
    'edge-canary: canary-test Linkerd upgrades',
    '',
    'Usage: edge-canary <command> [options]',
    '',
    ...COMMANDS.flatMap(commandLines),
    ...COMMANDS.flatMap((c) => (c.help ? ['', `${c.help.heading}:`, optionHelp(c.help.options)] : [])),
    '',
    'Environment: GITHUB_TOKEN is used when --github-token is not given.',
    ...COMMANDS.flatMap((c) => (c.exitCodes ? [c.exitCodes] : [])),
  ].join('\n');
}
