#!/usr/bin/env node
import { createRequire as __edgeCanaryRequire } from 'node:module'; const require = __edgeCanaryRequire(import.meta.url);
import {
  readActionInputs
} from "./chunks/chunk-3FZZPZ6B.js";
import {
  buildReport,
  reportInput
} from "./chunks/chunk-K2EOHUNR.js";
import "./chunks/chunk-E6QSPC54.js";
import "./chunks/chunk-EA7TDTJN.js";
import "./chunks/chunk-WGVU4F2C.js";
import {
  REPORT_OPTIONS,
  validateReportOptions
} from "./chunks/chunk-4LSBRX76.js";
import {
  abortOnSignals
} from "./chunks/chunk-M2BDVCY6.js";
import {
  info,
  setFailed,
  setOutput,
  setSecret,
  summary,
  warning
} from "./chunks/chunk-4XZSO2UZ.js";

// src/action/report.ts
import { join } from "node:path";
async function mainStep() {
  const raw = readActionInputs(REPORT_OPTIONS);
  if (raw["github-token"]) setSecret(raw["github-token"]);
  raw["output-dir"] ??= join(process.env.RUNNER_TEMP || ".", "edge-canary-aggregate");
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: id } = process.env;
  const result = await buildReport(reportInput(validateReportOptions(raw)), {
    warn: (m) => warning(m),
    signal: abortOnSignals().signal,
    ...server && repo && id ? { runUrl: `${server}/${repo}/actions/runs/${id}` } : {}
  });
  setOutput("result", result.aggregate.result);
  setOutput("aggregate", result.aggregatePath);
  setOutput("new-failures", (result.aggregate.changes?.newFailures ?? []).join(","));
  setOutput("new-failure-paths", JSON.stringify(result.newFailurePaths));
  await summary.addRaw(result.markdown).write();
  if (result.issues) {
    info(
      `issues opened: ${result.issues.opened.join(", ") || "none"}; updated: ${result.issues.commented.join(", ") || "none"}; closed: ${result.issues.closed.join(", ") || "none"}; failed: ${result.issues.failed.length}`
    );
  }
  if (result.aggregate.result !== "pass") setFailed(`edge-canary nightly: ${result.aggregate.result}`);
}
async function run() {
  await mainStep().catch((error) => setFailed(error instanceof Error ? error.message : String(error)));
}

// src/action/entries/report.ts
await run();
