#!/usr/bin/env node
import { createRequire as __edgeCanaryRequire } from 'node:module'; const require = __edgeCanaryRequire(import.meta.url);
import {
  DefaultArtifactClient,
  withWorkflowCommandsStopped
} from "./chunks/chunk-RDCBCCSO.js";
import {
  readActionInputs
} from "./chunks/chunk-WMY2YL2U.js";
import {
  bisectCommand
} from "./chunks/chunk-EATKHRJQ.js";
import "./chunks/chunk-SWFM54MH.js";
import {
  abortOnSignals
} from "./chunks/chunk-LKWJHJLY.js";
import "./chunks/chunk-PWLW2HJU.js";
import "./chunks/chunk-AQFZ7MQY.js";
import "./chunks/chunk-F7FUXOB5.js";
import {
  BISECT_OPTIONS,
  validateBisectOptions
} from "./chunks/chunk-FCLTHR3L.js";
import {
  jobSummary
} from "./chunks/chunk-2U5T33JP.js";
import {
  info,
  setFailed,
  setOutput,
  setSecret,
  summary,
  warning
} from "./chunks/chunk-Q5CU2UC2.js";

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
