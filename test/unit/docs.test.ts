import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { BUILT_IN_PROFILES } from '../../src/profiles/built-in.js';
import { parseProfile } from '../../src/profiles/load.js';
import { parseScenario } from '../../src/scenarios/load.js';
import { GATEWAY_API_VERSION } from '../../src/tools/assets.js';
import { LINKERD_KUBERNETES_SUPPORT } from '../../src/matrix/kubernetes-support.js';
import { IMPACT_ACTION_OPTIONS, IMPACT_OUTPUTS } from '../../src/inputs/impact-options.js';
import { BISECT_OPTIONS, BISECT_OUTPUTS, MATRIX_OPTIONS, MATRIX_OUTPUTS, REPORT_OPTIONS, REPORT_OUTPUTS } from '../../src/inputs/command-options.js';
import { DEFAULT_KWOK_VERSION, OPTIONS, OUTPUTS, type OptionSpec } from '../../src/inputs/options.js';
import { duration } from '../../src/inputs/duration.js';
import { KNOWN_GOOD, pathName } from '../helpers/known-good.js';
import { actionEnv } from '../helpers/workflows.js';
import { readActionInputs } from '../../src/action/inputs.js';
import { validateOptions } from '../../src/inputs/validate.js';

interface ActionMetadata {
  inputs: Record<string, { default?: string; description: string; required: boolean }>;
  outputs: Record<string, { description: string }>;
  runs: { using: string; main: string; post?: string };
}
const metadata = (path: string) => parse(readFileSync(path, 'utf8')) as ActionMetadata;
const action = metadata('action.yml');
const read = (doc: string) => readFileSync(doc, 'utf8');

/** Each action.yml, and the page whose tables under `inputs` and `outputs` list its inputs and outputs. */
const ACTIONS: {
  file: string;
  doc: string;
  inputs: string;
  outputs: string;
  options: readonly OptionSpec[];
  actionOutputs: readonly { name: string }[];
  main: string;
}[] = [
  { file: 'action.yml', doc: 'README.md', inputs: '## Inputs', outputs: '## Outputs', options: OPTIONS, actionOutputs: OUTPUTS, main: 'dist/main.js' },
  {
    file: 'matrix/action.yml',
    doc: 'docs/workflows.md',
    inputs: '### matrix inputs',
    outputs: '### matrix outputs',
    options: MATRIX_OPTIONS,
    actionOutputs: MATRIX_OUTPUTS,
    main: '../dist/matrix.js',
  },
  {
    file: 'report/action.yml',
    doc: 'docs/workflows.md',
    inputs: '### report inputs',
    outputs: '### report outputs',
    options: REPORT_OPTIONS,
    actionOutputs: REPORT_OUTPUTS,
    main: '../dist/report.js',
  },
  {
    file: 'bisect/action.yml',
    doc: 'docs/workflows.md',
    inputs: '### bisect inputs',
    outputs: '### bisect outputs',
    options: BISECT_OPTIONS,
    actionOutputs: BISECT_OUTPUTS,
    main: '../dist/bisect.js',
  },
  {
    file: 'impact/action.yml',
    doc: 'docs/impact.md',
    inputs: '### impact inputs',
    outputs: '### impact outputs',
    options: IMPACT_ACTION_OPTIONS,
    actionOutputs: IMPACT_OUTPUTS,
    main: '../dist/impact.js',
  },
];

/** Rows of the markdown table that follows the line `heading` of `doc`, as arrays of cells. */
function tableAfter(doc: string, heading: string): string[][] {
  const lines = read(doc).split('\n');
  const start = lines.indexOf(heading);
  expect(start, `${doc} has the heading "${heading}"`).toBeGreaterThanOrEqual(0);
  const after = lines.slice(start + 1);
  const first = after.findIndex((l) => l.startsWith('|'));
  expect(
    after.slice(0, first).some((l) => l.startsWith('#')),
    `a table right under "${heading}" in ${doc}`,
  ).toBe(false);
  const rows: string[][] = [];
  for (const line of after.slice(first)) {
    if (!line.startsWith('|')) break;
    rows.push(
      line
        .split(/(?<!\\)\|/)
        .slice(1, -1)
        .map((c) => c.trim()),
    );
  }
  return rows.slice(2);
}

/** The body of the first fenced block of `lang` in `doc` whose text matches `first` (its first line, say). */
function fencedBlock(doc: string, lang: string, first: RegExp): string | undefined {
  return [...read(doc).matchAll(new RegExp(`^\`\`\`${lang}\n([\\s\\S]*?)^\`\`\`$`, 'gm'))].map((m) => m[1]!).find((body) => first.test(body));
}

