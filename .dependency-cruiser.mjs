// Import rules for src/, checked by `npm run lint`: no cycles (type-only imports included), and
// imports go down the layers only. A module may import its own folder and folders of LOWER
// layers; folders of one layer are independent of each other. docs/architecture.md explains why.
const LAYERS = [
  ['process', 'inputs', 'impact'], // running commands; reading and validating options; what an upgrade changes, from manifests alone
  ['versions'], // release tags and lists
  ['matrix', 'tools'], // upgrade paths; fetching CLIs
  ['cluster'], // providers
  ['linkerd'], // what Linkerd's CLIs print and need: output parsers, eras, charts, the sample workload
  ['scenarios'], // scenario files and their engine
  ['report'], // the run report and its renderings
  ['diagnostics', 'aggregate'], // failure diagnostics, the nightly aggregate
  ['profiles'], // install profiles: settings and the preparation they need (a Linkerd identity)
  ['issues'], // tracked issues from the aggregate
  ['pipeline'], // one canary run
  ['bisect'], // searching the releases for the first that fails
  ['commands'], // the commands both entry points share, and the CLI's command table (commands/cli/)
  ['action', 'cli.ts'], // entry points
];

const path = (folder) => (folder.endsWith('.ts') ? `^src/${folder.replace('.', '\\.')}$` : `^src/${folder}/`);

/** For each folder: nothing in its own layer but itself, nothing above. */
const layerRules = LAYERS.flatMap((layer, i) =>
  layer.map((folder) => {
    const forbidden = [...layer.filter((f) => f !== folder), ...LAYERS.slice(i + 1).flat()];
    return {
      name: `layer-${folder.replace('.ts', '')}`,
      comment: `src/${folder} may import only ${LAYERS.slice(0, i).flat().join(', ') || 'nothing of src/ but itself'} (and itself).`,
      severity: 'error',
      from: { path: path(folder) },
      to: { path: forbidden.map(path) },
    };
  }),
);

export default {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'A cycle (even of type imports) means two modules cannot be understood or tested apart.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'layer-unknown-folder',
      comment: 'Every folder of src/ has a layer: add a new one to LAYERS in .dependency-cruiser.mjs.',
      severity: 'error',
      from: { path: '^src/', pathNot: LAYERS.flat().map(path) },
      to: {},
    },
    ...layerRules,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
