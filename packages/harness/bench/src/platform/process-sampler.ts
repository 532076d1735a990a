import { readdirSync, readFileSync } from 'node:fs';

// Linux reports CPU times in clock ticks of 1/100 s (USER_HZ) on every architecture Node runs on.
const TICKS_PER_SECOND = 100;

/** A group of processes whose RSS and CPU are summed: one service, or PostgreSQL's backends. */
export interface ProcessGroup {
  name: string;
  pids: () => number[];
}

export interface ProcessSample {
  /** ms since the epoch. */
  at: number;
  /** RSS of a one-process group; for a group of several (PostgreSQL), the sum of their PSS. */
  rssMiB: Record<string, number>;
  /** Share of one core over the last interval, per group (100 = one core busy). */
  cpuPercent: Record<string, number>;
  /** Share of all cores busy over the last interval, machine-wide. */
  machineCpuPercent: number;
}

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function rssKiB(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(read(`/proc/${pid}/status`) ?? '')?.[1] ?? 0);
}

/** Proportional set size: shared pages split between their users, so a group's sum counts them once. */
function pssKiB(pid: number): number {
  return Number(/^Pss:\s+(\d+)/m.exec(read(`/proc/${pid}/smaps_rollup`) ?? '')?.[1] ?? 0);
}

function cpuTicks(pid: number): number {
  const stat = read(`/proc/${pid}/stat`);
  if (!stat) return 0;
  // Fields after the parenthesised command: utime and stime are fields 14 and 15 of the whole line.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

function machineTicks(): { busy: number; total: number } {
  const line = read('/proc/stat')?.split('\n')[0] ?? '';
  const values = line.split(/\s+/).slice(1).map(Number);
  const total = values.reduce((sum, v) => sum + v, 0);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  return { busy: total - idle, total };
}

/** Processes whose command line matches, e.g. every PostgreSQL backend or the Kafka broker's JVM. */
export function pidsMatching(pattern: RegExp): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const commandLine = read(`/proc/${entry}/cmdline`)?.replaceAll('\0', ' ');
    if (commandLine && pattern.test(commandLine)) pids.push(Number(entry));
  }
  return pids;
}

/**
 * Reads RSS and CPU time of each group from /proc every interval (Linux only; elsewhere the samples
 * are empty). CPU per group is the CPU time it used over the interval, so a group at 200 keeps two
 * cores busy.
 */
export function startProcessSampler(groups: ProcessGroup[], intervalMs = 1000) {
  const samples: ProcessSample[] = [];
  const supported = read('/proc/stat') !== undefined;
  // Per process, so a backend that exits between two samples does not make its group's CPU negative.
  let previous: Map<number, number> | undefined;
  let previousMachine = machineTicks();
  let previousAt = Date.now();
  const take = () => {
    if (!supported) return;
    const at = Date.now();
    const machine = machineTicks();
    const rssMiB: Record<string, number> = {};
    const cpuPercent: Record<string, number> = {};
    const ticks = new Map<number, number>();
    for (const group of groups) {
      const pids = group.pids();
      const memory = pids.length === 1 ? rssKiB : pssKiB;
      rssMiB[group.name] = Math.round(pids.reduce((sum, pid) => sum + memory(pid), 0) / 1024);
      let used = 0;
      for (const pid of pids) {
        const now = cpuTicks(pid);
        ticks.set(pid, now);
        // A process first seen now (or a new one reusing a pid) started during the interval: all
        // its CPU time belongs to it.
        const before = previous?.get(pid) ?? (previous ? 0 : now);
        used += now >= before ? now - before : now;
      }
      cpuPercent[group.name] = Math.round(
        (used / TICKS_PER_SECOND / Math.max(0.001, (at - previousAt) / 1000)) * 100,
      );
    }
    const total = machine.total - previousMachine.total;
    const machineCpuPercent =
      total > 0 ? Math.round(((machine.busy - previousMachine.busy) / total) * 100) : 0;
    samples.push({ at, rssMiB, cpuPercent, machineCpuPercent });
    previous = ticks;
    previousMachine = machine;
    previousAt = at;
  };
  take();
  const timer = setInterval(take, intervalMs);
  return {
    samples,
    stop(): ProcessSample[] {
      clearInterval(timer);
      take();
      return samples;
    },
  };
}
