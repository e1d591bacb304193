#!/usr/bin/env node
import { createRequire as __edgeCanaryRequire } from 'node:module'; const require = __edgeCanaryRequire(import.meta.url);
import {
  buildMatrix,
  newEdgesLine,
  watchNewEdges
} from "./chunks/chunk-6IC2JDYH.js";
import {
  buildReport
} from "./chunks/chunk-RERRWILK.js";
import {
  bisectCommand
} from "./chunks/chunk-5VWZSL2G.js";
import {
  ReleaseList,
  ToolSet,
  abortOnSignals,
  builtInNames,
  checkScenarios,
  executeRun,
  loadScenarios,
  releaseLoader,
  resolveVersions
} from "./chunks/chunk-GZPZPHTI.js";
import {
  redact
} from "./chunks/chunk-4HFCRDH6.js";
import {
  bisectExitCode
} from "./chunks/chunk-QBSXHSWR.js";
import "./chunks/chunk-YIAEUNOQ.js";
import {
  BISECT_OPTIONS,
  MATRIX_OPTIONS,
  REPORT_OPTIONS,
  VERSIONS_OPTIONS,
  validateBisectOptions,
  validateMatrixOptions,
  validateReportOptions
} from "./chunks/chunk-HKXARKT6.js";
import {
  DEFAULT_KIND_VERSION,
  DEFAULT_KUBERNETES_VERSION,
  DEFAULT_KWOK_VERSION,
  InputError,
  OPTIONS,
  pathTitle,
  seconds,
  validateOptions
} from "./chunks/chunk-EJBFZBM7.js";
import "./chunks/chunk-FYXLAI4J.js";

// src/cli.ts
import { parseArgs } from "node:util";

// src/commands/tools.ts
import { access, constants, mkdir, symlink } from "node:fs/promises";
import { join } from "node:path";
async function fetchToolsInto(dir, names, downloads) {
  await mkdir(dir, { recursive: true });
  const result = { lines: [], problems: [] };
  for (const name of names) {
    const target = join(dir, name === "gateway-api-crds" ? "gateway-api-crds.yaml" : name);
    if (await access(target, constants.R_OK).then(() => true, () => false)) {
      result.lines.push(`${name}: in ${dir}`);
      continue;
    }
    try {
      const tool = await downloads.get(name);
      await symlink(tool.path, target);
      result.lines.push(`${name}: ${tool.source} ${tool.version}, sha256 ${tool.sha256 ?? "unknown"}${tool.verified ? " (verified)" : " (no published digest)"}`);
    } catch (error) {
      result.problems.push(`${name}: not in ${dir}, and the download failed (${error.message}); put it there as ${target}`);
    }
  }
  return result;
}

// src/cli.ts
import { resolve } from "node:path";

// src/report/terminal.ts
var COLOUR = { pass: "32", fail: "31", error: "33", skipped: "90", cancelled: "35", running: "34", flaky: "36" };
function terminalSummary(report, colour) {
  const paint = (verdict, text) => colour ? `\x1B[${COLOUR[verdict]}m${text}\x1B[0m` : text;
  const lines = [`edge-canary ${paint(report.result, report.result.toUpperCase())}: ${pathTitle(report)} on ${report.provider} (${seconds(report.durationMs)})`];
  const problem = report.inputError?.message ?? report.error;
  if (problem) lines.push(`  ${problem}`);
  const width = Math.max(0, ...report.phases.map((p) => p.title.length));
  for (const p of report.phases) {
    lines.push(`  ${p.title.padEnd(width)}  ${paint(p.verdict, p.verdict.padEnd(9))} ${seconds(p.durationMs).padStart(7)}${p.reason ? `  ${p.reason}` : ""}`);
    if (p.failedCommand && p.verdict !== "pass") {
      for (const line of p.failedCommand.outputTail.split("\n").slice(-15)) lines.push(`      | ${line}`);
    }
  }
  for (const s of report.scenarios) {
    lines.push(`  scenario ${s.name} (${s.phase})  ${paint(s.verdict, s.verdict)}${s.reason ? `  ${s.reason}` : ""}`);
  }
  for (const stage of report.proxyVersions) {
    lines.push(`  proxies ${stage.stage}: ${stage.versions.map((v) => `${v.version} (${v.pods})`).join(", ") || "none"}`);
  }
  if (report.diagnosticsDir) lines.push(`  diagnostics: ${report.diagnosticsDir}`);
  return lines.join("\n");
}

