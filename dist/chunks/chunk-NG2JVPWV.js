#!/usr/bin/env node
import { createRequire as __edgeCanaryRequire } from 'node:module'; const require = __edgeCanaryRequire(import.meta.url);
import {
  BISECT_SCHEMA_VERSION,
  bisectMarkdown
} from "./chunk-EA7TDTJN.js";
import {
  readRunReport
} from "./chunk-4LSBRX76.js";
import {
  InputError,
  ReleaseList,
  executeRun,
  parseTag,
  releaseLoader,
  resolveVersions,
  scenarioId
} from "./chunk-M2BDVCY6.js";

// src/commands/bisect.ts
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

// src/bisect/plan.ts
function edge(list, input, tag) {
  if (parseTag(tag)?.kind !== "edge") throw new InputError(input, tag, "bisect walks edge releases: expected an edge tag such as edge-26.4.1");
  if (!list.has(tag)) throw new InputError(input, tag, `no such Linkerd release (newest edge: ${list.latestEdge()?.tag ?? "none"})`);
  return tag;
}
function planBisect(list, path, over, good) {
  const edges = list.edges.map((e) => e.tag);
  if (over === "to") {
    const bad2 = edge(list, "to", path.to);
    const known2 = good ? edge(list, "good", good) : edges.find((e) => list.isOlder(path.from, e));
    if (!known2 || !list.isOlder(known2, bad2) || list.isOlder(known2, path.from)) {
      throw new InputError("good", good ?? "", `a known-good to must be an edge from ${path.from} on and older than ${bad2}`);
    }
    return { over, fixed: path.from, good: known2, bad: bad2, candidates: edges.filter((e) => list.isOlder(known2, e) && list.isOlder(e, bad2)) };
  }
  const bad = edge(list, "from", path.from);
  const known = good ? edge(list, "good", good) : list.edgesBefore(path.to)[0]?.tag;
  if (!known || !list.isOlder(bad, known) || !list.isOlder(known, path.to)) {
    throw new InputError("good", good ?? "", `a known-good from must be an edge newer than ${bad} and older than ${path.to}`);
  }
  return { over, fixed: path.to, good: known, bad, candidates: edges.filter((e) => list.isOlder(bad, e) && list.isOlder(e, known)).reverse() };
}

// src/bisect/signature.ts
var MASKS = [
  [/\b(edge|stable)-\d+\.\d+\.\d+\b/g, "<release>"],
  [/\d{4}-\d\d-\d\dT[\d:.]+Z?/g, "<time>"],
  [/(?:\/[\w.@+-]+)+/g, "<path>"],
  [/\b[0-9a-f]{12,}\b/g, "<hex>"],
  [/\b\d+(?:\.\d+)?(?:ms|s|m|h)\b/g, "<duration>"],
  [/\(attempt \d+\)/g, "(attempt <n>)"],
  [/-[a-z0-9]{5}\b(?=\W|$)/g, "-<id>"],
  [/\s+/g, " "]
];
function normaliseError(reason) {
  return MASKS.reduce((text, [pattern, mask]) => text.replace(pattern, mask), reason).trim();
}
function failureSignature(report) {
  if (report.result !== "fail") return void 0;
  const phase = report.failed[0];
  if (!phase) return void 0;
  const reason = phase.startsWith("scenario:") ? report.scenarios.find((s) => scenarioId(s) === phase)?.reason : report.phases.find((p) => p.name === phase)?.reason;
  return { phase, error: normaliseError(reason ?? "") };
}
function sameFailure(a, b) {
  return a.phase === b.phase && a.error === b.error;
}

