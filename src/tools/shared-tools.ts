import type { ToolReport } from './tool-report.js';
import type { ToolName, Tools } from './toolset.js';

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

class RunToolsView implements Tools {
  private readonly used = new Map<ToolName, Promise<ToolReport>>();

  constructor(private readonly shared: Tools) {}

  get toolsDir(): string | undefined {
    return this.shared.toolsDir;
  }

  get(name: ToolName): Promise<ToolReport> {
    let promise = this.used.get(name);
    if (!promise) {
      promise = this.shared.get(name);
      this.used.set(name, promise);
    }
    return promise;
  }

  async path(name: ToolName): Promise<string> {
    return (await this.get(name)).path;
  }

  linkerd(tag: string): Promise<string> {
    return this.path(`linkerd-${tag}`);
  }

  async reports(): Promise<ToolReport[]> {
    const settled = await Promise.allSettled(this.used.values());
    return settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  }
}
