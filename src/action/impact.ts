import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as core from '@actions/core';
import { impactCommand, impactToolNames } from '../commands/impact.js';
import { fetchToolsInto } from '../commands/tools.js';
import { IMPACT_ACTION_OPTIONS, validateImpactOptions, type ImpactConfig } from '../inputs/impact-options.js';
import { DEFAULT_KIND_VERSION, DEFAULT_KUBERNETES_VERSION, DEFAULT_KWOK_VERSION } from '../inputs/options.js';
import { abortOnSignals } from '../pipeline/execute.js';
import { jobSummary } from '../report/markdown.js';
import { downloadSources } from '../tools/assets.js';
import { githubReleaseDigests } from '../tools/release-digests.js';
import { ToolSet } from '../tools/toolset.js';
import { GITHUB_COM_API } from '../versions/release-source.js';
import { readActionInputs } from './inputs.js';

/** Downloads what the review renders with into its tools dir, through the tool cache and digest-checked, as a run does. */
async function downloadTools(config: ImpactConfig, token: string | undefined): Promise<void> {
  const { signal } = abortOnSignals();
  // The versions of tools a run needs besides; the review fetches none of them.
  const versions = { kubectl: DEFAULT_KUBERNETES_VERSION, kind: DEFAULT_KIND_VERSION, kwok: DEFAULT_KWOK_VERSION };
  const digests = githubReleaseDigests({ apiUrl: process.env.GITHUB_API_URL || GITHUB_COM_API, ...(token ? { token } : {}), signal });
  const { lines, problems } = await fetchToolsInto(
    config.toolsDir,
    impactToolNames(config),
    new ToolSet(versions, undefined, downloadSources(), digests, signal),
  );
  for (const line of lines) core.info(line);
  if (problems.length) throw new Error(`edge-canary impact: ${problems.join('; ')}`);
}

async function mainStep(): Promise<void> {
  const { 'output-dir': outputDir, 'github-token': token, ...raw } = readActionInputs(IMPACT_ACTION_OPTIONS);
  if (token) core.setSecret(token);
  const temp = process.env.RUNNER_TEMP || tmpdir();
  // Validated before any download, so bad input fails the step with its own message alone.
  const config = validateImpactOptions({ 'tools-dir': join(temp, 'edge-canary-impact-tools'), ...raw });
  if (!raw['tools-dir']) await downloadTools(config, token);
  const { review, text } = await impactCommand(config);
  const dir = outputDir ? resolve(outputDir) : join(temp, 'edge-canary-impact');
  await mkdir(dir, { recursive: true });
  const reviewPath = join(dir, 'impact.json');
  await writeFile(reviewPath, `${JSON.stringify(review, null, 2)}\n`);
  core.setOutput('warnings', String(review.warnings.length));
  core.setOutput('review', reviewPath);
  await core.summary.addRaw(jobSummary(text)).write();
}

/** The step, as actions/typescript-action lays it out: entries/impact.ts calls it; @github/local-action can too. */
export async function run(): Promise<void> {
  await mainStep().catch((error: unknown) => core.setFailed(error instanceof Error ? error.message : String(error)));
}
