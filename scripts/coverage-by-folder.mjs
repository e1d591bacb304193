// Prints the unit tier's line coverage per folder of src/ from vitest's json-summary report.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

const summary = JSON.parse(readFileSync('coverage/coverage-summary.json', 'utf8'));
const folders = new Map();
for (const [file, { lines }] of Object.entries(summary)) {
  if (file === 'total') continue;
  const folder = relative(process.cwd(), file).split('/').slice(0, -1).join('/');
  const sum = folders.get(folder) ?? { covered: 0, total: 0 };
  sum.covered += lines.covered;
  sum.total += lines.total;
  folders.set(folder, sum);
}
const percent = ({ covered, total }) => (total ? (100 * covered) / total : 100).toFixed(1).padStart(6);
console.log('line coverage by the unit tier, per folder');
for (const [folder, sum] of [...folders].sort(([a], [b]) => a.localeCompare(b))) {
  console.log(`${percent(sum)} %  ${String(sum.covered).padStart(5)}/${String(sum.total).padEnd(5)} ${folder}`);
}
const { lines } = summary.total;
console.log(`${percent(lines)} %  ${String(lines.covered).padStart(5)}/${String(lines.total).padEnd(5)} total`);
