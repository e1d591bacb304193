import type { ImpactReview } from '../impact/model.js';
import type { ProxyVersion } from '../linkerd/proxy-versions.js';
import type { CommandRecord } from '../process/runner.js';
import type { ScenarioReport, StepWarning } from '../scenarios/model.js';
import type { ToolReport } from '../tools/tool-report.js';

import { code } from './markdown.js';

/** Bump on any change a reader of the JSON report could notice; docs/report.md describes it. */
export const REPORT_SCHEMA_VERSION = 5;

/**
 * `running`: the phase had not ended when the report was written. `warn`: it did its work, but
 * something Linkerd does not promise did not hold (its `warnings` say what): never a failure.
 */
export type Verdict = 'pass' | 'warn' | 'fail' | 'error' | 'skipped' | 'cancelled' | 'running';
/** `skipped`: the path cannot run as asked (a version lacks a setting of the install profile). */
export type RunResult = 'pass' | 'fail' | 'error' | 'skipped' | 'cancelled';

export interface PhaseReport {
  name: string;
  title: string;
  startedAt: string;
  durationMs: number;
  verdict: Verdict;
  /** Why it did not pass (or why it was skipped). */
  reason?: string;
  /** The command whose failure decided the verdict, when one did. */
  failedCommand?: CommandRecord;
  commands: CommandRecord[];
  /** Diagnostics and cluster deletion: timed and reported, but they never change the result. */
  cleanup?: true;
  /** What warned in this phase (verdict `warn`). */
  warnings?: StepWarning[];
}

/** A warning of the run: where (a phase, or `scenario:<name>@<phase>`), what and why it is no failure. */
export interface RunWarning extends StepWarning {
  where: string;
}

/** What a Helm run installed and upgraded, and how `helm upgrade` treated the old values. */
export interface HelmReport {
  valuesMode: 'reuse' | 'reset-then-reuse' | 'fresh';
  /** Every `helm install`/`upgrade` in order: the tag, the chart and the chart version it used. */
  releases: { tag: string; chart: string; version: string; action: 'install' | 'upgrade' }[];
}

export interface RunReport {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  tool: { name: 'edge-canary'; version: string };
  /** `running` in a report written mid-run, with `running` naming the phases under way. */
  result: RunResult | 'running';
  running?: string[];
  requested: { from: string; to: string };
  /** The upgrade path's stable name across runs (matrix key), when given. */
  pathKey?: string;
  /** The workflow run that produced it. */
  run?: { url: string; job?: string };
  from?: string;
  /** Intermediate versions of a multi-hop path, in order. */
  via?: string[];
  to?: string;
  provider: string;
  /** How Linkerd was installed and upgraded: its CLI, or its Helm charts. */
  installMethod?: 'cli' | 'helm';
  helm?: HelmReport;
  /** The install profile (several combine as `a+b`) and the version of each part. */
  profile?: { name: string; parts: { name: string; version: number; file?: string }[] };
  /** Who owned the Gateway API CRDs from the install of `from` on, when the cluster had them. */
  gatewayApi?: 'linkerd' | 'external';
  cluster?: { name: string; deleted: boolean };
  startedAt: string;
  durationMs: number;
  phases: PhaseReport[];
  /** `linkerd version --proxy` after the control-plane upgrade and after the data-plane roll. */
  proxyVersions: { stage: string; versions: ProxyVersion[] }[];
  tools: ToolReport[];
  /** Every scenario run at every phase it hooks into, in the order given. */
  scenarios: ScenarioReport[];
  /** Names of failed phases, then of failed scenarios (`scenario:<name>@<phase>`, `@<hop>` after it on a multi-hop path). */
  failed: string[];
  /** Every warning of the phases, then of the scenarios, then of the impact review: they never change `result`. */
  warnings: RunWarning[];
  /** What the upgrade changed, from the manifests the run applied (once `to` is upgraded to). */
  impact?: ImpactReview;
  diagnosticsDir?: string;
  /** An unexpected error (a bug or the environment), beyond what the phases say. */
  error?: string;
  /** Bad input found while resolving versions: the CLI exits 2 on it. */
  inputError?: { input: string; value: string; message: string };
}

export function resultOf(allPhases: readonly PhaseReport[], cancelled: boolean): RunResult {
  const phases = allPhases.filter((p) => !p.cleanup);
  if (cancelled || phases.some((p) => p.verdict === 'cancelled')) return 'cancelled';
  if (phases.some((p) => p.verdict === 'fail')) return 'fail';
  if (phases.some((p) => p.verdict === 'error')) return 'error';
  // A warning is reported apart (`warnings`): it never turns a run red.
  // Nothing ran: the path was skipped before any work (a version lacks a setting of the profile).
  if (phases.length && phases.every((p) => p.verdict === 'skipped')) return 'skipped';
  return 'pass';
}

/** The report as it stands mid-run: nothing is decided yet, whatever the phases so far say. */
export function inProgress(report: RunReport): RunReport {
  return { ...report, result: 'running', running: report.phases.filter((p) => p.verdict === 'running').map((p) => p.name) };
}

/** The report of a cancelled run that may not get to end by itself: phases under way are cancelled. */
export function asCancelled(report: RunReport): RunReport {
  const cancelled: RunReport = {
    ...report,
    result: 'cancelled',
    phases: report.phases.map((p) => (p.verdict === 'running' ? { ...p, verdict: 'cancelled', reason: 'cancelled while it ran' } : p)),
  };
  delete cancelled.running;
  return cancelled;
}

/** The upgrade path as the summaries name it: `from -> to` and, once known, the install profile. */
export function pathTitle(report: RunReport, markdown = false): string {
  const name = (text: string) => (markdown ? code(text) : text);
  const path = `${name(report.from ?? report.requested.from)} ${markdown ? '→' : '->'} ${name(report.to ?? report.requested.to)}`;
  return report.profile ? `${path} with profile ${name(report.profile.name)}` : path;
}
