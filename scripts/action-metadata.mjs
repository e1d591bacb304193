// Writes action.yml, matrix/, report/ and bisect/action.yml from the option tables in src/inputs
// (test/unit/docs.test.ts fails when they drift). Run: node scripts/action-metadata.mjs
import { mkdir, writeFile } from 'node:fs/promises';
import { build } from 'esbuild';

const bundled = await build({
  stdin: {
    contents: "export * from './src/inputs/options.ts'; export * from './src/inputs/command-options.ts';",
    resolveDir: '.',
    loader: 'ts',
  },
  bundle: true,
  write: false,
  format: 'esm',
  platform: 'node',
});
const t = await import(`data:text/javascript,${encodeURIComponent(bundled.outputFiles[0].text)}`);
const q = (s) => JSON.stringify(s);

function metadata({ name, description, options, outputs, main, post }) {
  const lines = [
    `name: ${q(name)}`,
    `description: ${q(description)}`,
    'author: edge-canary',
    'branding:',
    '  icon: git-pull-request',
    '  color: blue',
    'inputs:',
  ];
  for (const o of options) {
    lines.push(`  ${o.name}:`, `    description: ${q(o.description)}`, `    required: ${o.default === undefined}`);
    if (o.default !== undefined) lines.push(`    default: ${q(o.default)}`);
  }
  lines.push('outputs:');
  for (const o of outputs) lines.push(`  ${o.name}:`, `    description: ${q(o.description)}`);
  lines.push('runs:', '  using: node24', `  main: ${main}`);
  if (post) lines.push(`  post: ${post}`);
  return `${lines.join('\n')}\n`;
}

// Each action: its folder (the main action at the root), metadata and entry files.
const ACTIONS = [
  {
    dir: '.',
    name: 'edge-canary',
    description: 'Canary-test a Linkerd upgrade: install the previous version, upgrade to the candidate, check, report.',
    options: t.OPTIONS,
    outputs: t.OUTPUTS,
    main: 'dist/main.js',
    post: 'dist/post.js',
  },
  {
    dir: 'matrix',
    name: 'edge-canary matrix',
    description: 'Compute the upgrade paths into a Linkerd version for a nightly strategy.matrix.',
    options: t.MATRIX_OPTIONS,
    outputs: t.MATRIX_OUTPUTS,
    main: '../dist/matrix.js',
  },
  {
    dir: 'report',
    name: 'edge-canary report',
    description: 'Aggregate the reports of edge-canary matrix jobs into one summary, and track failures as issues.',
    options: t.REPORT_OPTIONS,
    outputs: t.REPORT_OUTPUTS,
    main: '../dist/report.js',
  },
  {
    dir: 'bisect',
    name: 'edge-canary bisect',
    description: 'Find the first Linkerd release whose upgrade fails the way a failing path does.',
    options: t.BISECT_OPTIONS,
    outputs: t.BISECT_OUTPUTS,
    main: '../dist/bisect.js',
  },
];
for (const action of ACTIONS) {
  await mkdir(action.dir, { recursive: true });
  await writeFile(`${action.dir}/action.yml`, metadata(action));
}
