// The memory and CPU time of a process tree, sampled from /proc (Linux). kwokctl starts
// the control plane's components detached, so they are no descendants of the canary: the tree
// is the root's descendants plus every process whose command line names `dir` (the runs' work
// dirs are under it), with their descendants. Memory is what the tree holds: every process's
// anonymous memory (its own: heaps, stacks) plus the file-backed pages of each executable once,
// however many processes run it (five kubectl at once share one binary's pages); from
// /proc/<pid>/status, which costs next to nothing to read, where the kernel would walk every
// page of a process for its proportional set size. CPU time is each sampled process's own, as
// last seen: a process that starts and ends between two samples is missed, so short-lived
// commands are undercounted at long intervals.
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

function processes(): Proc[] {
  return readdirSync('/proc').flatMap((entry) => {
    if (!/^\d+$/.test(entry)) return [];
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the name: state, ppid, ...; utime and stime are the 12th and 13th, starttime the 20th.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const cpuSeconds = (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
      return [{ pid: Number(entry), ppid: Number(fields[1]), name, cmdline, startTime: fields[19]!, cpuSeconds }];
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

/** The processes of the tree of `root` and of those naming `dir`, now. */
function treeOf(root: number, dir: string): Proc[] {
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
  return all.filter((p) => members.has(p.pid));
}

export interface TreeUsage {
  peakBytes: number;
  /** When, in ms after sampling started. */
  atMs: number;
  /** What held the peak, by executable name. */
  byName: Map<string, number>;
  /** CPU seconds by executable name, over every process sampled. */
  cpuByName: Map<string, number>;
}

/** Samples the tree every `intervalMs` until stopped; returns the memory peak and the CPU time used. */
export function sampleTree(root: number, dir: string, intervalMs: number): { stop: () => TreeUsage } {
  const started = Date.now();
  let peak = { peakBytes: 0, atMs: 0, byName: new Map<string, number>() };
  const cpuOf = new Map<string, { name: string; seconds: number }>();
  const sample = () => {
    const tree = treeOf(root, dir);
    const anon = new Map<string, number>();
    const shared = new Map<string, number>();
    for (const p of tree) {
      const { anonBytes, sharedBytes } = resident(p.pid);
      anon.set(p.name, (anon.get(p.name) ?? 0) + anonBytes);
      shared.set(p.name, Math.max(shared.get(p.name) ?? 0, sharedBytes));
      cpuOf.set(`${p.pid}@${p.startTime}`, { name: p.name, seconds: p.cpuSeconds });
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
      for (const { name, seconds } of cpuOf.values()) cpuByName.set(name, (cpuByName.get(name) ?? 0) + seconds);
      return { ...peak, cpuByName };
    },
  };
}
