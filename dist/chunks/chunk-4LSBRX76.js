#!/usr/bin/env node
import { createRequire as __edgeCanaryRequire } from 'node:module'; const require = __edgeCanaryRequire(import.meta.url);
import {
  DATA_FILE_LIMIT_BYTES,
  INSTALL_METHODS,
  InputError,
  OPTIONS,
  PACKAGE_ROOT,
  REPORT_SCHEMA_VERSION,
  boolean,
  optionReader,
  parseJson,
  readInputFile,
  require_ajv,
  validateOptions
} from "./chunk-M2BDVCY6.js";
import {
  __toESM
} from "./chunk-4XZSO2UZ.js";

// src/inputs/command-options.ts
var NEW_SINCE_OPTION = {
  name: "new-since",
  kind: "string",
  default: "",
  description: "State file of the new-edge watch (kept in the Actions cache, say): the edges not yet run are new. Only read; `record` writes it once their canaries ran. Missing: the newest edge counts as new."
};
var VERSIONS_OPTIONS = [...OPTIONS, NEW_SINCE_OPTION];
var MATRIX_OPTIONS = [
  { name: "to", kind: "string", default: "latest-edge", description: "Version every path upgrades to: a tag or `latest-edge`." },
  { name: "previous-edges", kind: "string", default: "3", description: "How many edges released just before `to` to upgrade from." },
  { name: "majors", kind: "string", default: "2", description: "How many major release points (`version-2.X`) older than `to` to upgrade from." },
  { name: "include-stable", kind: "boolean", default: "false", description: "Also upgrade from the last open-source stable (stable-2.14.10)." },
  { name: "from", kind: "lines", default: "", cliFlag: "from", description: "More tags to upgrade from, one per line." },
  { name: "exclude", kind: "lines", default: "", cliFlag: "exclude", description: "Tags not to upgrade from, one per line." },
  { name: "multi-hop", kind: "boolean", default: "false", description: "Add a path that upgrades through every chosen major release point in order." },
  {
    name: "install-methods",
    kind: "lines",
    default: "cli",
    cliFlag: "install-method",
    description: "Install methods to run every path with, one per line: `cli`, `helm` (each path once per method; Helm paths get keys ending `-helm`)."
  },
  {
    name: "profiles",
    kind: "lines",
    default: "default",
    cliFlag: "profile",
    description: "Install profiles, one per line (a name, a profile file, or several joined by `+`): every path runs once with each; keys of profiles other than `default` end in `@<profile>`."
  },
  { name: "releases-file", kind: "string", default: "", description: "JSON release list used instead of the GitHub API." },
  { name: "github-token", kind: "string", default: "${{ github.token }}", cliDefault: "", description: "Token for the GitHub API (release list)." },
  NEW_SINCE_OPTION,
  {
    name: "record",
    kind: "string",
    default: "",
    description: "With `new-since`, after the canary jobs: the directory their reports were downloaded to. Records each new edge all of whose paths reached a verdict (pass, fail, skipped); one that errored stays new for the next poll, up to 3 polls."
  }
];
var REPORT_OPTIONS = [
  { name: "reports", kind: "string", description: "Directory holding the matrix jobs' `report.json` files (downloaded artifacts)." },
  {
    name: "paths",
    kind: "string",
    default: "",
    description: "The matrix sub-action's `paths` output (JSON), to list skipped paths and jobs that left no report."
  },
  { name: "previous", kind: "string", default: "", description: "The previous run's `aggregate.json`, to mark new, fixed and still failing paths." },
  {
    name: "output-dir",
    kind: "string",
    default: "",
    description: "Where `aggregate.json` and `summary.md` are written (default: `$RUNNER_TEMP/edge-canary-aggregate`)."
  },
  {
    name: "open-issues",
    kind: "boolean",
    default: "false",
    description: "Open, update and close one issue per failing path and phase (needs `issues: write`)."
  },
  { name: "issue-label", kind: "string", default: "edge-canary", description: "Label of the issues it manages." },
  { name: "repository", kind: "string", default: "${{ github.repository }}", cliDefault: "", description: "Repository for issues, `owner/name`." },
  { name: "github-token", kind: "string", default: "${{ github.token }}", cliDefault: "", description: "Token for issues." },
  {
    name: "bisect",
    kind: "boolean",
    default: "false",
    description: "Read the bisect jobs' `bisect.json` files in `reports` and name the first bad release in each new failure's issue."
  }
];
var BISECT_ONLY_OPTIONS = [
  {
    name: "over",
    kind: "string",
    default: "to",
    description: "Which end to bisect: `to` (fixed from: the first release whose upgrade fails) or `from` (fixed to: the newest release that can no longer upgrade to it)."
  },
  {
    name: "good",
    kind: "string",
    default: "",
    description: "A release known to pass on the bisected end (default: the edge after `from` over `to`, the edge before `to` over `from`)."
  },
  {
    name: "failure-report",
    kind: "string",
    default: "",
    description: "The failing run's `report.json`: the failure to look for (default: run the failing path first to see it)."
  }
];
var BISECT_OPTIONS = [...OPTIONS.filter((o) => o.name !== "via"), ...BISECT_ONLY_OPTIONS];

