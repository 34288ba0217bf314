// npm run bench [-- --sizes 1000,10000 --runs 3 --settle 15 --once-from 100000 --quiet-below 0.3 --quiet-timeout 300 --baseline DIR --baseline-label TEXT --label TEXT --no-startup --api-fill]:
// fills the local control plane (harness/) with Windows pods over 50 namespaces on kwok Windows nodes
// (with gMSA credential specs, RBAC and LimitRanges) and measures, commands in turn round after round,
// kubectl-win against the raw lists of what it reads (curl, JSON and protobuf: the floor) and against
// kubectl, plus start-up. Sizes from --once-from up (100,000 pods: the control plane stays busy a while
// after the fill, see --settle) are measured in one round, without warm-up, each command once the machine is
// quiet (--quiet-below CPUs busy, waiting at most --quiet-timeout seconds: bench/quiet.ts). --api-fill: every pod through
// the apiserver (else pods past the first 2,100 are copied into etcd, bench/fleet.ts fillFast). --baseline DIR: another checkout of
// this project, built (`npm run build`, and `npm run release -- --targets linux-x64` for its
// executable: the bench builds dist/ but not the executable, which takes a minute), run in turn with
// this one on the same cluster; the two outputs are compared byte for byte and CPU time pair by pair.
// Each size's figures go to bench/results/size-N.json, start-up's to startup.json, and
// bench/RESULTS.md is written from all of them, its notes included. Not part of `npm test`.
import {execFileSync, spawnSync} from 'node:child_process';
import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {cpus, loadavg} from 'node:os';
import {join} from 'node:path';
import {parse} from 'yaml';
import {controlPlane, stopControlPlane, type ControlPlane} from '../harness/index.js';
import {ensureBinaries, PROJECT_ROOT} from '../harness/build.js';
import {listPath, RESOURCES, WORKLOAD_KINDS, type ResourceName} from '../src/k8s/resources.js';
import type {SnapshotRequest} from '../src/k8s/snapshot.js';
import {etcdEndpointIn, fillFast, setup, waitRunning} from './fleet.js';
import {measureInTurn, type Case} from './measure.js';
import {readListSources, type ListSources} from './list-sources.js';
import {waitQuiet} from './quiet.js';
import {writeResults, type Row, type SizeResult} from './results.js';

const OUT = join(PROJECT_ROOT, 'bench', 'out');
const RESULTS = join(PROJECT_ROOT, 'bench', 'results');
const argv = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : dflt;
};
const SIZES = opt('sizes', '1000,10000').split(',').map(Number);
const RUNS = Number(opt('runs', '3'));
/** Seconds to wait after a fill before measuring (0 measures while kwok still writes statuses). */
const SETTLE = Number(opt('settle', '15'));
const ONCE_FROM = Number(opt('once-from', '100000'));
/** Sizes measured once: each command starts when fewer than this many CPUs were busy over 2 s (bench/quiet.ts)... */
const QUIET_BELOW = Number(opt('quiet-below', '0.3'));
/** ... or after this many seconds of waiting. */
const QUIET_TIMEOUT = Number(opt('quiet-timeout', '300'));
const BASELINE = opt('baseline', '');
/** What this build is, for the results (default: its git commit; a copy made with git archive has none). */
const LABEL = opt('label', '');
/** What the baseline is, for the results (default: its git commit). */
const BASELINE_LABEL = opt('baseline-label', '');
const STARTUP_RUNS = Number(opt('startup-runs', '11'));
/** The commands measured, as `kubectl win` arguments (every namespace: -A, except nodes, which reads them all). */
const COMMANDS: Array<{id: string; args: string[]}> = [
  // doctor first: at 100,000 pods, measured once each, what matters most is measured first.
  {id: 'doctor', args: ['doctor', '-A']},
  {id: 'doctor', args: ['doctor', '-A', '-o', 'json']},
  {id: 'qos', args: ['qos', '-A', '-o', 'json']},
  // -o yaml is written as -o json is (docs/architecture.md, decision 61): the largest YAML document.
  {id: 'qos', args: ['qos', '-A', '-o', 'yaml']},
  // The table users read most: the text view works out only what it shows (docs/architecture.md, decision 59).
  {id: 'qos', args: ['qos', '-A']},
  // Every pod's detail block after the table, drawn as it is reached (decision 62): the largest text.
  {id: 'qos', args: ['qos', '-A', '-o', 'wide']},
  {id: 'psp:readiness', args: ['psp', 'readiness', '-A', '-o', 'json']},
  {id: 'lint', args: ['lint', '-A', '-o', 'json']},
  {id: 'gmsa:check', args: ['gmsa', 'check', '-A', '-o', 'json']},
  {id: 'nodes', args: ['nodes', '-o', 'json']},
];

