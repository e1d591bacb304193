#!/usr/bin/env node
import { createRequire as __edgeCanaryRequire } from 'node:module'; const require = __edgeCanaryRequire(import.meta.url);
import {
  readActionInputs
} from "./chunks/chunk-2MHOIREV.js";
import {
  buildMatrix
} from "./chunks/chunk-3JSPWJP3.js";
import "./chunks/chunk-TWTQRYAL.js";
import "./chunks/chunk-3B55ABDX.js";
import {
  MATRIX_OPTIONS,
  validateMatrixOptions
} from "./chunks/chunk-RE54LQEG.js";
import "./chunks/chunk-XZWIMUT4.js";
import {
  setFailed,
  setOutput,
  setSecret,
  summary
} from "./chunks/chunk-G4B3PUDT.js";

// src/action/matrix.ts
async function main() {
  const raw = readActionInputs(MATRIX_OPTIONS);
  if (raw["github-token"]) setSecret(raw["github-token"]);
  const result = await buildMatrix(validateMatrixOptions(raw));
  setOutput("matrix", JSON.stringify(result.matrix));
  setOutput("paths", JSON.stringify(result.paths));
  setOutput("to-version", result.to);
  await summary.addRaw(result.markdown).write();
  if (result.matrix.include.length === 0) setFailed("edge-canary matrix: no runnable upgrade path (see the summary)");
}
main().catch((error) => setFailed(error instanceof Error ? error.message : String(error)));
