#!/usr/bin/env node
import { createRequire as __edgeCanaryRequire } from 'node:module'; const require = __edgeCanaryRequire(import.meta.url);
import {
  readActionInputs
} from "./chunks/chunk-3FZZPZ6B.js";
import {
  ERRORED_POLLS_LIMIT,
  buildMatrix,
  recordWatch
} from "./chunks/chunk-BQEQJKIS.js";
import "./chunks/chunk-E6QSPC54.js";
import {
  MATRIX_OPTIONS,
  validateMatrixOptions
} from "./chunks/chunk-4LSBRX76.js";
import {
  jobSummary
} from "./chunks/chunk-M2BDVCY6.js";
import {
  setFailed,
  setOutput,
  setSecret,
  summary,
  warning
} from "./chunks/chunk-4XZSO2UZ.js";

// src/action/matrix.ts
async function mainStep() {
  const raw = readActionInputs(MATRIX_OPTIONS);
  if (raw["github-token"]) setSecret(raw["github-token"]);
  const config = validateMatrixOptions(raw);
  if (config.newSince && config.record) {
    const recorded = await recordWatch({ ...config, newSince: config.newSince, record: config.record });
    await summary.addRaw(jobSummary(recorded.markdown)).write();
    if (recorded.givenUp.length) warning(`edge-canary watch: gave up on ${recorded.givenUp.join(", ")} after ${ERRORED_POLLS_LIMIT} errored polls`);
    return;
  }
  const result = await buildMatrix(config);
  setOutput("matrix", JSON.stringify(result.matrix));
  setOutput("paths", JSON.stringify(result.paths));
  setOutput("to-version", result.to);
  if (result.newEdges) setOutput("new-edges", result.newEdges.edges.join(","));
  await summary.addRaw(jobSummary(result.markdown)).write();
  if (result.matrix.include.length === 0 && result.newEdges?.edges.length !== 0)
    setFailed("edge-canary matrix: no runnable upgrade path (see the summary)");
}
async function run() {
  await mainStep().catch((error) => setFailed(error instanceof Error ? error.message : String(error)));
}

// src/action/entries/matrix.ts
await run();
