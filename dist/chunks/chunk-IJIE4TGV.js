#!/usr/bin/env node
import { createRequire as __edgeCanaryRequire } from 'node:module'; const require = __edgeCanaryRequire(import.meta.url);
import {
  GATEWAY_API_MODES,
  HELM_VALUES_MODES,
  INSTALL_METHODS,
  InputError,
  OPTIONS,
  PROVIDERS,
  duration,
  optionReader
} from "./chunk-OALNBW6K.js";

// src/inputs/validate.ts
import { resolve } from "node:path";

// src/inputs/install-args.ts
var REDIRECTING = [
  "kubeconfig",
  "context",
  "kube-context",
  "cluster",
  "server",
  "kube-apiserver",
  "token",
  "kube-token",
  "user",
  "username",
  "password",
  "as",
  "as-group",
  "as-uid",
  "kube-as-user",
  "kube-as-group",
  "certificate-authority",
  "client-certificate",
  "client-key",
  "kube-ca-file",
  "insecure-skip-tls-verify",
  "kube-insecure-skip-tls-verify",
  "tls-server-name",
  "kube-tls-server-name",
  "api-addr",
  "linkerd-namespace",
  "namespace"
];
var REDIRECTING_SHORT = ["s", "L", "n"];
function refuseRedirection(args) {
  for (const arg of args) {
    const long = /^--([^=]+)/.exec(arg)?.[1];
    const short = /^-([^-])/.exec(arg)?.[1];
    if (long && REDIRECTING.includes(long) || short && REDIRECTING_SHORT.includes(short)) {
      throw new InputError(
        "install-args",
        arg,
        "points the install at another cluster, user or namespace than the run's; the run installs into the cluster it made or was given (provider and KUBECONFIG) and into namespace linkerd"
      );
    }
  }
  return [...args];
}

// src/inputs/validate.ts
var SHELL_METACHARACTERS = /[;&|`$<>\\\n]|\$\(/;
function refuseShellMetacharacters(name, value) {
  const bad = SHELL_METACHARACTERS.exec(value);
  if (bad) throw new InputError(name, value, `contains the shell metacharacter ${JSON.stringify(bad[0])}; inputs are never passed through a shell`);
  return value;
}
function validateOptions(raw, cwd = process.cwd()) {
  const { plain, plainLines } = readers(raw, cwd);
  return {
    from: required("from", plain("from")),
    to: required("to", plain("to")),
    via: plainLines("via"),
    ...optional("pathKey", pathKey(plain("path-key"))),
    ...validateSharedOptions(raw, cwd)
  };
}
function validateSharedOptions(raw, cwd = process.cwd()) {
  const { value, path, count, lines, plain, plainLines, oneOf } = readers(raw, cwd);
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
    provider,
    kubernetesVersion,
    kindVersion: k8sVersion("kind-version", plain("kind-version")),
    kubectlVersion: kubectlVersion(plain("kubectl-version"), kubernetesVersion, provider),
    clusterName,
    installArgs: refuseRedirection(lines("install-args").flatMap((line) => splitArguments("install-args", line))),
    profiles: plainLines("profile").flatMap((line) => line.split("+")),
    gatewayApi,
    installMethod: oneOf("install-method", INSTALL_METHODS),
    helmUpgradeValues: oneOf("helm-upgrade-values", HELM_VALUES_MODES),
    ...optional("chartRepo", /^https?:\/\//.test(chartRepo) ? chartRepo : path("chart-repo")),
    scenarios: plainLines("scenarios"),
    parallel: count("parallel", 1, 16),
    timeoutMs: duration("timeout", value("timeout")),
    stallMs: duration("stall-timeout", value("stall-timeout")),
    reportDir: path("report-dir") ?? resolve(cwd, "edge-canary-report"),
    keepCluster: boolean("keep-cluster", value("keep-cluster")),
    uploadArtifacts: boolean("upload-artifacts", value("upload-artifacts")),
    ...token ? { githubToken: token } : {},
    ...optional("toolsDir", path("tools-dir")),
    ...optional("releasesFile", path("releases-file"))
  };
}
function readers(raw, cwd) {
  const reader = optionReader(OPTIONS, raw, cwd);
  const plain = (name) => refuseShellMetacharacters(name, reader.value(name));
  const plainLines = (name) => reader.lines(name).map((line) => refuseShellMetacharacters(name, line));
  const oneOf = (name, allowed) => {
    const v = plain(name);
    if (!allowed.includes(v)) throw new InputError(name, v, `expected one of ${allowed.join(", ")}`);
    return v;
  };
  return { ...reader, plain, plainLines, oneOf };
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
    throw new InputError(
      "kubectl-version",
      v,
      `is more than one minor from kubernetes-version ${cluster}, outside kubectl's version skew policy; leave it empty to use ${cluster}`
    );
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

export {
  validateOptions,
  validateSharedOptions,
  PATH_KEY,
  PATH_KEY_ACCEPTS,
  kubectlVersion,
  boolean
};
