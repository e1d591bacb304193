import { parseArgs, type ParseArgsConfig } from 'node:util';
import { InputError } from '../../inputs/input-error.js';
import type { OptionSpec, RawOptions } from '../../inputs/options.js';
import { redact } from '../../process/redact.js';

/** A command line's flags as the raw option values the action's inputs would give; `token` is the environment's GITHUB_TOKEN. */
export function parseOptions(argv: string[], specs: readonly OptionSpec[], token: string | undefined): RawOptions {
  const options: NonNullable<ParseArgsConfig['options']> = {};
  for (const o of specs) {
    options[o.cliFlag ?? o.name] = o.kind === 'boolean' ? { type: 'boolean' } : { type: 'string', multiple: o.kind === 'lines' };
  }
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    const message = redact((error as Error).message.replace(/\s*\n\s*/g, ' '), [token ?? '']);
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
  if (!raw['github-token'] && token && specs.some((o) => o.name === 'github-token')) raw['github-token'] = token;
  return raw;
}

/**
 * A command line as an error may echo it: flags only, every value shown as `…`. A value can be
 * a token given to a mistyped flag or without one, and an error message is no place for it.
 */
function flagsOnly(argv: readonly string[]): string {
  return argv.map((a) => (a.startsWith('-') ? a.replace(/=.*/s, '=…') : '…')).join(' ');
}
