import { dirname, join } from 'node:path';
import { aggregateGrid } from '../../aggregate/terminal.js';
import { NIGHTLY_OPTIONS, validateNightlyOptions } from '../../inputs/nightly-options.js';
import { runNightly } from '../nightly.js';
import { ProgressBoard, progressFor } from '../nightly-progress.js';
import { EXIT, type CliCommand } from './command.js';

export const nightlyCommand: CliCommand = {
  name: 'nightly',
  summary: 'run every path of the matrix here, several at once, and aggregate them',
  options: NIGHTLY_OPTIONS,
  help: { heading: "Options of nightly (the matrix's, the run options every path shares, and how many paths run at once)", options: NIGHTLY_OPTIONS },
  exitCodes: 'nightly: 0 when every path it ran passed, 1 when one failed or errored or none ran, 2 on bad input, 130 cancelled.',
  async run({ raw }, io) {
    const result = await runNightly(validateNightlyOptions(raw), {
      signal: io.cancelSignal(),
      progress: (paths) => progressFor(new ProgressBoard(paths), io.progress),
      warn: (m) => io.err(`warning: ${m}`),
    });
    io.out(aggregateGrid(result.aggregate, io.isTTY));
    io.out(`paths run at once: ${result.parallel}\naggregate: ${result.aggregatePath}\nsummary:   ${join(dirname(result.aggregatePath), 'summary.md')}`);
    for (const message of result.inputErrors) io.err(`edge-canary: ${message}`);
    if (result.inputErrors.length) return EXIT.error;
    if (result.cancelled) return EXIT.cancelled;
    return result.aggregate.result === 'pass' ? EXIT.pass : EXIT.fail;
  },
};
