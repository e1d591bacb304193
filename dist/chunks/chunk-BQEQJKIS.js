#!/usr/bin/env node
import { createRequire as __edgeCanaryRequire } from 'node:module'; const require = __edgeCanaryRequire(import.meta.url);
import {
  aggregate,
  loadRunReports,
  nothingDownloaded
} from "./chunk-E6QSPC54.js";
import {
  DATA_FILE_LIMIT_BYTES,
  InputError,
  PATH_KEY,
  PATH_KEY_ACCEPTS,
  ReleaseList,
  cellCode,
  code,
  compareEdges,
  loadProfiles,
  parseTag,
  readInputFileIfExists,
  releaseLoader,
  resolveVersions,
  unsupportedOnPath
} from "./chunk-M2BDVCY6.js";
import {
  kindNodeFor,
  pinnedMinors
} from "./chunk-4XZSO2UZ.js";

// src/versions/new-since.ts
import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
var ERRORED_POLLS_LIMIT = 3;
var SHAPE = '{"latestEdge": "edge-YY.M.N", "done": [...], "errors": {...}, "checkedAt": "..."}';
var isEdge = (tag) => typeof tag === "string" && parseTag(tag)?.kind === "edge";
async function readWatchState(file) {
  const text = await readInputFileIfExists(file, { input: "new-since", maxBytes: DATA_FILE_LIMIT_BYTES });
  if (text === void 0) return void 0;
  let state;
  try {
    state = JSON.parse(text);
  } catch {
    throw new InputError("new-since", file, `is not JSON; expected ${SHAPE}`);
  }
  if (typeof state !== "object" || state === null || Array.isArray(state)) throw new InputError("new-since", file, `is not a JSON object; expected ${SHAPE}`);
  if (!isEdge(state.latestEdge)) throw new InputError("new-since", file, `has no latestEdge tag; expected ${SHAPE}`);
  const done = state.done ?? [];
  const errors = state.errors ?? {};
  if (!Array.isArray(done) || !done.every(isEdge) || !Object.entries(errors).every(([tag, n]) => isEdge(tag) && Number.isInteger(n))) {
    throw new InputError("new-since", file, `has done or errors that are not edge tags (and counts); expected ${SHAPE}`);
  }
  return {
    latestEdge: state.latestEdge,
    ...done.length ? { done } : {},
    ...Object.keys(errors).length ? { errors } : {},
    checkedAt: String(state.checkedAt ?? "")
  };
}
function newEdgesSince(list, state) {
  const newest = list.latestEdge()?.tag;
  if (!state) return { edges: newest ? [newest] : [] };
  const done = new Set(state.done);
  return { since: state.latestEdge, edges: list.edges.map((e) => e.tag).filter((tag) => list.isOlder(state.latestEdge, tag) && !done.has(tag)) };
}
function recordOutcomes(list, state, outcomes, now = /* @__PURE__ */ new Date()) {
  const ran = [...outcomes.keys()].sort(compareEdges);
  const start = state?.latestEdge ?? (ran[0] && list.edgesBefore(ran[0])[0]?.tag);
  if (!start) return { ...state ? { state } : {}, givenUp: [] };
  const done = new Set(state?.done);
  const errors = { ...state?.errors };
  const givenUp = [];
  for (const edge of ran) {
    const polls = outcomes.get(edge) === "error" ? (errors[edge] ?? 0) + 1 : 0;
    if (polls > 0 && polls < ERRORED_POLLS_LIMIT) {
      errors[edge] = polls;
      continue;
    }
    if (polls >= ERRORED_POLLS_LIMIT) givenUp.push(edge);
    delete errors[edge];
    done.add(edge);
  }
  let latestEdge = start;
  for (const edge of list.edges.map((e) => e.tag).filter((tag) => list.isOlder(start, tag))) {
    if (!done.delete(edge)) break;
    latestEdge = edge;
  }
  const next = {
    latestEdge,
    ...done.size ? { done: [...done].sort(compareEdges) } : {},
    ...Object.keys(errors).length ? { errors } : {},
    checkedAt: now.toISOString()
  };
  return { state: next, givenUp };
}
async function writeWatchState(file, state) {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(state, null, 2)}
`);
}

// src/matrix/kubernetes-support.ts
var LINKERD_KUBERNETES_SUPPORT = {
  "2.10": { min: 16, max: 23 },
  "2.11": { min: 17, max: 23 },
  "2.12": { min: 21, max: 24 },
  "2.13": { min: 21, max: 28 },
  "2.14": { min: 21, max: 28 },
  "2.15": { min: 22, max: 29 },
  "2.16": { min: 22, max: 29 },
  "2.17": { min: 22, max: 31 },
  "2.18": { min: 22, max: 32 },
  "2.19": { min: 22, max: 35 },
  "2.20": { min: 31, max: 35 }
};
var EDGE_MIN_131 = "edge-26.5.1";
function majorOf(tag, list) {
  const t = parseTag(tag);
  if (t?.kind === "stable") return `${t.major}.${t.minor}`;
  if (t?.kind !== "edge") return void 0;
  const points = list.majorReleasePoints();
  if (points.length === 0 || compareEdges(tag, points[0].edge) < 0) {
    const stable = list.stables.find((s) => s.tag.endsWith(".0") && list.isOlder(tag, s.tag));
    const st = stable ? parseTag(stable.tag) : void 0;
    if (st?.kind === "stable") return `${st.major}.${st.minor}`;
  }
  const point = points.find((p) => compareEdges(tag, p.edge) <= 0);
  if (point) return point.major;
  const last = list.majorReleasePoints().at(-1);
  return last ? `2.${Number(last.major.split(".")[1]) + 1}` : void 0;
}
function rangeOf(major) {
  const listed = Object.keys(LINKERD_KUBERNETES_SUPPORT);
  const minorOf = (m) => Number(m.split(".")[1]);
  if (major && LINKERD_KUBERNETES_SUPPORT[major]) return LINKERD_KUBERNETES_SUPPORT[major];
  const nearest = major && minorOf(major) < minorOf(listed[0]) ? listed[0] : listed.at(-1);
  return LINKERD_KUBERNETES_SUPPORT[nearest];
}
function supportedMinors(tag, list) {
  const major = majorOf(tag, list);
  const range = rangeOf(major);
  const t = parseTag(tag);
  const min = t?.kind === "edge" && compareEdges(tag, EDGE_MIN_131) >= 0 ? Math.max(range.min, 31) : range.min;
  return { ...range, min, ...major ? { major } : {} };
}
function kubernetesFor(tags, list) {
  const ranges = tags.map((tag) => ({ tag, ...supportedMinors(tag, list) }));
  const min = Math.max(...ranges.map((r) => r.min));
  const max = Math.min(...ranges.map((r) => r.max));
  const minor = pinnedMinors().find((m) => m >= min && m <= max);
  if (minor !== void 0) return kindNodeFor(minor);
  const describe = (r) => `${r.tag} supports 1.${r.min}-1.${r.max}`;
  if (min <= max) return { skip: `no pinned kind node image for Kubernetes 1.${min}-1.${max} (${ranges.map(describe).join(", ")})` };
  return { skip: `no Kubernetes version supported by both: ${ranges.map(describe).join(", ")}` };
}

// src/matrix/paths.ts
function computePaths(list, options) {
  const { to } = resolveVersions(list, { from: "previous-edge", to: options.to });
  const candidates = [];
  list.edgesBefore(to).slice(0, options.previousEdges).forEach((edge, i) => candidates.push({ key: `previous-edge-${i + 1}`, from: edge.tag }));
  const older = list.majorReleasePoints().filter((p) => list.isOlder(p.edge, to));
  const majors = older.slice(older.length - Math.min(options.majors, older.length)).reverse();
  for (const point of majors) candidates.push({ key: `major-${point.major}`, from: point.edge });
  if (options.includeStable) {
    const stable = list.latestStable();
    if (stable) candidates.push({ key: "stable", from: stable.tag });
  }
  for (const tag of options.extraFrom) {
    resolveVersions(list, { from: tag, to });
    candidates.push({ key: `from-${tag}`, from: tag });
  }
  for (const tag of options.exclude) {
    if (!list.has(tag)) throw new InputError("exclude", tag, "no such Linkerd release");
  }
  const seen = /* @__PURE__ */ new Set();
  const paths = [];
  for (const c of candidates) {
    if (seen.has(c.from) || options.exclude.includes(c.from)) continue;
    seen.add(c.from);
    paths.push(withKubernetes(list, { key: c.key, from: c.from, via: [], to }));
  }
  if (options.multiHop && majors.length >= 2) {
    const [first, ...rest] = [...majors].reverse().map((p) => p.edge);
    paths.push(withKubernetes(list, { key: "multi-hop", from: first, via: rest, to }));
  }
  paths.sort((a, b) => a.from === b.from ? a.via.length - b.via.length : list.isOlder(a.from, b.from) ? -1 : 1);
  return options.installMethods.flatMap((method) => paths.map((p) => withInstallMethod(p, method)));
}
function withInstallMethod(path, method) {
  if (method === "cli") return { ...path, installMethod: method };
  return { ...path, key: `${path.key}-${method}`, name: `${path.name} (${method})`, installMethod: method };
}
function withKubernetes(list, path) {
  const label = (tag) => {
    const major = majorOf(tag, list);
    return list.majorReleasePoints().some((p) => p.edge === tag) && major ? `${major} (${tag})` : tag;
  };
  const name = [path.from, ...path.via, path.to].map(label).join(" \u2192 ");
  const k8s = kubernetesFor([path.from, ...path.via, path.to], list);
  return { ...path, name, ..."skip" in k8s ? { skipped: k8s.skip } : k8s };
}

// src/commands/matrix.ts
async function buildMatrix(config) {
  return matrixFor(new ReleaseList(await releaseLoader(config)()), config);
}
async function matrixFor(list, config) {
  const newEdges = config.newSince ? newEdgesSince(list, await readWatchState(config.newSince)) : void 0;
  const computed = newEdges ? newEdges.edges.flatMap((edge) => computePaths(list, { ...config, to: edge }).map((p) => ({ ...p, key: `${edge}-${p.key}` }))) : computePaths(list, config);
  const paths = await withProfiles(computed, config.profiles);
  const badKey = paths.find((p) => !PATH_KEY.test(p.key));
  if (badKey) throw new InputError("profiles", badKey.profile ?? "", `makes the path key "${badKey.key}"; a path key is ${PATH_KEY_ACCEPTS}`);
  const include = paths.filter((p) => !p.skipped).map((p) => ({
    name: p.name,
    key: p.key,
    from: p.from,
    via: p.via.join("\n"),
    to: p.to,
    "install-method": p.installMethod ?? "cli",
    profile: p.profile,
    "kubernetes-version": p.kubernetesVersion,
    "kind-version": p.kindVersion
  }));
  const targets = newEdges ? newEdges.edges : [paths[0]?.to ?? config.to];
  const to = targets.at(-1) ?? "";
  const markdown = matrixMarkdown(paths, targets) + (newEdges ? `