function log(msg: string): void {
  process.stderr.write(`[bench] ${new Date().toISOString().slice(11, 19)} ${msg}\n`);
}

const shorten = (s: string) =>
  s
    .replace(PROJECT_ROOT + '/', '')
    .replace(OUT + '/', 'bench/out/')
    .replace(BASELINE ? BASELINE + '/' : '\0', 'BASELINE/');

/** The list URLs a command reads (its analyses' SnapshotRequests), for the curl floor. */
async function readsOf(id: string): Promise<string[]> {
  const reqs: SnapshotRequest[] = [];
  const load = async (p: string, name: string) => ((await import(p)) as Record<string, {request(o: unknown): SnapshotRequest}>)[name];
  if (id === 'qos') reqs.push((await load('../src/analyses/qos/analysis.js', 'qosAnalysis')).request({}));
  if (id === 'lint') reqs.push((await load('../src/analyses/lint/analysis.js', 'lintAnalysis')).request({}));
  if (id === 'psp:readiness') reqs.push((await load('../src/analyses/psp/analysis.js', 'pspReadinessAnalysis')).request({} as never));
  if (id === 'gmsa:check') reqs.push((await load('../src/analyses/gmsa/analysis.js', 'gmsaAnalysis')).request({}));
  if (id === 'nodes') reqs.push((await load('../src/analyses/nodes/analysis.js', 'nodesAnalysis')).request({}));
  if (id === 'doctor') {
    const {DOCTOR_ANALYSES} = await import('../src/analyses/doctor/registry.js');
    for (const a of DOCTOR_ANALYSES) reqs.push(a.analysis.request(a.options({} as never)));
  }
  const kinds = new Set<ResourceName>();
  for (const r of reqs) {
    for (const k of r.kinds ?? []) kinds.add(k);
    if (r.pods) kinds.add('pods');
    if (r.workloads) for (const k of WORKLOAD_KINDS) kinds.add(k);
  }
  return [...kinds].map((k) => listPath(RESOURCES[k]));
}

interface Certs {
  ca: string;
  cert: string;
  key: string;
}

function curl(server: string, paths: string[], accept: string, certs: Certs): string[] {
  const base = ['curl', '-s', '--parallel', '--parallel-max', '8', '--cacert', certs.ca, '--cert', certs.cert, '--key', certs.key];
  return [...base, '-H', `Accept: ${accept}`, ...paths.flatMap((p) => ['-o', '/dev/null', `${server}${p}`])];
}

/** kubectl-win as each build runs it: this checkout and the baseline, on Node and as the release executable. */
function builds(): Array<{label: string; build: 'this' | 'baseline'; runtime: 'node' | 'exe'; cmd: string[]}> {
  const out: ReturnType<typeof builds> = [];
  const roots: Array<[string, 'this' | 'baseline']> = [[PROJECT_ROOT, 'this']];
  if (BASELINE) roots.push([BASELINE, 'baseline']);
  for (const [root, build] of roots) {
    const tag = build === 'baseline' ? ', baseline' : '';
    out.push({label: `node${tag}`, build, runtime: 'node', cmd: [process.execPath, join(root, 'bin', 'run.js')]});
    const exe = join(root, 'release', 'build', 'linux-x64', 'kubectl-win');
    if (existsSync(exe)) out.push({label: `release executable${tag}`, build, runtime: 'exe', cmd: [exe]});
  }
  return out;
}

