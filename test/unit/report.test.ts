import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { aggregate } from '../../src/aggregate/aggregate.js';
import { aggregateMarkdown } from '../../src/aggregate/summary.js';
import { aggregateGrid } from '../../src/aggregate/terminal.js';
import { junitXml } from '../../src/report/junit.js';
import { resultOf } from '../../src/report/model.js';
import type { ScenarioReport } from '../../src/scenarios/model.js';
import { SUMMARY_LIMIT_BYTES } from '../../src/report/markdown.js';
import { markdownSummary } from '../../src/report/summary.js';
import { terminalSummary } from '../../src/report/terminal.js';
import { reportFiles } from '../../src/report/write.js';
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
    expect(md).toMatch(/^## ❌ edge-canary: fail: `edge-26.8.2` → `edge-26.8.3` on `kwok`/);
    expect(md).toContain('| `Upgrade control plane to edge-26.8.3` | ❌ fail | 2.0s |');
    expect(md).toContain('Ended: exit, exit code 1, after 1.5s');
    expect(md).toContain('Could not render upgrade configuration');
    expect(md).toContain('| `after-control-plane-upgrade` | `edge-26.8.2` | 4 |');
    expect(md).toMatch(/```mermaid\ngantt[\s\S]*Upgrade control plane to edge-26.8.3 :crit, 31000, 33000/);
  });

  it('names the chart versions and values mode of a Helm run, and nothing of Helm for the CLI', () => {
    const helm = {
      valuesMode: 'reuse' as const,
      releases: [
        { tag: 'edge-26.8.2', chart: 'linkerd-crds', version: '2026.8.2', action: 'install' as const },
        { tag: 'edge-26.8.3', chart: 'linkerd-control-plane', version: '2026.8.3', action: 'upgrade' as const },
      ],
    };
    expect(markdownSummary({ ...failedUpgrade, installMethod: 'helm', helm })).toContain(
      'Installed with Helm, `helm-upgrade-values: reuse`: install `linkerd-crds` 2026.8.2, upgrade `linkerd-control-plane` 2026.8.3.',
    );
    expect(markdownSummary(failedUpgrade)).not.toContain('Helm');
  });

  it('stays under the summary limit however long the output tails are', () => {
    const huge = 'x'.repeat(1500);
    const phases = Array.from({ length: 40 }, (_, i) =>
      phase(`p${i}`, { verdict: 'fail', reason: 'r', failedCommand: command({ outputTail: Array(60).fill(huge).join('\n') }) }),
    );
    const md = markdownSummary(runReport({ result: 'fail', phases }));
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(SUMMARY_LIMIT_BYTES);
    expect(md).toContain('| `p39` | ❌ fail |');
  });
});

describe('report dir', () => {
  it('uploads only what edge-canary wrote', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'report-files-'));
    for (const file of [
      'report.json',
      'junit.xml',
      'summary.md',
      'manifests/install-1.yaml',
      'diagnostics/get-all.txt',
      'diagnostics/kind/logs.txt',
      '.env',
      'secrets/token',
      'report.json.1234.tmp',
      'manifests.txt',
    ]) {
      await mkdir(dirname(join(dir, file)), { recursive: true });
      await writeFile(join(dir, file), 'x');
    }
    await mkdir(join(dir, 'summary.md.d'));
    expect((await reportFiles(dir)).map((f) => relative(dir, f))).toEqual([
      'diagnostics/get-all.txt',
      'diagnostics/kind/logs.txt',
      'junit.xml',
      'manifests/install-1.yaml',
      'report.json',
      'summary.md',
    ]);
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

  it('is skipped only when every phase was skipped (nothing was tested)', () => {
    expect(resultOf([phase('resolve-versions', { verdict: 'skipped' })], false)).toBe('skipped');
    expect(resultOf([phase('resolve-versions', { verdict: 'skipped' }), phase('delete-cluster', { cleanup: true })], false)).toBe('skipped');
  });

  it('is not changed by a cleanup phase that failed', () => {
    expect(resultOf([phase('a'), phase('delete-cluster', { verdict: 'error', cleanup: true })], false)).toBe('pass');
  });
});

describe('scenarios in the reports', () => {
  const scenarios: ScenarioReport[] = [
    {
      name: 'workload-survives',
      file: 'a.yaml',
      phase: 'after-upgrade',
      verdict: 'pass',
      durationMs: 2000,
      attempts: [{ verdict: 'pass', durationMs: 2000, steps: [] }],
    },
    {
      name: 'second-try',
      file: 'b.yaml',
      phase: 'after-upgrade',
      verdict: 'flaky',
      reason: 'passed on attempt 2 after: exit code 1',
      durationMs: 3000,
      attempts: [
        { verdict: 'fail', durationMs: 1000, steps: [] },
        { verdict: 'pass', durationMs: 2000, steps: [] },
      ],
    },
    {
      name: 'replicas-drift',
      file: 'c.yaml',
      phase: 'after-upgrade',
      verdict: 'fail',
      reason: 'step "check": assert: deployment.apps/web: spec.replicas: expected 3, found 2',
      durationMs: 2500,
      attempts: [
        {
          verdict: 'fail',
          durationMs: 2500,
          steps: [
            {
              name: 'check',
              verdict: 'fail',
              operations: [
                {
                  operation: 'assert',
                  section: 'try',
                  verdict: 'fail',
                  durationMs: 2000,
                  command: command({ argv: ['kubectl', 'get', 'deployment.apps/web'], outputTail: '"replicas": 2' }),
                },
              ],
            },
          ],
        },
      ],
    },
    {
      name: 'needs-dataplane',
      file: 'd.yaml',
      phase: 'after-upgrade',
      verdict: 'skipped',
      reason: 'needs dataplane, which this cluster does not have',
      durationMs: 0,
      attempts: [],
    },
  ];
  const withScenarios = runReport({ result: 'fail', scenarios, failed: ['scenario:replicas-drift@after-upgrade'] });

  it('lists each scenario with its verdict, attempts and reason, and details the failure', () => {
    const md = markdownSummary(withScenarios);
    expect(md).toContain('| `second-try` | `after-upgrade` | 🔁 flaky | 2 | 3.0s | `passed on attempt 2 after: exit code 1` |');
    expect(md).toContain('| `needs-dataplane` | `after-upgrade` | ⏭️ skipped | 0 | 0.0s | `needs dataplane, which this cluster does not have` |');
    expect(md).toContain('<b>scenario <code>replicas-drift</code></b> (<code>after-upgrade</code>)');
    expect(md).toContain('Command: `kubectl get deployment.apps/web`');
  });

  it('gives each scenario a JUnit testcase; flaky passes with a property saying so', () => {
    const suite = new XMLParser({ ignoreAttributes: false }).parse(junitXml(withScenarios)).testsuites.testsuite;
    const cases = (suite.testcase as Record<string, unknown>[]).filter((c) => String(c['@_classname']).startsWith('edge-canary.scenarios'));
    expect(cases.map((c) => c['@_name'])).toEqual(['workload-survives', 'second-try', 'replicas-drift', 'needs-dataplane']);
    expect(cases[1]).not.toHaveProperty('failure');
    expect(JSON.stringify(cases[1])).toContain('flaky');
    expect((cases[2]!.failure as Record<string, string>)['@_message']).toMatch(/expected 3, found 2/);
    expect(cases[3]).toHaveProperty('skipped');
  });
});

describe('the install profile in every rendering', () => {
  it('names the profile in the summary, the terminal, and the JUnit suite', () => {
    const report = runReport({
      profile: {
        name: 'ha+external-issuer',
        parts: [
          { name: 'ha', version: 1 },
          { name: 'external-issuer', version: 1 },
        ],
      },
    });
    expect(markdownSummary(report)).toMatch(/^## ✅ edge-canary: pass: `edge-26.8.2` → `edge-26.8.3` with profile `ha\+external-issuer` on `kwok`/);
    expect(terminalSummary(report, false)).toMatch(/^edge-canary PASS: edge-26.8.2 -> edge-26.8.3 with profile ha\+external-issuer on kwok/);
    const junit = new XMLParser({ ignoreAttributes: false }).parse(junitXml(report));
    expect(junit.testsuites.testsuite['@_name']).toBe('edge-canary edge-26.8.2 -> edge-26.8.3 with profile ha+external-issuer (kwok)');
  });
});

describe('warnings in every rendering, never as a failure', () => {
  const warning = {
    step: 'the from CLI against the to control plane',
    reason: 'run: exit code 2, expected 0: linkerd-edge-25.10.7 inject --manual w.yaml\npanic: nil pointer',
    why: 'nothing promises an older CLI works against a newer control plane',
    command: command({ argv: ['linkerd-edge-25.10.7', 'inject', '--manual', 'w.yaml'], exitCode: 2, outputTail: 'panic: nil pointer' }),
  };
  const warned: ScenarioReport = {
    name: 'cli-skew',
    file: 'cli-skew.yaml',
    phase: 'after-upgrade',
    verdict: 'warn',
    reason: `step "${warning.step}": ${warning.reason}`,
    durationMs: 1000,
    attempts: [{ verdict: 'warn', durationMs: 1000, steps: [], warnings: [warning] }],
    warnings: [warning],
  };
  const report = runReport({
    result: 'pass',
    phases: [phase('scenarios@after-upgrade', { verdict: 'warn', reason: 'cli-skew: ...' })],
    scenarios: [warned],
    warnings: [{ where: 'scenario:cli-skew@after-upgrade', ...warning }],
  });

  it('the job summary counts them in its first lines and details each with why, its command and output', () => {
    const md = markdownSummary(report);
    expect(md.split('\n')[0]).toMatch(/^## ✅ edge-canary: pass/);
    expect(md).toContain('⚠️ 1 warning (never a failure): `scenario:cli-skew@after-upgrade`.');
    expect(md).toContain('### Warnings');
    expect(md).toContain('Why only a warning: `nothing promises an older CLI works against a newer control plane`');
    expect(md).toContain('Command: `linkerd-edge-25.10.7 inject --manual w.yaml`');
    expect(md).toContain('panic: nil pointer');
    expect(md).not.toContain('### What failed');
  });

  it('JUnit passes the testcase with a warning property and the detail in its output', () => {
    const suite = new XMLParser({ ignoreAttributes: false }).parse(junitXml(report)).testsuites.testsuite;
    const cases = suite.testcase as Record<string, unknown>[];
    const scenario = cases.find((c) => c['@_name'] === 'cli-skew')!;
    expect(scenario).not.toHaveProperty('failure');
    expect(scenario).not.toHaveProperty('error');
    expect(JSON.stringify(scenario.properties)).toContain('warning');
    expect(String(scenario['system-out'])).toContain('why only a warning: nothing promises');
    expect(suite['@_failures']).toBe('0');
  });

  it('the terminal says pass with the warning, where, why and the command', () => {
    const text = terminalSummary(report, false);
    expect(text.split('\n')[0]).toMatch(/^edge-canary PASS with 1 warning: /);
    expect(text).toContain('warning scenario:cli-skew@after-upgrade: the from CLI against the to control plane: run: exit code 2');
    expect(text).toContain('why only a warning: nothing promises an older CLI');
    expect(text).toContain('$ linkerd-edge-25.10.7 inject --manual w.yaml');
  });

  it('the nightly aggregate keeps the path a pass and lists its warnings apart', () => {
    const agg = aggregate([{ ...report, pathKey: 'major-2.19' }]);
    expect(agg.result).toBe('pass');
    expect(agg.paths[0]).toMatchObject({
      result: 'pass',
      warnings: [{ where: 'scenario:cli-skew@after-upgrade', step: warning.step, reason: warning.reason }],
    });
    expect(agg.paths[0]!.firstFailure).toBeUndefined();
    const md = aggregateMarkdown(agg);
    expect(md).toContain('### ⚠️ Warnings');
    expect(md).toContain('| ✅ `pass` ⚠️ 1 |  |  |');
    expect(aggregateGrid(agg, false)).toContain(
      '~ edge-26.8.2 → edge-26.8.3: warning: scenario:cli-skew@after-upgrade: the from CLI against the to control plane',
    );
  });
});
