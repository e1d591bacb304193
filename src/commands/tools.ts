import { access, constants, mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Tools, ToolName } from '../tools/toolset.js';

export interface ToolsFetchResult {
  /** Each tool and where it came from: already in the dir, or downloaded (with its digest check). */
  lines: string[];
  /** One line per tool that is neither in the dir nor downloadable: what is missing and where it goes. */
  problems: string[];
}

/**
 * Fills a tools dir the way the action gets its tools: what the dir lacks is downloaded through
 * the tool cache, checked against its published digest, and linked in. Where a download cannot
 * be had (an air-gapped machine), the answer names the file and where to put it.
 */
export async function fetchToolsInto(dir: string, names: readonly ToolName[], downloads: Tools): Promise<ToolsFetchResult> {
  await mkdir(dir, { recursive: true });
  const result: ToolsFetchResult = { lines: [], problems: [] };
  for (const name of names) {
    const target = join(dir, name === 'gateway-api-crds' ? 'gateway-api-crds.yaml' : name);
    if (
      await access(target, constants.R_OK).then(
        () => true,
        () => false,
      )
    ) {
      result.lines.push(`${name}: in ${dir}`);
      continue;
    }
    try {
      const tool = await downloads.get(name);
      await symlink(tool.path, target);
      result.lines.push(
        `${name}: ${tool.source} ${tool.version}, sha256 ${tool.sha256 ?? 'unknown'}${tool.verified ? ' (verified)' : ' (no published digest)'}`,
      );
    } catch (error) {
      result.problems.push(`${name}: not in ${dir}, and the download failed (${(error as Error).message}); put it there as ${target}`);
    }
  }
  return result;
}