${newEdgesLine(newEdges)}
` : "");
  return { paths, matrix: { include }, to, markdown, ...newEdges ? { newEdges } : {} };
}
function newEdgesLine(found) {
  if (found.edges.length === 0) return `No new edge since ${code(found.since ?? "")}.`;
  return `New ${found.since ? `since ${code(found.since)}` : "(no earlier state)"}: ${found.edges.map(code).join(", ")}.`;
}
async function withProfiles(paths, entries) {
  const profiles = await Promise.all(entries.map(async (entry) => ({ entry, profile: await loadProfiles(entry.split("+")) })));
  return paths.flatMap(
    (path) => profiles.map(({ entry, profile }) => {
      const isDefault = profile.name === "default";
      const skipped = path.skipped ?? unsupportedOnPath(profile, [path.from, ...path.via, path.to]);
      return {
        ...path,
        key: isDefault ? path.key : `${path.key}@${profile.name}`,
        name: isDefault ? path.name : `${path.name} [${profile.name}]`,
        profile: entry,
        ...skipped ? { skipped } : {}
      };
    })
  );
}
function matrixMarkdown(paths, targets) {
  const kubernetes = (p) => p.kubernetesVersion ? `${p.kubernetesVersion.replace(/@.*$/, "")} (kind ${p.kindVersion})` : "";
  const rows = paths.map(
    (p) => `| ${cellCode(p.name)} | ${cellCode(p.key)} | ${cellCode(kubernetes(p))} | ${p.skipped ? `\u23ED\uFE0F skipped: ${cellCode(p.skipped)}` : "runs"} |`
  );
  return [
    `## edge-canary matrix: ${paths.length} upgrade paths into ${targets.map(code).join(", ") || "no new edge"}`,
    "",
    "| Path | Key | Kubernetes | |",
    "| --- | --- | --- | --- |",
    ...rows,
    ""
  ].join("\n");
}

