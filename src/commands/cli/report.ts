import { REPORT_OPTIONS } from '../../inputs/command-options.js';
import { validateReportOptions } from '../../inputs/command-validate.js';
import { buildReport, reportInput } from '../report.js';
import { EXIT, type CliCommand } from './command.js';

export const reportCommand: CliCommand = {
  name: 'report',
  summary: 'aggregate the reports of matrix jobs into one summary (and tracked issues)',
  options: REPORT_OPTIONS,
  help: { heading: "Options of report (the report sub-action's inputs)", options: REPORT_OPTIONS },
  async run({ raw }, io) {
    const result = await buildReport(reportInput(validateReportOptions(raw)), { warn: (m) => io.err(`warning: ${m}`), signal: io.cancelSignal() });
    io.out(result.markdown);
    io.err(`aggregate: ${result.aggregatePath}`);
    return result.aggregate.result === 'pass' ? EXIT.pass : result.aggregate.result === 'fail' ? EXIT.fail : EXIT.error;
  },
};
