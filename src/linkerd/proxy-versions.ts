/** One proxy version and how many pods run it. */
export interface ProxyVersion {
  version: string;
  pods: number;
}

export interface VersionOutput {
  client?: string;
  server?: string;
  /** Undefined when the output has no proxy section; empty when it says `unavailable`. */
  proxies?: ProxyVersion[];
}

/**
 * Parses `linkerd version --proxy`: `Client version:`, `Server version:`, then `Proxy versions:`
 * with one tab-indented `<version> (<n> pods)` line each, in any order, or `unavailable`.
 * Versions come back sorted by pod count, then name, so reports are stable.
 */
export function parseVersionOutput(text: string): VersionOutput {
  const out: VersionOutput = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    let m = /^Client version:\s*(\S+)/.exec(line);
    if (m) out.client = m[1];
    m = /^Server version:\s*(\S+)/.exec(line);
    if (m) out.server = m[1];
    m = /^Proxy versions:\s*(.*)$/.exec(line);
    if (m) {
      out.proxies = [];
      if (m[1]!.trim() === 'unavailable') continue;
      for (let j = i + 1; j < lines.length; j++) {
        const entry = /^\s+(\S+)\s+\((\d+) pods?\)\s*$/.exec(lines[j]!);
        if (!entry) break;
        out.proxies.push({ version: entry[1]!, pods: Number(entry[2]) });
      }
    }
  }
  out.proxies?.sort((a, b) => b.pods - a.pods || a.version.localeCompare(b.version));
  return out;
}
