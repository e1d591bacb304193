import * as core from '@actions/core';
import { OPTIONS, type RawOptions } from '../inputs/options.js';

/** Reads every option from the action's inputs (INPUT_* variables), as raw strings. */
export function readActionInputs(): RawOptions {
  const raw: RawOptions = {};
  for (const option of OPTIONS) {
    const value = option.kind === 'lines' ? core.getMultilineInput(option.name).join('\n') : core.getInput(option.name);
    if (value !== '') raw[option.name] = value;
  }
  return raw;
}
