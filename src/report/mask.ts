import { redactUrlCredentials } from '../process/redact.js';
import type { RunReport } from './model.js';

/**
 * The report with every credential written into a URL masked (process/redact.ts), wherever in
 * it the URL came from: a command, an error, a chart repo or mirror input. Everything the run
 * publishes (report.json, junit.xml, summary.md, the job summary and annotations) is made from it.
 */
export function withUrlCredentialsMasked(report: RunReport): RunReport {
  return JSON.parse(redactUrlCredentials(JSON.stringify(report))) as RunReport;
}
