#!/usr/bin/env node
import { createRequire as __edgeCanaryRequire } from 'node:module'; const require = __edgeCanaryRequire(import.meta.url);
import {
  aggregate,
  loadRunReports,
  nothingDownloaded,
  parseAggregate
} from "./chunk-K5KL3PKD.js";
import {
  BISECT_SCHEMA_VERSION
} from "./chunk-YEW4ZGXE.js";
import {
  defaults,
  getOctokit
} from "./chunk-OOJAM5IB.js";
import {
  ICON,
  InputError,
  PageGuard,
  boundedFetch,
  cellCode,
  code,
  compareEdges,
  fenced,
  fitSummary,
  htmlCode,
  link,
  parseTag,
  seconds,
  tailBlock
} from "./chunk-PVPCLS42.js";

// src/commands/report.ts
import { mkdir, readFile as readFile2, writeFile } from "node:fs/promises";
import { join as join2 } from "node:path";

// src/issues/label.ts
async function ensureLabel(octokit, owner, repo, name) {
  try {
    await octokit.rest.issues.getLabel({ owner, repo, name });
    return;
  } catch (error) {
    if (error.status !== 404) throw error;
  }
  try {
    await octokit.rest.issues.createLabel({ owner, repo, name, color: "b60205", description: "An upgrade path the edge-canary nightly finds failing" });
  } catch (error) {
    if (error.status !== 422) throw error;
  }
}

