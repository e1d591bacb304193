import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BUILT_IN_PROFILES } from '../../src/profiles/built-in.js';
import { parseProfile } from '../../src/profiles/load.js';
import { parseScenario } from '../../src/scenarios/load.js';
import { GATEWAY_API_VERSION } from '../../src/tools/assets.js';
import { LINKERD_KUBERNETES_SUPPORT } from '../../src/matrix/kubernetes-support.js';
import { BISECT_OPTIONS, BISECT_OUTPUTS, MATRIX_OPTIONS, MATRIX_OUTPUTS, REPORT_OPTIONS, REPORT_OUTPUTS } from '../../src/inputs/command-options.js';
import { DEFAULT_KWOK_VERSION, OPTIONS, OUTPUTS, type OptionSpec } from '../../src/inputs/options.js';
import { duration } from '../../src/inputs/duration.js';
import { KNOWN_GOOD, pathName } from '../helpers/known-good.js';

interface ActionMetadata {
  inputs: Record<string, { default?: string; description: string; required: boolean }>;
  outputs: Record<string, { description: string }>;
  runs: { using: string; main: string; post?: string };
}
const metadata = (path: string) => parse(readFileSync(path, 'utf8')) as ActionMetadata;
const action = metadata('action.yml');
const readme = readFileSync('README.md', 'utf8');

const ACTIONS: { file: string; heading: string; options: readonly OptionSpec[]; outputs: readonly { name: string }[]; main: string }[] = [
  { file: 'action.yml', heading: '### Inputs', options: OPTIONS, outputs: OUTPUTS, main: 'dist/main.js' },
  { file: 'matrix/action.yml', heading: '### matrix inputs', options: MATRIX_OPTIONS, outputs: MATRIX_OUTPUTS, main: '../dist/matrix.js' },
  { file: 'report/action.yml', heading: '### report inputs', options: REPORT_OPTIONS, outputs: REPORT_OUTPUTS, main: '../dist/report.js' },
  { file: 'bisect/action.yml', heading: '### bisect inputs', options: BISECT_OPTIONS, outputs: BISECT_OUTPUTS, main: '../dist/bisect.js' },
];

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

  it.each(ACTIONS)('$file declares every option with its default, and every output', ({ file, options, outputs, main }) => {
    const m = metadata(file);
    expect(m.runs.using).toBe('node24');
    expect(m.runs.main).toBe(main);
    expect(Object.keys(m.inputs)).toEqual(options.map((o) => o.name));
    for (const o of options) {
      expect(m.inputs[o.name]!.default, o.name).toBe(o.default);
      expect(m.inputs[o.name]!.required, o.name).toBe(o.default === undefined);
      expect(m.inputs[o.name]!.description, o.name).toBe(o.description);
    }
    expect(Object.keys(m.outputs)).toEqual(outputs.map((o) => o.name));
  });

  it.each(ACTIONS)('the README table under "$heading" lists every input of $file with its default', ({ heading, options }) => {
    const rows = tableAfter(heading);
    expect(rows.map((r) => r[0])).toEqual(options.map((o) => `\`${o.name}\``));
    for (const [name, def] of rows) {
      const option = options.find((o) => `\`${o.name}\`` === name)!;
      expect(def, name).toBe(option.default ? `\`${option.default}\`` : '');
    }
  });

  it('the README outputs table lists every output', () => {
    expect(tableAfter('### Outputs').map((r) => r[0])).toEqual(OUTPUTS.map((o) => `\`${o.name}\``));
  });

  it.each(['nightly.yml', 'canary-on-new-edge.yml', 'canary-on-dispatch.yml'])('the README shows .github/workflows/%s as it is', (file) => {
    expect(readme).toContain(`\`\`\`yaml\n${readFileSync(`.github/workflows/${file}`, 'utf8')}\`\`\``);
  });

  it('the README names the test command CI runs', () => {
    expect(readme).toContain('npm ci && npm test');
    expect(readFileSync('.ci/run', 'utf8')).toContain('npm test');
  });
});

interface WorkflowStep {
  uses?: string;
  if?: string;
  with?: Record<string, unknown>;
}
interface WorkflowJob {
  'timeout-minutes'?: number;
  if?: string;
  steps?: WorkflowStep[];
}
interface Workflow {
  concurrency?: { group: string; 'cancel-in-progress': boolean };
  jobs: Record<string, WorkflowJob>;
}
const WORKFLOWS = readdirSync('.github/workflows').map((file) => ({
  file,
  workflow: parse(readFileSync(`.github/workflows/${file}`, 'utf8')) as Workflow,
}));
const runsCanary = (step: WorkflowStep) => step.uses === './' || /^edge-canary\/edge-canary@/.test(step.uses ?? '');

