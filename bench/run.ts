// npm run bench [-- --sizes 1000,10000 --runs 3 --settle 15]: fills the local control plane (harness/)
// with Windows pods over 50 namespaces on kwok Windows nodes (with gMSA credential specs, RBAC and
// LimitRanges) and measures, in one run, kubectl-win against the raw lists of what it reads (curl,
// JSON and protobuf) and against kubectl, plus start-up and peak RSS. Writes bench/RESULTS.md.
// Not part of `npm test`: timings depend on the machine.
import {spawnSync} from 'node:child_process';
import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {cpus, loadavg} from 'node:os';
import {join} from 'node:path';
import {parse} from 'yaml';
import {controlPlane, stopControlPlane} from '../harness/index.js';
import {ensureBinaries, PROJECT_ROOT} from '../harness/build.js';
import {listPath, RESOURCES, WORKLOAD_KINDS, type ResourceName} from '../src/k8s/resources.js';
import type {SnapshotRequest} from '../src/k8s/snapshot.js';
import {COMMANDS} from '../commands/registry.js';
import {fill, NAMESPACES, NODES, setup, waitRunning} from './fleet.js';

const OUT = join(PROJECT_ROOT, 'bench', 'out');
const argv = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : dflt;
};
const SIZES = opt('sizes', '1000,10000').split(',').map(Number);
const RUNS = Number(opt('runs', '3'));
/** Seconds to wait after a fill before measuring (0 measures while kwok still writes statuses). */
const SETTLE = Number(opt('settle', '15'));

function log(msg: string): void {
  process.stderr.write(`[bench] ${msg}\n`);
}

interface Measure {
  name: string;
  command: string;
  wall: number;
  rssMb: number;
  exit: number;
}

