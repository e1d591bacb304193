#!/usr/bin/env node
import { createRequire as __edgeCanaryRequire } from 'node:module'; const require = __edgeCanaryRequire(import.meta.url);
import {
  aggregate,
  loadRunReports,
  nothingDownloaded,
  parseAggregate
} from "./chunk-E6QSPC54.js";
import {
  BISECT_SCHEMA_VERSION
} from "./chunk-EA7TDTJN.js";
import {
  defaults,
  getOctokit
} from "./chunk-WGVU4F2C.js";
import {
  DATA_FILE_LIMIT_BYTES,
  ICON,
  InputError,
  PageGuard,
  boundedFetch,
  cellCode,
  code,
  compareEdges,
  cutLine,
  cutMarkdown,
  fenced,
  fitSummary,
  htmlCode,
  link,
  parseJson,
  parseTag,
  readInputFile,
  readInputFileIfExists,
  seconds,
  tailBlock
} from "./chunk-M2BDVCY6.js";
import {
  prefixWithin
} from "./chunk-4XZSO2UZ.js";

// src/commands/report.ts
import { mkdir, writeFile } from "node:fs/promises";
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
    const created = await octokit.rest.issues.create({
      owner,
      repo,
      title: warningTitle(path, where),
      body: warningBody(path, where, options.runUrl),
      labels: [label]
    });
    done.opened.push(created.data.number);
  }
  if (path.result !== "pass") return;
  for (const [trackedKey, issue] of tracked) {
    if (!trackedKey.startsWith(`${path.key} `)) continue;
    const phase = trackedKey.slice(path.key.length + 1);
    if (phase.startsWith(WARNING) && warnedAt.has(phase.slice(WARNING.length))) continue;
    const what = phase.startsWith(WARNING) ? "No longer warns" : "Passing again";
    await octokit.rest.issues.createComment({
      owner,
      repo,
      issue_number: issue.number,
      body: within(`${what}: ${code(path.name)}${runLink(path, options.runUrl)}. Closing.`)
    });
    await octokit.rest.issues.update({ owner, repo, issue_number: issue.number, state: "closed", state_reason: "completed" });
    done.closed.push(issue.number);
  }
}
function warningTitle(path, where) {
  return withinTitle(`edge-canary: upgrade path ${path.key} warns at ${where}`);
}
function withinTitle(text) {
  return cutLine(text, TITLE_LIMIT, "chars");
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
  return cutMarkdown(text, ISSUE_BODY_LIMIT, "chars", `(cut to fit an issue${pointer ? `; the full report: ${pointer}` : ""})`);
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
  return within(
    `Still failing on ${code(path.name)}: ${code(f.phase)}: ${code(f.reason)}${runLink(path, runUrl)}`,
    run ? link("run", run) : "the report artifact"
  );
}

