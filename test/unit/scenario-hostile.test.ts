import { mkdir, mkdtemp, readdir, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/inputs/input-error.js';
import { runScenario } from '../../src/scenarios/engine.js';
import { createRunner } from '../../src/process/runner.js';
import { checkScenarios, loadScenarioFile, parseScenario, readScenarioFile, SCENARIO_FILE_LIMIT_BYTES } from '../../src/scenarios/load.js';
import { runMain } from '../helpers/cli.js';
import { fakeToolsDir } from '../helpers/fake-tools.js';

const scenario = (name: string, extra = '') => `name: ${name}
description: d
phases: [before-upgrade]
${extra}steps:
  - name: s
    try:
      - apply: {manifest: "kind: ConfigMap"}
`;

async function folder(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'scenarios-hostile-'));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(join(dir, name, '..'), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  return dir;
}

async function refusal(work: () => Promise<unknown>): Promise<InputError> {
  const error = await work().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputError);
  return error as InputError;
}

describe('scenario files from someone else', () => {
  it('refuses a file over 1 MiB before reading it, naming the file', async () => {
    const dir = await folder({ 'big.yaml': `${scenario('big')}#${'x'.repeat(SCENARIO_FILE_LIMIT_BYTES)}\n` });
    const error = await refusal(() => loadScenarioFile(join(dir, 'big.yaml')));
    expect(error.message).toMatch(/invalid scenarios ".*big.yaml": is \d+ bytes; at most 1048576 \(1 MiB\) are read/);
  });

  it('refuses an alias bomb from its alias count, before expanding it', () => {
    const levels = Array.from({ length: 10 }, (_, i) => `l${i + 1}: &l${i + 1} [${Array(9).fill(`*l${i}`).join(', ')}]`);
    const bomb = `${scenario('bomb')}l0: &l0 "lol"\n${levels.join('\n')}\n`;
    expect(() => parseScenario('bomb.yaml', bomb)).toThrow(/invalid scenarios "bomb.yaml": has 90 YAML aliases; at most 64/);
  });

  it('never opens a FIFO or a device', async () => {
    const dir = await folder({});
    await execa('mkfifo', [join(dir, 'pipe.yaml')]);
    for (const path of [join(dir, 'pipe.yaml'), '/dev/zero']) {
      expect((await refusal(() => loadScenarioFile(path))).message).toMatch(/is not a regular file; a FIFO, device or directory is never read/);
    }
  });

  it('refuses a binding that shadows a built-in variable, at its key', () => {
    for (const name of ['kubectl', 'namespace', 'from', 'linkerd']) {
      expect(() => parseScenario('s.yaml', scenario('s', `bindings: {${name}: /bin/sh}\n`))).toThrow(
        `invalid scenarios "s.yaml:4:12": bindings.${name}: shadows the built-in variable {{ ${name} }}`,
      );
    }
  });

  it('keeps apply.file inside the scenario folder, when loaded and when templated at run time', async () => {
    for (const file of ['../secret.yaml', '/etc/passwd', 'sub/../../x.yaml']) {
      const text = scenario('s').replace('{manifest: "kind: ConfigMap"}', `{file: ${JSON.stringify(file)}}`);
      expect(() => parseScenario('/suite/s.yaml', text)).toThrow(/steps\[0\]\.try\[0\]\.apply\.file: .* is outside the folder of its file/);
    }
    const dir = await folder({ 'suite/in.yaml': 'kind: ConfigMap', 'outside.yaml': 'secret' });
    await symlink(join(dir, 'outside.yaml'), join(dir, 'suite', 'link.yaml'));
    expect(await readScenarioFile(join(dir, 'suite'), 'in.yaml')).toBe('kind: ConfigMap');
    for (const name of ['../outside.yaml', 'link.yaml', join(dir, 'outside.yaml')]) {
      expect((await refusal(() => readScenarioFile(join(dir, 'suite'), name))).message).toMatch(
        /is outside .*, the folder of the file naming it|must be relative to .*, the folder of the file naming it/,
      );
    }
  });

  it('refuses a duration longer than a timer holds', () => {
    expect(() => parseScenario('s.yaml', scenario('s', 'timeout: 600h\n'))).toThrow(
      /invalid scenarios "s.yaml:4:10": timeout: is longer than a timer can hold/,
    );
  });

  it('checks every file, naming each bad one, and catches one name in two files', async () => {
    const dir = await folder({
      'a/good.yaml': scenario('good'),
      'a/bad.yaml': 'name: [',
      'a/big.yaml': scenario('big', 'retries: many\n'),
      'b/again.yaml': scenario('good'),
    });
    const { scenarios, problems } = await checkScenarios(['a', 'b', 'missing.yaml'], dir);
    expect(scenarios.map((s) => s.name)).toEqual(['good', 'good']);
    expect(problems.map((p) => p.message)).toEqual([
      'invalid scenarios "missing.yaml": no such file or directory',
      expect.stringMatching(/^invalid scenarios ".*a\/bad.yaml:1:8": not valid YAML/),
      expect.stringMatching(/^invalid scenarios ".*a\/big.yaml:4:10": retries: expected integer/),
      `invalid scenarios "${join(dir, 'b/again.yaml')}": repeats the scenario name "good" of ${join(dir, 'a/good.yaml')}`,
    ]);
    const validate = await runMain(['scenarios', 'validate', join(dir, 'a/good.yaml'), join(dir, 'b/again.yaml')]);
    expect(validate.exitCode).toBe(2);
    expect(validate.stderr).toContain('repeats the scenario name "good"');
  });

  it('removes the temp folder of every attempt', async () => {
    const root = await mkdtemp(join(tmpdir(), 'scenario-temp-'));
    const tools = await fakeToolsDir(root, [], 'exit 0');
    const temp = join(root, 'tmp');
    await mkdir(temp);
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = temp;
    try {
      const s = { ...parseScenario(join(root, 's.yaml'), scenario('cleaned')), retries: 1 };
      const report = await runScenario(s, 'before-upgrade', {
        createRunner,
        kubectl: join(tools, 'kubectl'),
        kubeconfig: 'none',
        capabilities: [],
        variables: {},
        stallMs: 60_000,
      });
      expect(report.verdict).toBe('pass');
      expect(await readdir(temp)).toEqual([]);
    } finally {
      process.env.TMPDIR = saved;
    }
  });

  it('parses any text or any data into a valid scenario or bad input naming the file, never anything else', () => {
    // Found by this property: an alias to no anchor threw a ReferenceError.
    expect(() => parseScenario('suite/x.yaml', '*!')).toThrow(/invalid scenarios "suite\/x.yaml": not valid YAML/);
    const texts = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 200 }),
      fc.jsonValue().map((v) => stringify(v)),
      fc
        .record(
          {
            name: fc.string(),
            description: fc.string(),
            phases: fc.array(fc.string()),
            bindings: fc.dictionary(fc.string(), fc.string()),
            steps: fc.anything(),
          },
          { requiredKeys: [] },
        )
        .map((v) => stringify(v)),
    );
    fc.assert(
      fc.property(texts, (text) => {
        try {
          const s = parseScenario('suite/x.yaml', text);
          return /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(s.name) && s.file === 'suite/x.yaml' && s.steps.length > 0;
        } catch (error) {
          return error instanceof InputError && error.value.startsWith('suite/x.yaml');
        }
      }),
      { numRuns: 1000 },
    );
  });
});
