import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { RunReport } from '../../src/report/model.js';
import { outputs, processesMentioning, runnerDirs, startAction } from '../helpers/action.js';
import { fakeToolsDir, workflowCommands } from '../helpers/fake-tools.js';
import { RELEASES_FIXTURE } from '../helpers/releases.js';

const FROM = 'edge-25.10.7';
const TO = 'edge-26.8.3';
const TOKEN = 'ghs_hostileDataSecret123';

/** `linkerd check` output whose failed check carries lines a runner would act on. */
const HOSTILE_CHECK = `cat <<'OUT'
kubernetes-api
--------------
× can initialize the client ::warning title=pwned::inline ##[set-output name=result;]pass
    ::add-mask::edge
    ::set-output name=result::pass
      ::error title=pwned::from the cluster
    ::stop-commands::pwned
    ::pwned::
    ##[error]pwned, legacy form
OUT
exit 1`;

/** A `linkerd check` that hangs and ignores SIGTERM and SIGINT: only a SIGKILL of its group ends it. */
const STUBBORN_CHECK = `trap '' TERM INT\nsleep 600 &\nwait`;

async function start(check: string) {
  const dirs = await runnerDirs();
  const tools = await fakeToolsDir(dirs.root, [FROM, TO], check);
  const kubeconfig = join(dirs.root, 'kubeconfig');
  const main = startAction(
    'main',
    dirs,
    {
      from: FROM,
      to: TO,
      provider: 'existing',
      'tools-dir': tools,
      'releases-file': RELEASES_FIXTURE,
      'upload-artifacts': 'false',
      'github-token': TOKEN,
    },
    { KUBECONFIG: kubeconfig },
  );
  return { dirs, tools, kubeconfig, main };
}

async function readReport(dir: string): Promise<RunReport | undefined> {
  return JSON.parse(await readFile(join(dir, 'edge-canary', 'report.json'), 'utf8').catch(() => 'null')) as RunReport | undefined;
}

describe('the bundled action with CLIs that print hostile text', () => {
  it('lets no line of data act as a workflow command', async () => {
    const { dirs, main } = await start(HOSTILE_CHECK);
    const result = await main;
    expect(result.exitCode).toBe(1);
    expect(result.all).toContain('::add-mask::edge');
    const commands = workflowCommands(result.all ?? '');
    // Only the token's mask and annotations remain, none of them made by the data, and commands were resumed.
    const ours = (c: { name: string; data: string }) => ['error', 'warning', 'stop-commands'].includes(c.name) || (c.name === 'add-mask' && c.data === TOKEN);
    expect(commands.filter((c) => !ours(c))).toEqual([]);
    expect(commands.filter((c) => c.properties.includes('pwned'))).toEqual([]);
    expect(commands.filter((c) => c.name === 'stop-commands')).toHaveLength(1);
    // The reason holding the data is one annotation, its line breaks escaped.
    expect(commands.find((c) => c.data.startsWith('linkerd check failed'))?.data).toContain('%0A::set-output name=result::pass%0A');
    // The fake check fails while installing from: the starting point is broken, an error.
    expect(commands.at(-1)).toEqual({ name: 'error', properties: '', data: 'edge-canary: error' });
    expect(await outputs(dirs)).toMatchObject({ result: 'error' });
    // The run's private folder is gone; only the report dir stays.
    expect(await readdir(dirs.temp)).toEqual(['edge-canary']);
  });

  it('says running mid-run; on SIGINT writes cancelled at once; a second signal kills every child and exits 130', async () => {
    const { dirs, tools, kubeconfig, main } = await start(STUBBORN_CHECK);
    const check = `${tools}/linkerd-${FROM} --kubeconfig ${kubeconfig} check`;
    await vi.waitFor(() => expect(processesMentioning(check).length).toBeGreaterThan(0), { timeout: 60_000, interval: 50 });
    const midRun = await readReport(dirs.temp);
    expect(midRun).toMatchObject({ result: 'running', running: ['install-from'] });
    expect(midRun!.phases.find((p) => p.name === 'install-from')?.verdict).toBe('running');

    // The runner's cancel: SIGINT, then SIGTERM 7.5 s later, then SIGKILL.
    main.kill('SIGINT');
    await vi.waitFor(
      async () => {
        expect((await readReport(dirs.temp))?.result).toBe('cancelled');
        expect(await readFile(dirs.summary, 'utf8')).toContain('edge-canary: cancelled');
      },
      { timeout: 2000, interval: 20 },
    );
    // The check still ignores its SIGTERM (its SIGKILL is seconds away) when the second signal lands.
    expect(processesMentioning(check).length).toBeGreaterThan(0);
    main.kill('SIGTERM');
    const result = await main;
    expect(result.exitCode).toBe(130);
    const r = await readReport(dirs.temp);
    expect(r?.result).toBe('cancelled');
    expect(r?.phases.find((p) => p.name === 'install-from')?.verdict).toBe('cancelled');
    expect(await readFile(dirs.summary, 'utf8')).toContain('edge-canary: cancelled');
    expect(await outputs(dirs)).toMatchObject({ result: 'cancelled' });
    expect(processesMentioning(dirs.root)).toEqual([]);
  });
});