// src/aggregate/summary.ts
function aggregateMarkdown(agg) {
  return fitSummary((tailLines) => render(agg, tailLines), 30, 3);
}
function render(agg, tailLines) {
  const counts = Object.entries(agg.paths.reduce((acc, p) => ({ ...acc, [p.result]: (acc[p.result] ?? 0) + 1 }), {})).map(([r, n]) => `${n} ${r}`).join(", ");
  const out = [`## ${ICON[agg.result]} edge-canary nightly: ${agg.result} (${agg.paths.length} paths: ${counts})`, ""];
  if (agg.paths.every((p) => p.result === "skipped")) out.push("No path ran, so nothing was tested: an error, never a pass.", "");
  out.push(...pathTable(agg));
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
  out.push("", ...phaseGrids(agg.paths));
  return `${out.join("\n")}
`;
}
var REASON_CELL_CHARS = 100;
function pathTable(agg) {
  const methods = new Set(agg.paths.map((p) => p.installMethod ?? "cli"));
  const showMethod = methods.size > 1 || !methods.has("cli");
  const showImpact = agg.paths.some((p) => p.impact);
  const optional = (shown, header) => shown ? ` ${header} |` : "";
  const out = [
    `| Path |${optional(showMethod, "Method")} Result | Failing step | Reason | Since |${optional(showImpact, "Upgrade changes")} Duration | Run |`,
    `| --- |${optional(showMethod, "---")} --- | --- | --- | --- |${optional(showImpact, "---")} --- | --- |`
  ];
  for (const p of agg.paths) {
    const reason = [...p.firstFailure?.reason ?? p.reason ?? ""];
    const cells = [
      cellCode(p.name),
      ...showMethod ? [cellCode(p.installMethod ?? "cli")] : [],
      `${ICON[p.result] ?? ""} ${cellCode(p.result)}${p.warnings?.length ? ` ${ICON.warn} ${p.warnings.length}` : ""}`,
      p.firstFailure ? cellCode(p.firstFailure.phase) : "",
      cellCode(reason.length > REASON_CELL_CHARS ? `${reason.slice(0, REASON_CELL_CHARS - 1).join("")}\u2026` : reason.join("")),
      since(p.key, agg.changes),
      ...showImpact ? [impactCell(p.impact)] : [],
      typeof p.durationMs === "number" ? seconds(p.durationMs) : "",
      p.runUrl ? link("run", p.runUrl).replace(/\|/g, "\\|") : ""
    ];
    out.push(`| ${cells.join(" | ")} |`);
  }
  return out;
}
function impactCell(impact) {
  if (!impact) return "";
  const counts = `+${impact.added} \u2212${impact.removed} ~${impact.changed}`;
  return impact.warnings ? `${ICON.warn} ${impact.warnings} \xB7 ${counts}` : counts;
}
function since(key, changes) {
  if (!changes) return "";
  if (changes.newFailures.includes(key)) return "\u{1F195} new";
  if (changes.fixed.includes(key)) return "\u{1F389} fixed";
  if (changes.stillFailing.includes(key)) return "still failing";
  return "";
}
function phaseGrids(paths) {
  const methods = [...new Set(paths.map((p) => p.installMethod ?? "cli"))];
  const groups = methods.length === 1 && methods[0] === "cli" ? [{ title: "", paths }] : methods.map((m) => ({ title: `#### Install method: ${code(m)}`, paths: paths.filter((p) => (p.installMethod ?? "cli") === m) }));
  const out = ["<details><summary>Phases and scenarios of every path</summary>", ""];
  for (const group of groups) {
    if (group.title) out.push(group.title, "");
    out.push(...grid(group.paths, (p) => p.phases.map((ph) => [ph.name, ph.verdict])), "");
    const scenarios = grid(group.paths, (p) => p.scenarios.map((sc) => [`${sc.name}@${sc.phase}`, sc.verdict]));
    if (scenarios.length > 2) out.push(...scenarios, "");
  }
  out.push("</details>");
  return out;
}
function grid(paths, cells) {
  const columns = [...new Set(paths.flatMap((p) => cells(p).map(([name]) => name)))];
  const out = [`| Path | ${columns.map(cellCode).join(" | ")} |`, `| --- | ${columns.map(() => "---").join(" | ")} |`];
  if (columns.length === 0) return out;
  for (const p of paths) {
    const verdicts = new Map(cells(p));
    const icon = (verdict) => ICON[verdict] ?? cellCode(verdict);
    out.push(`| ${cellCode(p.name)} | ${columns.map((c) => verdicts.has(c) ? icon(verdicts.get(c)) : "").join(" | ")} |`);
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
import { readdir } from "node:fs/promises";
import { join } from "node:path";
async function loadBisectReports(dir) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => !e.isDirectory() && e.name === "bisect.json").map((e) => join(e.parentPath, e.name)).sort();
  return Promise.all(
    files.map(async (file) => {
      const report = parseJson(
        "reports",
        file,
        await readInputFile(file, { input: "reports", maxBytes: DATA_FILE_LIMIT_BYTES })
      );
      if (report?.schemaVersion !== BISECT_SCHEMA_VERSION)
        throw new InputError("reports", file, `is a bisect.json of schema ${report?.schemaVersion}, not ${BISECT_SCHEMA_VERSION}`);
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
    const finding = {
      over: found.over,
      undecided: found.undecided,
      probes: found.probes.length,
      ...found.firstBad ? { firstBad: found.firstBad } : {}
    };
    return { ...p, bisect: finding };
  });
  return { ...agg, paths };
}

// src/commands/report.ts
function reportInput(config) {
  const { paths, ...rest } = config;
  return paths === void 0 ? rest : { ...rest, paths: parsePaths(paths) };
}
async function buildReport(config, hooks) {
  const none = config.paths !== void 0 && await nothingDownloaded(config.reportsDir);
  const reports = none ? [] : (await loadRunReports(config.reportsDir)).map((r) => r.report);
  const paths = config.paths ?? [];
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
  const fetch = boundedFetch({
    apiOrigin: baseUrl,
    ...signal ? { signal } : {},
    ...defaults.request?.fetch ? { fetch: defaults.request.fetch } : {}
  });
  return getOctokit(token, { baseUrl, request: { fetch } });
}
function newFailurePaths(agg, previous) {
  const fresh = new Set(agg.changes?.newFailures ?? []);
  const include = agg.paths.filter((p) => fresh.has(p.key) && p.result === "fail" && !p.via?.length && p.from && p.to && p.kubernetesVersion).map((p) => {
    const good = previous?.paths.find((q) => q.key === p.key && q.result === "pass")?.to;
    const between = good && isEdge(good) && isEdge(p.from) && isEdge(p.to) && compareEdges(p.from, good) <= 0 && compareEdges(good, p.to) < 0;
    return {
      key: p.key,
      from: p.from,
      to: p.to,
      "kubernetes-version": p.kubernetesVersion,
      "kind-version": p.kindVersion ?? "",
      ...between ? { good } : {}
    };
  });
  return { include };
}
var isEdge = (tag) => parseTag(tag)?.kind === "edge";
function parsePaths(json) {
  try {
    const value = JSON.parse(json);
    const isPath = (p) => typeof p === "object" && p !== null && ["key", "from", "to"].every((k) => typeof p[k] === "string");
    if (Array.isArray(value) && value.every(isPath)) return value;
  } catch {
  }
  throw new InputError("paths", prefixWithin(json, 80, "chars"), "expected the matrix sub-action's `paths` output (a JSON list)");
}
async function readPrevious(path, warn) {
  const text = await readInputFileIfExists(path, { input: "previous", maxBytes: DATA_FILE_LIMIT_BYTES });
  if (text === void 0) {
    warn(`no previous aggregate at ${path}: not comparing with the last run`);
    return void 0;
  }
  return parseAggregate("previous", path, text);
}

export {
  reportInput,
  buildReport
};
