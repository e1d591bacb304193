import { OPTIONS } from '../../inputs/options.js';
import { validateOptions } from '../../inputs/validate.js';
import { executeRun } from '../../pipeline/execute.js';
import { terminalSummary } from '../../report/terminal.js';
import { EXIT, type CliCommand } from './command.js';

export const runCommand: CliCommand = {
  name: 'run',
  summary: 'run the canary: install from, upgrade to, check, report',
  options: OPTIONS,
  help: { heading: "Options of run and versions (the same as the GitHub Action's inputs)", options: OPTIONS },
  exitCodes: 'Exit codes: 0 pass, 1 fail, 2 error or bad input, 3 skipped (a version lacks a setting of the profile), 130 cancelled.',
  async run({ raw }, io) {
    const config = validateOptions(raw);
    const { report, paths } = await executeRun(config, { signal: io.cancelSignal(), log: io.err });
    if (report.inputError) {
      io.err(`edge-canary: ${report.inputError.message}`);
      return EXIT.error;
    }
    io.out(terminalSummary(report, io.isTTY));
    io.out(`report: ${paths.json}\njunit:  ${paths.junit}`);
    // A finished run never says running; treat one that does as the error it would be.
    return report.result === 'running' ? EXIT.error : EXIT[report.result];
  },
};