// src/inputs/command-validate.ts
import { resolve } from "node:path";
var TAG_LIKE = /^[a-z0-9.-]+$/;
function tags(r, name) {
  return r.lines(name).map((t) => {
    if (!TAG_LIKE.test(t)) throw new InputError(name, t, "expected a release tag such as edge-25.10.7");
    return t;
  });
}
function installMethods(r) {
  const methods = r.lines("install-methods");
  for (const m of methods) {
    if (!INSTALL_METHODS.includes(m)) throw new InputError("install-methods", m, `expected one of ${INSTALL_METHODS.join(", ")}`);
  }
  if (methods.length === 0) throw new InputError("install-methods", "", `expected at least one of ${INSTALL_METHODS.join(", ")}`);
  return [...new Set(methods)];
}
function validateMatrixOptions(raw, cwd = process.cwd()) {
  const r = optionReader(MATRIX_OPTIONS, raw, cwd);
  const to = r.value("to");
  if (!TAG_LIKE.test(to)) throw new InputError("to", to, "expected a release tag or latest-edge");
  const releasesFile = r.path("releases-file");
  const token = r.value("github-token");
  const newSince = r.path("new-since");
  const record = r.path("record");
  if (record && !newSince) throw new InputError("record", r.value("record"), "needs new-since: the state file it records in");
  return {
    to,
    previousEdges: r.count("previous-edges", 0, 50),
    majors: r.count("majors", 0, 50),
    includeStable: boolean("include-stable", r.value("include-stable")),
    extraFrom: tags(r, "from"),
    exclude: tags(r, "exclude"),
    multiHop: boolean("multi-hop", r.value("multi-hop")),
    installMethods: installMethods(r),
    profiles: r.lines("profiles").length ? r.lines("profiles") : ["default"],
    ...releasesFile ? { releasesFile } : {},
    ...token ? { githubToken: token } : {},
    ...newSince ? { newSince } : {},
    ...record ? { record } : {}
  };
}
function validateReportOptions(raw, cwd = process.cwd()) {
  const r = optionReader(REPORT_OPTIONS, raw, cwd);
  const reportsDir = r.path("reports");
  if (!reportsDir) throw new InputError("reports", "", "is required: the directory of the jobs' report.json files");
  const openIssues = boolean("open-issues", r.value("open-issues"));
  const repository = r.value("repository");
  const match = repository ? githubRepository(repository) : void 0;
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
    issueLabel: issueLabel(r.value("issue-label") || "edge-canary"),
    bisect: boolean("bisect", r.value("bisect")),
    ...match ? { repository: match } : {},
    ...token ? { githubToken: token } : {}
  };
}
function githubRepository(value) {
  const match = /^([A-Za-z0-9](?:-?[A-Za-z0-9]){0,38})\/([\w.-]{1,100})$/.exec(value);
  if (!match || match[2] === "." || match[2] === "..") {
    throw new InputError(
      "repository",
      value,
      "expected owner/name as GitHub allows them: an owner of letters, digits and single dashes (at most 39), a name of letters, digits, dots, dashes and underscores (at most 100)"
    );
  }
  return { owner: match[1], repo: match[2] };
}
var LABEL_LIMIT = 50;
function issueLabel(value) {
  if ([...value].length > LABEL_LIMIT || /[,\p{Cc}]/u.test(value)) {
    throw new InputError("issue-label", value, `expected a label name of at most ${LABEL_LIMIT} characters, without commas or control characters`);
  }
  return value;
}
function validateBisectOptions(raw, cwd = process.cwd()) {
  const ownNames = new Set(BISECT_ONLY_OPTIONS.map((o) => o.name));
  const own = Object.fromEntries(Object.entries(raw).filter(([name]) => ownNames.has(name)));
  const runRaw = Object.fromEntries(Object.entries(raw).filter(([name]) => !ownNames.has(name)));
  if ("via" in runRaw) throw new InputError("via", runRaw.via, "bisect walks one-hop paths; give the failing hop as from and to");
  const r = optionReader(BISECT_ONLY_OPTIONS, own, cwd);
  const over = r.value("over");
  if (over !== "to" && over !== "from") throw new InputError("over", over, "expected to or from");
  const good = r.value("good");
  if (good && !TAG_LIKE.test(good)) throw new InputError("good", good, "expected a release tag such as edge-26.4.1");
  const failureReport = r.path("failure-report");
  return { run: validateOptions(runRaw, cwd), over, ...good ? { good } : {}, ...failureReport ? { failureReport } : {} };
}

// src/report/parse.ts
var import_ajv = __toESM(require_ajv(), 1);
import { readFileSync } from "node:fs";
import { join } from "node:path";
var REPORT_SCHEMA = JSON.parse(readFileSync(join(PACKAGE_ROOT, "schema", "report.schema.json"), "utf8"));
var validate = new import_ajv.Ajv({ allErrors: false }).compile(REPORT_SCHEMA);
async function readRunReport(input, path) {
  return parseRunReport(input, path, await readInputFile(path, { input, maxBytes: DATA_FILE_LIMIT_BYTES }));
}
function parseRunReport(input, path, text) {
  const data = parseJson(input, path, text);
  const header = typeof data === "object" && data !== null ? data : {};
  if (header.tool?.name !== "edge-canary") throw new InputError(input, path, "is not an edge-canary report");
  if (header.schemaVersion !== REPORT_SCHEMA_VERSION) {
    throw new InputError(
      input,
      path,
      `has report schema version ${JSON.stringify(header.schemaVersion)}; this edge-canary reads version ${REPORT_SCHEMA_VERSION} (use the same release for the canary jobs and the report job)`
    );
  }
  if (!validate(data)) {
    const first = validate.errors?.[0];
    throw new InputError(input, path, `is a malformed report: at ${first?.instancePath || "/"} ${first?.message} (schema/report.schema.json)`);
  }
  return data;
}

export {
  VERSIONS_OPTIONS,
  MATRIX_OPTIONS,
  REPORT_OPTIONS,
  BISECT_OPTIONS,
  validateMatrixOptions,
  validateReportOptions,
  validateBisectOptions,
  readRunReport
};
