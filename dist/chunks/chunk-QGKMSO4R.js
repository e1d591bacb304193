#!/usr/bin/env node
import { createRequire as __edgeCanaryRequire } from 'node:module'; const require = __edgeCanaryRequire(import.meta.url);
import {
  boolean
} from "./chunk-YETI2XXI.js";
import {
  InputError
} from "./chunk-G4B3PUDT.js";

// src/inputs/command-options.ts
var MATRIX_OPTIONS = [
  { name: "to", kind: "string", default: "latest-edge", description: "Version every path upgrades to: a tag or `latest-edge`." },
  { name: "previous-edges", kind: "string", default: "3", description: "How many edges released just before `to` to upgrade from." },
  { name: "majors", kind: "string", default: "2", description: "How many major release points (`version-2.X`) older than `to` to upgrade from." },
  { name: "include-stable", kind: "boolean", default: "false", description: "Also upgrade from the last open-source stable (stable-2.14.10)." },
  { name: "from", kind: "lines", default: "", cliFlag: "from", description: "More tags to upgrade from, one per line." },
  { name: "exclude", kind: "lines", default: "", cliFlag: "exclude", description: "Tags not to upgrade from, one per line." },
  { name: "multi-hop", kind: "boolean", default: "false", description: "Add a path that upgrades through every chosen major release point in order." },
  { name: "releases-file", kind: "string", default: "", description: "JSON release list used instead of the GitHub API." },
  { name: "github-token", kind: "string", default: "${{ github.token }}", cliDefault: "", description: "Token for the GitHub API (release list)." }
];
var REPORT_OPTIONS = [
  { name: "reports", kind: "string", description: "Directory holding the matrix jobs' `report.json` files (downloaded artifacts)." },
  { name: "paths", kind: "string", default: "", description: "The matrix sub-action's `paths` output (JSON), to list skipped paths and jobs that left no report." },
  { name: "previous", kind: "string", default: "", description: "The previous run's `aggregate.json`, to mark new, fixed and still failing paths." },
  { name: "output-dir", kind: "string", default: "", description: "Where `aggregate.json` and `summary.md` are written (default: `$RUNNER_TEMP/edge-canary-aggregate`)." },
  { name: "open-issues", kind: "boolean", default: "false", description: "Open, update and close one issue per failing path and phase (needs `issues: write`)." },
  { name: "issue-label", kind: "string", default: "edge-canary", description: "Label of the issues it manages." },
  { name: "repository", kind: "string", default: "${{ github.repository }}", cliDefault: "", description: "Repository for issues, `owner/name`." },
  { name: "github-token", kind: "string", default: "${{ github.token }}", cliDefault: "", description: "Token for issues." }
];

// src/inputs/command-validate.ts
import { isAbsolute, resolve } from "node:path";
var TAG_LIKE = /^[a-z0-9.-]+$/;
function reader(specs, raw, cwd) {
  for (const name of Object.keys(raw)) {
    if (!specs.some((o) => o.name === name)) throw new InputError("option", name, `unknown option; known: ${specs.map((o) => o.name).join(", ")}`);
  }
  const value = (name) => (raw[name] ?? specs.find((o) => o.name === name)?.default ?? "").trim();
  return {
    value,
    count: (name) => {
      const v = value(name);
      if (!/^\d+$/.test(v) || Number(v) > 50) throw new InputError(name, v, "expected a whole number from 0 to 50");
      return Number(v);
    },
    tags: (name) => value(name).split("\n").map((l) => l.trim()).filter(Boolean).map((t) => {
      if (!TAG_LIKE.test(t)) throw new InputError(name, t, "expected a release tag such as edge-25.10.7");
      return t;
    }),
    path: (name) => {
      const v = value(name);
      return v === "" ? void 0 : isAbsolute(v) ? v : resolve(cwd, v);
    }
  };
}
function validateMatrixOptions(raw, cwd = process.cwd()) {
  const r = reader(MATRIX_OPTIONS, raw, cwd);
  const to = r.value("to");
  if (!TAG_LIKE.test(to)) throw new InputError("to", to, "expected a release tag or latest-edge");
  const releasesFile = r.path("releases-file");
  const token = r.value("github-token");
  return {
    to,
    previousEdges: r.count("previous-edges"),
    majors: r.count("majors"),
    includeStable: boolean("include-stable", r.value("include-stable")),
    extraFrom: r.tags("from"),
    exclude: r.tags("exclude"),
    multiHop: boolean("multi-hop", r.value("multi-hop")),
    ...releasesFile ? { releasesFile } : {},
    ...token ? { githubToken: token } : {}
  };
}
function validateReportOptions(raw, cwd = process.cwd()) {
  const r = reader(REPORT_OPTIONS, raw, cwd);
  const reportsDir = r.path("reports");
  if (!reportsDir) throw new InputError("reports", "", "is required: the directory of the jobs' report.json files");
  const openIssues = boolean("open-issues", r.value("open-issues"));
  const repository = r.value("repository");
  const match = /^([\w.-]+)\/([\w.-]+)$/.exec(repository);
  if (repository && !match) throw new InputError("repository", repository, "expected owner/name");
  const token = r.value("github-token");
  if (openIssues && (!match || !token)) throw new InputError("open-issues", "true", "needs repository and github-token");
  const previous = r.path("previous");
  const paths = r.value("paths");
  return {
    reportsDir,
    ...paths ? { paths } : {},
    ...previous ? { previous } : {},
    outputDir: r.path("output-dir") ?? resolve(cwd, "edge-canary-aggregate"),
    openIssues,
    issueLabel: r.value("issue-label") || "edge-canary",
    ...match ? { repository: { owner: match[1], repo: match[2] } } : {},
    ...token ? { githubToken: token } : {}
  };
}

export {
  MATRIX_OPTIONS,
  REPORT_OPTIONS,
  validateMatrixOptions,
  validateReportOptions
};
