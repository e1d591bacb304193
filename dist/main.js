#!/usr/bin/env node
import { createRequire as __edgeCanaryRequire } from 'node:module'; const require = __edgeCanaryRequire(import.meta.url);
import {
  STATE
} from "./chunks/chunk-TMYSMOXM.js";
import {
  DefaultArtifactClient,
  withWorkflowCommandsStopped
} from "./chunks/chunk-A4ORYTEL.js";
import {
  readActionInputs
} from "./chunks/chunk-3FZZPZ6B.js";
import "./chunks/chunk-SWFM54MH.js";
import "./chunks/chunk-WGVU4F2C.js";
import {
  InputError,
  abortOnSignals,
  executeRun,
  markdownSummary,
  reportFiles,
  validateOptions
} from "./chunks/chunk-M2BDVCY6.js";
import {
  error,
  info,
  saveState,
  setFailed,
  setOutput,
  setSecret,
  summary,
  warning
} from "./chunks/chunk-4XZSO2UZ.js";

// src/action/main.ts
import { join } from "node:path";

// src/action/publish.ts
import { writeFileSync } from "node:fs";
import { relative } from "node:path";
async function publishRun(report, paths, config) {
  setOutput("result", report.result);
  setOutput("from-version", report.from ?? "");
  setOutput("to-version", report.to ?? "");
  setOutput("report", paths.json);
  setOutput("junit", paths.junit);
  setOutput("failed", report.failed.join(","));
  await summary.addRaw(markdownSummary(report)).write({ overwrite: true });
  const path = `edge-canary ${report.from ?? report.requested.from} -> ${report.to ?? report.requested.to}`;
  for (const phase of report.phases) {
    if (phase.verdict === "fail" || phase.verdict === "error") error(phase.reason ?? phase.verdict, { title: `${path}: ${phase.title}` });
  }
  const inRepo = (file) => relative(process.env.GITHUB_WORKSPACE || process.cwd(), file);
  for (const s of report.scenarios) {
    if (s.verdict === "fail" || s.verdict === "error")
      error(s.reason ?? s.verdict, { title: `${path}: scenario ${s.name} (${s.phase})`, file: inRepo(s.file) });
    if (s.verdict === "flaky") warning(s.reason ?? "flaky", { title: `${path}: scenario ${s.name} is flaky`, file: inRepo(s.file) });
  }
  if (config.uploadArtifacts) {
    try {
      const files = await reportFiles(config.reportDir);
      await new DefaultArtifactClient().uploadArtifact(artifactName(report, config.provider), files, config.reportDir);
    } catch (error2) {
      warning(`could not upload the report artifact: ${error2.message}`);
    }
  }
  const problem = report.inputError?.message ?? report.error;
  if (report.result === "skipped") warning(`edge-canary: skipped: ${report.phases.find((p) => p.verdict === "skipped")?.reason ?? ""}`);
  else if (report.result !== "pass") setFailed(`edge-canary: ${report.result}${problem ? `: ${problem}` : ""}`);
}
function artifactName(report, provider, env = process.env) {
  const path = report.pathKey ?? `${report.from ?? "unresolved"}-to-${report.to ?? "unresolved"}`;
  return `edge-canary-${path}-${provider}-attempt-${env.GITHUB_RUN_ATTEMPT || "1"}`;
}
function publishCancelled(report) {
  setOutput("result", report.result);
  const summary2 = process.env.GITHUB_STEP_SUMMARY;
  if (summary2) writeFileSync(summary2, markdownSummary(report));
}

// src/action/main.ts
async function mainStep() {
  const raw = readActionInputs();
  if (raw["github-token"]) setSecret(raw["github-token"]);
  raw["report-dir"] ??= join(process.env.RUNNER_TEMP || ".", "edge-canary");
  let config;
  try {
    config = validateOptions(raw);
  } catch (error2) {
    if (!(error2 instanceof InputError)) throw error2;
    setOutput("result", "error");
    setFailed(error2.message);
    return;
  }
  saveState(STATE.keepCluster, String(config.keepCluster));
  const controller = abortOnSignals();
  const { report, paths } = await withWorkflowCommandsStopped(
    () => executeRun(config, {
      signal: controller.signal,
      log: (line) => info(line),
      onCluster: (handle) => saveState(STATE.cluster, JSON.stringify(handle)),
      onCancelled: publishCancelled
    })
  );
  if (report.cluster?.deleted) saveState(STATE.clusterDeleted, "true");
  await publishRun(report, paths, config);
}
async function run() {
  await mainStep().catch((error2) => {
    setOutput("result", "error");
    setFailed(error2 instanceof InputError ? error2.message : error2 instanceof Error ? error2.stack ?? error2.message : String(error2));
  });
}

// src/action/entries/main.ts
await run();
