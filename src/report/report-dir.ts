import { mkdir, open, readdir, readFile, rm, rmdir, stat } from 'node:fs/promises';
import { join, parse, resolve } from 'node:path';
import { InputError } from '../inputs/input-error.js';
import { REPORT_DIR_ENTRIES } from './write.js';

/** The file a run keeps in its report dir while it writes there: two runs on one dir are refused, not interleaved. */
export const LOCK_FILE = '.edge-canary.lock';

/** Names edge-canary may find in a dir it was given beside `allowed`: its lock, and files it is writing aside. */
const isOurs = (allowed: readonly string[]) => (name: string) => allowed.includes(name) || name === LOCK_FILE || name.endsWith('.tmp');

/**
 * Creates `dir`, or takes an existing one that holds only what edge-canary writes there
 * (`allowed`): the whole folder is uploaded or reused, so it must not be `/` or hold anyone
 * else's files. `input` names the option the dir came from.
 */
export async function checkOwnDir(dir: string, allowed: readonly string[], input = 'report-dir'): Promise<void> {
  if (resolve(dir) === parse(resolve(dir)).root) throw new InputError(input, dir, 'is a filesystem root; give a directory of its own');
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw new InputError(input, dir, `cannot be created (${(error as NodeJS.ErrnoException).code ?? error})`);
  }
  const entries = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    throw new InputError(input, dir, `cannot be read (${error.code ?? error})`);
  });
  refuseForeign(
    dir,
    entries.filter((name) => !isOurs(allowed)(name)),
    input,
  );
}

function refuseForeign(dir: string, foreign: readonly string[], input: string): void {
  if (!foreign.length) return;
  const shown = foreign.slice(0, 3).join(', ') + (foreign.length > 3 ? `, and ${foreign.length - 3} more` : '');
  throw new InputError(input, dir, `already holds files edge-canary did not write (${shown}); give an empty or new directory`);
}

/**
 * Takes `dir` for this process: the lock file is made exclusively, so a second run on the same
 * dir is refused while the first lives. A lock whose process is gone (a run that was killed) is
 * taken over. Returns the release, which removes the lock.
 */
export async function lockDir(dir: string, input = 'report-dir'): Promise<() => Promise<void>> {
  const lock = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(lock, 'wx');
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      return () => rm(lock, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST')
        throw new InputError(input, dir, `cannot be locked (${(error as NodeJS.ErrnoException).code ?? error})`);
    }
    const holder = await lockHolder(lock);
    if (holder !== undefined) throw new InputError(input, dir, `is in use by another edge-canary run (process ${holder}); give each run its own directory`);
    await rm(lock, { force: true });
  }
  throw new InputError(input, dir, 'is being taken by another edge-canary run at the same moment; give each run its own directory');
}

/** The live process holding a lock, or undefined when its process is gone or the lock says nothing. */
async function lockHolder(lock: string): Promise<number | undefined> {
  const pid = Number((await readFile(lock, 'utf8').catch(() => '')).trim());
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (error) {
    // EPERM: alive, but another user's.
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? pid : undefined;
  }
}

/**
 * Empties the report dirs of an earlier nightly's paths (`<dir>/<key>/`), removing only what a
 * run writes there. Everything is checked before anything is removed: a path dir holding anyone
 * else's file, or held by a live run, is refused whole and nothing is deleted.
 */
export async function clearRunDirs(dir: string, input = 'report-dir'): Promise<void> {
  const keys = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw new InputError(input, dir, `cannot be read (${error.code ?? error})`);
  });
  const runDirs: string[] = [];
  for (const key of keys) {
    const runDir = join(dir, key);
    if (!(await stat(runDir)).isDirectory()) refuseForeign(dir, [key], input);
    refuseForeign(
      runDir,
      (await readdir(runDir)).filter((name) => !isOurs(REPORT_DIR_ENTRIES)(name)),
      input,
    );
    const holder = await lockHolder(join(runDir, LOCK_FILE));
    if (holder !== undefined) throw new InputError(input, runDir, `is in use by another edge-canary run (process ${holder}); give each run its own directory`);
    runDirs.push(runDir);
  }
  for (const runDir of runDirs) {
    for (const name of await readdir(runDir)) await rm(join(runDir, name), { recursive: true, force: true });
    await rmdir(runDir);
  }
}
