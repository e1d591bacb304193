// What the benchmarks share: the pinned Kubernetes version, the tools dir, and one passing
// canary on kwok through the bundled CLI, as a user runs it.
import { mkdtemp, readFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createRunner } from '../src/process/runner.js';
import type { RunReport } from '../src/report/model.js';

export const pins = JSON.parse(await readFile('scripts/sim/pins.json', 'utf8')) as { kubernetes: string };
export const toolsDir = process.env.EDGE_CANARY_TOOLS_DIR || join(homedir(), '.cache', 'edge-canary', 'tools', pins.kubernetes);
export const run = createRunner();

/** `edge-canary run` FROM -> TO on kwok with `args` added; its report, or a throw naming why it did not pass. */
export async function kwokCanary(from: string, to: string, clusterName: string, args: readonly string[] = [], reportDir?: string): Promise<RunReport> {
  reportDir ??= await mkdtemp(join(tmpdir(), 'bench-canary-'));
  const result = await run(
    [
      process.execPath,
      resolve('dist/cli.js'),
      'run',
      ...['--from', from, '--to', to, ...args],
      ...['--provider', 'kwok', '--tools-dir', toolsDir, '--releases-file', 'test/fixtures/linkerd-releases.json'],
      ...['--kubernetes-version', pins.kubernetes, '--kubectl-version', pins.kubernetes, '--report-dir', reportDir, '--cluster-name', clusterName],
    ],
    { timeoutMs: 20 * 60_000 },
  );
  const report = JSON.parse(await readFile(join(reportDir, 'report.json'), 'utf8')) as RunReport;
  if (report.result !== 'pass')
    throw new Error(`the canary ${from} -> ${to} ${args.join(' ')} did not pass (${report.result}): ${report.failed.join(', ')}\n${result.outputTail}`);
  return report;
}