// src/bisect/search.ts
function verdictOf(report, failure) {
  if (report.result === "pass") return { verdict: "pass" };
  if (report.result === "cancelled") return { verdict: "cancelled" };
  const seen = failureSignature(report);
  if (!seen) return { verdict: "error" };
  return { verdict: !failure || sameFailure(seen, failure) ? "same-failure" : "other-failure", failure: seen };
}
async function probeOnce(version, failure, run) {
  let attempts = 0;
  let durationMs = 0;
  for (; ; ) {
    attempts += 1;
    const { report, reportDir } = await run(version, attempts);
    durationMs += report.durationMs;
    const seen = verdictOf(report, failure);
    if (seen.verdict !== "error" || attempts === 2) {
      const to = report.to ?? report.requested.to;
      const from = report.from ?? report.requested.from;
      return {
        version,
        from,
        to,
        verdict: seen.verdict,
        result: report.result,
        attempts,
        durationMs,
        reportDir,
        ...seen.failure ? { failure: seen.failure } : {}
      };
    }
  }
}
async function searchFirstBad(candidates, bad, failure, run) {
  const open = [...candidates];
  const probes = [];
  const errored = /* @__PURE__ */ new Set();
  let low = 0;
  let high = open.length;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    const probe = await probeOnce(open[middle], failure, run);
    probes.push(probe);
    if (probe.verdict === "cancelled") return { undecided: [], probes };
    if (probe.verdict === "same-failure") high = middle;
    else if (probe.verdict === "error") {
      errored.add(open[middle]);
      open.splice(middle, 1);
      high -= 1;
    } else low = middle + 1;
  }
  const firstBad = open[low] ?? bad;
  const start = low === 0 ? 0 : candidates.indexOf(open[low - 1]) + 1;
  const end = firstBad === bad ? candidates.length : candidates.indexOf(firstBad);
  return { firstBad, undecided: candidates.slice(start, end).filter((c) => errored.has(c)), probes };
}

// src/commands/bisect.ts
function probeRunner(config, plan, hooks) {
  let runs = 0;
  return async (version, attempt) => {
    runs += 1;
    const path = plan.over === "to" ? { from: plan.fixed, to: version } : { from: version, to: plan.fixed };
    const reportDir = join(config.run.reportDir, "probes", `${runs}-${version}${attempt > 1 ? `-attempt-${attempt}` : ""}`);
    hooks.log(`bisect: probe ${runs}: ${path.from} -> ${path.to}${attempt > 1 ? " (again: the first attempt errored)" : ""}`);
    const { report } = await executeRun({ ...config.run, ...path, via: [], reportDir }, hooks);
    if (report.inputError) throw new InputError(report.inputError.input, report.inputError.value, report.inputError.message);
    hooks.log(`bisect: probe ${runs}: ${report.result}`);
    return { report, reportDir };
  };
}
async function failureFromReport(file, plan) {
  const report = await readRunReport("failure-report", file);
  const [from, to] = plan.over === "to" ? [plan.fixed, plan.bad] : [plan.bad, plan.fixed];
  if (report.from !== from || report.to !== to) {
    throw new InputError("failure-report", file, `is a report of ${report.from} -> ${report.to}, not of the failing path ${from} -> ${to}`);
  }
  const failure = failureSignature(report);
  if (!failure) throw new InputError("failure-report", file, `shows no failure (result: ${report.result})`);
  return failure;
}
async function bisectCommand(config, hooks) {
  const started = Date.now();
  const list = new ReleaseList(await releaseLoader(config.run)(hooks.signal));
  const plan = planBisect(list, resolveVersions(list, config.run), config.over, config.good);
  await mkdir(config.run.reportDir, { recursive: true });
  const run = probeRunner(config, plan, hooks);
  hooks.log(`bisect over ${plan.over}: good ${plan.good}, bad ${plan.bad}, ${plan.candidates.length} release(s) between`);
  const base = { schemaVersion: BISECT_SCHEMA_VERSION, over: plan.over, fixed: plan.fixed, good: plan.good, bad: plan.bad };
  let report;
  const reproduced = config.failureReport ? void 0 : await probeOnce(plan.bad, void 0, run);
  const failure = config.failureReport ? await failureFromReport(config.failureReport, plan) : reproduced?.failure;
  if (!failure) {
    const result = reproduced?.verdict === "cancelled" ? "cancelled" : reproduced?.verdict === "error" ? "error" : "not-reproduced";
    report = { ...base, result, ...reproduced ? { reproduced } : {}, undecided: [], probes: [], durationMs: Date.now() - started };
  } else {
    const outcome = await searchFirstBad(plan.candidates, plan.bad, failure, run);
    report = {
      ...base,
      result: outcome.firstBad ? "found" : "cancelled",
      failure,
      ...reproduced ? { reproduced } : {},
      ...outcome.firstBad ? { firstBad: outcome.firstBad } : {},
      undecided: outcome.undecided,
      probes: outcome.probes,
      durationMs: Date.now() - started
    };
  }
  const markdown = bisectMarkdown(report);
  const jsonPath = join(config.run.reportDir, "bisect.json");
  await writeFile(jsonPath, `${JSON.stringify(report, null, 2)}
`);
  await writeFile(join(config.run.reportDir, "summary.md"), markdown);
  return { report, markdown, jsonPath };
}

export {
  bisectCommand
};
