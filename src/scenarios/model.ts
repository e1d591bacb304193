import type { Capability } from '../cluster/provider.js';
import type { CommandRecord } from '../process/runner.js';

export type HookPhase = 'before-upgrade' | 'after-control-plane-upgrade' | 'after-upgrade';

export interface TextExpectation {
  contains?: string;
  matches?: string;
  not?: string;
}

export type ManifestSource = { manifest: string } | { file: string };

export type Operation =
  | {
      run: {
        argv: string[];
        env?: Record<string, string>;
        timeout?: string;
        expect?: { exitCode?: number; stdout?: TextExpectation; stderr?: TextExpectation; maxDuration?: string };
      };
    }
  | { apply: ManifestSource }
  | { delete: ManifestSource }
  | { wait: { resource: string; for: string; timeout?: string } }
  | { assert: { resource: Record<string, unknown>; timeout?: string } }
  | { error: { resource: Record<string, unknown>; timeout?: string } }
  | { evict: { selector: string; namespace?: string; count?: number } };

export interface Step {
  name: string;
  try: Operation[];
  catch?: Operation[];
  finally?: Operation[];
}

/** A scenario file as validated by schema/scenario.schema.json, and where it came from. */
export interface Scenario {
  name: string;
  description: string;
  phases: HookPhase[];
  requires?: Capability[];
  timeout?: string;
  retries?: number;
  bindings?: Record<string, string>;
  steps: Step[];
  file: string;
}

export type ScenarioVerdict = 'pass' | 'fail' | 'error' | 'skipped' | 'flaky' | 'cancelled';

export interface OperationReport {
  /** `run`, `apply`, ... and a short description of what it did. */
  operation: string;
  section: 'try' | 'catch' | 'finally';
  verdict: 'pass' | 'fail' | 'error';
  durationMs: number;
  reason?: string;
  command?: CommandRecord;
}

export interface AttemptReport {
  verdict: 'pass' | 'fail' | 'error' | 'cancelled';
  durationMs: number;
  reason?: string;
  steps: { name: string; verdict: 'pass' | 'fail' | 'error'; operations: OperationReport[] }[];
}

export interface ScenarioReport {
  name: string;
  file: string;
  phase: HookPhase;
  verdict: ScenarioVerdict;
  /** Why it did not pass, or the capability it lacks when skipped. */
  reason?: string;
  durationMs: number;
  namespace?: string;
  /** Every attempt, first to last (a flaky scenario has a failed one before a passing one). */
  attempts: AttemptReport[];
}
