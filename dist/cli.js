import { createRequire as __edgeCanaryRequire } from 'node:module'; const require = __edgeCanaryRequire(import.meta.url);
import {
  OPTIONS,
  ReleaseList,
  abortOnSignals,
  executeRun,
  releaseLoader,
  resolveVersions,
  seconds,
  validateOptions
} from "./chunks/chunk-VVYPY5QU.js";
import {
  InputError
} from "./chunks/chunk-IZC7RKSB.js";

// src/cli.ts
import { parseArgs } from "node:util";

// src/report/terminal.ts
var COLOUR = { pass: "32", fail: "31", error: "33", skipped: "90", cancelled: "35" };
function terminalSummary(report, colour) {
  const paint = (verdict, text) => colour ? `\x1B[${COLOUR[verdict]}m${text}\x1B[0m` : text;
  const from = report.from ?? report.requested.from;
  const to = report.to ?? report.requested.to;
  const lines = [`edge-canary ${paint(report.result, report.result.toUpperCase())}: ${from} -> ${to} on ${report.provider} (${seconds(report.durationMs)})`];
  const problem = report.inputError?.message ?? report.error;
  if (problem) lines.push(`  ${problem}`);
  const width = Math.max(0, ...report.phases.map((p) => p.title.length));
  for (const p of report.phases) {
    lines.push(`  ${p.title.padEnd(width)}  ${paint(p.verdict, p.verdict.padEnd(9))} ${seconds(p.durationMs).padStart(7)}${p.reason ? `  ${p.reason}` : ""}`);
    if (p.failedCommand && p.verdict !== "pass") {
      for (const line of p.failedCommand.outputTail.split("\n").slice(-15)) lines.push(`      | ${line}`);
    }
  }
  for (const stage of report.proxyVersions) {
    lines.push(`  proxies ${stage.stage}: ${stage.versions.map((v) => `${v.version} (${v.pods})`).join(", ") || "none"}`);
  }
  if (report.diagnosticsDir) lines.push(`  diagnostics: ${report.diagnosticsDir}`);
  return lines.join("\n");
}

// src/cli.ts
var EXIT = { pass: 0, fail: 1, error: 2, cancelled: 130 };
var USAGE = `edge-canary: canary-test a Linkerd upgrade (install from, upgrade to, check, report)

Usage:
  edge-canary run [options]        run the canary
  edge-canary versions [options]   print how --from and --to resolve (uses only the release list)
  edge-canary --help

Options (the same as the GitHub Action's inputs):
${OPTIONS.map((o) => {
  const flag = o.kind === "boolean" ? `--${o.name}` : `--${o.cliFlag ?? o.name} <${o.kind === "lines" ? "value, repeatable" : o.kind === "duration" ? "duration" : "value"}>`;
  const def = o.cliDefault ?? o.default;
  return `  ${flag.padEnd(40)} ${o.description}${def ? ` Default: ${def}.` : ""}`;
}).join("\n")}

Environment: GITHUB_TOKEN is used when --github-token is not given.
Exit codes: 0 pass, 1 fail, 2 error or bad input, 130 cancelled.`;
function parseCommandLine(argv) {
  const options = { help: { type: "boolean", short: "h" } };
  for (const o of OPTIONS) {
    options[o.cliFlag ?? o.name] = o.kind === "boolean" ? { type: "boolean" } : { type: "string", multiple: o.kind === "lines" };
  }
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    const message = error.message.replace(/\s*\n\s*/g, " ");
    throw new InputError("command line", argv.join(" "), `${message}; see edge-canary --help`);
  }
  const raw = {};
  for (const o of OPTIONS) {
    const value = parsed.values[o.cliFlag ?? o.name];
    if (value === void 0) {
      if (o.cliDefault !== void 0) raw[o.name] = o.cliDefault;
    } else {
      raw[o.name] = Array.isArray(value) ? value.join("\n") : String(value);
    }
  }
  if (!raw["github-token"] && process.env.GITHUB_TOKEN) raw["github-token"] = process.env.GITHUB_TOKEN;
  const [command = "", ...extra] = parsed.positionals;
  if (extra.length) throw new InputError("command line", extra.join(" "), "unexpected arguments; see edge-canary --help");
  return { command, raw, help: parsed.values.help === true };
}
async function main(argv) {
  const { command, raw, help } = parseCommandLine(argv);
  if (help || command === "") {
    console.log(USAGE);
    return help ? 0 : 2;
  }
  const config = validateOptions(raw);
  if (command === "versions") {
    const resolved = resolveVersions(new ReleaseList(await releaseLoader(config)()), config);
    console.log(`from: ${resolved.from} (${config.from})
to:   ${resolved.to} (${config.to})`);
    return 0;
  }
  if (command !== "run") throw new InputError("command", command, "expected run or versions; see edge-canary --help");
  const controller = abortOnSignals();
  const { report, paths } = await executeRun(config, { signal: controller.signal, log: (line) => console.error(line) });
  if (report.inputError) {
    console.error(`edge-canary: ${report.inputError.message}`);
    return EXIT.error;
  }
  console.log(terminalSummary(report, process.stdout.isTTY === true));
  console.log(`report: ${paths.json}
junit:  ${paths.junit}`);
  return EXIT[report.result];
}
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(`edge-canary: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(EXIT.error);
  }
);
