#!/usr/bin/env node
import { createRequire as __edgeCanaryRequire } from 'node:module'; const require = __edgeCanaryRequire(import.meta.url);
import {
  cellCode,
  code,
  seconds
} from "./chunk-M2BDVCY6.js";

// src/bisect/result.ts
var BISECT_SCHEMA_VERSION = 1;
var VERDICT_ICON = { "same-failure": "\u274C", "other-failure": "\u26A0\uFE0F", pass: "\u2705", error: "\u{1F4A5}", cancelled: "\u23F9\uFE0F" };
function probeRow(label, p) {
  const failure = p.failure ? `${cellCode(p.failure.phase)}` : "";
  return `| ${label} | ${cellCode(p.version)} | ${VERDICT_ICON[p.verdict]} ${p.verdict} | ${p.attempts} | ${seconds(p.durationMs)} | ${failure} |`;
}
function bisectMarkdown(r) {
  const path = r.over === "to" ? `${code(r.fixed)} -> ?` : `? -> ${code(r.fixed)}`;
  const answer = r.result === "found" ? `First bad ${r.over}: ${code(r.firstBad)}${r.undecided.length ? ` (or one of ${r.undecided.map(code).join(", ")}, which errored)` : ""}.` : r.result === "not-reproduced" ? `The failure did not reproduce at ${code(r.bad)}: nothing to bisect.` : r.result === "error" ? `Running ${code(r.bad)} to see the failure errored twice: nothing to bisect.` : "Cancelled before an answer.";
  const out = [
    `## edge-canary bisect: ${path}`,
    "",
    answer,
    "",
    `Known good: ${code(r.good)}. Bad: ${code(r.bad)}.${r.failure ? ` Failure: ${code(r.failure.phase)}: ${code(r.failure.error)}.` : ""}`,
    `${r.probes.length} probe(s), ${seconds(r.durationMs)} in all.`,
    "",
    "| Probe | Release | Verdict | Attempts | Duration | Failed at |",
    "| --- | --- | --- | --- | --- | --- |"
  ];
  if (r.reproduced) out.push(probeRow("reproduce", r.reproduced));
  r.probes.forEach((p, i) => out.push(probeRow(String(i + 1), p)));
  return `${out.join("\n")}
`;
}
function bisectExitCode(r) {
  return { found: 0, "not-reproduced": 1, error: 2, cancelled: 130 }[r.result];
}

export {
  BISECT_SCHEMA_VERSION,
  bisectMarkdown,
  bisectExitCode
};