// src/commands/watch.ts
var VERDICTS = ["pass", "fail", "skipped"];
async function recordWatch(config) {
  const list = new ReleaseList(await releaseLoader(config)());
  const { paths, newEdges } = await matrixFor(list, config);
  const reports = await nothingDownloaded(config.record) ? [] : (await loadRunReports(config.record)).map((r) => r.report);
  const outcomes = /* @__PURE__ */ new Map();
  for (const edge of newEdges.edges) {
    const runnable = paths.filter((p) => p.to === edge && !p.skipped);
    const results = aggregate(reports, runnable).paths.filter((p) => runnable.some((r) => r.key === p.key)).map((p) => p.result);
    if (results.every((r) => VERDICTS.includes(r))) outcomes.set(edge, "verdict");
    else if (!results.every((r) => r === "missing")) outcomes.set(edge, "error");
  }
  const { state, givenUp } = recordOutcomes(list, await readWatchState(config.newSince), outcomes);
  if (state) await writeWatchState(config.newSince, state);
  const recorded = [...outcomes.keys()].filter((edge) => outcomes.get(edge) === "verdict" || givenUp.includes(edge));
  const again = Object.entries(state?.errors ?? {}).map(([edge, polls]) => ({ edge, polls }));
  const lines = [
    `Recorded as run: ${recorded.map(code).join(", ") || "none"}.`,
    ...again.length ? [`To run again at the next poll (errored): ${again.map((a) => `${code(a.edge)} (${a.polls} of ${ERRORED_POLLS_LIMIT})`).join(", ")}.`] : [],
    ...givenUp.length ? [`Given up after ${ERRORED_POLLS_LIMIT} errored polls, recorded all the same: ${givenUp.map(code).join(", ")}.`] : [],
    ...state ? [`Every edge up to ${code(state.latestEdge)} has run.`] : []
  ];
  return { givenUp, markdown: `## edge-canary watch

${lines.join("\n")}
` };
}

export {
  ERRORED_POLLS_LIMIT,
  readWatchState,
  newEdgesSince,
  buildMatrix,
  matrixFor,
  newEdgesLine,
  recordWatch
};
