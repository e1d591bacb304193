import type { CommandRecord } from '../../src/process/runner.js';
import { REPORT_SCHEMA_VERSION, type PhaseReport, type RunReport } from '../../src/report/model.js';

export function command(overrides: Partial<CommandRecord> = {}): CommandRecord {
  return {
    argv: ['linkerd', 'upgrade'],
    startedAt: '2026-11-28T10:00:01.000Z',
    durationMs: 1500,
    outcome: 'exit',
    exitCode: 0,
    outputTail: '',
    ...overrides,
  };
}

export function phase(name: string, overrides: Partial<PhaseReport> = {}): PhaseReport {
  return { name, title: name, startedAt: '2026-11-28T10:00:00.000Z', durationMs: 2000, verdict: 'pass', commands: [], ...overrides };
}

export function runReport(overrides: Partial<RunReport> = {}): RunReport {
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'edge-canary', version: '0.1.0' },
    result: 'pass',
    requested: { from: 'previous-edge', to: 'latest-edge' },
    from: 'edge-26.8.2',
    to: 'edge-26.8.3',
    provider: 'kwok',
    startedAt: '2026-11-28T10:00:00.000Z',
    durationMs: 65_000,
    phases: [phase('resolve-versions')],
    proxyVersions: [],
    tools: [],
    scenarios: [],
    failed: [],
    warnings: [],
    ...overrides,
  };
}
