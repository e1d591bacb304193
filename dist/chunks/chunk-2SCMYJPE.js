#!/usr/bin/env node
import { createRequire as __edgeCanaryRequire } from 'node:module'; const require = __edgeCanaryRequire(import.meta.url);
import {
  DEFAULT_KUBERNETES_VERSION,
  GATEWAY_API_MODES,
  HELM_NAMESPACE,
  INSTALL_METHODS,
  InputError,
  LINKERD_CHARTS,
  OPTIONS,
  chartReference,
  chartSource,
  chartVersionFromTag,
  chartVersionsFromIndex,
  cliInstallArgs,
  eraOf,
  gatewayApiOwner,
  gatewayApiValues,
  generateIdentity,
  helmValueArgs,
  helmValues,
  identityValueArgs,
  impactMarkdown,
  installPlan,
  loadProfiles,
  optionReader,
  reviewImpact,
  unsupportedOnPath
} from "./chunk-M2BDVCY6.js";
import {
  __toESM,
  createRunner,
  expectSuccess,
  require_dist
} from "./chunk-4XZSO2UZ.js";

// src/commands/impact.ts
var import_yaml2 = __toESM(require_dist(), 1);
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join as join2 } from "node:path";

// src/linkerd/render.ts
var import_yaml = __toESM(require_dist(), 1);
import { access, readFile } from "node:fs/promises";
import { join } from "node:path";
var RENDER_TIMEOUT_MS = 12e4;
var joined = (parts) => parts.map((p) => p.startsWith("---") ? p : `---
${p}`).join("\n");
async function renderCliPlan(r, installArgs, crdArgs) {
  const parts = [];
  for (const step of installPlan(r.tag, installArgs, crdArgs)) {
    const result = await r.run([r.linkerd, ...step.render, "--ignore-cluster"], { timeoutMs: RENDER_TIMEOUT_MS });
    parts.push(expectSuccess(result, `linkerd ${step.name} --ignore-cluster (${r.tag}) could not render`, "error").stdout);
  }
  return joined(parts);
}
async function renderWithCli(r) {
  const plainCrdArgs = eraOf(r.tag).gatewayApiValue === "installGatewayAPI" ? r.crdArgs : [];
  return { configured: await renderCliPlan(r, r.installArgs, r.crdArgs), plain: await renderCliPlan(r, r.installArgs, plainCrdArgs) };
}
function helmOf(r, args, what) {
  return r.run([r.helm, ...args], { timeoutMs: RENDER_TIMEOUT_MS, env: r.env }).then((result) => expectSuccess(result, `${what} (${r.tag})`, "error").stdout);
}
var template = (r, chart, args) => helmOf(r, ["template", chart, ...r.charts[chart], "--namespace", HELM_NAMESPACE, "--kube-version", r.kubernetesVersion, ...args], `helm template ${chart}`);
async function renderWithHelm(r) {
  const configured = joined([await template(r, "linkerd-crds", r.crdArgs), await template(r, "linkerd-control-plane", [...r.identityArgs, ...r.valueArgs])]);
  const plain = joined([await template(r, "linkerd-crds", []), await template(r, "linkerd-control-plane", r.identityArgs)]);
  const chartValues = [];
  for (const chart of LINKERD_CHARTS) {
    const values = (0, import_yaml.parse)(await helmOf(r, ["show", "values", ...r.charts[chart]], `helm show values ${chart}`)) ?? {};
    chartValues.push({ chart, values });
  }
  return { configured, plain, chartValues };
}
async function helmChartReferences(run, helm, env, tag, chartRepo) {
  const source = chartSource(tag, chartRepo);
  if (source.kind === "repo") {
    expectSuccess(
      await run([helm, "repo", "add", source.name, source.url, "--force-update"], { timeoutMs: RENDER_TIMEOUT_MS, env }),
      `helm repo add ${source.name} ${source.url}`,
      "error"
    );
  }
  const fromTag = chartVersionFromTag(tag);
  const index = source.kind === "repo" ? join(env.HELM_CACHE_HOME ?? "", "repository", `${source.name}-index.yaml`) : join(source.dir, "index.yaml");
  const versions = fromTag ? Object.fromEntries(LINKERD_CHARTS.map((c) => [c, fromTag])) : chartVersionsFromIndex(
    await access(index).then(
      () => readFile(index, "utf8"),
      () => ""
    ),
    tag
  );
  if (!versions) throw new Error(`no linkerd-control-plane chart with appVersion ${tag} in ${index}`);
  return Object.fromEntries(LINKERD_CHARTS.map((c) => [c, chartReference(source, c, versions[c])]));
}

