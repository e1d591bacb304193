#!/usr/bin/env node
import { createRequire as __edgeCanaryRequire } from 'node:module'; const require = __edgeCanaryRequire(import.meta.url);
import {
  readActionInputs
} from "./chunks/chunk-3FZZPZ6B.js";
import {
  IMPACT_ACTION_OPTIONS,
  fetchToolsInto,
  impactCommand,
  impactToolNames,
  validateImpactOptions
} from "./chunks/chunk-2SCMYJPE.js";
import {
  DEFAULT_KIND_VERSION,
  DEFAULT_KUBERNETES_VERSION,
  DEFAULT_KWOK_VERSION,
  GITHUB_COM_API,
  ToolSet,
  abortOnSignals,
  downloadSources,
  githubReleaseDigests,
  jobSummary
} from "./chunks/chunk-M2BDVCY6.js";
import {
  info,
  setFailed,
  setOutput,
  setSecret,
  summary
} from "./chunks/chunk-4XZSO2UZ.js";

// src/action/impact.ts
import { mkdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
async function downloadTools(config, token) {
  const { signal } = abortOnSignals();
  const versions = { kubectl: DEFAULT_KUBERNETES_VERSION, kind: DEFAULT_KIND_VERSION, kwok: DEFAULT_KWOK_VERSION };
  const digests = githubReleaseDigests({ apiUrl: process.env.GITHUB_API_URL || GITHUB_COM_API, ...token ? { token } : {}, signal });
  const { lines, problems } = await fetchToolsInto(
    config.toolsDir,
    impactToolNames(config),
    new ToolSet(versions, void 0, downloadSources(), digests, signal)
  );
  for (const line of lines) info(line);
  if (problems.length) throw new Error(`edge-canary impact: ${problems.join("; ")}`);
}
async function mainStep() {
  const { "output-dir": outputDir, "github-token": token, ...raw } = readActionInputs(IMPACT_ACTION_OPTIONS);
  if (token) setSecret(token);
  const temp = process.env.RUNNER_TEMP || tmpdir();
  const config = validateImpactOptions({ "tools-dir": join(temp, "edge-canary-impact-tools"), ...raw });
  if (!raw["tools-dir"]) await downloadTools(config, token);
  const { review, text } = await impactCommand(config);
  const dir = outputDir ? resolve(outputDir) : join(temp, "edge-canary-impact");
  await mkdir(dir, { recursive: true });
  const reviewPath = join(dir, "impact.json");
  await writeFile(reviewPath, `${JSON.stringify(review, null, 2)}
`);
  setOutput("warnings", String(review.warnings.length));
  setOutput("review", reviewPath);
  await summary.addRaw(jobSummary(text)).write();
}
async function run() {
  await mainStep().catch((error) => setFailed(error instanceof Error ? error.message : String(error)));
}

// src/action/entries/impact.ts
await run();