async function sizeCases(server: string, kubectl: string, certs: Certs, size: number): Promise<Row[]> {
  const rows: Row[] = [
    {role: 'floor-json', id: 'pods', case: {name: 'raw list: curl /api/v1/pods (JSON)', cmd: curl(server, ['/api/v1/pods'], 'application/json', certs)}},
    {
      role: 'floor-protobuf',
      id: 'pods',
      case: {name: 'raw list: curl /api/v1/pods (protobuf)', cmd: curl(server, ['/api/v1/pods'], 'application/vnd.kubernetes.protobuf', certs)},
    },
    {role: 'kubectl', case: {name: 'kubectl get pods -A', cmd: [kubectl, 'get', 'pods', '-A']}},
  ];
  // At 100,000 pods kubectl's -o json takes minutes and gigabytes: left out there.
  if (size < ONCE_FROM) rows.push({role: 'other', case: {name: 'kubectl get pods -A -o json', cmd: [kubectl, 'get', 'pods', '-A', '-o', 'json']}});
  for (const id of [...new Set(COMMANDS.map((c) => c.id))]) {
    const paths = await readsOf(id);
    // From --once-from up, the goal is against the protobuf floor only: the JSON one is left out for time.
    if (size < ONCE_FROM) {
      const name = `raw lists ${id} reads (${paths.length} URLs, JSON, 8 parallel)`;
      rows.push({role: 'floor-json', id, case: {name, cmd: curl(server, paths, 'application/json', certs)}});
    }
    rows.push({
      role: 'floor-protobuf',
      id,
      case: {name: `raw lists ${id} reads (protobuf)`, cmd: curl(server, paths, 'application/vnd.kubernetes.protobuf', certs)},
    });
    for (const c of COMMANDS.filter((x) => x.id === id)) {
      for (const b of builds()) {
        const name = `kubectl win ${c.args.join(' ')} (${b.label})`;
        rows.push({
          role: 'win',
          id,
          build: b.build,
          runtime: b.runtime,
          args: c.args.join(' '),
          case: {name, cmd: [...b.cmd, ...c.args], hash: Boolean(BASELINE)},
        });
      }
    }
  }
  return rows;
}

function measureRows(rows: Row[], env: NodeJS.ProcessEnv, once: boolean, rounds = RUNS, listSources?: () => ListSources | undefined): Row[] {
  const measures = measureInTurn(
    rows.map((r) => r.case as Case),
    env,
    {rounds: once ? 1 : rounds, warmup: !once, outDir: OUT, shorten, log, listSources},
  );
  return rows.map((r, i) => ({...r, case: undefined, measure: measures[i]}));
}

