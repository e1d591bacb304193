#!/usr/bin/env node
import { createRequire as __edgeCanaryRequire } from 'node:module'; const require = __edgeCanaryRequire(import.meta.url);
import {
  readRunReport
} from "./chunk-4LSBRX76.js";
import {
  InputError,
  parseJson
} from "./chunk-M2BDVCY6.js";

// src/aggregate/aggregate.ts
var AGGREGATE_SCHEMA_VERSION = 1;
var FAILING = ["fail", "error", "missing", "cancelled"];
function isFailing(result) {
  return FAILING.includes(result);
}
function attemptOf(report) {
  return Number(/\/attempts\/(\d+)$/.exec(report.run?.url ?? "")?.[1] ?? 1);
}
function isLater(a, b) {
  const byAttempt = attemptOf(a) - attemptOf(b);
  return byAttempt !== 0 ? byAttempt > 0 : a.startedAt > b.startedAt;
}
function reportKey(report) {
  const versions = [report.from ?? report.requested.from, ...report.via ?? [], report.to ?? report.requested.to].join("->");
  return report.pathKey ?? (report.installMethod && report.installMethod !== "cli" ? `${versions}-${report.installMethod}` : versions);
}
function aggregate(reports, matrix = [], previous, now = /* @__PURE__ */ new Date()) {
  const byKey = /* @__PURE__ */ new Map();
  for (const report of reports) {
    const key = reportKey(report);
    const other = byKey.get(key);
    if (!other || isLater(report, other)) byKey.set(key, report);
  }
  const paths = [];
  for (const path of matrix) {
    const report = byKey.get(path.key);
    byKey.delete(path.key);
    const cluster = {
      ...path.kubernetesVersion ? { kubernetesVersion: path.kubernetesVersion } : {},
      ...path.kindVersion ? { kindVersion: path.kindVersion } : {}
    };
    if (report) paths.push({ ...fromReport(report, path.name), ...cluster });
    else
      paths.push({
        key: path.key,
        name: path.name,
        from: path.from,
        via: path.via,
        to: path.to,
        ...path.installMethod ? { installMethod: path.installMethod } : {},
        result: path.skipped ? "skipped" : "missing",
        reason: path.skipped ?? "no report: the job failed before uploading one, or its artifact was not downloaded",
        phases: [],
        scenarios: [],
        ...cluster
      });
  }
  for (const report of byKey.values()) paths.push(fromReport(report));
  const results = paths.map((p) => p.result);
  const noneRan = results.every((r) => r === "skipped");
  const result = results.includes("fail") ? "fail" : noneRan || results.some((r) => isFailing(r)) ? "error" : "pass";
  return {
    kind: "edge-canary-aggregate",
    schemaVersion: AGGREGATE_SCHEMA_VERSION,
    generatedAt: now.toISOString(),
    result,
    paths,
    ...previous ? { changes: compare(paths, previous) } : {}
  };
}
function fromReport(report, name) {
  const key = reportKey(report);
  const phases = report.phases.filter((p) => !p.cleanup);
  const failed = phases.find((p) => p.verdict !== "pass" && p.verdict !== "warn" && p.verdict !== "skipped");
  const versions = [report.from ?? report.requested.from, ...report.via ?? [], report.to ?? report.requested.to];
  return {
    key,
    name: name ?? versions.join(" \u2192 "),
    ...report.from ? { from: report.from } : {},
    ...report.via ? { via: report.via } : {},
    ...report.to ? { to: report.to } : {},
    ...report.installMethod ? { installMethod: report.installMethod } : {},
    // A report that still says running was left by a job that died before its run ended.
    ...report.result === "running" ? { result: "error", reason: "the job ended before its run did: the report says running" } : { result: report.result },
    durationMs: report.durationMs,
    phases: phases.map((p) => ({ name: p.name, verdict: p.verdict, durationMs: p.durationMs })),
    scenarios: report.scenarios.map((sc) => ({ name: sc.name, phase: sc.hop ? `${sc.phase}@${sc.hop}` : sc.phase, verdict: sc.verdict })),
    ...failed ? {
      firstFailure: {
        phase: failed.name,
        reason: failed.reason ?? failed.verdict,
        ...failed.failedCommand ? { command: failed.failedCommand.argv.join(" "), outputTail: failed.failedCommand.outputTail } : {}
      }
    } : {},
    ...report.warnings.length ? { warnings: report.warnings.map((w) => ({ where: w.where, step: w.step, reason: w.reason })) } : {},
    ...report.impact ? {
      impact: {
        added: report.impact.objects.added.length,
        removed: report.impact.objects.removed.length,
        changed: report.impact.objects.changed.length,
        warnings: report.impact.warnings.length
      }
    } : {},
    ...report.run ? { runUrl: report.run.url } : {}
  };
}
function compare(paths, previous) {
  const before = new Map(previous.paths.map((p) => [p.key, p.result]));
  const failingBefore = (key) => {
    const r = before.get(key);
    return r !== void 0 && isFailing(r);
  };
  return {
    newFailures: paths.filter((p) => isFailing(p.result) && !failingBefore(p.key)).map((p) => p.key),
    fixed: paths.filter((p) => p.result === "pass" && failingBefore(p.key)).map((p) => p.key),
    stillFailing: paths.filter((p) => isFailing(p.result) && failingBefore(p.key)).map((p) => p.key)
  };
}
var PATH_RESULTS = ["pass", "fail", "error", "cancelled", "skipped", "missing"];
function parseAggregate(input, path, text) {
  const data = parseJson(input, path, text);
  if (data?.kind !== "edge-canary-aggregate" || data.schemaVersion !== AGGREGATE_SCHEMA_VERSION) {
    throw new InputError(input, path, `is not an edge-canary aggregate of schema version ${AGGREGATE_SCHEMA_VERSION}`);
  }
  const paths = data.paths;
  const isPath = (p) => typeof p === "object" && p !== null && typeof p.key === "string" && PATH_RESULTS.includes(p.result);
  if (!Array.isArray(paths) || !paths.every(isPath)) throw new InputError(input, path, "has paths that are not {key, result} objects of a known result");
  return data;
}

// src/aggregate/load.ts
import { readdir } from "node:fs/promises";
import { join } from "node:path";
async function loadRunReports(dir) {
  let entries;
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch (error) {
    throw new InputError("reports", dir, `cannot be read (${error.code ?? error})`);
  }
  const files = entries.filter((e) => !e.isDirectory() && e.name === "report.json").map((e) => join(e.parentPath, e.name)).sort();
  return Promise.all(files.map(async (path) => ({ path, report: await readRunReport("reports", path) })));
}

// src/commands/downloads.ts
import { stat } from "node:fs/promises";
async function nothingDownloaded(dir) {
  return stat(dir).then(
    () => false,
    (error) => error.code === "ENOENT"
  );
}

export {
  aggregate,
  parseAggregate,
  loadRunReports,
  nothingDownloaded
};
