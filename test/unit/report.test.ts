import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { junitXml } from '../../src/report/junit.js';
import { resultOf } from '../../src/report/model.js';
import { SUMMARY_LIMIT_BYTES } from '../../src/report/markdown.js';
import { markdownSummary } from '../../src/report/summary.js';
import { terminalSummary } from '../../src/report/terminal.js';
import { command, phase, runReport } from '../helpers/report.js';

const failedUpgrade = runReport({
  result: 'fail',
  failed: ['upgrade-control-plane'],
  phases: [
    phase('resolve-versions', { title: 'Resolve versions', durationMs: 300 }),
    phase('install-from', { title: 'Install edge-26.8.2', startedAt: '2026-11-28T10:00:01.000Z', durationMs: 30_000 }),
    phase('upgrade-control-plane', {
      title: 'Upgrade control plane to edge-26.8.3',
      startedAt: '2026-11-28T10:00:31.000Z',
      verdict: 'fail',
      reason: 'linkerd upgrade (edge-26.8.3) could not render: exit code 1: linkerd upgrade',
      failedCommand: command({
        exitCode: 1,
        outputTail: `× Could not render upgrade configuration: render error in "linkerd-control-plane/templates/x.yaml": can't evaluate field name`,
      }),
    }),
  ],
  proxyVersions: [{ stage: 'after-control-plane-upgrade', versions: [{ version: 'edge-26.8.2', pods: 4 }] }],
});

describe('JUnit', () => {
  it('has one testcase per phase and the failure with its output, and parses back', () => {
    const xml = new XMLParser({ ignoreAttributes: false }).parse(junitXml(failedUpgrade));
    const suite = xml.testsuites.testsuite;
    expect(suite['@_name']).toBe('edge-canary edge-26.8.2 -> edge-26.8.3 (kwok)');
    expect(suite['@_tests']).toBe('3');
    expect(suite['@_failures']).toBe('1');
    const cases = suite.testcase as Record<string, unknown>[];
    expect(cases.map((c) => c['@_name'])).toEqual(['resolve-versions', 'install-from', 'upgrade-control-plane']);
    const failure = cases[2]!.failure as Record<string, string>;
    expect(failure['@_message']).toMatch(/could not render/);
    expect(cases[2]!['system-out']).toMatch(/Could not render upgrade configuration/);
  });

  it('marks errors, cancellations and skips distinctly', () => {
    const xml = new XMLParser({ ignoreAttributes: false }).parse(
      junitXml(
        runReport({
          phases: [
            phase('install-tools', { verdict: 'error', reason: 'tools-dir has no linkerd-edge-26.8.3' }),
            phase('create-cluster', { verdict: 'cancelled', reason: 'cancelled' }),
            phase('evicted-pods', { verdict: 'skipped', reason: 'needs capability kubelet-evictions' }),
          ],
        }),
      ),
    );
    const [error, cancelled, skipped] = xml.testsuites.testsuite.testcase as Record<string, Record<string, string>>[];
    expect(error!.error!['@_message']).toBe('tools-dir has no linkerd-edge-26.8.3');
    expect(cancelled!.error!['@_type']).toBe('cancelled');
    expect(skipped).toHaveProperty('skipped');
  });
});

describe('job summary', () => {
  it('states the verdict, the path, the phases and the failure with its command and tail', () => {
    const md = markdownSummary(failedUpgrade);
    expect(md).toMatch(/^## ❌ edge-canary: fail: `edge-26.8.2` → `edge-26.8.3` on kwok/);
    expect(md).toContain('| Upgrade control plane to edge-26.8.3 | ❌ fail | 2.0s |');
    expect(md).toContain('Ended: exit, exit code 1, after 1.5s');
    expect(md).toContain('Could not render upgrade configuration');
    expect(md).toContain('| after-control-plane-upgrade | `edge-26.8.2` | 4 |');
    expect(md).toMatch(/```mermaid\ngantt[\s\S]*Upgrade control plane to edge-26.8.3 :crit, 31000, 33000/);
  });

  it('stays under the summary limit however long the output tails are', () => {
    const huge = 'x'.repeat(1500);
    const phases = Array.from({ length: 40 }, (_, i) =>
      phase(`p${i}`, { verdict: 'fail', reason: 'r', failedCommand: command({ outputTail: Array(60).fill(huge).join('\n') }) }),
    );
    const md = markdownSummary(runReport({ result: 'fail', phases }));
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(SUMMARY_LIMIT_BYTES);
    expect(md).toContain('| p39 | ❌ fail |');
  });
});

describe('terminal summary', () => {
  it('prints colour only when asked (a TTY)', () => {
    expect(terminalSummary(failedUpgrade, false)).not.toContain('\u001b[');
    expect(terminalSummary(failedUpgrade, true)).toContain('\u001b[31mFAIL\u001b[0m');
    expect(terminalSummary(failedUpgrade, false)).toMatch(/\| × Could not render upgrade configuration/);
  });
});

describe('result of a run', () => {
  it('is fail over error, cancelled over both', () => {
    expect(resultOf([phase('a'), phase('b', { verdict: 'skipped' })], false)).toBe('pass');
    expect(resultOf([phase('a', { verdict: 'error' })], false)).toBe('error');
    expect(resultOf([phase('a', { verdict: 'error' }), phase('b', { verdict: 'fail' })], false)).toBe('fail');
    expect(resultOf([phase('a', { verdict: 'fail' })], true)).toBe('cancelled');
  });

  it('is not changed by a cleanup phase that failed', () => {
    expect(resultOf([phase('a'), phase('delete-cluster', { verdict: 'error', cleanup: true })], false)).toBe('pass');
  });
});
