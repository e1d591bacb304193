#!/usr/bin/env node
import { createRequire as __edgeCanaryRequire } from 'node:module'; const require = __edgeCanaryRequire(import.meta.url);

// src/inputs/input-error.ts
var InputError = class extends Error {
  constructor(input, value, accepted) {
    super(`invalid ${input} ${JSON.stringify(value)}: ${accepted}`);
    this.input = input;
    this.value = value;
    this.accepted = accepted;
    this.name = "InputError";
  }
  input;
  value;
  accepted;
};

// src/inputs/options.ts
var PROVIDERS = ["kind", "existing", "kwok"];
var GATEWAY_API_MODES = ["auto", "linkerd", "external"];
var INSTALL_METHODS = ["cli", "helm"];
var HELM_VALUES_MODES = ["reuse", "reset-then-reuse", "fresh"];
var DEFAULT_KUBERNETES_VERSION = "v1.35.8";
var DEFAULT_KIND_VERSION = "v0.33.0";
var DEFAULT_KWOK_VERSION = "v0.8.0";
var OPTIONS = [
  { name: "to", kind: "string", default: "latest-edge", description: "Candidate version: a tag (edge-26.7.1) or `latest-edge`." },
  {
    name: "from",
    kind: "string",
    default: "previous-edge",
    description: "Version installed first: a tag or `previous-edge`, `latest-stable`, `previous-major`."
  },
  {
    name: "via",
    kind: "lines",
    default: "",
    description: "Multi-hop: tags to upgrade to, in order, between `from` and `to`, one per line."
  },
  { name: "provider", kind: "string", default: "kind", description: "Cluster provider: `kind`, `existing` (current kubeconfig, never deleted) or `kwok`." },
  {
    name: "kubernetes-version",
    kind: "string",
    default: DEFAULT_KUBERNETES_VERSION,
    description: "Kubernetes version: a kind node image tag (pinned to the digest `kind-version` published for it, when it did) or `tag@sha256:<digest>`."
  },
  { name: "kind-version", kind: "string", default: DEFAULT_KIND_VERSION, description: "kind release to use (node images are built per kind release)." },
  {
    name: "kubectl-version",
    kind: "string",
    default: "",
    description: "kubectl release to use (default: the release of `kubernetes-version`; at most one minor from it, as kubectl supports)."
  },
  { name: "cluster-name", kind: "string", default: "edge-canary", description: "Name of the cluster to create." },
  {
    name: "install-args",
    kind: "lines",
    default: "",
    cliFlag: "install-arg",
    description: "Extra arguments for `linkerd install` of both versions, one per line (e.g. `--ha`); never passed through a shell. With `install-method: helm` only `--set`, `--set-string`, `--set-file`, `--values` and `--ha` map (docs/helm.md)."
  },
  {
    name: "install-method",
    kind: "string",
    default: "cli",
    description: "How Linkerd is installed and upgraded: `cli` (`linkerd install`/`upgrade`) or `helm` (the `linkerd-crds` and `linkerd-control-plane` charts)."
  },
  {
    name: "helm-upgrade-values",
    kind: "string",
    default: "reset-then-reuse",
    description: "With `install-method: helm`, how `helm upgrade` treats the old release's values: `reuse` (`--reuse-values`), `reset-then-reuse` (`--reset-then-reuse-values`) or `fresh` (chart defaults plus your values)."
  },
  {
    name: "chart-repo",
    kind: "string",
    default: "",
    description: "With `install-method: helm`: a Helm repository URL, or a local directory of packaged charts (`linkerd-crds-<version>.tgz`, ...), instead of the Linkerd repo of each tag's channel."
  },
  {
    name: "profile",
    kind: "lines",
    default: "default",
    cliFlag: "profile",
    description: "Install profile: `default`, `ha`, `external-issuer`, `custom-values` or a profile file; several (one per line, or joined by `+`) combine into one install, later values winning."
  },
  {
    name: "gateway-api",
    kind: "string",
    default: "auto",
    description: "Who owns the Gateway API CRDs: `linkerd` (its CRD chart installs them), `external` (installed before Linkerd) or `auto` (what `from` did by default)."
  },
  {
    name: "scenarios",
    kind: "lines",
    default: "builtin",
    cliFlag: "scenario",
    description: "Scenarios to run, one per line: `builtin` (every built-in), built-in names, files, directories or globs; `none` for none."
  },
  { name: "parallel", kind: "string", default: "4", description: "How many scenarios of the same phase run at once." },
  {
    name: "timeout",
    kind: "duration",
    // Below the example jobs' `timeout-minutes: 45`, which also counts setup: when the job's own
    // limit fires first the runner kills the step and the report is lost (docs/github.md).
    default: "35m",
    description: "Limit for the whole run (e.g. `35m`, `1h`, `90s`); keep it at least 10 minutes below the job's `timeout-minutes`."
  },
  {
    name: "stall-timeout",
    kind: "duration",
    default: "60s",
    description: "A command that prints nothing new for this long is killed and reported as stalled."
  },
  {
    name: "report-dir",
    kind: "string",
    default: "",
    description: "Where reports and diagnostics are written: a new or empty directory, or an earlier report dir (default: `$RUNNER_TEMP/edge-canary`, or `./edge-canary-report` for the CLI)."
  },
  { name: "keep-cluster", kind: "boolean", default: "false", description: "Leave the cluster running after the run." },
  { name: "upload-artifacts", kind: "boolean", default: "true", cliDefault: "false", description: "Upload the report dir as a workflow artifact." },
  { name: "github-token", kind: "string", default: "${{ github.token }}", cliDefault: "", description: "Token for the GitHub API (release list); masked everywhere." },
  {
    name: "path-key",
    kind: "string",
    default: "",
    description: "Stable name of this upgrade path across runs (the matrix `key`; letters, digits, `.`, `_`, `-`, `@`, `+`); the report sub-action tracks paths by it."
  },
  { name: "tools-dir", kind: "string", default: "", description: "Directory of pre-built tools (`linkerd-<tag>`, `kubectl`, `kind`, ...); skips downloads." },
  { name: "releases-file", kind: "string", default: "", description: "JSON release list (`[{tag, date, commit}]`) used instead of the GitHub API." }
];

