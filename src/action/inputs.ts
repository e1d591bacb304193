import * as core from '@actions/core';
import { OPTIONS, type OptionSpec, type RawOptions } from '../inputs/options.js';

/** Reads every option from the action's inputs (INPUT_* variables), as raw strings. */
export function readActionInputs(specs: readonly OptionSpec[] = OPTIONS): RawOptions {
  const raw: RawOptions = {};
  for (const option of specs) {
    const value = option.kind === 'lines' ? core.getMultilineInput(option.name).join('\n') : core.getInput(option.name);
    if (value !== '') raw[option.name] = value;
  }
  return raw;
}
