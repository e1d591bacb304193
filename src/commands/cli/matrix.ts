import { MATRIX_OPTIONS } from '../../inputs/command-options.js';
import { validateMatrixOptions } from '../../inputs/command-validate.js';
import { buildMatrix } from '../matrix.js';
import { recordWatch } from '../watch.js';
import type { CliCommand } from './command.js';

export const matrixCommand: CliCommand = {
  name: 'matrix',
  summary: 'print the nightly upgrade paths (JSON for strategy.matrix) and their table, or with --record record what the new-edge watch ran',
  options: MATRIX_OPTIONS,
  help: { heading: "Options of matrix (the matrix sub-action's inputs)", options: MATRIX_OPTIONS },
  async run({ raw }, io) {
    const config = validateMatrixOptions(raw);
    if (config.newSince && config.record) {
      io.out((await recordWatch({ ...config, newSince: config.newSince, record: config.record })).markdown.replace(/`/g, ''));
      return 0;
    }
    const result = await buildMatrix(config);
    io.err(result.markdown);
    io.out(JSON.stringify(result.matrix));
    return 0;
  },
};