describe('action.yml, README and the option table agree', () => {
  it('action.yml runs on node24 with main and post', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/main.js', post: 'dist/post.js' });
  });

  it.each(ACTIONS)('$file declares every option with its default, and every output', ({ file, options, actionOutputs, main }) => {
    const m = metadata(file);
    expect(m.runs.using).toBe('node24');
    expect(m.runs.main).toBe(main);
    expect(Object.keys(m.inputs)).toEqual(options.map((o) => o.name));
    for (const o of options) {
      expect(m.inputs[o.name]!.default, o.name).toBe(o.default);
      expect(m.inputs[o.name]!.required, o.name).toBe(o.default === undefined);
      expect(m.inputs[o.name]!.description, o.name).toBe(o.description);
    }
    expect(Object.keys(m.outputs)).toEqual(actionOutputs.map((o) => o.name));
  });

  it.each(ACTIONS)('the table under $inputs in $doc lists every input of $file with its default', ({ doc, inputs, options }) => {
    const rows = tableAfter(doc, inputs);
    expect(rows.map((r) => r[0])).toEqual(options.map((o) => `\`${o.name}\``));
    for (const [name, def] of rows) {
      const option = options.find((o) => `\`${o.name}\`` === name)!;
      expect(def, name).toBe(option.default ? `\`${option.default}\`` : '');
    }
  });

  it.each(ACTIONS)('the table under $outputs in $doc lists every output of $file', ({ doc, outputs, actionOutputs }) => {
    expect(tableAfter(doc, outputs).map((r) => r[0])).toEqual(actionOutputs.map((o) => `\`${o.name}\``));
  });

  it.each(['nightly.yml', 'canary-on-new-edge.yml', 'canary-on-dispatch.yml'])('docs/workflows.md shows .github/workflows/%s as it is', (file) => {
    expect(read('docs/workflows.md')).toContain(`\`\`\`yaml\n${readFileSync(`.github/workflows/${file}`, 'utf8')}\`\`\``);
  });

  it('the README names the test command CI runs', () => {
    expect(read('README.md')).toContain('npm ci && npm test');
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
/** The first workflow of the README: what a newcomer copies into their own repository. */
const README_WORKFLOW = fencedBlock('README.md', 'yaml', /^# \.github\/workflows\/linkerd-canary\.yml\n/);
const WORKFLOWS = [
  ...readdirSync('.github/workflows').map((file) => ({ file, workflow: parse(readFileSync(`.github/workflows/${file}`, 'utf8')) as Workflow })),
  { file: "the README's first workflow", workflow: parse(README_WORKFLOW ?? 'jobs: {}') as Workflow },
];
const runsCanary = (step: WorkflowStep) => step.uses === './' || /^edge-canary\/edge-canary@/.test(step.uses ?? '');

describe("the README's first workflow", () => {
  afterEach(() => vi.unstubAllEnvs());

  it('runs the published action with inputs it declares and accepts', () => {
    expect(README_WORKFLOW).toBeDefined();
    const jobs = Object.values((parse(README_WORKFLOW!) as Workflow).jobs);
    const steps = jobs.flatMap((job) => job.steps ?? []);
    expect(steps.map((step) => step.uses)).toEqual(['edge-canary/edge-canary@v1']);
    const inputs = Object.fromEntries(Object.entries(steps[0]!.with ?? {}).map(([name, value]) => [name, String(value)]));
    for (const [name, value] of Object.entries(actionEnv('action.yml', inputs))) vi.stubEnv(name, value);
    expect(validateOptions(readActionInputs())).toMatchObject({ from: 'previous-edge', to: 'latest-edge', provider: 'kind' });
  });
});

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

describe('docs/profiles.md', () => {
  it('has a valid profile file as its example', () => {
    const block = fencedBlock('docs/profiles.md', 'yaml', /^# team-profile\.yaml/);
    expect(block).toBeDefined();
    expect(parseProfile('docs/profiles.md', block!)).toMatchObject({ name: 'platform-team', version: 3, nodes: 3 });
  });

  it('documents every built-in profile', () => {
    expect(tableAfter('docs/profiles.md', '## Built-in profiles').map(([name]) => name)).toEqual(BUILT_IN_PROFILES.map((p) => `\`${p.name}\``));
  });
});

describe('docs/scenarios.md', () => {
  it('has a valid scenario as its complete example', () => {
    const block = /A complete example:\n\n```yaml\n([\s\S]*?)```/.exec(read('docs/scenarios.md'))?.[1];
    expect(block).toBeDefined();
    expect(parseScenario('docs/scenarios.md', block!).name).toBe('workload-survives');
  });
});

describe('the known-good corpus of docs/status.md', () => {
  it('lists exactly the paths the e2e tier runs, each with its warnings', () => {
    const rows = tableAfter('docs/status.md', '## The known-good corpus');
    expect(rows.map(([path]) => path)).toEqual(KNOWN_GOOD.map(pathName));
    for (const [i, path] of KNOWN_GOOD.entries()) {
      const listed = rows[i]![1]!;
      if (path.warnings.length === 0) expect(listed).toBe('none');
      // Each warning's step, as `<where>: <step>` names it, without the where.
      for (const warning of path.warnings) expect(`${listed}`).toContain(warning.split(': ').at(-1)!);
    }
  });

  it('the README documents warn next to the other verdicts', () => {
    expect(tableAfter('README.md', '## Verdicts').map(([verdict]) => verdict)).toEqual(['`pass`', '`warn`', '`fail`', '`error`', '`skipped`', '`cancelled`']);
  });
});

/** The README and every page it leads to. */
const PAGES = [
  'README.md',
  ...readdirSync('docs')
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
  'scenarios/README.md',
];

/** Markdown outside fenced blocks and inline code, where links and headings are. */
const prose = (text: string) => text.replace(/^```[\s\S]*?^```$/gm, '').replace(/`[^`]*`/g, '');

/** The anchors GitHub gives the headings of a markdown file (lowercased, punctuation dropped, spaces to dashes, repeats numbered). */
function anchors(file: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const [, title] of read(file)
    .replace(/^```[\s\S]*?^```$/gm, '')
    .matchAll(/^#{1,6} (.+)$/gm)) {
    const slug = title!
      .replace(/`/g, '')
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
      .replace(/ /g, '-');
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    result.add(n ? `${slug}-${n}` : slug);
  }
  return result;
}

describe('the docs pages', () => {
  it.each(PAGES)('every relative link in %s points to a file that exists (and a heading it has)', (page) => {
    const links = [...prose(read(page)).matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((target) => !/^[a-z]+:/.test(target));
    for (const link of links) {
      const [path, anchor] = link.split('#') as [string, string | undefined];
      const target = path ? normalize(join(dirname(page), path)) : page;
      expect(existsSync(target), `${page}: ${link}`).toBe(true);
      if (anchor !== undefined && statSync(target).isFile() && target.endsWith('.md')) expect([...anchors(target)], `${page}: ${link}`).toContain(anchor);
    }
  });

  it('the README stays a front door: under 350 lines', () => {
    expect(read('README.md').split('\n').length).toBeLessThan(350);
  });

  it('every page is linked from the README', () => {
    const linked = [...read('README.md').matchAll(/\]\((docs\/[\w-]+\.md)[#)]/g)].map((m) => m[1]);
    for (const page of PAGES.filter((p) => p.startsWith('docs/'))) expect(linked, page).toContain(page);
  });

  it.each(PAGES.filter((page) => page.startsWith('docs/')))('%s starts with one line saying what it is for, and links back to the README', (page) => {
    const [title, purpose] = read(page).split('\n\n');
    expect(title).toMatch(/^# [^\n]+$/);
    expect(purpose).not.toContain('\n');
    expect(purpose).toContain('](../README.md)');
  });

  it.each(PAGES)('the action steps shown in %s give only inputs their action.yml declares', (page) => {
    const blocks = [...read(page).matchAll(/^```yaml\n([\s\S]*?)^```$/gm)].map((m) => parse(m[1]!) as unknown);
    const steps: { uses: string; with?: Record<string, unknown> }[] = [];
    const collect = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(collect);
      else if (node && typeof node === 'object') {
        const step = node as { uses?: unknown };
        if (typeof step.uses === 'string') steps.push(step as { uses: string });
        Object.values(node).forEach(collect);
      }
    };
    blocks.forEach(collect);
    for (const step of steps) {
      const sub = /^(?:edge-canary\/edge-canary(?:\/(matrix|report|bisect|impact))?@v1|\.\/(matrix|report|bisect|impact)?)$/.exec(step.uses);
      if (!sub) continue;
      const inputs = metadata((sub[1] ?? sub[2]) ? `${sub[1] ?? sub[2]}/action.yml` : 'action.yml').inputs;
      for (const name of Object.keys(step.with ?? {})) expect(Object.keys(inputs), `${page}: ${step.uses} with ${name}`).toContain(name);
    }
  });
});
