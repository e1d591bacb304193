#!/usr/bin/env node
import { createRequire as __edgeCanaryRequire } from 'node:module'; const require = __edgeCanaryRequire(import.meta.url);
import {
  readActionInputs
} from "./chunks/chunk-JDXBXBKF.js";
import {
  buildMatrix
} from "./chunks/chunk-WN2E6SAF.js";
import "./chunks/chunk-V2YRMYHB.js";
import "./chunks/chunk-4JY75E56.js";
import {
  MATRIX_OPTIONS,
  validateMatrixOptions
} from "./chunks/chunk-VFJDPVO3.js";
import "./chunks/chunk-KHHPOAVR.js";
import {
  setFailed,
  setOutput,
  setSecret,
  summary
} from "./chunks/chunk-FYXLAI4J.js";

// src/action/matrix.ts
async function mainStep() {
  const raw = readActionInputs(MATRIX_OPTIONS);
  if (raw["github-token"]) setSecret(raw["github-token"]);
  const result = await buildMatrix(validateMatrixOptions(raw));
  setOutput("matrix", JSON.stringify(result.matrix));
  setOutput("paths", JSON.stringify(result.paths));
  setOutput("to-version", result.to);
  if (result.newEdges) setOutput("new-edges", result.newEdges.edges.join(","));
  await summary.addRaw(result.markdown).write();
  if (result.matrix.include.length === 0) setFailed("edge-canary matrix: no runnable upgrade path (see the summary)");
}
async function run() {
  await mainStep().catch((error) => setFailed(error instanceof Error ? error.message : String(error)));
}

// src/action/entries/matrix.ts
await run();