// src/inputs/validate.ts
import { resolve as resolve2 } from "node:path";

// src/inputs/duration.ts
var UNIT_MS = { ms: 1, s: 1e3, m: 6e4, h: 36e5 };
var MAX_DURATION_MS = 2 ** 31 - 1;
function duration(name, v) {
  const t = v.trim();
  const accepted = "expected a positive duration like 90s, 5m, 1h30m or a number of seconds";
  let total = 0;
  if (/^\d+$/.test(t)) total = Number(t) * 1e3;
  else if (/^(\d+(ms|s|m|h))+$/.test(t)) for (const [, n, unit] of t.matchAll(/(\d+)(ms|s|m|h)/g)) total += Number(n) * UNIT_MS[unit];
  else throw new InputError(name, v, accepted);
  if (total <= 0) throw new InputError(name, v, accepted);
  if (total > MAX_DURATION_MS) throw new InputError(name, v, "is longer than a timer can hold; at most 596h (about 24.8 days)");
  return total;
}

// src/inputs/option-reader.ts
import { isAbsolute, resolve } from "node:path";
function optionReader(specs, raw, cwd) {
  for (const name of Object.keys(raw)) {
    if (!specs.some((o) => o.name === name)) throw new InputError("option", name, `unknown option; known: ${specs.map((o) => o.name).join(", ")}`);
  }
  const value = (name) => (raw[name] ?? specs.find((o) => o.name === name)?.default ?? "").trim();
  return {
    value,
    path(name) {
      const v = value(name);
      return v === "" ? void 0 : isAbsolute(v) ? v : resolve(cwd, v);
    },
    count(name, min, max) {
      const v = value(name);
      if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) throw new InputError(name, v, `expected a whole number from ${min} to ${max}`);
      return Number(v);
    },
    lines(name) {
      return value(name).split("\n").map((l) => l.trim()).filter((l) => l !== "" && !l.startsWith("#"));
    }
  };
}