/** Median wall time and the peak RSS of `runs` runs, with GNU time. */
function measure(name: string, cmd: string[], env: NodeJS.ProcessEnv, runs = RUNS): Measure {
  const results: Array<{wall: number; rss: number; exit: number}> = [];
  for (let i = 0; i < runs; i++) {
    const r = spawnSync('/usr/bin/time', ['-f', '__TIME__ %e %M %x', ...cmd], {
      env,
      encoding: 'utf8',
      maxBuffer: 2 * 1024 * 1024 * 1024,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const m = /__TIME__ ([\d.]+) (\d+) (\d+)/.exec(r.stderr ?? '');
    if (!m) throw new Error(`${name}: no timing (${r.stderr?.slice(-500)})`);
    results.push({wall: Number(m[1]), rss: Number(m[2]) / 1024, exit: Number(m[3])});
  }
  results.sort((a, b) => a.wall - b.wall);
  const med = results[Math.floor(results.length / 2)];
  return {
    name,
    command: cmd.map((c) => c.replace(PROJECT_ROOT + '/', '').replace(OUT + '/', 'bench/out/')).join(' '),
    wall: med.wall,
    rssMb: Math.max(...results.map((r) => r.rss)),
    exit: med.exit,
  };
}

/** The list URLs a command reads (its analyses' SnapshotRequests), for the curl baseline. */
async function readsOf(id: string): Promise<string[]> {
  const reqs: SnapshotRequest[] = [];
  const opts = {} as never;
  const load = async (p: string, name: string) => ((await import(p)) as Record<string, {request(o: unknown): SnapshotRequest}>)[name];
  if (id === 'qos') reqs.push((await load('../src/analyses/qos/analysis.js', 'qosAnalysis')).request({}));
  if (id === 'psp:readiness') reqs.push((await load('../src/analyses/psp/analysis.js', 'pspReadinessAnalysis')).request(opts));
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

function curlArgs(server: string, paths: string[], accept: string, certs: {ca: string; cert: string; key: string}): string[] {
  return [
    'curl',
    '-s',
    '--parallel',
    '--parallel-max',
    '8',
    '--cacert',
    certs.ca,
    '--cert',
    certs.cert,
    '--key',
    certs.key,
    '-H',
    `Accept: ${accept}`,
    ...paths.flatMap((p) => ['-o', '/dev/null', `${server}${p}`]),
  ];
}

async function main(): Promise<void> {
  mkdirSync(OUT, {recursive: true});
  const bin = join(PROJECT_ROOT, 'bin', 'run.js');
  const exe = join(PROJECT_ROOT, 'release', 'build', 'linux-x64', 'kubectl-win');
  spawnSync(process.execPath, [join(PROJECT_ROOT, 'scripts', 'build.mjs')], {cwd: PROJECT_ROOT, stdio: 'inherit'});
  // Start-up first, on a quiet machine: while the control plane was setting up, even `node -e 0`
  // took 0.13 s instead of 0.07 s.
  const {binDir} = await ensureBinaries();
  const quiet = {...process.env, NO_COLOR: '1', HOME: OUT};
  const startup = [
    measure('kubectl win --help (node bin/run.js)', [process.execPath, bin, '--help'], quiet, 11),
    ...(existsSync(exe) ? [measure('kubectl win --help (release executable)', [exe, '--help'], quiet, 11)] : []),
    measure('kubectl version --client', [join(binDir, 'kubectl'), 'version', '--client'], quiet, 11),
    measure('node -e 0 (the floor of any Node CLI)', [process.execPath, '-e', '0'], quiet, 11),
  ];
  const cp = await controlPlane();
  const kc = parse(readFileSync(cp.kubeconfig, 'utf8'));
  const certs = {ca: join(OUT, 'ca.crt'), cert: join(OUT, 'admin.crt'), key: join(OUT, 'admin.key')};
  writeFileSync(certs.ca, Buffer.from(kc.clusters[0].cluster['certificate-authority-data'], 'base64'));
  writeFileSync(certs.cert, Buffer.from(kc.users[0].user['client-certificate-data'], 'base64'));
  writeFileSync(certs.key, Buffer.from(kc.users[0].user['client-key-data'], 'base64'), {mode: 0o600});
  const env = {...process.env, KUBECONFIG: cp.kubeconfig, NO_COLOR: '1', HOME: OUT};
  const kubectl = join(cp.binDir, 'kubectl');
  log('setting up namespaces, LimitRanges, RBAC, credential specs, nodes');
  await setup(cp);
  const ids = ['qos', 'doctor', 'psp:readiness'].filter((id) => id in COMMANDS);
  const sections: string[] = [];
  sections.push(table('Start-up (median of 11, before the control plane starts)', startup));
  let created = 0;
  for (const size of SIZES) {
    log(`creating pods ${created}..${size}`);
    const secs = await fill(cp, created, size);
    log(`created ${size - created} pods in ${secs.toFixed(1)} s (${((size - created) / secs).toFixed(0)}/s)`);
    created = size;
    await waitRunning(cp, size);
    // kwok and the controllers are still writing the last pods' statuses for a few seconds.
    log(`letting the control plane settle for ${SETTLE} s`);
    await new Promise((r) => setTimeout(r, SETTLE * 1000));
    const rows: Measure[] = [];
    const podsJson = measure('raw list: curl /api/v1/pods (JSON)', curlArgs(cp.server, ['/api/v1/pods'], 'application/json', certs), env);
    rows.push(
      podsJson,
      measure('raw list: curl /api/v1/pods (protobuf)', curlArgs(cp.server, ['/api/v1/pods'], 'application/vnd.kubernetes.protobuf', certs), env),
    );
    rows.push(
      measure('kubectl get pods -A', [kubectl, 'get', 'pods', '-A'], env),
      measure('kubectl get pods -A -o json', [kubectl, 'get', 'pods', '-A', '-o', 'json'], env),
    );
    const baseline = new Map<string, Measure>();
    for (const id of ids) {
      const paths = await readsOf(id);
      const raw = measure(`raw lists ${id} reads (${paths.length} URLs, JSON, 8 parallel)`, curlArgs(cp.server, paths, 'application/json', certs), env);
      rows.push(raw, measure(`raw lists ${id} reads (protobuf)`, curlArgs(cp.server, paths, 'application/vnd.kubernetes.protobuf', certs), env));
      baseline.set(id, raw);
      const args = id === 'qos' || id === 'psp:readiness' ? [...id.split(':'), '-A', '-o', 'json'] : [...id.split(':'), '-A', '-o', 'json'];
      rows.push(measure(`kubectl win ${id.replace(':', ' ')} -A -o json (node)`, [process.execPath, bin, ...args], env));
      if (existsSync(exe)) rows.push(measure(`kubectl win ${id.replace(':', ' ')} -A -o json (release executable)`, [exe, ...args], env));
    }
    sections.push(
      table(`${size.toLocaleString('en')} pods over ${NAMESPACES} namespaces on ${NODES} kwok Windows nodes (median of ${RUNS})`, rows, baseline, podsJson),
    );
    writeResults(sections);
  }
}

function table(title: string, rows: Measure[], baseline?: Map<string, Measure>, podsJson?: Measure): string {
  const lines = [
    `### ${title}`,
    '',
    '| what | wall (s) | peak RSS (MB) | vs raw JSON list of what it reads | vs `kubectl get pods -A` | exit | command |',
    '|---|---:|---:|---:|---:|---:|---|',
  ];
  const getPods = rows.find((r) => r.name === 'kubectl get pods -A');
  for (const r of rows) {
    const id = /^kubectl win (\S+(?: readiness)?) /.exec(r.name)?.[1]?.replace(' ', ':');
    const base = id ? baseline?.get(id) : undefined;
    const ratio = base ? `${(r.wall / base.wall).toFixed(2)}x` : '';
    const vsGet = id && getPods ? `${(r.wall / getPods.wall).toFixed(2)}x` : '';
    lines.push(
      `| ${r.name} | ${r.wall.toFixed(2)} | ${r.rssMb.toFixed(0)} | ${ratio} | ${vsGet} | ${r.exit} | \`${r.command.replace(/\|/g, '\\|').slice(0, 160)}\` |`,
    );
  }
  void podsJson;
  return lines.join('\n');
}

function writeResults(sections: string[]): void {
  const head = [
    '# Benchmarks',
    '',
    `Produced by \`npm run bench -- ${argv.join(' ')}\` (bench/run.ts) on ${new Date().toISOString().slice(0, 16)}Z:`,
    `${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), Node ${process.version}, load average at the end ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}.`,
    'The control plane is the e2e harness (etcd, kube-apiserver v1.34.3, kwok) on loopback, on the same machine.',
    'Wall time is the median of the runs; peak RSS the largest (GNU time %M). "raw lists" is curl of exactly the',
    "list URLs the command's analyses read (their SnapshotRequests), 8 in parallel, unpaginated: the floor.",
    `Start-up is measured before the control plane starts; each size is measured ${SETTLE} s after its pods run.`,
    '',
  ];
  writeFileSync(join(PROJECT_ROOT, 'bench', 'RESULTS.md'), [...head, ...sections.flatMap((s) => [s, ''])].join('\n'));
  log('wrote bench/RESULTS.md');
}

main()
  .catch((err) => {
    process.stderr.write(`[bench] ${(err as Error).stack}\n`);
    process.exitCode = 1;
  })
  .finally(() => stopControlPlane());
