import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import type { ClusterManager } from '../../src/cluster/provider.js';
import { collectDiagnostics, DIAGNOSTICS_BUDGET_MS } from '../../src/diagnostics/collect.js';
import { validateReportOptions } from '../../src/inputs/command-validate.js';
import { MAX_DURATION_MS } from '../../src/inputs/duration.js';
import { InputError } from '../../src/inputs/input-error.js';
import { validateOptions } from '../../src/inputs/validate.js';
import type { CommandResult, Runner } from '../../src/process/runner.js';
import { loadProfiles } from '../../src/profiles/load.js';
import { loadScenarioFile, parseScenario } from '../../src/scenarios/load.js';

function refusal(work: () => unknown): InputError {
  let error: unknown;
  try {
    work();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(InputError);
  return error as InputError;
}

async function asyncRefusal(work: () => Promise<unknown>): Promise<InputError> {
  const error = await work().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputError);
  return error as InputError;
}

describe('install-args may not send the install to another cluster, user or namespace', () => {
  const redirecting = [
    ['--kubeconfig /home/me/.kube/prod', '--kubeconfig'],
    ['--kubeconfig=/home/me/.kube/prod', '--kubeconfig=/home/me/.kube/prod'],
    ['--context=production', '--context=production'],
    ['--kube-context production', '--kube-context'],
    ['--cluster prod', '--cluster'],
    ['--server=https://10.0.0.1:6443', '--server=https://10.0.0.1:6443'],
    ['-s https://10.0.0.1:6443', '-s'],
    ['--token abc', '--token'],
    ['--as=admin', '--as=admin'],
    ['--as-group system:masters', '--as-group'],
    ['--user=admin', '--user=admin'],
    ['--insecure-skip-tls-verify', '--insecure-skip-tls-verify'],
    ['--api-addr=1.2.3.4:8085', '--api-addr=1.2.3.4:8085'],
    ['-L other', '-L'],
    ['--linkerd-namespace=other', '--linkerd-namespace=other'],
    ['-n kube-system', '-n'],
    ['-nkube-system', '-nkube-system'],
    ['--namespace=kube-system', '--namespace=kube-system'],
    ["--ha '--context=quoted'", '--context=quoted'],
  ];
  for (const [line, named] of redirecting) {
    it(line!, () => {
      expect(
        refusal(() => validateOptions({ 'install-args': line! })).message.startsWith(
          `invalid install-args ${JSON.stringify(named)}: points the install at another cluster`,
        ),
      ).toBe(true);
    });
  }

  it('keeps the arguments that change only what is installed', () => {
    const config = validateOptions({ 'install-args': '--ha\n--set namespace=x\n-f values.yaml\n--set-string proxy.logLevel=debug --values=v.yaml' });
    expect(config.installArgs).toEqual(['--ha', '--set', 'namespace=x', '-f', 'values.yaml', '--set-string', 'proxy.logLevel=debug', '--values=v.yaml']);
  });
});

describe('repository and issue-label are what GitHub accepts', () => {
  const report = (extra: Record<string, string>) =>
    validateReportOptions({ reports: '/r', 'github-token': 't', 'open-issues': 'true', repository: 'linkerd/linkerd2', ...extra });

  for (const repository of [
    'o/r/x',
    '-o/r',
    'o-/r',
    'o--o/r',
    `${'a'.repeat(40)}/r`,
    `o/${'r'.repeat(101)}`,
    'o/..',
    'o/.',
    'o/r?x',
    '../r',
    'o/r#1',
    'o /r',
  ]) {
    it(`refuses repository ${JSON.stringify(repository)}`, () => {
      expect(refusal(() => report({ repository })).input).toBe('repository');
    });
  }
  for (const repository of ['linkerd/linkerd2', 'a/b.c_d-e', 'a-b/.github', `${'a'.repeat(39)}/${'r'.repeat(100)}`]) {
    it(`takes repository ${repository.slice(0, 30)}`, () => {
      const [owner, repo] = repository.split('/');
      expect(report({ repository }).repository).toEqual({ owner, repo });
    });
  }

  for (const label of ['a,b', 'x'.repeat(51), '🐤'.repeat(51), 'line\nbreak', 'tab\there', 'nul\u0000']) {
    it(`refuses issue-label ${JSON.stringify(label).slice(0, 30)}`, () => {
      expect(refusal(() => report({ 'issue-label': label })).input).toBe('issue-label');
    });
  }
  for (const label of ['edge-canary', 'canary 🐤', 'x'.repeat(50), '🐤'.repeat(50), 'area/upgrade: nightly']) {
    it(`takes issue-label ${label.slice(0, 30)}`, () => {
      expect(report({ 'issue-label': label }).issueLabel).toBe(label);
    });
  }
});

/** Just under the timer's limit: fits alone, not with a grace added. */
const NEAR_LIMIT = `${Math.floor(MAX_DURATION_MS / 1000) - 3}s`;

const scenarioWith = (operation: string) => `name: s
description: d
phases: [before-upgrade]
steps:
  - name: s
    try:
      - ${operation}
`;

describe('durations fit the timer with the grace the runner adds to them', () => {
  it('takes a run timeout just under the limit: run adds no grace', () => {
    expect(parseScenario('s.yaml', scenarioWith(`run: {argv: ["true"], timeout: ${NEAR_LIMIT}}`)).steps).toHaveLength(1);
  });
  for (const [operation, grace] of [
    [`wait: {for: condition=Ready, resource: pod/x, timeout: ${NEAR_LIMIT}}`, 10],
    [`linkerd-check: {wait: ${NEAR_LIMIT}}`, 15],
  ] as const) {
    it(operation, () => {
      expect(() => parseScenario('s.yaml', scenarioWith(operation))).toThrow(
        new RegExp(`with the ${grace}s the runner adds for the tool to report its own timeout, is longer than a timer can hold`),
      );
    });
  }
});

