import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/inputs/input-error.js';
import { loadScenarios, parseScenario } from '../../src/scenarios/load.js';

const VALID = `# yaml-language-server: $schema=../schema/scenario.schema.json
name: configmap-survives
description: A ConfigMap users own keeps its data across the upgrade.
phases: [before-upgrade, after-upgrade]
retries: 1
steps:
  - name: create
    try:
      - apply:
          manifest: |
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: settings, namespace: "{{ namespace }}"}
            data: {mode: strict}
      - assert:
          resource: {apiVersion: v1, kind: ConfigMap, metadata: {name: settings}, data: {mode: strict}}
          timeout: 30s
    finally:
      - run: {argv: ["{{ kubectl }}", get, configmap, settings, -n, "{{ namespace }}"], expect: {exitCode: 0}}
`;

function problem(text: string): string {
  try {
    parseScenario('s.yaml', text);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected a validation error');
}

describe('scenario files', () => {
  it('loads a valid file', () => {
    const s = parseScenario('s.yaml', VALID);
    expect(s).toMatchObject({ name: 'configmap-survives', phases: ['before-upgrade', 'after-upgrade'], retries: 1, file: 's.yaml' });
    expect(s.steps[0]!.try).toHaveLength(2);
  });

  it.each([
    [
      'an unknown key, at the key',
      VALID.replace('timeout: 30s', 'timout: 30s'),
      's.yaml:17:11',
      'steps[0].try[1].assert.timout: unknown key; expected one of resource, timeout',
    ],
    [
      'a missing key',
      VALID.replace('    try:', '    tries:'),
      's.yaml:8:5',
      'steps[0].tries: unknown key; expected one of name, phases, installMethods, severity, why, concurrent, try, catch, finally',
    ],
    [
      'a bad phase',
      VALID.replace('after-upgrade]', 'after-upgrde]'),
      's.yaml:4:26',
      'phases[1]: "after-upgrde" is not one of before-install, before-upgrade, after-control-plane-upgrade, after-upgrade',
    ],
    [
      'a bad duration',
      VALID.replace('30s', 'half a minute'),
      's.yaml:17:20',
      'steps[0].try[1].assert.timeout: "half a minute" is not a duration like 30s, 5m or 1h30m',
    ],
    ['a wrong type', VALID.replace('retries: 1', 'retries: once'), 's.yaml:5:10', 'retries: expected integer, found string'],
    [
      'an unknown operation',
      VALID.replace('      - apply:', '      - kubectl-apply:'),
      's.yaml:9:9',
      'steps[0].try[0].kubectl-apply: unknown key; expected one of run, apply, delete, wait, assert, error, evict, dry-run, linkerd-check, rollback',
    ],
    ['a required top-level key', VALID.replace(/^description: .*\n/m, ''), 's.yaml:2:1', '(top level): missing key "description"'],
    ['a warn step without its why', VALID.replace('  - name: create\n', '  - name: create\n    severity: warn\n'), 's.yaml:7:5', 'steps[0]: missing key "why"'],
    [
      'a bad severity',
      VALID.replace('  - name: create\n', '  - name: create\n    severity: error\n'),
      's.yaml:8:15',
      'steps[0].severity: "error" is not one of fail, warn',
    ],
    [
      'a bad install method',
      VALID.replace('  - name: create\n', '  - name: create\n    installMethods: [kustomize]\n'),
      's.yaml:8:22',
      'steps[0].installMethods[0]: "kustomize" is not one of cli, helm',
    ],
  ])('rejects %s with file, line and column', (_, text, position, message) => {
    expect(problem(text)).toBe(`invalid scenarios "${position}": ${message}`);
  });

  it('rejects a step limited to a phase its scenario does not hook into', () => {
    expect(problem(VALID.replace('  - name: create\n', '  - name: create\n    phases: [after-control-plane-upgrade]\n'))).toBe(
      'invalid scenarios "s.yaml": steps[0].phases: after-control-plane-upgrade is not one of the scenario\'s phases (before-upgrade, after-upgrade)',
    );
  });

  it('rejects broken YAML with its position', () => {
    expect(problem('name: x\nsteps: [\n')).toMatch(/^invalid scenarios "s.yaml:3:1": not valid YAML: /);
  });
});

describe('resolving the scenarios input', () => {
  it('takes files, directories and globs, and refuses duplicates and unknown names', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'scenarios-'));
    await mkdir(join(dir, 'suite'));
    await writeFile(join(dir, 'suite', 'a.yaml'), VALID);
    await writeFile(join(dir, 'suite', 'b.yml'), VALID.replace('name: configmap-survives', 'name: other'));
    expect((await loadScenarios(['suite'], dir)).map((s) => s.name)).toEqual(['configmap-survives', 'other']);
    expect((await loadScenarios(['suite/*.yml'], dir)).map((s) => s.name)).toEqual(['other']);
    await writeFile(join(dir, 'copy.yaml'), VALID);
    await expect(loadScenarios(['suite', 'copy.yaml'], dir)).rejects.toThrow(/repeats the scenario name "configmap-survives"/);
    await expect(loadScenarios(['evicted-podz'], dir)).rejects.toThrow(/no built-in scenario of that name \(available: /);
    await expect(loadScenarios(['missing/*.yaml'], dir)).rejects.toThrow('the glob matches no file');
    await expect(loadScenarios(['nope.yaml'], dir)).rejects.toThrow('no such file or directory');
  });

  it('takes builtin for every built-in (the default) and none for none', async () => {
    const builtIn = await loadScenarios(['builtin']);
    expect(builtIn.map((s) => s.name).sort()).toEqual(['cli-skew', 'evicted-pods', 'proxy-version-skew', 'render-errors', 'resources-survive']);
    // Each keeps to the namespaces it owns, reading the sample's without changing it: none needs to run alone.
    expect(builtIn.filter((s) => s.exclusive).map((s) => s.name)).toEqual([]);
    expect(await loadScenarios(['none'])).toEqual([]);
  });

  it('leaves an optional built-in out of builtin, and runs it when named', async () => {
    expect((await loadScenarios(['rollback'])).map((s) => [s.name, s.optional, s.exclusive, s.last])).toEqual([['rollback', true, true, true]]);
    expect((await loadScenarios(['builtin', 'rollback'])).map((s) => s.name)).toContain('rollback');
    expect((await loadScenarios(['rollback', 'builtin'])).map((s) => s.name)).toContain('rollback');
  });
});