function commitOf(root: string): string {
  try {
    const git = (...args: string[]) => execFileSync('git', ['-C', root, ...args], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore']}).trim();
    const head = git('rev-parse', '--short', 'HEAD');
    // The bench's own output (results of an earlier size of this run, RESULTS.md) is not a change to what is measured.
    const dirty = git('status', '--porcelain', '--untracked-files=no', '--', '.', ':!bench/results', ':!bench/RESULTS.md');
    return dirty ? `${head} with changes` : head;
  } catch {
    return 'not a git checkout';
  }
}

function machine(): SizeResult['machine'] {
  return {cpus: cpus().length, model: cpus()[0]?.model ?? '?', node: process.version, load: loadavg().map((l) => Number(l.toFixed(1)))};
}

async function startCluster(): Promise<{cp: ControlPlane; certs: Certs; env: NodeJS.ProcessEnv}> {
  // kwok marks pods Running 32 at a time (its default, 4, took 83 minutes for 100,000; harness/start.ts).
  process.env.KUBECTL_WIN_KWOK_POD_PARALLELISM ??= '32';
  const cp = await controlPlane();
  const kc = parse(readFileSync(cp.kubeconfig, 'utf8'));
  const certs = {ca: join(OUT, 'ca.crt'), cert: join(OUT, 'admin.crt'), key: join(OUT, 'admin.key')};
  writeFileSync(certs.ca, Buffer.from(kc.clusters[0].cluster['certificate-authority-data'], 'base64'));
  writeFileSync(certs.cert, Buffer.from(kc.users[0].user['client-certificate-data'], 'base64'));
  writeFileSync(certs.key, Buffer.from(kc.users[0].user['client-key-data'], 'base64'), {mode: 0o600});
  return {cp, certs, env: {...process.env, KUBECONFIG: cp.kubeconfig, NO_COLOR: '1', HOME: OUT}};
}

/** The control plane's etcd (harness/start.ts writes it), for the fast fill; --api-fill creates every pod through the apiserver. */
function etcdEndpoint(cp: ControlPlane): string | undefined {
  return argv.includes('--api-fill') ? undefined : etcdEndpointIn(cp.dir);
}

function save(name: string, result: SizeResult): void {
  writeFileSync(join(RESULTS, name), JSON.stringify(result, null, 2) + '\n');
  writeResults(RESULTS, join(PROJECT_ROOT, 'bench', 'RESULTS.md'));
  log(`wrote bench/results/${name} and bench/RESULTS.md`);
}

function measureStartup(binDir: string): void {
  const quiet = {...process.env, NO_COLOR: '1', HOME: OUT};
  const rows: Row[] = builds().map((b) => ({
    role: 'win',
    build: b.build,
    runtime: b.runtime,
    args: '--help',
    case: {name: `kubectl win --help (${b.label})`, cmd: [...b.cmd, '--help']},
  }));
  rows.push(
    {role: 'kubectl', case: {name: 'kubectl version --client', cmd: [join(binDir, 'kubectl'), 'version', '--client']}},
    {role: 'other', case: {name: 'node -e 0 (the floor of any Node CLI)', cmd: [process.execPath, '-e', '0']}},
  );
  const measured = measureRows(rows, quiet, false, STARTUP_RUNS);
  const result: SizeResult = {
    size: 0,
    date: new Date().toISOString(),
    commit: LABEL || commitOf(PROJECT_ROOT),
    argv,
    settle: 0,
    rounds: STARTUP_RUNS,
    machine: machine(),
    rows: measured,
  };
  if (BASELINE) result.baseline = BASELINE_LABEL || commitOf(BASELINE);
  save('startup.json', result);
}

async function main(): Promise<void> {
  mkdirSync(OUT, {recursive: true});
  mkdirSync(RESULTS, {recursive: true});
  spawnSync(process.execPath, [join(PROJECT_ROOT, 'scripts', 'build.mjs')], {cwd: PROJECT_ROOT, stdio: 'inherit'});
  // Start-up first, on a quiet machine: while the control plane was setting up, even `node -e 0`
  // took 0.13 s instead of 0.07 s.
  const {binDir} = await ensureBinaries();
  if (!argv.includes('--no-startup')) measureStartup(binDir);
  const {cp, certs, env} = await startCluster();
  const listSources = () => readListSources({server: cp.server, ...certs});
  log('setting up namespaces, LimitRanges, RBAC, credential specs, nodes');
  await setup(cp);
  let created = 0;
  for (const size of SIZES) {
    log(`creating pods ${created}..${size}`);
    const secs = await fillFast(cp, created, size, etcdEndpoint(cp));
    log(`created ${size - created} pods in ${secs.toFixed(1)} s (${((size - created) / secs).toFixed(0)}/s)`);
    created = size;
    await waitRunning(cp, size);
    // kwok and the controllers are still writing the last pods' statuses for a while.
    log(`letting the control plane settle for ${SETTLE} s`);
    await new Promise((r) => setTimeout(r, SETTLE * 1000));
    const once = size >= ONCE_FROM;
    const cases = await sizeCases(cp.server, join(cp.binDir, 'kubectl'), certs, size);
    const result: SizeResult = {
      size,
      date: new Date().toISOString(),
      commit: LABEL || commitOf(PROJECT_ROOT),
      argv,
      settle: SETTLE,
      rounds: once ? 1 : RUNS,
      machine: machine(),
      rows: [],
    };
    if (BASELINE) result.baseline = BASELINE_LABEL || commitOf(BASELINE);
    if (once) {
      result.quietBelow = QUIET_BELOW;
      // One run each, saved as it goes: a run stopped half-way still leaves what it measured.
      for (const c of cases) {
        const quiet = waitQuiet({below: QUIET_BELOW, windowMs: 2000, timeoutS: QUIET_TIMEOUT, log});
        result.rows.push(...measureRows([c], env, true, RUNS, listSources).map((r) => (quiet ? {...r, quiet} : r)));
        save(`size-${size}.json`, {...result, machine: machine()});
      }
    } else {
      result.rows = measureRows(cases, env, false, RUNS, listSources);
      save(`size-${size}.json`, result);
    }
  }
}

main()
  .catch((err) => {
    process.stderr.write(`[bench] ${(err as Error).stack}\n`);
    process.exitCode = 1;
  })
  .finally(() => stopControlPlane());