describe('the workflows', () => {
  // After the run's own limit: diagnostics, cluster deletion, reports and the artifact upload;
  // before it: checkout and the action's setup. The runner kills the step at the job limit.
  const JOB_MARGIN_MS = 10 * 60_000;

  it.each(WORKFLOWS)('$file ends every canary run at least 10 minutes before its job limit', ({ workflow }) => {
    const defaultTimeout = OPTIONS.find((o) => o.name === 'timeout')!.default!;
    const canaryJobs = Object.entries(workflow.jobs).filter(([, job]) => job.steps?.some(runsCanary));
    for (const [name, job] of canaryJobs) {
      const step = job.steps!.find(runsCanary)!;
      const runMs = duration('timeout', String(step.with?.timeout ?? defaultTimeout));
      expect(job['timeout-minutes'], `${name} sets timeout-minutes`).toBeDefined();
      expect(job['timeout-minutes']! * 60_000 - runMs, name).toBeGreaterThanOrEqual(JOB_MARGIN_MS);
    }
  });

  it.each(WORKFLOWS)('$file runs nothing on cancel, and never overlaps itself', ({ workflow }) => {
    expect(workflow.concurrency?.group).toContain('${{ github.workflow }}');
    const conditions = Object.values(workflow.jobs).flatMap((job) => [job.if, ...(job.steps ?? []).map((s) => s.if)]);
    expect(conditions.filter((c) => c?.includes('always()'))).toEqual([]);
  });
});

describe('docs/providers.md', () => {
  it('states the Kubernetes support table the matrix uses', () => {
    const doc = readFileSync('docs/providers.md', 'utf8');
    const rows = [...doc.matchAll(/^\| (2\.\d+) \| 1\.(\d+)-1\.(\d+) \|$/gm)].map((m) => [m[1], { min: Number(m[2]), max: Number(m[3]) }]);
    expect(Object.fromEntries(rows)).toEqual(LINKERD_KUBERNETES_SUPPORT);
  });
});

describe('pinned versions agree', () => {
  it('the kwok the product downloads is the kwok the simulated cluster builds', () => {
    const pins = JSON.parse(readFileSync('scripts/sim/pins.json', 'utf8')) as { kwok: string; gatewayApi: string };
    expect(pins.kwok).toBe(DEFAULT_KWOK_VERSION);
    expect(pins.gatewayApi).toBe(GATEWAY_API_VERSION);
  });
});

describe('the README profile example', () => {
  it('is a valid profile file', () => {
    const block = /```yaml\n(# team-profile\.yaml[\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBeDefined();
    expect(parseProfile('README.md', block!)).toMatchObject({ name: 'platform-team', version: 3, nodes: 3 });
  });

  it('documents every built-in profile', () => {
    const documented = [...readme.split('## Install profiles')[1]!.split('\n## ')[0]!.matchAll(/^\| `([a-z-]+)` \|/gm)].map((m) => m[1]);
    expect(documented).toEqual(BUILT_IN_PROFILES.map((p) => p.name));
  });
});

describe('the README scenario example', () => {
  it('is a valid scenario', () => {
    const block = /A complete example:\n\n```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBeDefined();
    expect(parseScenario('README.md', block!).name).toBe('workload-survives');
  });
});

describe('the README known-good corpus', () => {
  it('lists exactly the paths the e2e tier runs, each with its warnings', () => {
    const rows = tableAfter('### The known-good corpus');
    expect(rows.map(([path]) => path)).toEqual(KNOWN_GOOD.map(pathName));
    for (const [i, path] of KNOWN_GOOD.entries()) {
      const listed = rows[i]![1]!;
      if (path.warnings.length === 0) expect(listed).toBe('none');
      // Each warning's step, as `<where>: <step>` names it, without the where.
      for (const warning of path.warnings) expect(`${listed}`).toContain(warning.split(': ').at(-1)!);
    }
  });

  it('documents warn next to the other verdicts', () => {
    expect(tableAfter('## Verdicts').map(([verdict]) => verdict)).toEqual(['`pass`', '`warn`', '`fail`', '`error`', '`skipped`', '`cancelled`']);
  });
});