// src/commands/impact.ts
function crdArgsOf(config) {
  const owner = gatewayApiOwner(config.gatewayApi, config.from);
  const toOwner = owner ?? (eraOf(config.to).refusesAbsentGatewayApi ? "external" : void 0);
  return { from: gatewayApiValues(owner, config.from), to: gatewayApiValues(toOwner, config.to) };
}
function impactToolNames(config) {
  return config.installMethod === "helm" ? ["helm"] : [.../* @__PURE__ */ new Set([`linkerd-${config.from}`, `linkerd-${config.to}`])];
}
function tool(config, name) {
  const path = join2(config.toolsDir, name);
  if (!existsSync(path))
    throw new InputError("tools-dir", config.toolsDir, `has no ${name}; put it there (edge-canary tools fetch ${name} --tools-dir ${config.toolsDir})`);
  return path;
}
var cliIdentityArgs = (identity) => [
  "--identity-trust-anchors-file",
  identity.trustAnchor,
  "--identity-issuer-certificate-file",
  identity.issuerCrt,
  "--identity-issuer-key-file",
  identity.issuerKey
];
async function renderCli(config, setup, tag, crdArgs) {
  const installArgs = [...cliIdentityArgs(setup.identity), ...config.installArgs, ...cliInstallArgs(setup.profile, setup.profileValuesFile)];
  return renderWithCli({ run: setup.run, linkerd: tool(config, `linkerd-${tag}`), tag, installArgs, crdArgs });
}
async function unpackedChart(setup, helm, env, tag, reference) {
  const into = join2(setup.workDir, "charts", tag);
  await mkdir(into, { recursive: true });
  const argv = reference[0].endsWith(".tgz") ? ["tar", "-xzf", reference[0], "-C", into] : [helm, "pull", ...reference, "--untar", "--untardir", into];
  expectSuccess(await setup.run(argv, { timeoutMs: 12e4, env }), `unpack linkerd-control-plane (${tag})`, "error");
  return join2(into, "linkerd-control-plane");
}
function helmRenderer(config, setup) {
  const helm = tool(config, "helm");
  const home = join2(setup.workDir, "helm");
  const env = { HELM_CACHE_HOME: join2(home, "cache"), HELM_CONFIG_HOME: join2(home, "config"), HELM_DATA_HOME: join2(home, "data") };
  const user = helmValues(config.installArgs);
  const identityArgs = identityValueArgs(setup.identity);
  return async (tag, crdArgs) => {
    const charts = await helmChartReferences(setup.run, helm, env, tag, config.chartRepo);
    const needsChart = user.ha || setup.profile.chartValuesFiles.length > 0;
    const chartDir = needsChart ? await unpackedChart(setup, helm, env, tag, charts["linkerd-control-plane"]) : "";
    const valueArgs = [
      ...user.ha && !setup.profile.chartValuesFiles.includes("values-ha.yaml") ? ["--values", join2(chartDir, "values-ha.yaml")] : [],
      ...user.args,
      ...helmValueArgs(setup.profile, chartDir, setup.profileValuesFile)
    ];
    return renderWithHelm({ run: setup.run, helm, env, tag, charts, identityArgs, valueArgs, crdArgs, kubernetesVersion: config.kubernetesVersion });
  };
}
async function prepare(config, run, workDir) {
  const profile = await loadProfiles(config.profiles);
  const unsupported = unsupportedOnPath(profile, [config.from, config.to]);
  if (unsupported) throw new InputError("profile", profile.name, unsupported);
  if (config.installMethod === "helm") {
    const old = [config.from, config.to].find((tag) => !eraOf(tag).separateCrds);
    if (old)
      throw new InputError(
        "install-method",
        "helm",
        `${old} predates the linkerd-crds and linkerd-control-plane charts (stable-2.12.0, edge-22.4.1); use install-method: cli`
      );
  }
  const identity = await generateIdentity(run, join2(workDir, "identity"));
  if (!Object.keys(profile.values).length) return { run, workDir, profile, identity };
  const profileValuesFile = join2(workDir, "profile-values.yaml");
  await writeFile(profileValuesFile, (0, import_yaml2.stringify)(profile.values));
  return { run, workDir, profile, identity, profileValuesFile };
}
async function impactCommand(config, deps = {}) {
  const workDir = await mkdtemp(join2(tmpdir(), "edge-canary-impact-"));
  try {
    const setup = await prepare(config, deps.run ?? createRunner(), workDir);
    const crdArgs = crdArgsOf(config);
    const render = config.installMethod === "helm" ? helmRenderer(config, setup) : (tag, args) => renderCli(config, setup, tag, args);
    const from = await render(config.from, crdArgs.from);
    const to = await render(config.to, crdArgs.to);
    const chartValues = from.chartValues && to.chartValues ? from.chartValues.map((c, i) => ({ chart: c.chart, from: c.values, to: to.chartValues[i].values })) : void 0;
    const review = reviewImpact({
      from: config.from,
      to: config.to,
      method: config.installMethod,
      manifests: { from: from.configured, to: to.configured, toPlain: to.plain },
      ...chartValues ? { chartValues } : {}
    });
    return { review, text: config.json ? `${JSON.stringify(review, null, 2)}
` : impactMarkdown(review) };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

// src/commands/tools.ts
import { access as access2, constants, mkdir as mkdir2, symlink } from "node:fs/promises";
import { join as join3 } from "node:path";
async function fetchToolsInto(dir, names, downloads) {
  await mkdir2(dir, { recursive: true });
  const result = { lines: [], problems: [] };
  for (const name of names) {
    const target = join3(dir, name === "gateway-api-crds" ? "gateway-api-crds.yaml" : name);
    if (await access2(target, constants.R_OK).then(
      () => true,
      () => false
    )) {
      result.lines.push(`${name}: in ${dir}`);
      continue;
    }
    try {
      const tool2 = await downloads.get(name);
      await symlink(tool2.path, target);
      result.lines.push(
        `${name}: ${tool2.source} ${tool2.version}, sha256 ${tool2.sha256 ?? "unknown"}${tool2.verified ? " (verified)" : " (no published digest)"}`
      );
    } catch (error) {
      result.problems.push(`${name}: not in ${dir}, and the download failed (${error.message}); put it there as ${target}`);
    }
  }
  return result;
}

// src/inputs/impact-options.ts
var SHARED = ["install-method", "profile", "install-args", "gateway-api", "chart-repo"];
var IMPACT_OPTIONS = [
  { name: "from", kind: "string", description: "Version installed now: a release tag (edge-24.11.8, stable-2.14.10)." },
  { name: "to", kind: "string", description: "Version to upgrade to: a release tag." },
  ...SHARED.map((name) => OPTIONS.find((o) => o.name === name)),
  {
    name: "tools-dir",
    kind: "string",
    description: "Directory with `linkerd-<from>` and `linkerd-<to>` (and `helm` for `install-method: helm`); `edge-canary tools fetch` fills one."
  },
  {
    name: "kubernetes-version",
    kind: "string",
    default: DEFAULT_KUBERNETES_VERSION,
    description: "With `install-method: helm`, the Kubernetes version the charts are rendered for (`helm template --kube-version`)."
  },
  { name: "json", kind: "boolean", default: "false", description: "Print the review as JSON instead of markdown." }
];
var IMPACT_ACTION_OPTIONS = [
  ...IMPACT_OPTIONS.filter((o) => o.name !== "json").map(
    (o) => o.name === "tools-dir" ? {
      ...o,
      default: "",
      description: "Directory with `linkerd-<from>` and `linkerd-<to>` (`helm` for `install-method: helm`); empty: they are downloaded and checked against their published digests, as a run gets them."
    } : o
  ),
  { name: "output-dir", kind: "string", default: "", description: "Where `impact.json` is written (default: `$RUNNER_TEMP/edge-canary-impact`)." },
  {
    name: "github-token",
    kind: "string",
    default: "${{ github.token }}",
    description: "Token for the GitHub API (the published digests of the downloaded tools)."
  }
];
var RELEASE_TAG = /^(edge|stable)-\d+\.\d+\.\d+$/;
function releaseTag(name, value) {
  if (!RELEASE_TAG.test(value))
    throw new InputError(name, value, "expected a release tag such as edge-26.8.3 or stable-2.14.10 (the review renders, it resolves no selector)");
  return value;
}
function validateImpactOptions(raw, cwd = process.cwd()) {
  const r = optionReader(IMPACT_OPTIONS, raw, cwd);
  const oneOf = (name, allowed) => {
    const v = r.value(name);
    if (!allowed.includes(v)) throw new InputError(name, v, `expected one of ${allowed.join(", ")}`);
    return v;
  };
  const toolsDir = r.path("tools-dir");
  if (!toolsDir) throw new InputError("tools-dir", "", "is required: the directory with the Linkerd CLIs (and helm) to render with");
  const chartRepo = r.value("chart-repo");
  const kubernetesVersion = r.value("kubernetes-version");
  if (!/^v\d+\.\d+\.\d+$/.test(kubernetesVersion)) throw new InputError("kubernetes-version", kubernetesVersion, "expected a version such as v1.34.4");
  return {
    from: releaseTag("from", r.value("from")),
    to: releaseTag("to", r.value("to")),
    installMethod: oneOf("install-method", INSTALL_METHODS),
    profiles: r.lines("profile").flatMap((line) => line.split("+")),
    installArgs: r.lines("install-args"),
    gatewayApi: oneOf("gateway-api", GATEWAY_API_MODES),
    ...chartRepo ? { chartRepo: /^https?:\/\//.test(chartRepo) ? chartRepo : r.path("chart-repo") } : {},
    kubernetesVersion,
    toolsDir,
    json: r.value("json") === "true"
  };
}

export {
  impactToolNames,
  impactCommand,
  fetchToolsInto,
  IMPACT_OPTIONS,
  IMPACT_ACTION_OPTIONS,
  validateImpactOptions
};
