import type { ToolReport } from './tool-report.js';
import { MemoizedTools, type ToolName, type Tools } from './toolset.js';

/**
 * Tools shared by the runs of a nightly: each run gets its own view, so its report lists only
 * the tools it used, while every tool is fetched once however many runs ask for it (the
 * underlying Tools keep one promise per name).
 */
export class SharedTools {
  private readonly sets = new Map<string, Tools>();

  /** A run's view of the Tools for `key` (its tool versions), made by `create` for the first run with that key. */
  forRun(key: string, create: () => Tools): Tools {
    let shared = this.sets.get(key);
    if (!shared) {
      shared = create();
      this.sets.set(key, shared);
    }
    return new RunToolsView(shared);
  }
}

/** A run's own record of the shared tools it asked for. */
class RunToolsView extends MemoizedTools {
  constructor(private readonly shared: Tools) {
    super();
  }

  get toolsDir(): string | undefined {
    return this.shared.toolsDir;
  }

  protected obtain(name: ToolName): Promise<ToolReport> {
    return this.shared.get(name);
  }

  downloadUrl(name: ToolName): string | undefined {
    return this.shared.downloadUrl?.(name);
  }
}
