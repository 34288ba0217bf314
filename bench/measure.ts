// How the bench times a command: GNU time's wall, user and system CPU time and peak RSS of each run,
// commands taken in turn round after round (A B C A B C ...) so that the machine's drift, which moves
// 10-20% from minute to minute here, falls on every command alike. With an output file, a run's stdout
// is kept and hashed, so two builds' outputs on the same cluster can be compared byte for byte.
import {spawnSync} from 'node:child_process';
import {createHash} from 'node:crypto';
import {closeSync, openSync, readFileSync, rmSync} from 'node:fs';
import {join} from 'node:path';
import {listSourcesBetween, type ListSources} from './list-sources.js';

export interface Case {
  name: string;
  cmd: string[];
  /** Keep and hash stdout (to compare outputs); otherwise it goes to /dev/null. */
  hash?: boolean;
}

export interface Run {
  wall: number;
  cpu: number;
  rssMb: number;
  exit: number;
  sha256?: string;
  /** Where kube-apiserver served this run's lists from (bench/list-sources.ts), when it could be read. */
  lists?: ListSources;
}

export interface Measure {
  name: string;
  command: string;
  runs: Run[];
  /** Median wall and CPU seconds; the largest peak RSS; the exit code of the median run. */
  wall: number;
  cpu: number;
  rssMb: number;
  exit: number;
  /** Every run's stdout had this hash (absent: not hashed, or it differed from run to run). */
  sha256?: string;
  /** The lists' sources of the run the exit code is taken from. */
  lists?: ListSources;
}

/** Options of measureInTurn. */
export interface TurnOptions {
  rounds: number;
  warmup: boolean;
  outDir: string;
  shorten: (s: string) => string;
  log: (m: string) => void;
  /** Reads the apiserver's list counters, before and after each run (bench/list-sources.ts). */
  listSources?: () => ListSources | undefined;
}

function runOnce(c: Case, env: NodeJS.ProcessEnv, outDir: string, listSources?: TurnOptions['listSources']): Run {
  const file = join(outDir, `stdout-${process.pid}`);
  const fd = openSync(c.hash ? file : '/dev/null', 'w');
  try {
    const before = listSources?.();
    const r = spawnSync('/usr/bin/time', ['-f', '__TIME__ %e %U %S %M %x', ...c.cmd], {env, encoding: 'utf8', stdio: ['ignore', fd, 'pipe']});
    const m = /__TIME__ ([\d.]+) ([\d.]+) ([\d.]+) (\d+) (\d+)/.exec(r.stderr ?? '');
    if (!m) throw new Error(`${c.name}: no timing (${r.stderr?.slice(-500)})`);
    const run: Run = {wall: Number(m[1]), cpu: Number(m[2]) + Number(m[3]), rssMb: Number(m[4]) / 1024, exit: Number(m[5])};
    const after = before && listSources?.();
    if (before && after) run.lists = listSourcesBetween(before, after);
    if (c.hash) run.sha256 = createHash('sha256').update(readFileSync(file)).digest('hex');
    return run;
  } finally {
    closeSync(fd);
    if (c.hash) rmSync(file, {force: true});
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function summarize(c: Case, runs: Run[], shorten: (s: string) => string): Measure {
  const byWall = [...runs].sort((a, b) => a.wall - b.wall);
  const hashes = new Set(runs.map((r) => r.sha256));
  const middle = byWall[Math.floor(byWall.length / 2)];
  return {
    name: c.name,
    command: c.cmd.map(shorten).join(' '),
    runs,
    wall: median(runs.map((r) => r.wall)),
    cpu: median(runs.map((r) => r.cpu)),
    rssMb: runs.reduce((m, r) => Math.max(m, r.rssMb), 0),
    exit: middle.exit,
    ...(hashes.size === 1 && runs[0].sha256 ? {sha256: runs[0].sha256} : {}),
    ...(middle.lists ? {lists: middle.lists} : {}),
  };
}

/** Every case once per round, `rounds` rounds (after one unmeasured warm-up round when `warmup`). */
export function measureInTurn(cases: Case[], env: NodeJS.ProcessEnv, opts: TurnOptions): Measure[] {
  const runs: Run[][] = cases.map(() => []);
  if (opts.warmup) for (const c of cases) runOnce(c, env, opts.outDir);
  for (let round = 0; round < opts.rounds; round++) {
    opts.log(`round ${round + 1} of ${opts.rounds}: ${cases.length} commands in turn`);
    cases.forEach((c, i) => runs[i].push(runOnce(c, env, opts.outDir, opts.listSources)));
  }
  return cases.map((c, i) => summarize(c, runs[i], opts.shorten));
}

/** The median, over rounds, of a's CPU time over b's in the same round (the pairs ran side by side). */
export function pairedCpuRatio(a: Measure, b: Measure): number {
  return median(a.runs.map((r, i) => r.cpu / Math.max(0.001, b.runs[i]?.cpu ?? NaN)));
}
