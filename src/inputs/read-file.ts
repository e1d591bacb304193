import { constants, type Stats } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { InputError } from './input-error.js';

/** A file a user writes by hand (a scenario, a profile) larger than this is refused. */
export const INPUT_FILE_LIMIT_BYTES = 1024 * 1024;
/** A file a tool wrote (a report, an aggregate, a state file, a release list) larger than this is refused. */
export const DATA_FILE_LIMIT_BYTES = 32 * 1024 * 1024;

const CHUNK_BYTES = 64 * 1024;
const MIB = 1024 * 1024;

const inWords = (bytes: number) => (bytes % MIB === 0 ? `${bytes} (${bytes / MIB} MiB)` : `${bytes}`);

export interface ReadLimits {
  /** What the error names as the input (`reports`, `previous`, `new-since`...). */
  input: string;
  /** The file as the user gave it, for the error; the path read by default. */
  given?: string;
  maxBytes?: number;
}

/**
 * A file named by an input or found in a folder of inputs, refused (an InputError naming it)
 * unless it is a regular file within `maxBytes`. A FIFO or device is never read: the type is
 * checked on the path and again on what was opened (non-blocking, so a FIFO cannot hold the
 * open). Reading stops past the limit, so a file that grows (or a /proc file that says it has
 * no size) cannot make it read without end.
 */
export async function readInputFile(file: string, limits: ReadLimits): Promise<string> {
  const text = await readInputFileIfExists(file, limits);
  if (text === undefined) throw new InputError(limits.input, limits.given ?? file, 'cannot be read (ENOENT)');
  return text;
}

/** `readInputFile`, but a file that does not exist is `undefined` (a first run, an expired artifact). */
export async function readInputFileIfExists(file: string, { input, given = file, maxBytes = INPUT_FILE_LIMIT_BYTES }: ReadLimits): Promise<string | undefined> {
  const refuse = (why: string) => new InputError(input, given, why);
  const cannotRead = (error: unknown) => refuse(`cannot be read (${(error as NodeJS.ErrnoException).code ?? error})`);
  const ofType = (info: Stats) => {
    if (!info.isFile()) throw refuse('is not a regular file; a FIFO, device or directory is never read');
    if (info.size > maxBytes) throw refuse(`is ${info.size} bytes; at most ${inWords(maxBytes)} are read`);
  };
  const info = await stat(file).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? undefined : Promise.reject(cannotRead(error))));
  if (!info) return undefined;
  ofType(info);
  const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK).catch((error: unknown) => Promise.reject(cannotRead(error)));
  try {
    ofType(await handle.stat());
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.min(CHUNK_BYTES, maxBytes + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, total);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > maxBytes) throw refuse(`grew past ${maxBytes} bytes while it was read`);
    }
    return Buffer.concat(chunks, total).toString('utf8');
  } finally {
    await handle.close();
  }
}

/** A file's text as JSON, or an InputError naming the file (a truncated download, a file of something else). */
export function parseJson(input: string, file: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new InputError(input, file, `is not JSON (${(error as Error).message})`);
  }
}
