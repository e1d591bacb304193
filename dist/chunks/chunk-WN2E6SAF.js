#!/usr/bin/env node
import { createRequire as __edgeCanaryRequire } from 'node:module'; const require = __edgeCanaryRequire(import.meta.url);
import {
  ReleaseList,
  loadProfiles,
  releaseLoader,
  resolveVersions,
  unsupportedOnPath
} from "./chunk-V2YRMYHB.js";
import {
  kindNodeFor,
  pinnedMinors
} from "./chunk-4JY75E56.js";
import {
  InputError,
  PATH_KEY,
  PATH_KEY_ACCEPTS,
  cellCode,
  code,
  compareEdges,
  parseTag
} from "./chunk-KHHPOAVR.js";

// src/versions/new-since.ts
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
async function readWatchState(file) {
  let text;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if (error.code === "ENOENT") return void 0;
    throw new InputError("new-since", file, `cannot be read (${error.code ?? error})`);
  }
  let state;
  try {
    state = JSON.parse(text);
  } catch {
    throw new InputError("new-since", file, 'is not JSON; expected {"latestEdge": "edge-YY.M.N", "checkedAt": "..."}');
  }
  if (typeof state.latestEdge !== "string" || parseTag(state.latestEdge)?.kind !== "edge") {
    throw new InputError("new-since", file, 'has no latestEdge tag; expected {"latestEdge": "edge-YY.M.N", "checkedAt": "..."}');
  }
  return { latestEdge: state.latestEdge, checkedAt: String(state.checkedAt ?? "") };
}
function newEdgesSince(list, state) {
  const newest = list.latestEdge()?.tag;
  if (!state) return { edges: newest ? [newest] : [] };
  return { since: state.latestEdge, edges: list.edges.filter((e) => list.isOlder(state.latestEdge, e.tag)).map((e) => e.tag) };
}
async function writeWatchState(file, list, now = /* @__PURE__ */ new Date()) {
  const newest = list.latestEdge()?.tag;
  if (!newest) return;
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify({ latestEdge: newest, checkedAt: now.toISOString() }, null, 2)}
`);
}
async function watchNewEdges(file, list) {
  const found = newEdgesSince(list, await readWatchState(file));
  await writeWatchState(file, list);
  return found;
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
  const list = new ReleaseList(await releaseLoader(config)());
  const paths = await withProfiles(computePaths(list, config), config.profiles);
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
  const to = paths[0]?.to ?? config.to;
  const newEdges = config.newSince ? await watchNewEdges(config.newSince, list) : void 0;
  const markdown = matrixMarkdown(paths, to) + (newEdges ? `
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
function matrixMarkdown(paths, to) {
  const kubernetes = (p) => p.kubernetesVersion ? `${p.kubernetesVersion.replace(/@.*$/, "")} (kind ${p.kindVersion})` : "";
  const rows = paths.map((p) => `| ${cellCode(p.name)} | ${cellCode(p.key)} | ${cellCode(kubernetes(p))} | ${p.skipped ? `\u23ED\uFE0F skipped: ${cellCode(p.skipped)}` : "runs"} |`);
  return [`## edge-canary matrix: ${paths.length} upgrade paths into ${code(to)}`, "", "| Path | Key | Kubernetes | |", "| --- | --- | --- | --- |", ...rows, ""].join("\n");
}

export {
  watchNewEdges,
  buildMatrix,
  newEdgesLine
};
