import { untilAborted } from '../process/abort.js';
import { shownUrl } from '../process/http.js';
import type { ToolReport } from './tool-report.js';
import { MemoizedTools, type ToolName, type Tools } from './toolset.js';

/**
 * A run's view of tools that may be shared with other runs: waiting for one ends when the run
 * is cancelled or reaches its time limit, while the download itself (bounded on its own) goes
 * on for whoever else waits for it. A tool had before then stays had, for cleanup.
 */
export class AbortableTools extends MemoizedTools {
  constructor(
    private readonly inner: Tools,
    private readonly signal: AbortSignal,
  ) {
    super();
  }

  get toolsDir(): string | undefined {
    return this.inner.toolsDir;
  }

  downloadUrl(name: ToolName): string | undefined {
    return this.inner.downloadUrl?.(name);
  }

  protected obtain(name: ToolName): Promise<ToolReport> {
    const url = this.downloadUrl(name);
    return untilAborted(this.inner.get(name), this.signal, `waiting for ${name}${url ? ` from ${shownUrl(url)}` : ''}`);
  }
}