// src/issues/track.ts
var MAX_ISSUE_PAGES = 50;
var ISSUE_BODY_LIMIT = 65536;
var TITLE_LIMIT = 256;
var marker = (key, phase) => `<!-- edge-canary: path=${encodeURIComponent(key)} phase=${encodeURIComponent(phase)} -->`;
var MARKER = /<!-- edge-canary: path=(\S+) phase=(\S+) -->/;
function decoded(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
function openIssues({ octokit, owner, repo, label }) {
  const pages = new PageGuard(`GitHub API issues of ${owner}/${repo}`, MAX_ISSUE_PAGES);
  return octokit.paginate(octokit.rest.issues.listForRepo, { owner, repo, labels: label, state: "open", per_page: 100 }, (page) => {
    pages.next(page.url);
    return page.data;
  });
}
async function trackIssues(agg, options) {
  const { octokit, owner, repo, label } = options;
  const done = { opened: [], commented: [], closed: [], failed: [] };
  try {
    const open = await openIssues(options);
    const tracked = /* @__PURE__ */ new Map();
    for (const issue of open) {
      const m = MARKER.exec(issue.body ?? "");
      if (m) tracked.set(`${decoded(m[1])} ${decoded(m[2])}`, issue);
    }
    let labelMade;
    const labelReady = () => labelMade ??= ensureLabel(octokit, owner, repo, label);
    for (const path of agg.paths) {
      try {
        await trackPath(path, tracked, options, done, labelReady);
      } catch (error) {
        if (isPermissionError(error)) throw error;
        done.failed.push(path.key);
        options.warn(`could not update the issue of path ${path.key}: ${error.message}; the other paths go on`);
      }
    }
  } catch (error) {
    if (!isPermissionError(error)) throw error;
    const status = error.status;
    options.warn(`cannot manage issues in ${owner}/${repo} (HTTP ${status}): give the job 'issues: write' permission; continuing without them`);
  }
  return done;
}
function isPermissionError(error) {
  const status = error.status;
  return status === 403 || status === 401;
}
var WARNING = "warning:";
async function trackPath(path, tracked, options, done, labelReady) {
  const { octokit, owner, repo, label } = options;
  if ((path.result === "fail" || path.result === "error") && path.firstFailure) {
    const existing = tracked.get(`${path.key} ${path.firstFailure.phase}`);
    if (existing) {
      await octokit.rest.issues.createComment({ owner, repo, issue_number: existing.number, body: stillFailingComment(path, options.runUrl) });
      done.commented.push(existing.number);
    } else {
      await labelReady();
      const created = await octokit.rest.issues.create({ owner, repo, title: issueTitle(path), body: issueBody(path, options.runUrl), labels: [label] });
      done.opened.push(created.data.number);
    }
  }
  const warnedAt = new Set((path.warnings ?? []).map((w) => w.where));
  for (const where of warnedAt) {
    if (tracked.has(`${path.key} ${WARNING}${where}`)) continue;
    await labelReady();
    const created = await octokit.rest.issues.create({ owner, repo, title: warningTitle(path, where), body: warningBody(path, where, options.runUrl), labels: [label] });
    done.opened.push(created.data.number);
  }
  if (path.result !== "pass") return;
  for (const [trackedKey, issue] of tracked) {
    if (!trackedKey.startsWith(`${path.key} `)) continue;
    const phase = trackedKey.slice(path.key.length + 1);
    if (phase.startsWith(WARNING) && warnedAt.has(phase.slice(WARNING.length))) continue;
    const what = phase.startsWith(WARNING) ? "No longer warns" : "Passing again";
    await octokit.rest.issues.createComment({ owner, repo, issue_number: issue.number, body: within(`${what}: ${code(path.name)}${runLink(path, options.runUrl)}. Closing.`) });
    await octokit.rest.issues.update({ owner, repo, issue_number: issue.number, state: "closed", state_reason: "completed" });
    done.closed.push(issue.number);
  }
}
function warningTitle(path, where) {
  return withinTitle(`edge-canary: upgrade path ${path.key} warns at ${where}`);
}
function withinTitle(text) {
  const title = text.replace(/\s+/g, " ");
  return title.length > TITLE_LIMIT ? `${title.slice(0, TITLE_LIMIT - 1)}\u2026` : title;
}
function warningBody(path, where, runUrl) {
  const run = path.runUrl || runUrl;
  const warnings = (path.warnings ?? []).filter((w) => w.where === where);
  const body = [
    marker(path.key, `${WARNING}${where}`),
    `The nightly upgrade canary warns on ${code(path.name)} at ${code(where)}: something Linkerd's documented upgrade does not promise did not hold. The path still passes.`,
    "",
    ...warnings.map((w) => `- ${code(w.step)}: ${code(w.reason)}`),
    ...run ? ["", `Run: ${link(run, run)} (its report says why each is only a warning)`] : [],
    "",
    "Reproduce locally:",
    "",
    ...fenced(reproduceCommand(path), "sh"),
    "",
    "This issue is closed automatically when the path no longer warns here."
  ].join("\n");
  return within(body, run ? link("run", run) : "the report artifact");
}
function issueTitle(path) {
  return withinTitle(`edge-canary: upgrade path ${path.key} fails at ${path.firstFailure?.phase}`);
}
function shellWord(value) {
  return /^[\w.@%+=:,/-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
function reproduceCommand(path) {
  const flag = (name, value) => `--${name} ${shellWord(value)}`;
  const args = ["npx edge-canary run", flag("from", path.from ?? ""), ...(path.via ?? []).map((v) => flag("via", v)), flag("to", path.to ?? "")];
  if (path.kubernetesVersion) args.push(flag("kubernetes-version", path.kubernetesVersion));
  if (path.kindVersion) args.push(flag("kind-version", path.kindVersion));
  if (path.installMethod && path.installMethod !== "cli") args.push(flag("install-method", path.installMethod));
  return args.join(" ");
}
var runLink = (path, runUrl) => path.runUrl || runUrl ? ` (${link("run", path.runUrl || runUrl)})` : "";
function within(text, pointer = "") {
  if (text.length <= ISSUE_BODY_LIMIT) return text;
  const note = `

(cut to fit an issue${pointer ? `; the full report: ${pointer}` : ""})`;
  return `${text.slice(0, ISSUE_BODY_LIMIT - note.length)}${note}`;
}
function issueBody(path, runUrl) {
  const f = path.firstFailure;
  const run = path.runUrl || runUrl;
  const render2 = (tailLines) => [
    marker(path.key, f.phase),
    `The nightly upgrade canary fails on ${code(path.name)}.`,
    "",
    `- From: ${code(path.from ?? "")}${path.via?.length ? `, via ${path.via.map(code).join(", ")}` : ""}, to: ${code(path.to ?? "")}`,
    `- Failing step: ${code(f.phase)}: ${code(f.reason)}`,
    ...path.bisect ? [bisectLine(path.bisect)] : [],
    ...f.command ? [`- Command: ${code(f.command)}`] : [],
    ...run ? [`- Run: ${link(run, run)} (the full report is in its artifacts)`] : [],
    "",
    ...f.outputTail && tailLines > 0 ? ["Last output:", "", ...tailBlock(f.outputTail, tailLines), ""] : [],
    "Reproduce locally:",
    "",
    ...fenced(reproduceCommand(path), "sh"),
    "",
    "This issue is closed automatically when the path passes again."
  ].join("\n");
  const body = [40, 10].map(render2).find((b) => b.length <= ISSUE_BODY_LIMIT) ?? render2(0);
  return within(body, run ? link("run", run) : "the report artifact");
}
function bisectLine(b) {
  if (!b.firstBad) return `- Bisect (over ${code(b.over)}): no answer after ${b.probes} probe(s)`;
  const or = b.undecided.length ? ` (or one of ${b.undecided.map(code).join(", ")}, which errored)` : "";
  return `- First bad ${code(b.over)} release (bisect, ${b.probes} probe(s)): ${code(b.firstBad)}${or}`;
}
function stillFailingComment(path, runUrl) {
  const f = path.firstFailure;
  const run = path.runUrl || runUrl;
  return within(`Still failing on ${code(path.name)}: ${code(f.phase)}: ${code(f.reason)}${runLink(path, runUrl)}`, run ? link("run", run) : "the report artifact");
}

// src/aggregate/summary.ts
function aggregateMarkdown(agg) {
  return fitSummary((tailLines) => render(agg, tailLines), 30, 3);
}
function render(agg, tailLines) {
  const counts = Object.entries(
    agg.paths.reduce((acc, p) => ({ ...acc, [p.result]: (acc[p.result] ?? 0) + 1 }), {})
  ).map(([r, n]) => `${n} ${r}`).join(", ");
  const out = [`## ${ICON[agg.result]} edge-canary nightly: ${agg.result} (${agg.paths.length} paths: ${counts})`, ""];
  const methods = [...new Set(agg.paths.map((p) => p.installMethod ?? "cli"))];
  if (methods.length === 1 && methods[0] === "cli") out.push(...grid(agg.paths));
  else for (const method of methods) out.push(`### Install method: ${code(method)}`, "", ...grid(agg.paths.filter((p) => (p.installMethod ?? "cli") === method)), "");
  if (agg.changes) {
    const list = (keys) => keys.length ? keys.map(code).join(", ") : "none";
    out.push("", `New failures: ${list(agg.changes.newFailures)}. Fixed: ${list(agg.changes.fixed)}. Still failing: ${list(agg.changes.stillFailing)}.`);
  }
  const notes = agg.paths.filter((p) => p.firstFailure || p.reason);
  if (notes.length) out.push("", "### Details");
  for (const p of notes) out.push("", ...details(p, tailLines));
  const warned = agg.paths.filter((p) => p.warnings?.length);
  if (warned.length) {
    out.push("", `### ${ICON.warn} Warnings`, "", "What Linkerd does not promise, and did not hold: never a failure (each run's report says why).", "");
    for (const p of warned) for (const w of p.warnings) out.push(`- ${code(p.name)}: ${code(w.where)}: ${code(w.step)}: ${code(w.reason)}`);
  }
  return `${out.join("\n")}
`;
}
function grid(paths) {
  const columns = [...new Set(paths.flatMap((p) => p.phases.map((ph) => ph.name)))];
  const scenarioColumns = [...new Set(paths.flatMap((p) => p.scenarios.map((s) => `${s.name}@${s.phase}`)))];
  const headers = [...columns, ...scenarioColumns];
  const out = [`| Path | Result | ${headers.map(cellCode).join(" | ")} | Warnings | Duration | Run |`, `| --- | --- | ${headers.map(() => "---").join(" | ")} | --- | --- | --- |`];
  for (const p of paths) {
    const cells = columns.map((c) => {
      const phase = p.phases.find((ph) => ph.name === c);
      return phase ? ICON[phase.verdict] ?? cellCode(phase.verdict) : "";
    });
    for (const c of scenarioColumns) {
      const scenario = p.scenarios.find((s) => `${s.name}@${s.phase}` === c);
      cells.push(scenario ? ICON[scenario.verdict] ?? cellCode(scenario.verdict) : "");
    }
    out.push(
      `| ${cellCode(p.name)} | ${ICON[p.result] ?? ""} ${cellCode(p.result)} | ${cells.join(" | ")} | ${p.warnings?.length ? `${ICON.warn} ${p.warnings.length}` : ""} | ${typeof p.durationMs === "number" ? seconds(p.durationMs) : ""} | ${p.runUrl ? link("run", p.runUrl).replace(/\|/g, "\\|") : ""} |`
    );
  }
  return out;
}
function details(p, tailLines) {
  if (!p.firstFailure) return [`- ${ICON[p.result] ?? ""} ${code(p.name)}: ${code(p.reason ?? "")}`];
  const f = p.firstFailure;
  const lines = [`<details><summary>${ICON[p.result] ?? ""} <b>${htmlCode(p.name)}</b>: ${htmlCode(f.phase)}: ${htmlCode(f.reason)}</summary>`, ""];
  if (f.command) lines.push(code(f.command), "");
  if (f.outputTail && tailLines > 0) lines.push(...tailBlock(f.outputTail, tailLines), "");
  lines.push("</details>");
  return lines;
}

// src/bisect/findings.ts
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
async function loadBisectReports(dir) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile() && e.name === "bisect.json").map((e) => join(e.parentPath, e.name)).sort();
  return Promise.all(
    files.map(async (file) => {
      const report = JSON.parse(await readFile(file, "utf8"));
      if (report.schemaVersion !== BISECT_SCHEMA_VERSION) throw new InputError("reports", file, `is a bisect.json of schema ${report.schemaVersion}, not ${BISECT_SCHEMA_VERSION}`);
      return report;
    })
  );
}
function bisectedPath(r) {
  return r.over === "to" ? { from: r.fixed, to: r.bad } : { from: r.bad, to: r.fixed };
}
function attachBisects(agg, reports) {
  const paths = agg.paths.map((p) => {
    const found = reports.filter((r) => !p.via?.length && bisectedPath(r).from === p.from && bisectedPath(r).to === p.to).at(-1);
    if (!found) return p;
    const finding = { over: found.over, undecided: found.undecided, probes: found.probes.length, ...found.firstBad ? { firstBad: found.firstBad } : {} };
    return { ...p, bisect: finding };
  });
  return { ...agg, paths };
}

// src/commands/report.ts
async function buildReport(config, hooks) {
  const none = config.paths !== void 0 && await nothingDownloaded(config.reportsDir);
  const reports = none ? [] : (await loadRunReports(config.reportsDir)).map((r) => r.report);
  const paths = config.paths ? parsePaths(config.paths) : [];
  const previous = config.previous ? await readPrevious(config.previous, hooks.warn) : void 0;
  const aggregated = aggregate(reports, paths, previous);
  const agg = config.bisect && !none ? attachBisects(aggregated, await loadBisectReports(config.reportsDir)) : aggregated;
  const markdown = aggregateMarkdown(agg);
  await mkdir(config.outputDir, { recursive: true });
  const aggregatePath = join2(config.outputDir, "aggregate.json");
  await writeFile(aggregatePath, `${JSON.stringify(agg, null, 2)}
`);
  await writeFile(join2(config.outputDir, "summary.md"), markdown);
  let issues;
  if (config.openIssues && config.repository && config.githubToken) {
    issues = await trackIssues(agg, {
      octokit: issuesClient(config.githubToken, hooks.signal),
      ...config.repository,
      label: config.issueLabel,
      warn: hooks.warn,
      ...hooks.runUrl ? { runUrl: hooks.runUrl } : {}
    });
  }
  return { aggregate: agg, aggregatePath, markdown, newFailurePaths: newFailurePaths(agg, previous), ...issues ? { issues } : {} };
}
function issuesClient(token, signal) {
  const baseUrl = process.env.GITHUB_API_URL || "https://api.github.com";
  const fetch = boundedFetch({ apiOrigin: baseUrl, ...signal ? { signal } : {}, ...defaults.request?.fetch ? { fetch: defaults.request.fetch } : {} });
  return getOctokit(token, { baseUrl, request: { fetch } });
}
function newFailurePaths(agg, previous) {
  const fresh = new Set(agg.changes?.newFailures ?? []);
  const include = agg.paths.filter((p) => fresh.has(p.key) && p.result === "fail" && !p.via?.length && p.from && p.to && p.kubernetesVersion).map((p) => {
    const good = previous?.paths.find((q) => q.key === p.key && q.result === "pass")?.to;
    const between = good && isEdge(good) && isEdge(p.from) && isEdge(p.to) && compareEdges(p.from, good) <= 0 && compareEdges(good, p.to) < 0;
    return { key: p.key, from: p.from, to: p.to, "kubernetes-version": p.kubernetesVersion, "kind-version": p.kindVersion ?? "", ...between ? { good } : {} };
  });
  return { include };
}
var isEdge = (tag) => parseTag(tag)?.kind === "edge";
function parsePaths(json) {
  try {
    const value = JSON.parse(json);
    if (Array.isArray(value) && value.every((p) => typeof p === "object" && p && "key" in p && "from" in p && "to" in p)) return value;
  } catch {
  }
  throw new InputError("paths", json.slice(0, 80), "expected the matrix sub-action's `paths` output (a JSON list)");
}
async function readPrevious(path, warn) {
  let text;
  try {
    text = await readFile2(path, "utf8");
  } catch {
    warn(`no previous aggregate at ${path}: not comparing with the last run`);
    return void 0;
  }
  try {
    return parseAggregate(path, text);
  } catch (error) {
    throw new InputError("previous", path, error.message);
  }
}

export {
  buildReport
};
