// bench/RESULTS.md, written from the figures each run saves (bench/results/*.json): the tables per
// size and the notes against the goals of issue 23, so no figure or note is copied by hand.
import {readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {pairedCpuRatio, type Case, type Measure} from './measure.js';
import type {Quiet} from './quiet.js';

export interface Row {
  /** floor-json / floor-protobuf: curl of what `id` reads; kubectl: `kubectl get pods -A`; win: kubectl-win. */
  role: 'floor-json' | 'floor-protobuf' | 'kubectl' | 'win' | 'other';
  id?: string;
  build?: 'this' | 'baseline';
  runtime?: 'node' | 'exe';
  /** kubectl-win's arguments, which pair a build's row with the baseline's. */
  args?: string;
  case?: Case;
  measure?: Measure;
  /** How quiet the machine was when this command started (sizes measured once). */
  quiet?: Quiet;
}

export interface SizeResult {
  /** Pods; 0 for start-up. */
  size: number;
  date: string;
  commit: string;
  baseline?: string;
  argv: string[];
  settle: number;
  rounds: number;
  machine: {cpus: number; model: string; node: string; load: number[]};
  /** Sizes measured once: each command waited for fewer busy CPUs than this (bench/quiet.ts). */
  quietBelow?: number;
  rows: Row[];
}

const n = (x: number) => x.toLocaleString('en');
const x2 = (v: number) => `${v.toFixed(2)}x`;
const mark = (ok: boolean) => (ok ? '✓' : '✗');

function floor(r: SizeResult, role: Row['role'], id?: string): Measure | undefined {
  return r.rows.find((x) => x.role === role && x.id === id)?.measure;
}

function baselineOf(r: SizeResult, row: Row): Row | undefined {
  if (row.build !== 'this') return undefined;
  return r.rows.find((x) => x.build === 'baseline' && x.args === row.args && x.runtime === row.runtime);
}

function table(r: SizeResult): string[] {
  const getPods = floor(r, 'kubectl');
  const lines = [
    '| what | wall (s) | CPU (s) | peak RSS (MB) | vs protobuf floor | vs raw JSON | vs `kubectl get pods -A` | CPU vs baseline | output vs baseline | objects from cache / etcd | exit | command |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---|',
  ];
  for (const row of r.rows) {
    const m = row.measure!;
    const proto = row.role === 'win' ? floor(r, 'floor-protobuf', row.id) : undefined;
    const json = row.role === 'win' ? floor(r, 'floor-json', row.id) : undefined;
    const base = baselineOf(r, row)?.measure;
    const same = base && m.sha256 && base.sha256 ? (m.sha256 === base.sha256 ? 'same bytes' : 'differs') : '';
    const cells = [
      m.name,
      m.wall.toFixed(2),
      m.cpu.toFixed(2),
      m.rssMb.toFixed(0),
      proto ? x2(m.wall / proto.wall) : '',
      json ? x2(m.wall / json.wall) : '',
      row.role === 'win' && getPods ? x2(m.wall / getPods.wall) : '',
      base ? x2(pairedCpuRatio(m, base)) : '',
      same,
      m.lists ? `${n(m.lists.cache)} / ${n(m.lists.etcd)}` : '',
      String(m.exit),
      `\`${m.command.replace(/\|/g, '\\|').slice(0, 140)}\``,
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines;
}

function heading(r: SizeResult): string[] {
  const what = r.size === 0 ? 'Start-up, before the control plane starts' : `${n(r.size)} pods over 50 namespaces on 20 kwok Windows nodes`;
  const base = r.baseline ? `; baseline: ${r.baseline}` : '';
  return [
    `### ${what}`,
    '',
    `Measured ${r.date.slice(0, 16)}Z by \`npm run bench -- ${r.argv.join(' ')}\`, commit ${r.commit}${base}: ${r.rounds} round${r.rounds === 1 ? '' : 's'}` +
      `${r.rounds === 1 ? ' (no warm-up)' : ' after a warm-up round'}, ${r.size ? `${r.settle} s after the pods ran, ` : ''}` +
      `${r.machine.cpus} CPUs (${r.machine.model}), Node ${r.machine.node}, load average after ${r.machine.load.join(' ')}.`,
    '',
  ];
}

/** How loaded the machine was while a size was measured: said when it stretched wall times. */
function quietNotes(r: SizeResult): string[] {
  const stretched =
    'wall times, and the ratios of a CPU-bound command to an I/O-bound one (curl, the apiserver), are stretched; the CPU times and the paired ratios hold';
  const gated = r.rows.filter((x) => x.quiet);
  if (r.quietBelow === undefined || gated.length === 0) {
    const load = r.machine.load[0];
    if (load <= 1.5 * r.machine.cpus) return [];
    return [`- ${n(r.size)} pods were measured on a loaded machine (load average ${load} on ${r.machine.cpus} CPUs): ${stretched}.`];
  }
  const longest = gated.reduce((m, x) => Math.max(m, x.quiet!.waited), 0);
  const busy = gated.filter((x) => x.quiet!.busy >= r.quietBelow!);
  const out = [
    `- ${n(r.size)} pods: each command started once fewer than ${r.quietBelow} CPUs had been busy for 2 s (the longest wait ${longest.toFixed(0)} s).`,
  ];
  for (const x of busy) out.push(`  \`${x.measure!.name}\` started with ${x.quiet!.busy} CPUs busy after the longest wait allowed: its ${stretched}.`);
  return out;
}

/** Where kube-apiserver served the lists from, when some of this build's came from etcd (bench/list-sources.ts). */
function listSourceNotes(r: SizeResult): string[] {
  const mine = r.rows.filter((x) => x.role === 'win' && x.build === 'this' && x.measure?.lists);
  // A few objects come from etcd anyway (a kind that is not cached); a page is hundreds.
  const fromEtcd = mine.filter((x) => x.measure!.lists!.etcd >= 250);
  if (fromEtcd.length === 0) return [];
  const etcd = fromEtcd.reduce((a, x) => a + x.measure!.lists!.etcd, 0);
  const all = fromEtcd.reduce((a, x) => a + x.measure!.lists!.etcd + x.measure!.lists!.cache, 0);
  return [
    `- ${n(r.size)} pods: kube-apiserver read ${n(etcd)} of the ${n(all)} objects listed by ${fromEtcd.length} of this build's ${mine.length} runs from etcd, not from its watch cache (which held no snapshot at their pages' resourceVersion: bench/list-sources.ts); the floor's unpaginated lists come from the cache.`,
  ];
}

/** The goals of issue 23, checked against one size's figures. */
function goalNotes(r: SizeResult, small?: SizeResult): string[] {
  const out: string[] = [...quietNotes(r), ...listSourceNotes(r)];
  const getPods = floor(r, 'kubectl');
  const mine = r.rows.filter((x) => x.role === 'win' && x.build === 'this');
  for (const row of mine) {
    const m = row.measure!;
    const who = `\`${row.args}\` (${row.runtime === 'exe' ? 'executable' : 'Node'})`;
    if (r.size < 10_000 && getPods) {
      const limit = row.runtime === 'exe' ? 1 : 1.5;
      out.push(
        `- ${n(r.size)} pods, ${who}: ${m.wall.toFixed(2)} s, ${x2(m.wall / getPods.wall)} \`kubectl get pods -A\` (goal < ${limit}x) ${mark(m.wall < limit * getPods.wall)}`,
      );
    } else {
      const proto = floor(r, 'floor-protobuf', row.id);
      if (proto)
        out.push(
          `- ${n(r.size)} pods, ${who}: ${m.wall.toFixed(2)} s, ${x2(m.wall / proto.wall)} the protobuf floor (goal ≤ 2x) ${mark(m.wall <= 2 * proto.wall)}`,
        );
    }
    const same = small?.rows.find((x) => x.role === 'win' && x.build === 'this' && x.args === row.args && x.runtime === row.runtime)?.measure;
    if (row.args === 'doctor -A' && same && r.size > small!.size) {
      const ratio = m.rssMb / same.rssMb;
      out.push(`  peak RSS ${m.rssMb.toFixed(0)} MB, ${x2(ratio)} its ${n(small!.size)}-pod figure (goal ≤ 1.3x) ${mark(ratio <= 1.3)}`);
    }
    if (m.exit !== 0 && m.exit !== 1) out.push(`  exit ${m.exit}: not a finished run`);
  }
  const differs = mine.filter((row) => {
    const a = row.measure?.sha256;
    const b = baselineOf(r, row)?.measure?.sha256;
    return a && b && a !== b;
  });
  if (r.baseline) {
    out.push(
      differs.length === 0
        ? `- Output: every command printed the same bytes as the baseline (${r.baseline}).`
        : `- Output differs from the baseline's: ${differs.map((d) => `\`${d.args}\` (${d.runtime})`).join(', ')}.`,
    );
  }
  return out;
}

export function writeResults(dir: string, file: string): void {
  const all: SizeResult[] = readdirSync(dir)
    .filter((f) => /^(startup|size-\d+)\.json$/.test(f))
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as SizeResult)
    .sort((a, b) => a.size - b.size);
  const small = all.find((r) => r.size > 0);
  const lines = [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (bench/run.ts) from the figures in bench/results/: each size keeps the run that',
    'last measured it (`npm run bench -- --sizes 100000` measures only that size; past the first 2,100 pods, created',
    'through the apiserver, tools/etcdfill copies them into etcd: docs/architecture.md, decision 49). The earlier',
    'performance passes are described in bench/HISTORY.md.',
    '',
    'The control plane is the e2e harness (etcd, kube-apiserver v1.34.3, kwok) on loopback, on the same machine.',
    'Commands are run in turn, round after round; wall and CPU (user + system) time are medians, peak RSS the',
    'largest (GNU time). "floor" is curl of exactly the list URLs the command reads (its SnapshotRequests), 8 in',
    'parallel, unpaginated, as protobuf or JSON. "CPU vs baseline" is the median, over rounds, of the ratio of',
    'the two builds run one after the other; "output vs baseline" compares their stdout byte for byte. "objects',
    'from cache / etcd" is how many objects kube-apiserver returned in lists from its watch cache and from etcd',
    'while the command ran (its /metrics before and after the run of the middle wall time).',
    '',
    '## Against the goals (issue 23)',
    '',
  ];
  for (const r of all.filter((x) => x.size > 0)) lines.push(...goalNotes(r, small));
  lines.push('');
  for (const r of all) lines.push(...heading(r), ...table(r), '');
  writeFileSync(file, lines.join('\n'));
}

// `node --import tsx bench/results.ts`: RESULTS.md again from the saved figures (after editing this file).
if (process.argv[1]?.endsWith('bench/results.ts')) writeResults(join(import.meta.dirname, 'results'), join(import.meta.dirname, 'RESULTS.md'));
