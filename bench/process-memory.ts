// The resident memory of a process tree, sampled from /proc (Linux). kwokctl starts the control
// plane's components detached, so they are no descendants of the canary: the tree is the root's
// descendants plus every process whose command line names `dir` (the runs' work dirs are under
// it), with their descendants. Resident memory summed over processes counts pages they share
// (one binary run several times) once per process: an upper bound.
import { readdirSync, readFileSync } from 'node:fs';

interface Proc {
  pid: number;
  ppid: number;
  /** The executable's name as /proc/<pid>/stat gives it (at most 15 characters). */
  name: string;
  cmdline: string;
}

function processes(): Proc[] {
  return readdirSync('/proc').flatMap((entry) => {
    if (!/^\d+$/.test(entry)) return [];
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      return [{ pid: Number(entry), ppid, name, cmdline: readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ') }];
    } catch {
      return []; // it ended while we looked
    }
  });
}

/** VmRSS of a process in bytes; 0 once it is gone (or a zombie, which has none). */
function residentBytes(pid: number): number {
  try {
    const kb = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** The resident memory of the tree of `root` and of the processes naming `dir`, now, by executable name. */
export function treeResidentBytes(root: number, dir: string): Map<string, number> {
  const all = processes();
  const members = new Set(all.filter((p) => p.pid === root || p.cmdline.includes(dir)).map((p) => p.pid));
  for (let grew = true; grew;) {
    grew = false;
    for (const p of all) {
      if (!members.has(p.pid) && members.has(p.ppid)) {
        members.add(p.pid);
        grew = true;
      }
    }
  }
  const byName = new Map<string, number>();
  for (const p of all.filter((q) => members.has(q.pid))) byName.set(p.name, (byName.get(p.name) ?? 0) + residentBytes(p.pid));
  return byName;
}

export interface MemoryPeak {
  peakBytes: number;
  /** When, in ms after sampling started. */
  atMs: number;
  /** What held it, by executable name. */
  byName: Map<string, number>;
}

/** Samples the tree every `intervalMs` until stopped; returns the peak. */
export function sampleTreeMemory(root: number, dir: string, intervalMs: number): { stop: () => MemoryPeak } {
  const started = Date.now();
  let peak: MemoryPeak = { peakBytes: 0, atMs: 0, byName: new Map() };
  const sample = () => {
    const byName = treeResidentBytes(root, dir);
    const bytes = [...byName.values()].reduce((a, b) => a + b, 0);
    if (bytes > peak.peakBytes) peak = { peakBytes: bytes, atMs: Date.now() - started, byName };
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}
