import { stat } from 'node:fs/promises';

/**
 * Whether nothing was downloaded to `dir`: download-artifact with a pattern that matches no
 * artifact (every job died before uploading) succeeds and makes no folder.
 */
export async function nothingDownloaded(dir: string): Promise<boolean> {
  return stat(dir).then(
    () => false,
    (error: NodeJS.ErrnoException) => error.code === 'ENOENT',
  );
}
