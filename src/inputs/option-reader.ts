import { isAbsolute, resolve } from 'node:path';
import { InputError } from './input-error.js';
import type { OptionSpec, RawOptions } from './options.js';

/** Typed access to raw option values, with defaults from the option table (run, matrix, report). */
export interface OptionReader {
  /** The value, or the table's default, trimmed. */
  value(name: string): string;
  /** An absolute path, relative values taken from `cwd`; undefined when empty. */
  path(name: string): string | undefined;
  count(name: string, min: number, max: number): number;
  /** Non-empty lines, `#` comments dropped. */
  lines(name: string): string[];
}

/** Refuses options the table does not have, then reads the rest. */
export function optionReader(specs: readonly OptionSpec[], raw: RawOptions, cwd: string): OptionReader {
  for (const name of Object.keys(raw)) {
    if (!specs.some((o) => o.name === name)) throw new InputError('option', name, `unknown option; known: ${specs.map((o) => o.name).join(', ')}`);
  }
  const value = (name: string) => (raw[name] ?? specs.find((o) => o.name === name)?.default ?? '').trim();
  return {
    value,
    path(name) {
      const v = value(name);
      return v === '' ? undefined : isAbsolute(v) ? v : resolve(cwd, v);
    },
    count(name, min, max) {
      const v = value(name);
      if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) throw new InputError(name, v, `expected a whole number from ${min} to ${max}`);
      return Number(v);
    },
    lines(name) {
      return value(name)
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== '' && !l.startsWith('#'));
    },
  };
}
