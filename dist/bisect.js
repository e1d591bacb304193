#!/usr/bin/env node
import { createRequire as __edgeCanaryRequire } from 'node:module'; const require = __edgeCanaryRequire(import.meta.url);
import {
  DefaultArtifactClient,
  withWorkflowCommandsStopped
} from "./chunks/chunk-A4ORYTEL.js";
import {
  readActionInputs
} from "./chunks/chunk-3FZZPZ6B.js";
import {
  bisectCommand
} from "./chunks/chunk-NG2JVPWV.js";
import "./chunks/chunk-SWFM54MH.js";
import "./chunks/chunk-EA7TDTJN.js";
import "./chunks/chunk-WGVU4F2C.js";
import {
  BISECT_OPTIONS,
  validateBisectOptions
} from "./chunks/chunk-4LSBRX76.js";
import {
  abortOnSignals,
  jobSummary
} from "./chunks/chunk-M2BDVCY6.js";
import {
  info,
  setFailed,
  setOutput,
  setSecret,
  summary,
  warning
} from "./chunks/chunk-4XZSO2UZ.js";

// src/action/bisect.ts
import { join } from "node:path";
async function mainStep() {
  const raw = readActionInputs(BISECT_OPTIONS);
  if (raw["github-token"]) setSecret(raw["github-token"]);
  raw["report-dir"] ??= join(process.env.RUNNER_TEMP || ".", "edge-canary-bisect");
  const config = validateBisectOptions(raw);
  const { report, markdown, jsonPath } = await withWorkflowCommandsStopped(
    () => bisectCommand(config, { signal: abortOnSignals().signal, log: (line) => info(line) })
  );
  setOutput("result", report.result);
  setOutput("first-bad", report.firstBad ?? "");
  setOutput("report", jsonPath);
  await summary.addRaw(jobSummary(markdown)).write();
  if (config.run.uploadArtifacts) {
    const name = `edge-canary-bisect-${config.run.pathKey ?? `${report.fixed}-${report.bad}`}-attempt-${process.env.GITHUB_RUN_ATTEMPT || "1"}`;
    await new DefaultArtifactClient().uploadArtifact(name, [jsonPath, join(config.run.reportDir, "summary.md")], config.run.reportDir).catch((error) => warning(`could not upload the bisect artifact: ${error.message}`));
  }
  if (report.result !== "found") setFailed(`edge-canary bisect: ${report.result}`);
}
async function run() {
  await mainStep().catch((error) => setFailed(error instanceof Error ? error.message : String(error)));
}

// src/action/entries/bisect.ts
await run();
