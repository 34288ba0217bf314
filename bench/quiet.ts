// Before a command measured only once (100,000 pods), the bench waits until the rest of the machine is
// quiet. After a large fill, kwok and the controllers keep both CPUs busy for minutes, and a single
// round then measures them as much as the command: in one such run, `gmsa check` (Node) took 12.3 s
// (3.6 s of CPU); with the machine quiet, the same build on the same cluster took 5.5 s.
import {cpus} from 'node:os';
import {readFileSync} from 'node:fs';

export interface Quiet {
  /** Seconds waited before the command started. */
  waited: number;
  /** CPUs in use (user + system, every process) over the last window before it started. */
  busy: number;
}

/** CPUs in use: /proc/stat's busy ticks over all ticks, times the CPU count. */
export function busyBetween(before: number[], after: number[], cpuCount: number): number {
  const d = after.map((v, i) => v - (before[i] ?? 0));
  // user nice system idle iowait irq softirq steal (guest time is already in user).
  const total = d.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = (d[3] ?? 0) + (d[4] ?? 0);
  return total > 0 ? ((total - idle) / total) * cpuCount : 0;
}

function cpuTicks(): number[] {
  const first = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0];
  return first.trim().split(/\s+/).slice(1).map(Number);
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Waits, window after window, until fewer than `below` CPUs were busy over one window, or
 * `timeoutS` passed (then the command runs anyway, and its Quiet says how busy the machine was).
 * Without /proc/stat (not Linux) it does not wait.
 */
export function waitQuiet(opts: {below: number; windowMs: number; timeoutS: number; log: (m: string) => void}): Quiet | undefined {
  let before: number[];
  try {
    before = cpuTicks();
  } catch {
    return undefined;
  }
  const start = Date.now();
  let told = false;
  for (;;) {
    sleep(opts.windowMs);
    const after = cpuTicks();
    const busy = busyBetween(before, after, cpus().length);
    const waited = (Date.now() - start - opts.windowMs) / 1000;
    if (busy < opts.below || waited >= opts.timeoutS) return {waited: Math.max(0, waited), busy: Number(busy.toFixed(2))};
    if (!told) opts.log(`waiting for the machine to be quiet (${busy.toFixed(2)} CPUs busy; at most ${opts.timeoutS} s)`);
    told = true;
    before = after;
  }
}