// src/cli.ts
var EXIT = { pass: 0, fail: 1, error: 2, skipped: 3, cancelled: 130 };
var COMMANDS = {
  run: { summary: "run the canary: install from, upgrade to, check, report", options: OPTIONS },
  versions: { summary: "print how --from and --to resolve, or with --new-since which edges are new (uses only the release list)", options: VERSIONS_OPTIONS },
  matrix: { summary: "print the nightly upgrade paths (JSON for strategy.matrix) and their table", options: MATRIX_OPTIONS },
  report: { summary: "aggregate the reports of matrix jobs into one summary (and tracked issues)", options: REPORT_OPTIONS },
  bisect: { summary: "find the first release whose upgrade fails the way a failing path does", options: BISECT_OPTIONS }
};
function optionHelp(options) {
  return options.map((o) => {
    const flag = o.kind === "boolean" ? `--${o.name}` : `--${o.cliFlag ?? o.name} <${o.kind === "lines" ? "value, repeatable" : o.kind === "duration" ? "duration" : "value"}>`;
    const def = o.cliDefault ?? o.default;
    return `  ${flag.padEnd(40)} ${o.description}${def ? ` Default: ${def}.` : ""}`;
  }).join("\n");
}
var USAGE = `edge-canary: canary-test Linkerd upgrades

Usage: edge-canary <command> [options]

${Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`).join("\n")}
  tools fetch <tool...> --tools-dir <dir>
                                 put tools (linkerd-<tag>, kubectl, ...) into a tools dir, downloaded and
                                 digest-checked as the action gets them, or say which are missing
  scenarios list                 the built-in scenarios
  scenarios validate <files...>  check scenario files (files, directories or globs) without running them

