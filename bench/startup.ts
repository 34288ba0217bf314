// npm run bench:startup [-- --runs 11 --kubeconfig FILE --pod NAMESPACE/NAME]: where the first
// quarter second goes, phase by phase, for Node (bin/run.js) and the release executable
// (release/build/linux-x64/kubectl-win, when built). Each rung of the ladder does one phase more than
// the one before, so the difference of two medians is what that phase costs:
//   runtime floor      node -e 0
//   module evaluation  load dist/ as bin/run.js does (oclif and the command registry), nothing run
//   oclif              --help (config, the command's flags, help text)
//   offline command    qos -f FILE (kubeconfig never read: the command, its analysis, YAML, output)
//   live command       qos POD (kubeconfig parsing, TLS set-up, the reads), with --kubeconfig
// The rungs run in turn, round after round (bench/measure.ts), so the machine's drift falls on all.
// With --kubeconfig, `-v=6` runs also give the first request's latency (its connection's TLS
// handshake included) against the later ones. Prints a Markdown table. Not part of `npm test`.
import {spawnSync} from 'node:child_process';
import {existsSync, mkdirSync} from 'node:fs';
import {loadavg} from 'node:os';
import {join} from 'node:path';
import {PROJECT_ROOT} from '../harness/build.js';
import {measureInTurn, type Case, type Measure} from './measure.js';

const argv = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : dflt;
};
const RUNS = Number(opt('runs', '11'));
const KUBECONFIG = opt('kubeconfig', '');
const [POD_NS, POD_NAME] = opt('pod', 'bench-00/iis-0').split('/');
const OUT = join(PROJECT_ROOT, 'bench', 'out');
const EXAMPLE = join(PROJECT_ROOT, 'examples', 'qos', 'guaranteed-iis.yaml');

interface Rung {
  phase: string;
  cmd: string[];
}

function ladder(runtime: 'node' | 'exe'): Rung[] {
  const node = process.execPath;
  const exe = join(PROJECT_ROOT, 'release', 'build', 'linux-x64', 'kubectl-win');
  const win = runtime === 'node' ? [node, join(PROJECT_ROOT, 'bin', 'run.js')] : [exe];
  const rungs: Rung[] = [];
  if (runtime === 'node') {
    rungs.push({phase: 'runtime floor (node -e 0)', cmd: [node, '-e', '0']});
    const load = `const {loadCached} = await import(${JSON.stringify(join(PROJECT_ROOT, 'bin', 'code-cache.js'))});
loadCached(${JSON.stringify(join(PROJECT_ROOT, 'dist'))}) ?? (await import(${JSON.stringify(join(PROJECT_ROOT, 'dist', 'main.js'))}));`;
    rungs.push({phase: 'module evaluation (load dist/ as bin/run.js does)', cmd: [node, '--input-type=module', '-e', load]});
  }
  rungs.push({phase: 'oclif: config, flags, help (--help)', cmd: [...win, '--help']});
  rungs.push({phase: 'offline command (qos -f FILE)', cmd: [...win, 'qos', '-f', EXAMPLE]});
  if (KUBECONFIG) rungs.push({phase: 'live command (qos POD): kubeconfig, TLS, reads', cmd: [...win, 'qos', POD_NAME, '-n', POD_NS]});
  return rungs;
}

/** The `-v=6` lines' request latencies (ms), in the order they ended. */
function requestLatencies(cmd: string[], env: NodeJS.ProcessEnv): number[] {
  const r = spawnSync(cmd[0], [...cmd.slice(1), '-v=6'], {env, encoding: 'utf8'});
  return [...(r.stderr ?? '').matchAll(/ in (\d+) milliseconds/g)].map((m) => Number(m[1]));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (s: number) => (s * 1000).toFixed(0);

function table(runtime: string, rungs: Rung[], measures: Measure[]): string[] {
  const lines = [`### ${runtime}`, '', '| phase | CPU (ms) | CPU added (ms) | wall (ms) | wall added (ms) |', '|---|---:|---:|---:|---:|'];
  measures.forEach((m, i) => {
    const before = i > 0 ? measures[i - 1] : undefined;
    const added = (a: number, b?: number) => (b === undefined ? '' : ms(a - b));
    lines.push(`| ${rungs[i].phase} | ${ms(m.cpu)} | ${added(m.cpu, before?.cpu)} | ${ms(m.wall)} | ${added(m.wall, before?.wall)} |`);
  });
  return [...lines, ''];
}

function main(): void {
  mkdirSync(OUT, {recursive: true});
  const env: NodeJS.ProcessEnv = {...process.env, NO_COLOR: '1', HOME: OUT, ...(KUBECONFIG ? {KUBECONFIG} : {})};
  const runtimes = (['node', 'exe'] as const).filter((r) => r === 'node' || existsSync(ladder('exe')[0].cmd[0]));
  const rungs = runtimes.flatMap((r) => ladder(r).map((rung) => ({runtime: r, rung})));
  const cases: Case[] = rungs.map(({runtime, rung}) => ({name: `${runtime}: ${rung.phase}`, cmd: rung.cmd}));
  const log = (m: string) => process.stderr.write(`[startup] ${m}\n`);
  const measures = measureInTurn(cases, env, {rounds: RUNS, warmup: true, outDir: OUT, shorten: (s) => s, log});
  const out = [
    `Median of ${RUNS} rounds, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}, Node ${process.version}.`,
    '',
  ];
  for (const r of runtimes) {
    const idx = rungs.map((x, i) => (x.runtime === r ? i : -1)).filter((i) => i >= 0);
    out.push(
      ...table(
        r === 'node' ? 'Node (bin/run.js)' : 'release executable',
        ladder(r),
        idx.map((i) => measures[i]),
      ),
    );
  }
  if (KUBECONFIG) {
    for (const r of runtimes) {
      const live = ladder(r).at(-1)!.cmd;
      const runs = Array.from({length: Math.min(RUNS, 5)}, () => requestLatencies(live, env)).filter((l) => l.length > 1);
      if (runs.length === 0) continue;
      const first = median(runs.map((l) => l[0]));
      const later = median(runs.flatMap((l) => l.slice(1)));
      out.push(`${r}: ${runs[0].length} requests; -v=6 latency of the first to end ${first} ms, of the rest ${later} ms (median of ${runs.length} runs).`);
    }
  }
  process.stdout.write(out.join('\n') + '\n');
}

main();
