import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { planBisect, type BisectPlan } from '../bisect/plan.js';
import { BISECT_SCHEMA_VERSION, bisectMarkdown, type BisectReport } from '../bisect/result.js';
import { probeOnce, searchFirstBad, type ProbeRunner } from '../bisect/search.js';
import { failureSignature, type FailureSignature } from '../bisect/signature.js';
import type { BisectConfig } from '../inputs/command-validate.js';
import { InputError } from '../inputs/input-error.js';
import { executeRun, releaseLoader } from '../pipeline/execute.js';
import { readRunReport } from '../report/parse.js';
import { ReleaseList } from '../versions/releases.js';
import { resolveVersions } from '../versions/selectors.js';

export interface BisectHooks {
  signal: AbortSignal;
  log: (line: string) => void;
}

export interface BisectOutput {
  report: BisectReport;
  markdown: string;
  jsonPath: string;
}

/** One canary run per probe, each with a report dir of its own under `<report-dir>/probes/`. */
function probeRunner(config: BisectConfig, plan: BisectPlan, hooks: BisectHooks): ProbeRunner {
  let runs = 0;
  return async (version, attempt) => {
    runs += 1;
    const path = plan.over === 'to' ? { from: plan.fixed, to: version } : { from: version, to: plan.fixed };
    const reportDir = join(config.run.reportDir, 'probes', `${runs}-${version}${attempt > 1 ? `-attempt-${attempt}` : ''}`);
    hooks.log(`bisect: probe ${runs}: ${path.from} -> ${path.to}${attempt > 1 ? ' (again: the first attempt errored)' : ''}`);
    const { report } = await executeRun({ ...config.run, ...path, via: [], reportDir }, hooks);
    if (report.inputError) throw new InputError(report.inputError.input, report.inputError.value, report.inputError.message);
    hooks.log(`bisect: probe ${runs}: ${report.result}`);
    return { report, reportDir };
  };
}

/** The failure of the failing night's report, which must be of the path being bisected. */
async function failureFromReport(file: string, plan: BisectPlan): Promise<FailureSignature> {
  const report = await readRunReport('failure-report', file);
  const [from, to] = plan.over === 'to' ? [plan.fixed, plan.bad] : [plan.bad, plan.fixed];
  if (report.from !== from || report.to !== to) {
    throw new InputError('failure-report', file, `is a report of ${report.from} -> ${report.to}, not of the failing path ${from} -> ${to}`);
  }
  const failure = failureSignature(report);
  if (!failure) throw new InputError('failure-report', file, `shows no failure (result: ${report.result})`);
  return failure;
}

/**
 * Finds the first release that fails the way the failing path does: the failure comes from
 * its report or from running it once, then the releases between the known-good one and the
 * failing one are halved until one is left. Writes bisect.json and summary.md to report-dir.
 */
export async function bisectCommand(config: BisectConfig, hooks: BisectHooks): Promise<BisectOutput> {
  const started = Date.now();
  const list = new ReleaseList(await releaseLoader(config.run)(hooks.signal));
  const plan = planBisect(list, resolveVersions(list, config.run), config.over, config.good);
  await mkdir(config.run.reportDir, { recursive: true });
  const run = probeRunner(config, plan, hooks);
  hooks.log(`bisect over ${plan.over}: good ${plan.good}, bad ${plan.bad}, ${plan.candidates.length} release(s) between`);
  const base = { schemaVersion: BISECT_SCHEMA_VERSION, over: plan.over, fixed: plan.fixed, good: plan.good, bad: plan.bad } as const;
  let report: BisectReport;
  const reproduced = config.failureReport ? undefined : await probeOnce(plan.bad, undefined, run);
  const failure = config.failureReport ? await failureFromReport(config.failureReport, plan) : reproduced?.failure;
  if (!failure) {
    const result = reproduced?.verdict === 'cancelled' ? 'cancelled' : reproduced?.verdict === 'error' ? 'error' : 'not-reproduced';
    report = { ...base, result, ...(reproduced ? { reproduced } : {}), undecided: [], probes: [], durationMs: Date.now() - started };
  } else {
    const outcome = await searchFirstBad(plan.candidates, plan.bad, failure, run);
    report = {
      ...base,
      result: outcome.firstBad ? 'found' : 'cancelled',
      failure,
      ...(reproduced ? { reproduced } : {}),
      ...(outcome.firstBad ? { firstBad: outcome.firstBad } : {}),
      undecided: outcome.undecided,
      probes: outcome.probes,
      durationMs: Date.now() - started,
    };
  }
  const markdown = bisectMarkdown(report);
  const jsonPath = join(config.run.reportDir, 'bisect.json');
  await writeFile(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(join(config.run.reportDir, 'summary.md'), markdown);
  return { report, markdown, jsonPath };
}