describe("a profile's preparation is checked before any cluster work, and its files come from its own folder", () => {
  const profile = (operation: string) => `name: mine
description: d
version: 1
prepare:
  - name: p
    try:
      - ${operation}
`;

  async function profileFolder(operation: string, files: Record<string, string> = {}): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'hostile-profile-'));
    await mkdir(join(dir, 'team'));
    await writeFile(join(dir, 'team', 'profile.yaml'), profile(operation));
    for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
    return dir;
  }

  const cases: [string, string, (dir: string) => Promise<void>, RegExp][] = [
    [
      'a file above its folder',
      'apply: {file: ../secret.yaml}',
      async () => undefined,
      /prepare\[0\]\.try\[0\]\.apply\.file: "\.\.\/secret\.yaml" is outside the folder of its file/,
    ],
    ['an absolute file', 'apply: {file: /etc/passwd}', async () => undefined, /"\/etc\/passwd" is outside the folder of its file/],
    [
      'a link out of its folder',
      'apply: {file: cm.yaml}',
      (dir) => symlink(join(dir, 'secret.yaml'), join(dir, 'team', 'cm.yaml')),
      /file "cm.yaml" is outside .*, the folder of the file naming it/,
    ],
    ['a FIFO', 'apply: {file: cm.yaml}', async (dir) => void (await execa('mkfifo', [join(dir, 'team', 'cm.yaml')])), /file "cm.yaml" is not a regular file/],
    ['a missing file', 'apply: {file: cm.yaml}', async () => undefined, /file "cm.yaml" cannot be read \(ENOENT\)/],
    [
      'a timeout past the timer',
      `wait: {for: condition=Ready, resource: pod/x, timeout: ${NEAR_LIMIT}}`,
      async () => undefined,
      /is longer than a timer can hold/,
    ],
  ];
  for (const [what, operation, prepare, message] of cases) {
    it(what, async () => {
      const dir = await profileFolder(operation, { 'secret.yaml': 'kind: Secret' });
      await prepare(dir);
      const error = await asyncRefusal(() => loadProfiles(['team/profile.yaml'], dir));
      expect(error.input).toBe('profile');
      expect(error.message).toContain(join(dir, 'team', 'profile.yaml'));
      expect(error.message).toMatch(message);
    });
  }

  it('reads a file inside its folder', async () => {
    const dir = await profileFolder('apply: {file: cm.yaml}');
    await writeFile(join(dir, 'team', 'cm.yaml'), 'kind: ConfigMap');
    expect((await loadProfiles(['team/profile.yaml'], dir)).name).toBe('mine');
  });

  it("checks a scenario's literal files when it is loaded too", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hostile-scenario-'));
    await writeFile(join(dir, 'secret.yaml'), 'kind: Secret');
    await symlink(join(dir, 'secret.yaml'), join(dir, 'inner.yaml'));
    await mkdir(join(dir, 's'));
    await symlink(join(dir, 'secret.yaml'), join(dir, 's', 'cm.yaml'));
    await writeFile(join(dir, 's', 's.yaml'), scenarioWith('apply: {file: cm.yaml}'));
    expect((await asyncRefusal(() => loadScenarioFile(join(dir, 's', 's.yaml')))).message).toMatch(
      /file "cm.yaml" is outside .*, the folder of the file naming it/,
    );
  });
});

describe('diagnostics end within their budget however slow the cluster', () => {
  it('gives each command at most what is left, and runs none once it is spent', async () => {
    let clock = 0;
    const given: number[] = [];
    // Every command hangs until its timeout: the slowest cluster there is.
    const hanging: Runner = (argv, options) => {
      given.push(options.timeoutMs);
      clock += options.timeoutMs;
      const pods = { items: Array.from({ length: 30 }, (_, i) => ({ metadata: { namespace: 'linkerd', name: `p${i}` } })) };
      const ok = argv.includes('pods') && argv.includes('json');
      const result: CommandResult = {
        argv,
        startedAt: '',
        durationMs: options.timeoutMs,
        outcome: ok ? 'exit' : 'timeout',
        exitCode: ok ? 0 : null,
        outputTail: '',
        ok,
        stdout: ok ? JSON.stringify(pods) : '',
        stderr: '',
      };
      return Promise.resolve(result);
    };
    const manager: ClusterManager = {
      delete: () => Promise.resolve(),
      exportLogs: (_cluster, _dir, run) => run(['kind', 'export', 'logs'], { timeoutMs: 600_000 }).then(() => undefined),
      stopNow: () => '',
    };
    const dir = join(await mkdtemp(join(tmpdir(), 'diagnostics-budget-')), 'diagnostics');
    const cluster = { provider: 'kind' as const, name: 'c', kubeconfig: 'k', owned: true };
    const error = await collectDiagnostics({
      run: hanging,
      kubectl: 'kubectl',
      linkerd: 'linkerd',
      helm: { argv: ['helm'], releases: ['linkerd-control-plane'] },
      cluster,
      manager,
      dir,
      budgetMs: DIAGNOSTICS_BUDGET_MS,
      now: () => clock,
    }).catch((e: unknown) => e as Error);
    expect(clock).toBeLessThanOrEqual(DIAGNOSTICS_BUDGET_MS);
    expect(Math.max(...given)).toBeLessThanOrEqual(60_000);
    expect((error as Error).message).toMatch(/the provider's logs: not run: the diagnostics' 300s were spent/);
  });
});
