#!/usr/bin/env node
import { createRequire as __edgeCanaryRequire } from 'node:module'; const require = __edgeCanaryRequire(import.meta.url);
import {
  readActionInputs
} from "./chunks/chunk-ELZAOKYJ.js";
import {
  buildMatrix
} from "./chunks/chunk-EQZGHV5P.js";
import "./chunks/chunk-2JABMQVL.js";
import "./chunks/chunk-4JY75E56.js";
import {
  MATRIX_OPTIONS,
  validateMatrixOptions
} from "./chunks/chunk-2PSBGA6Q.js";
import "./chunks/chunk-HKU2UVH3.js";
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
