import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { OPTIONS, OUTPUTS } from '../../src/inputs/options.js';

const action = parse(readFileSync('action.yml', 'utf8')) as {
  inputs: Record<string, { default?: string; description: string }>;
  outputs: Record<string, { description: string }>;
  runs: { using: string; main: string; post: string };
};
const readme = readFileSync('README.md', 'utf8');

/** Rows of the markdown table that follows `heading`, as arrays of cells. */
function tableAfter(heading: string): string[][] {
  const start = readme.indexOf(heading);
  expect(start, `README has "${heading}"`).toBeGreaterThanOrEqual(0);
  const lines = readme.slice(start).split('\n').slice(1);
  const first = lines.findIndex((l) => l.startsWith('|'));
  const rows: string[][] = [];
  for (const line of lines.slice(first)) {
    if (!line.startsWith('|')) break;
    rows.push(line.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim()));
  }
  return rows.slice(2);
}

describe('action.yml, README and the option table agree', () => {
  it('action.yml runs on node24 with main and post', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/main.js', post: 'dist/post.js' });
  });

  it('action.yml declares every option with its default, and nothing else', () => {
    expect(Object.keys(action.inputs)).toEqual(OPTIONS.map((o) => o.name));
    for (const o of OPTIONS) {
      expect(action.inputs[o.name]!.default ?? '', o.name).toBe(o.default ?? '');
      expect(action.inputs[o.name]!.description, o.name).toBe(o.description);
    }
    expect(Object.keys(action.outputs)).toEqual(OUTPUTS.map((o) => o.name));
  });

  it('the README inputs table lists every input with its default', () => {
    const rows = tableAfter('### Inputs');
    expect(rows.map((r) => r[0])).toEqual(OPTIONS.map((o) => `\`${o.name}\``));
    for (const [name, def] of rows) {
      const option = OPTIONS.find((o) => `\`${o.name}\`` === name)!;
      expect(def, name).toBe(option.default ? `\`${option.default}\`` : '');
    }
  });

  it('the README outputs table lists every output', () => {
    expect(tableAfter('### Outputs').map((r) => r[0])).toEqual(OUTPUTS.map((o) => `\`${o.name}\``));
  });

  it('the README names the test command CI runs', () => {
    expect(readme).toContain('npm ci && npm test');
    expect(readFileSync('.ci/run', 'utf8')).toContain('npm test');
  });
});
