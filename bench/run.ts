// npm run bench [-- --sizes 1000,10000 --runs 3]: fills the local control plane (test/e2e/harness)
// with Windows pods over 50 namespaces on kwok Windows nodes (with gMSA credential specs, RBAC and
// LimitRanges) and measures, in one run, kubectl-win against the raw lists of what it reads (curl,
// JSON and protobuf) and against kubectl, plus start-up and peak RSS. Writes bench/RESULTS.md.
// Not part of `npm test`: timings depend on the machine.
import {spawnSync} from 'node:child_process';
import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {cpus, loadavg} from 'node:os';
import {join} from 'node:path';
import {parse} from 'yaml';
import {controlPlane, stopControlPlane, type ControlPlane} from '../test/e2e/harness/index.js';
import {PROJECT_ROOT} from '../test/e2e/harness/build.js';
import {listPath, RESOURCES, WORKLOAD_KINDS, type ResourceName} from '../src/source/resources.js';
import type {SnapshotRequest} from '../src/source/types.js';
import {COMMANDS} from '../src/cli/registry.js';
import {pool} from '../src/util/pool.js';

const NAMESPACES = 50;
const NODES = 20;
const OUT = join(PROJECT_ROOT, 'bench', 'out');
const argv = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : dflt;
};
const SIZES = opt('sizes', '1000,10000').split(',').map(Number);
const RUNS = Number(opt('runs', '3'));

function log(msg: string): void {
  process.stderr.write(`[bench] ${msg}\n`);
}

const ns = (i: number) => `bench-${String(i).padStart(2, '0')}`;

