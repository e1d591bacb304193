// The memory and CPU time of a process tree, sampled from /proc (Linux). kwokctl starts
// the control plane's components detached, so they are no descendants of the canary: the tree
// is the root's descendants plus every process whose command line names `dir` (the runs' work
// dirs are under it), with their descendants. Memory is what the tree holds: every process's
// anonymous memory (its own: heaps, stacks) plus the file-backed pages of each executable once,
// however many processes run it (five kubectl at once share one binary's pages); from
// /proc/<pid>/status, which costs next to nothing to read, where the kernel would walk every
// page of a process for its proportional set size. CPU time is exact for what the root runs: the
// kernel adds a reaped process's CPU time (and its reaped children's) to its parent's, so the
// bench's own children time covers the root and every command under it, however short. The
// detached components, reaped by init, count as last sampled; by name, the root's commands are
// as last sampled too, and what ran between two samples is its own line.
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat's times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

interface Proc {
  pid: number;
  ppid: number;
  /** The executable's name as /proc/<pid>/stat gives it (at most 15 characters). */
  name: string;
  cmdline: string;
  /** Tells this process from an earlier one with the same pid. */
  startTime: string;
  /** User plus system CPU time so far, in seconds. */
  cpuSeconds: number;
}

/** A /proc/<pid>/stat line: the executable's name, and the fields after it from 0 (state, ppid, ...). */
function readStat(path: string): { name: string; fields: string[] } {
  const stat = readFileSync(path, 'utf8');
  return { name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), fields: stat.slice(stat.lastIndexOf(')') + 2).split(' ') };
}

/** Fields of readStat: user and system CPU time, of the reaped children too, and the start time. */
const UTIME = 11;
const STIME = 12;
const CUTIME = 13;
const CSTIME = 14;
const STARTTIME = 19;

function processes(): Proc[] {
  return readdirSync('/proc').flatMap((entry) => {
    if (!/^\d+$/.test(entry)) return [];
    try {
      const { name, fields } = readStat(`/proc/${entry}/stat`);
      const cpuSeconds = (Number(fields[UTIME]) + Number(fields[STIME])) / TICKS_PER_SECOND;
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
      return [{ pid: Number(entry), ppid: Number(fields[1]), name, cmdline, startTime: fields[STARTTIME]!, cpuSeconds }];
    } catch {
      return []; // it ended while we looked
    }
  });
}

interface Resident {
  /** Private to the process. */
  anonBytes: number;
  /** File-backed and shared memory, the same pages for every process of one executable. */
  sharedBytes: number;
}

/** A process's resident memory by kind; nothing once it is gone (or a zombie, which has none). */
function resident(pid: number): Resident {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status)?.[1] ?? 0) * 1024;
    return { anonBytes: kb('RssAnon'), sharedBytes: kb('RssFile') + kb('RssShmem') };
  } catch {
    return { anonBytes: 0, sharedBytes: 0 };
  }
}

/** The pids of `seeds` and of all their descendants among `all`. */
function descendants(all: Proc[], seeds: Proc[]): Set<number> {
  const members = new Set(seeds.map((p) => p.pid));
  for (let grew = true; grew;) {
    grew = false;
    for (const p of all) {
      if (!members.has(p.pid) && members.has(p.ppid)) {
        members.add(p.pid);
        grew = true;
      }
    }
  }
  return members;
}

/** The processes of the tree of `root` and of those naming `dir`, now; `detached`: those not under `root`. */
function treeOf(root: number, dir: string): { tree: Proc[]; detached: Set<number> } {
  const all = processes();
  const underRoot = descendants(
    all,
    all.filter((p) => p.pid === root),
  );
  const members = descendants(
    all,
    all.filter((p) => p.pid === root || p.cmdline.includes(dir)),
  );
  return { tree: all.filter((p) => members.has(p.pid)), detached: new Set([...members].filter((pid) => !underRoot.has(pid))) };
}

/** CPU seconds of this process's reaped children, with theirs (cutime and cstime of /proc/self/stat). */
function reapedChildrenSeconds(): number {
  const { fields } = readStat('/proc/self/stat');
  return (Number(fields[CUTIME]) + Number(fields[CSTIME])) / TICKS_PER_SECOND;
}

/** What ran under the root between two samples: its children time less what the samples saw of them. */
export const BETWEEN_SAMPLES = 'commands between samples';

export interface TreeUsage {
  peakBytes: number;
  /** When, in ms after sampling started. */
  atMs: number;
  /** What held the peak, by executable name. */
  byName: Map<string, number>;
  /**
   * CPU seconds by executable name: the detached components as last sampled, the root's processes
   * as last sampled, and BETWEEN_SAMPLES the rest of the root's exact total (stop once the root is reaped).
   */
  cpuByName: Map<string, number>;
}

/** Samples the tree every `intervalMs` until stopped; returns the memory peak and the CPU time used. */
export function sampleTree(root: number, dir: string, intervalMs: number): { stop: () => TreeUsage } {
  const started = Date.now();
  let peak = { peakBytes: 0, atMs: 0, byName: new Map<string, number>() };
  const reapedBefore = reapedChildrenSeconds();
  const cpuOf = new Map<string, { name: string; seconds: number; detached: boolean }>();
  const sample = () => {
    const { tree, detached } = treeOf(root, dir);
    const anon = new Map<string, number>();
    const shared = new Map<string, number>();
    for (const p of tree) {
      const { anonBytes, sharedBytes } = resident(p.pid);
      anon.set(p.name, (anon.get(p.name) ?? 0) + anonBytes);
      shared.set(p.name, Math.max(shared.get(p.name) ?? 0, sharedBytes));
      const key = `${p.pid}@${p.startTime}`;
      cpuOf.set(key, { name: p.name, seconds: p.cpuSeconds, detached: (cpuOf.get(key)?.detached ?? false) || detached.has(p.pid) });
    }
    const byName = new Map([...anon].map(([name, bytes]) => [name, bytes + shared.get(name)!]));
    const bytes = [...byName.values()].reduce((a, b) => a + b, 0);
    if (bytes > peak.peakBytes) peak = { peakBytes: bytes, atMs: Date.now() - started, byName };
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      const cpuByName = new Map<string, number>();
      let sampledUnderRoot = 0;
      for (const { name, seconds, detached } of cpuOf.values()) {
        cpuByName.set(name, (cpuByName.get(name) ?? 0) + seconds);
        if (!detached) sampledUnderRoot += seconds;
      }
      cpuByName.set(BETWEEN_SAMPLES, Math.max(0, reapedChildrenSeconds() - reapedBefore - sampledUnderRoot));
      return { ...peak, cpuByName };
    },
  };
}