Options of run and versions (the same as the GitHub Action's inputs):
${optionHelp(OPTIONS)}

Options of versions only:
${optionHelp(VERSIONS_OPTIONS.filter((o) => !OPTIONS.includes(o)))}

Options of matrix (the matrix sub-action's inputs):
${optionHelp(MATRIX_OPTIONS)}

Options of report (the report sub-action's inputs):
${optionHelp(REPORT_OPTIONS)}

Options of bisect (the bisect sub-action's inputs): those of run but via, and
${optionHelp(BISECT_OPTIONS.filter((o) => !OPTIONS.includes(o)))}

Environment: GITHUB_TOKEN is used when --github-token is not given.
Exit codes: 0 pass, 1 fail, 2 error or bad input, 3 skipped (a version lacks a setting of the profile), 130 cancelled.
bisect: 0 a first bad release was found, 1 the failure did not reproduce, 2 bad input.`;
function parseOptions(argv, specs) {
  const options = {};
  for (const o of specs) {
    options[o.cliFlag ?? o.name] = o.kind === "boolean" ? { type: "boolean" } : { type: "string", multiple: o.kind === "lines" };
  }
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    const message = redact(error.message.replace(/\s*\n\s*/g, " "), [process.env.GITHUB_TOKEN ?? ""]);
    throw new InputError("command line", flagsOnly(argv), `${message}; see edge-canary --help`);
  }
  if (parsed.positionals.length) {
    throw new InputError("command line", flagsOnly(parsed.positionals), "unexpected arguments; see edge-canary --help");
  }
  const raw = {};
  for (const o of specs) {
    const value = parsed.values[o.cliFlag ?? o.name];
    if (value === void 0) {
      if (o.cliDefault !== void 0) raw[o.name] = o.cliDefault;
    } else {
      raw[o.name] = Array.isArray(value) ? value.join("\n") : String(value);
    }
  }
  if (!raw["github-token"] && process.env.GITHUB_TOKEN && specs.some((o) => o.name === "github-token")) raw["github-token"] = process.env.GITHUB_TOKEN;
  return raw;
}
function flagsOnly(argv) {
  return argv.map((a) => a.startsWith("-") ? a.replace(/=.*/s, "=\u2026") : "\u2026").join(" ");
}
async function main(argv) {
  const [command = "", ...rest] = argv;
  if (command === "--help" || command === "-h" || rest.includes("--help")) {
    console.log(USAGE);
    return 0;
  }
  if (command === "scenarios") return scenariosCommand(rest);
  if (command === "tools") return toolsCommand(rest);
  const spec = COMMANDS[command];
  if (!spec) {
    if (command === "") console.log(USAGE);
    else throw new InputError("command", command, `expected one of ${Object.keys(COMMANDS).join(", ")}; see edge-canary --help`);
    return EXIT.error;
  }
  const raw = parseOptions(rest, spec.options);
  switch (command) {
    case "versions": {
      const { "new-since": newSince, ...runRaw } = raw;
      const config = validateOptions(runRaw);
      if (newSince) {
        console.log(newEdgesLine(await watchNewEdges(resolve(newSince), new ReleaseList(await releaseLoader(config)()))).replace(/`/g, ""));
        return 0;
      }
      const resolved = resolveVersions(new ReleaseList(await releaseLoader(config)()), config);
      console.log(`from: ${resolved.from} (${config.from})
to:   ${resolved.to} (${config.to})`);
      return 0;
    }
    case "matrix": {
      const result = await buildMatrix(validateMatrixOptions(raw));
      console.error(result.markdown);
      console.log(JSON.stringify(result.matrix));
      return 0;
    }
    case "report": {
      const result = await buildReport(validateReportOptions(raw), { warn: (m) => console.error(`warning: ${m}`) });
      console.log(result.markdown);
      console.error(`aggregate: ${result.aggregatePath}`);
      return result.aggregate.result === "pass" ? EXIT.pass : result.aggregate.result === "fail" ? EXIT.fail : EXIT.error;
    }
    case "bisect": {
      const result = await bisectCommand(validateBisectOptions(raw), { signal: abortOnSignals().signal, log: (line) => console.error(line) });
      console.log(result.markdown);
      console.log(`bisect: ${result.jsonPath}`);
      return bisectExitCode(result.report);
    }
    default: {
      const config = validateOptions(raw);
      const controller = abortOnSignals();
      const { report, paths } = await executeRun(config, { signal: controller.signal, log: (line) => console.error(line) });
      if (report.inputError) {
        console.error(`edge-canary: ${report.inputError.message}`);
        return EXIT.error;
      }
      console.log(terminalSummary(report, process.stdout.isTTY === true));
      console.log(`report: ${paths.json}
junit:  ${paths.junit}`);
      return report.result === "running" ? EXIT.error : EXIT[report.result];
    }
  }
}
async function toolsCommand(argv) {
  const { values, positionals } = parseArgs({ args: argv, options: { "tools-dir": { type: "string" } }, allowPositionals: true, strict: true });
  const [sub, ...names] = positionals;
  const dir = values["tools-dir"];
  if (sub !== "fetch" || names.length === 0 || !dir) {
    throw new InputError("command", ["tools", ...argv].join(" "), "expected tools fetch <tool...> --tools-dir <dir>");
  }
  const downloads = new ToolSet({ kubectl: DEFAULT_KUBERNETES_VERSION, kind: DEFAULT_KIND_VERSION, kwok: DEFAULT_KWOK_VERSION });
  const result = await fetchToolsInto(resolve(dir), names, downloads);
  for (const line of result.lines) console.log(line);
  for (const problem of result.problems) console.error(problem);
  return result.problems.length ? EXIT.error : EXIT.pass;
}
async function scenariosCommand([sub, ...entries]) {
  if (sub === "list") {
    const names = await builtInNames();
    if (names.length === 0) console.log("no built-in scenarios in this release");
    for (const s of await loadScenarios(names)) console.log(`${s.name.padEnd(24)} ${s.phases.join(", ").padEnd(30)} ${s.description}`);
    return EXIT.pass;
  }
  if (sub !== "validate" || entries.length === 0) {
    throw new InputError("command", ["scenarios", sub ?? ""].join(" ").trim(), "expected scenarios list, or scenarios validate <files, directories or globs>");
  }
  const { scenarios, problems } = await checkScenarios(entries);
  for (const s of scenarios.filter((x) => !problems.some((p) => p.value === x.file))) console.log(`ok ${s.file} (${s.name})`);
  for (const problem of problems) console.error(problem.message);
  return problems.length ? EXIT.error : EXIT.pass;
}
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(`edge-canary: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(EXIT.error);
  }
);
