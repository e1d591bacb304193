import { bisectExitCode } from '../../bisect/result.js';
import { BISECT_OPTIONS } from '../../inputs/command-options.js';
import { validateBisectOptions } from '../../inputs/command-validate.js';
import { OPTIONS } from '../../inputs/options.js';
import { bisectCommand as bisect } from '../bisect.js';
import type { CliCommand } from './command.js';

export const bisectCommand: CliCommand = {
  name: 'bisect',
  summary: 'find the first release whose upgrade fails the way a failing path does',
  options: BISECT_OPTIONS,
  help: {
    heading: "Options of bisect (the bisect sub-action's inputs): those of run but via, and",
    options: BISECT_OPTIONS.filter((o) => !OPTIONS.includes(o)),
  },
  exitCodes: 'bisect: 0 a first bad release was found, 1 the failure did not reproduce, 2 bad input.',
  async run({ raw }, io) {
    const result = await bisect(validateBisectOptions(raw), { signal: io.cancelSignal(), log: io.err });
    io.out(result.markdown);
    io.out(`bisect: ${result.jsonPath}`);
    return bisectExitCode(result.report);
  },
};
