// Bundles the action's entries and the CLI into dist/ (committed: the runner runs dist/, not src/).
import { chmod, rm } from 'node:fs/promises';
import { build } from 'esbuild';

// Chunk names carry content hashes: start empty so no stale chunk stays behind.
await rm('dist', { recursive: true, force: true });

await build({
  entryPoints: {
    main: 'src/action/entries/main.ts',
    post: 'src/action/entries/post.ts',
    matrix: 'src/action/entries/matrix.ts',
    report: 'src/action/entries/report.ts',
    bisect: 'src/action/entries/bisect.ts',
    impact: 'src/action/entries/impact.ts',
    cli: 'src/cli.ts',
  },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  legalComments: 'linked',
  logLevel: 'warning',
  // The shebang lets npm's bin link (npx edge-canary) run the CLI with node. Some bundled
  // CommonJS dependencies call require(); ESM output needs one in scope.
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __edgeCanaryRequire } from 'node:module'; const require = __edgeCanaryRequire(import.meta.url);",
  },
});
// npx edge-canary (and ./dist/cli.js) run the bundle directly: it must stay executable, in git too.
await chmod('dist/cli.js', 0o755);