// src/inputs/validate.ts
var SHELL_METACHARACTERS = /[;&|`$<>\\\n]|\$\(/;
function refuseShellMetacharacters(name, value) {
  const bad = SHELL_METACHARACTERS.exec(value);
  if (bad) throw new InputError(name, value, `contains the shell metacharacter ${JSON.stringify(bad[0])}; inputs are never passed through a shell`);
  return value;
}
function validateOptions(raw, cwd = process.cwd()) {
  const { value, path, count, lines } = optionReader(OPTIONS, raw, cwd);
  const plain = (name) => refuseShellMetacharacters(name, value(name));
  const plainLines = (name) => lines(name).map((line) => refuseShellMetacharacters(name, line));
  const oneOf = (name, allowed) => {
    const v = plain(name);
    if (!allowed.includes(v)) throw new InputError(name, v, `expected one of ${allowed.join(", ")}`);
    return v;
  };
  const provider = oneOf("provider", PROVIDERS);
  const clusterName = plain("cluster-name");
  if (!/^[a-z0-9]([-a-z0-9]{0,40}[a-z0-9])?$/.test(clusterName)) {
    throw new InputError("cluster-name", clusterName, "expected lowercase letters, digits and dashes (at most 42)");
  }
  const gatewayApi = oneOf("gateway-api", GATEWAY_API_MODES);
  const chartRepo = plain("chart-repo");
  const token = value("github-token");
  const kubernetesVersion = nodeImageVersion(plain("kubernetes-version"));
  return {
    from: required("from", plain("from")),
    to: required("to", plain("to")),
    via: plainLines("via"),
    ...optional("pathKey", pathKey(plain("path-key"))),
    provider,
    kubernetesVersion,
    kindVersion: k8sVersion("kind-version", plain("kind-version")),
    kubectlVersion: kubectlVersion(plain("kubectl-version"), kubernetesVersion, provider),
    clusterName,
    installArgs: lines("install-args").flatMap((line) => splitArguments("install-args", line)),
    profiles: plainLines("profile").flatMap((line) => line.split("+")),
    gatewayApi,
    installMethod: oneOf("install-method", INSTALL_METHODS),
    helmUpgradeValues: oneOf("helm-upgrade-values", HELM_VALUES_MODES),
    ...optional("chartRepo", /^https?:\/\//.test(chartRepo) ? chartRepo : path("chart-repo")),
    scenarios: plainLines("scenarios"),
    parallel: count("parallel", 1, 16),
    timeoutMs: duration("timeout", value("timeout")),
    stallMs: duration("stall-timeout", value("stall-timeout")),
    reportDir: path("report-dir") ?? resolve2(cwd, "edge-canary-report"),
    keepCluster: boolean("keep-cluster", value("keep-cluster")),
    uploadArtifacts: boolean("upload-artifacts", value("upload-artifacts")),
    ...token ? { githubToken: token } : {},
    ...optional("toolsDir", path("tools-dir")),
    ...optional("releasesFile", path("releases-file"))
  };
}
function optional(key, v) {
  return v === void 0 ? {} : { [key]: v };
}
function required(name, v) {
  if (v === "") throw new InputError(name, v, "must not be empty");
  return v;
}
var PATH_KEY = /^[A-Za-z0-9][A-Za-z0-9._@+-]{0,99}$/;
var PATH_KEY_ACCEPTS = "letters, digits, dots, dashes, underscores, @ and + (at most 100)";
function pathKey(v) {
  if (v === "") return void 0;
  if (!PATH_KEY.test(v)) throw new InputError("path-key", v, `expected ${PATH_KEY_ACCEPTS}`);
  return v;
}
function k8sVersion(name, v) {
  if (!/^v\d+\.\d+\.\d+$/.test(v)) throw new InputError(name, v, "expected a version like v1.35.8");
  return v;
}
function kubectlVersion(v, kubernetesVersion, provider) {
  const cluster = kubernetesVersion.replace(/@.*$/, "");
  if (v === "") return cluster;
  const kubectl = k8sVersion("kubectl-version", v);
  const minor = (version) => Number(version.split(".")[1]);
  if (provider !== "existing" && Math.abs(minor(kubectl) - minor(cluster)) > 1) {
    throw new InputError("kubectl-version", v, `is more than one minor from kubernetes-version ${cluster}, outside kubectl's version skew policy; leave it empty to use ${cluster}`);
  }
  return kubectl;
}
function nodeImageVersion(v) {
  if (!/^v\d+\.\d+\.\d+(@sha256:[0-9a-f]{64})?$/.test(v)) {
    throw new InputError("kubernetes-version", v, "expected a version like v1.35.8, or one pinned by digest like v1.35.8@sha256:<64 hex digits>");
  }
  return v;
}
function boolean(name, v) {
  const t = v.trim();
  if (["true", "True", "TRUE"].includes(t)) return true;
  if (["false", "False", "FALSE"].includes(t)) return false;
  throw new InputError(name, v, "expected true or false");
}
function splitArguments(name, line) {
  refuseShellMetacharacters(name, line);
  const args = [];
  let current;
  let quote;
  for (const ch of line) {
    if (quote) {
      if (ch === quote) quote = void 0;
      else current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      current ??= "";
    } else if (/\s/.test(ch)) {
      if (current !== void 0) args.push(current);
      current = void 0;
    } else {
      current = (current ?? "") + ch;
    }
  }
  if (quote) throw new InputError(name, line, `has an unclosed ${quote} quote`);
  if (current !== void 0) args.push(current);
  return args;
}

