import { createRequire as __edgeCanaryRequire } from 'node:module'; const require = __edgeCanaryRequire(import.meta.url);
import {
  readActionInputs
} from "./chunks/chunk-4PUKSAZJ.js";
import {
  buildMatrix
} from "./chunks/chunk-IZLRACYB.js";
import "./chunks/chunk-VJ27V2L4.js";
import "./chunks/chunk-MAPML6PY.js";
import {
  MATRIX_OPTIONS,
  validateMatrixOptions
} from "./chunks/chunk-SQPNDX62.js";
import "./chunks/chunk-A2EEKLM7.js";
import {
  setFailed,
  setOutput,
  setSecret,
  summary
} from "./chunks/chunk-WXHIOCOJ.js";

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