async function setup(cp: ControlPlane): Promise<void> {
  const crd = readFileSync(join(PROJECT_ROOT, 'examples', 'gmsa', '01-crd.yaml'), 'utf8');
  await cp.apply(crd);
  for (let i = 0; i < 30; i++) {
    if ((await cp.api('GET', '/apis/windows.k8s.io/v1/gmsacredentialspecs')).status === 200) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const docs: string[] = [];
  for (let c = 0; c < 5; c++) {
    docs.push(`apiVersion: windows.k8s.io/v1
kind: GMSACredentialSpec
metadata: {name: bench-gmsa-${c}}
credspec:
  ActiveDirectoryConfig:
    GroupManagedServiceAccounts: [{Name: App${c}, Scope: CONTOSO}, {Name: App${c}, Scope: contoso.com}]
  CmsPlugins: [ActiveDirectory]
  DomainJoinConfig: {DnsName: contoso.com, DnsTreeName: contoso.com, Guid: 244818ae-87ac-4fcd-92ec-e79e5252348a, MachineAccountName: App${c}, NetBiosName: CONTOSO, Sid: S-1-5-21-2126449477-2524075714-3094792973}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: bench-use-gmsa-${c}}
rules: [{apiGroups: [windows.k8s.io], resources: [gmsacredentialspecs], verbs: [use], resourceNames: [bench-gmsa-${c}]}]`);
  }
  for (let n = 0; n < NODES; n++) {
    docs.push(`apiVersion: v1
kind: Node
metadata:
  name: bench-win-${n}
  annotations: {kwok.x-k8s.io/node: fake, node.alpha.kubernetes.io/ttl: "0"}
  labels: {kubernetes.io/os: windows, kubernetes.io/arch: amd64, kubernetes.io/hostname: bench-win-${n}, node.kubernetes.io/windows-build: "10.0.20348", type: kwok}
spec:
  taints: [{key: os, value: windows, effect: NoSchedule}]
status:
  capacity: {cpu: "64", memory: 268435456Ki, pods: "1000"}
  allocatable: {cpu: "63", memory: 266338304Ki, pods: "1000"}
  nodeInfo: {architecture: amd64, operatingSystem: windows, osImage: Windows Server 2022 Datacenter, kernelVersion: 10.0.20348.3207, containerRuntimeVersion: containerd://1.7.25, kubeletVersion: v1.34.3, kubeProxyVersion: v1.34.3, machineID: "", systemUUID: "", bootID: ""}`);
  }
  await cp.apply(docs.join('\n---\n'));
  await pool(Array.from({length: NAMESPACES}, (_, i) => i), 8, async (i) => {
    await cp.createNamespace(ns(i), {'pod-security.kubernetes.io/warn': 'baseline'});
    await cp.apply(`apiVersion: v1
kind: LimitRange
metadata: {name: defaults, namespace: ${ns(i)}}
spec:
  limits: [{type: Container, default: {cpu: 500m, memory: 512Mi}, defaultRequest: {cpu: 100m, memory: 128Mi}}]
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: gmsa, namespace: ${ns(i)}}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: use-gmsa, namespace: ${ns(i)}}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: bench-use-gmsa-${i % 5}}
subjects: [{kind: ServiceAccount, name: gmsa, namespace: ${ns(i)}}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: ${ns(i)}}
spec:
  replicas: 0
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      os: {name: windows}
      nodeSelector: {kubernetes.io/os: windows}
      tolerations: [{key: os, operator: Equal, value: windows, effect: NoSchedule}]
      containers: [{name: iis, image: mcr.microsoft.com/windows/servercore/iis, resources: {limits: {cpu: "1", memory: 1Gi}}}]`);
  });
}

/** Pod number k: a mix of QoS classes, gMSA references and runAsUserName, as a Windows fleet has. */
function pod(k: number): {namespace: string; body: unknown} {
  const i = k % NAMESPACES;
  const kind = k % 4;
  const resources = kind === 0 ? {limits: {cpu: '500m', memory: '1Gi'}} : kind === 1 ? {requests: {cpu: '100m', memory: '256Mi'}, limits: {memory: '512Mi'}} : kind === 2 ? {requests: {cpu: '50m'}} : {};
  const gmsa = k % 3 === 0;
  return {
    namespace: ns(i),
    body: {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {name: `iis-${k}`, labels: {app: 'iis', tier: `t${k % 7}`}},
      spec: {
        nodeName: `bench-win-${k % NODES}`,
        os: {name: 'windows'},
        serviceAccountName: gmsa ? 'gmsa' : 'default',
        tolerations: [{key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule'}],
        securityContext: {windowsOptions: {...(gmsa ? {gmsaCredentialSpecName: `bench-gmsa-${i % 5}`} : {}), ...(k % 5 === 0 ? {runAsUserName: 'ContainerUser'} : {})}},
        containers: [{name: 'iis', image: 'mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022', ports: [{containerPort: 80}], resources}],
      },
    },
  };
}

async function fill(cp: ControlPlane, from: number, to: number): Promise<number> {
  const started = Date.now();
  let failed = 0;
  await pool(Array.from({length: to - from}, (_, j) => from + j), 32, async (k) => {
    const {namespace, body} = pod(k);
    const r = await cp.api('POST', `/api/v1/namespaces/${namespace}/pods`, body);
    if (r.status >= 300 && r.status !== 409) failed++;
  });
  if (failed) throw new Error(`${failed} pods could not be created`);
  return (Date.now() - started) / 1000;
}

async function waitRunning(cp: ControlPlane, n: number): Promise<void> {
  const deadline = Date.now() + 600_000;
  for (;;) {
    let running = 0;
    let cont: string | undefined;
    do {
      const r = await cp.api<{items: Array<{status?: {phase?: string}}>; metadata?: {continue?: string}}>('GET', '/api/v1/pods', undefined, {query: {labelSelector: 'app=iis', limit: '2000', continue: cont}});
      running += r.body.items.filter((p) => p.status?.phase === 'Running').length;
      cont = r.body.metadata?.continue || undefined;
    } while (cont);
    if (running >= n) return;
    if (Date.now() > deadline) throw new Error(`${n - running} of ${n} pods not Running after 10 minutes`);
    log(`${running} of ${n} pods Running`);
    await new Promise((res) => setTimeout(res, 3000));
  }
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
    const r = spawnSync('/usr/bin/time', ['-f', '__TIME__ %e %M %x', ...cmd], {env, encoding: 'utf8', maxBuffer: 2 * 1024 * 1024 * 1024, stdio: ['ignore', 'ignore', 'pipe']});
    const m = /__TIME__ ([\d.]+) (\d+) (\d+)/.exec(r.stderr ?? '');
    if (!m) throw new Error(`${name}: no timing (${r.stderr?.slice(-500)})`);
    results.push({wall: Number(m[1]), rss: Number(m[2]) / 1024, exit: Number(m[3])});
  }
  results.sort((a, b) => a.wall - b.wall);
  const med = results[Math.floor(results.length / 2)];
  return {name, command: cmd.map((c) => c.replace(PROJECT_ROOT + '/', '').replace(OUT + '/', 'bench/out/')).join(' '), wall: med.wall, rssMb: Math.max(...results.map((r) => r.rss)), exit: med.exit};
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
  return ['curl', '-s', '--parallel', '--parallel-max', '8', '--cacert', certs.ca, '--cert', certs.cert, '--key', certs.key, '-H', `Accept: ${accept}`, ...paths.flatMap((p) => ['-o', '/dev/null', `${server}${p}`])];
}

async function main(): Promise<void> {
  mkdirSync(OUT, {recursive: true});
  const cp = await controlPlane();
  const kc = parse(readFileSync(cp.kubeconfig, 'utf8'));
  const certs = {ca: join(OUT, 'ca.crt'), cert: join(OUT, 'admin.crt'), key: join(OUT, 'admin.key')};
  writeFileSync(certs.ca, Buffer.from(kc.clusters[0].cluster['certificate-authority-data'], 'base64'));
  writeFileSync(certs.cert, Buffer.from(kc.users[0].user['client-certificate-data'], 'base64'));
  writeFileSync(certs.key, Buffer.from(kc.users[0].user['client-key-data'], 'base64'), {mode: 0o600});
  const env = {...process.env, KUBECONFIG: cp.kubeconfig, NO_COLOR: '1', HOME: OUT};
  const kubectl = join(cp.binDir, 'kubectl');
  const bin = join(PROJECT_ROOT, 'bin', 'run.js');
  const exe = join(PROJECT_ROOT, 'release', 'build', 'linux-x64', 'kubectl-win');
  spawnSync(process.execPath, [join(PROJECT_ROOT, 'scripts', 'build.mjs')], {cwd: PROJECT_ROOT, stdio: 'inherit'});
  log('setting up namespaces, LimitRanges, RBAC, credential specs, nodes');
  await setup(cp);
  const ids = ['qos', 'doctor', 'psp:readiness'].filter((id) => id in COMMANDS);
  const sections: string[] = [];
  const startup = [
    measure('kubectl win --help (node bin/run.js)', [process.execPath, bin, '--help'], env, 11),
    ...(existsSync(exe) ? [measure('kubectl win --help (release executable)', [exe, '--help'], env, 11)] : []),
    measure('kubectl version --client', [kubectl, 'version', '--client'], env, 11),
    measure('node -e 0 (the floor of any Node CLI)', [process.execPath, '-e', '0'], env, 11),
  ];
  sections.push(table('Start-up (median of 11)', startup));
  let created = 0;
  for (const size of SIZES) {
    log(`creating pods ${created}..${size}`);
    const secs = await fill(cp, created, size);
    log(`created ${size - created} pods in ${secs.toFixed(1)} s (${((size - created) / secs).toFixed(0)}/s)`);
    created = size;
    await waitRunning(cp, size);
    const rows: Measure[] = [];
    const podsJson = measure('raw list: curl /api/v1/pods (JSON)', curlArgs(cp.server, ['/api/v1/pods'], 'application/json', certs), env);
    rows.push(podsJson, measure('raw list: curl /api/v1/pods (protobuf)', curlArgs(cp.server, ['/api/v1/pods'], 'application/vnd.kubernetes.protobuf', certs), env));
    rows.push(measure('kubectl get pods -A', [kubectl, 'get', 'pods', '-A'], env), measure('kubectl get pods -A -o json', [kubectl, 'get', 'pods', '-A', '-o', 'json'], env));
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
    sections.push(table(`${size.toLocaleString('en')} pods over ${NAMESPACES} namespaces on ${NODES} kwok Windows nodes (median of ${RUNS})`, rows, baseline, podsJson));
    writeResults(sections);
  }
}

function table(title: string, rows: Measure[], baseline?: Map<string, Measure>, podsJson?: Measure): string {
  const lines = [`### ${title}`, '', '| what | wall (s) | peak RSS (MB) | vs raw JSON list of what it reads | vs `kubectl get pods -A` | exit | command |', '|---|---:|---:|---:|---:|---:|---|'];
  const getPods = rows.find((r) => r.name === 'kubectl get pods -A');
  for (const r of rows) {
    const id = /^kubectl win (\S+(?: readiness)?) /.exec(r.name)?.[1]?.replace(' ', ':');
    const base = id ? baseline?.get(id) : undefined;
    const ratio = base ? `${(r.wall / base.wall).toFixed(2)}x` : '';
    const vsGet = id && getPods ? `${(r.wall / getPods.wall).toFixed(2)}x` : '';
    lines.push(`| ${r.name} | ${r.wall.toFixed(2)} | ${r.rssMb.toFixed(0)} | ${ratio} | ${vsGet} | ${r.exit} | \`${r.command.replace(/\|/g, '\\|').slice(0, 160)}\` |`);
  }
  void podsJson;
  return lines.join('\n');
}

function writeResults(sections: string[]): void {
  const head = [
    '# Benchmarks',
    '',
    `Produced by \`npm run bench -- ${argv.join(' ')}\` (bench/run.ts) on ${new Date().toISOString().slice(0, 16)}Z:`,
    `${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), Node ${process.version}, load average at the end ${loadavg().map((l) => l.toFixed(1)).join(' ')}.`,
    'The control plane is the e2e harness (etcd, kube-apiserver v1.34.3, kwok) on loopback, on the same machine.',
    'Wall time is the median of the runs; peak RSS the largest (GNU time %M). "raw lists" is curl of exactly the',
    "list URLs the command's analyses read (their SnapshotRequests), 8 in parallel, unpaginated: the floor.",
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
