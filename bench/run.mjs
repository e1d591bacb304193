// Runs a benchmark written in TypeScript: bundles bench/<name>.ts with esbuild, then imports it.
// Usage: npm run bench -- <name> [args...]   (names: the .ts files in bench/)
import { build } from 'esbuild';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const name = process.argv[2];
if (!name) {
  console.error('usage: npm run bench -- <name>   e.g. kwok');
  process.exit(2);
}
// Inside the repo so the bundle's external imports resolve from node_modules.
const outfile = join('node_modules', '.cache', 'edge-canary-bench', `${name}.mjs`);
await build({
  entryPoints: [`bench/${name}.ts`],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  packages: 'external',
  logLevel: 'warning',
});
process.argv.splice(2, 1);
await import(pathToFileURL(outfile).href);