// src/report/markdown.ts
var SUMMARY_LIMIT_BYTES = 1024 * 1024 - 64 * 1024;
var ICON = {
  pass: "\u2705",
  warn: "\u26A0\uFE0F",
  fail: "\u274C",
  error: "\u{1F4A5}",
  skipped: "\u23ED\uFE0F",
  cancelled: "\u{1F6D1}",
  running: "\u23F3",
  missing: "\u2753",
  flaky: "\u{1F501}"
};
function fitSummary(render, tailLines, shrink = 2) {
  for (let lines = tailLines; ; lines = Math.floor(lines / shrink)) {
    const text = render(lines);
    if (Buffer.byteLength(text) <= SUMMARY_LIMIT_BYTES || lines === 0) return text.slice(0, SUMMARY_LIMIT_BYTES);
  }
}
function tailBlock(tail, lines) {
  return fenced(tail.split("\n").slice(-lines).join("\n"));
}
function fenced(text, info = "") {
  const fence = "`".repeat(Math.max(3, longestBacktickRun(text) + 1));
  return [`${fence}${info}`, text, fence];
}
function code(text) {
  const flat = text.replace(/\r\n|\r|\n/g, " ");
  if (flat === "") return "";
  const fence = "`".repeat(longestBacktickRun(flat) + 1);
  const pad = /^`|`$|^ .* $/.test(flat) ? " " : "";
  return `${fence}${pad}${flat}${pad}${fence}`;
}
function cellCode(text) {
  return code(text).replace(/\|/g, "\\|");
}
function htmlCode(text) {
  return `<code>${escapeHtml(text.replace(/\r\n|\r|\n/g, " "))}</code>`;
}
function longestBacktickRun(text) {
  return Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
}
function link(label, url) {
  return /^https?:\/\/[\w.~:/?#@!$&'*+,;=%-]+$/.test(url) ? `[${label}](${url})` : code(url);
}
function seconds(ms) {
  return ms < 6e4 ? `${(ms / 1e3).toFixed(1)}s` : `${Math.floor(ms / 6e4)}m${Math.round(ms % 6e4 / 1e3)}s`;
}
function escapeHtml(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

// src/report/model.ts
var REPORT_SCHEMA_VERSION = 5;
function resultOf(allPhases, cancelled) {
  const phases = allPhases.filter((p) => !p.cleanup);
  if (cancelled || phases.some((p) => p.verdict === "cancelled")) return "cancelled";
  if (phases.some((p) => p.verdict === "fail")) return "fail";
  if (phases.some((p) => p.verdict === "error")) return "error";
  if (phases.length && phases.every((p) => p.verdict === "skipped")) return "skipped";
  return "pass";
}
function inProgress(report) {
  return { ...report, result: "running", running: report.phases.filter((p) => p.verdict === "running").map((p) => p.name) };
}
function asCancelled(report) {
  const cancelled = {
    ...report,
    result: "cancelled",
    phases: report.phases.map((p) => p.verdict === "running" ? { ...p, verdict: "cancelled", reason: "cancelled while it ran" } : p)
  };
  delete cancelled.running;
  return cancelled;
}
function pathTitle(report, markdown = false) {
  const name = (text) => markdown ? code(text) : text;
  const path = `${name(report.from ?? report.requested.from)} ${markdown ? "\u2192" : "->"} ${name(report.to ?? report.requested.to)}`;
  return report.profile ? `${path} with profile ${name(report.profile.name)}` : path;
}

// src/versions/tag.ts
var EDGE = /^edge-(\d{2})\.(\d{1,2})\.(\d{1,2})$/;
var STABLE = /^stable-(\d+)\.(\d+)\.(\d+)$/;
var VERSION = /^version-(\d+)\.(\d+)$/;
function parseTag(name) {
  let m = EDGE.exec(name);
  if (m) return { kind: "edge", name, year: Number(m[1]), month: Number(m[2]), n: Number(m[3]) };
  m = STABLE.exec(name);
  if (m) return { kind: "stable", name, major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]) };
  m = VERSION.exec(name);
  if (m) return { kind: "version", name, major: Number(m[1]), minor: Number(m[2]) };
  return void 0;
}
function compareEdges(a, b) {
  const x = parseTag(a);
  const y = parseTag(b);
  if (x?.kind !== "edge" || y?.kind !== "edge") throw new Error(`not edge tags: ${a}, ${b}`);
  return x.year - y.year || x.month - y.month || x.n - y.n;
}

export {
  InputError,
  duration,
  optionReader,
  INSTALL_METHODS,
  DEFAULT_KUBERNETES_VERSION,
  DEFAULT_KIND_VERSION,
  DEFAULT_KWOK_VERSION,
  OPTIONS,
  validateOptions,
  PATH_KEY,
  PATH_KEY_ACCEPTS,
  boolean,
  ICON,
  fitSummary,
  tailBlock,
  fenced,
  code,
  cellCode,
  htmlCode,
  link,
  seconds,
  REPORT_SCHEMA_VERSION,
  resultOf,
  inProgress,
  asCancelled,
  pathTitle,
  parseTag,
  compareEdges
};
