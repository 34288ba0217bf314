// Starts etcd, kube-apiserver, kube-controller-manager, kube-scheduler and kwok on free loopback
// ports in `dir` (facts: ../shared/reference/control-plane.md), creates the fixtures, and returns
// what a test or the demo needs; or, for the differential suites, etcd and kube-apiserver only, at
// a chosen release (startApiserver). Nothing here registers exit handlers: index.ts (tests) and
// scripts/demo.ts (detached) decide how the processes end.
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {parseAllDocuments} from 'yaml';
import {ensureApiserverBinaries, ensureBinaries} from './build.js';
import {apiRequest, runProcess, writeKubeconfig} from './client.js';
import {installStandIns} from './exec.js';
import {NODES, nodeObjects, rbacObjects, USERS} from './fixtures.js';
import {createCa, issue, serviceAccountKeys, subjectFor, type Pki} from './pki.js';
import {freePorts, sleep, startProcess, tail, type Started} from './processes.js';

export interface ControlPlaneState {
  dir: string;
  server: string;
  kubeconfig: string;
  binDir: string;
  pki: Pki;
  users: Record<keyof typeof USERS, {name: string; kubeconfig: string}>;
  processes: Started[];
  /** kwok's kubelet port on 127.0.0.1 (the stand-in kubelet hands pod requests to it). */
  kwokPort: number;
}

const log = (msg: string) => process.stderr.write(`[control-plane] ${msg}\n`);

/** etcd and kube-apiserver, running, with an admin (system:masters) kubeconfig. */
interface Core {
  server: string;
  kubeconfig: string;
  pki: Pki;
  sa: {key: string; pub: string};
  processes: Started[];
}

/** Starts etcd and kube-apiserver from `binDir` on free loopback ports and waits for /readyz. */
async function startCore(dir: string, binDir: string, say: (msg: string) => void, t0: number, apiserverFlags: string[] = []): Promise<Core> {
  const bin = (n: string) => join(binDir, n);
  for (const d of ['logs', 'pki', 'etcd', 'kubeconfigs']) mkdirSync(join(dir, d), {recursive: true});
  const pki = await createCa(join(dir, 'pki'));
  const [apiCert, admin, sa] = await Promise.all([
    issue(pki, 'apiserver', '/CN=kube-apiserver', 'server'),
    issue(pki, 'admin', subjectFor('admin', ['system:masters']), 'client'),
    serviceAccountKeys(pki),
  ]);
  const [etcdPort, etcdPeer, apiPort] = await freePorts(3);
  const server = `https://127.0.0.1:${apiPort}`;
  const kubeconfig = writeKubeconfig(join(dir, 'kubeconfig'), {server, ca: pki.ca, cert: admin.cert, key: admin.key, user: 'admin'});
  const processes: Started[] = [];

  say(`starting etcd and kube-apiserver (${dir})`);
  processes.push(
    startProcess(dir, 'etcd', bin('etcd'), [
      '--name=e2e',
      `--data-dir=${join(dir, 'etcd')}`,
      `--listen-client-urls=http://127.0.0.1:${etcdPort}`,
      `--advertise-client-urls=http://127.0.0.1:${etcdPort}`,
      `--listen-peer-urls=http://127.0.0.1:${etcdPeer}`,
      `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeer}`,
      `--initial-cluster=e2e=http://127.0.0.1:${etcdPeer}`,
      '--unsafe-no-fsync',
      '--log-level=warn',
    ]),
  );
  processes.push(
    startProcess(dir, 'kube-apiserver', bin('kube-apiserver'), [
      `--etcd-servers=http://127.0.0.1:${etcdPort}`,
      '--bind-address=127.0.0.1',
      `--secure-port=${apiPort}`,
      '--advertise-address=127.0.0.1',
      `--tls-cert-file=${apiCert.cert}`,
      `--tls-private-key-file=${apiCert.key}`,
      `--client-ca-file=${pki.ca}`,
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      `--service-account-key-file=${sa.pub}`,
      `--service-account-signing-key-file=${sa.key}`,
      '--service-cluster-ip-range=10.0.0.0/24',
      '--authorization-mode=Node,RBAC',
      '--allow-privileged=true',
      // No endpoint reconciler: it would publish the advertise address as the `kubernetes` Service's
      // endpoint, and v1.37 refuses a loopback one (the apiserver exits at start); nothing here reads
      // that Service, and loopback is the only address these tests may use.
      '--profiling=false',
      '--endpoint-reconciler-type=none',
      ...apiserverFlags,
    ]),
  );
  await waitFor('kube-apiserver /readyz', 60_000, processes, async () => {
    const r = await apiRequest<string>(kubeconfig, 'GET', '/readyz', undefined, {timeoutMs: 2000}).catch(() => undefined);
    return r?.status === 200;
  });
  // The bench's fast fill writes pods into etcd (tools/etcdfill); nothing else reads this.
  writeFileSync(join(dir, 'etcd-endpoint'), `http://127.0.0.1:${etcdPort}\n`);
  say(`kube-apiserver ready at ${server} (${((Date.now() - t0) / 1000).toFixed(1)}s)`);
  return {server, kubeconfig, pki, sa, processes};
}

export interface ApiserverState {
  dir: string;
  /** The release running, e.g. v1.37.2. */
  version: string;
  server: string;
  kubeconfig: string;
  processes: Started[];
}

/**
 * etcd and kube-apiserver only, at `version` (built once by tools/k8s/build.sh): enough for dry-run
 * requests, which is all the differential suites send. No controllers run, so no namespace gets a
 * `default` ServiceAccount by itself (see createNamespace in index.ts). `featureGates`: the
 * apiserver's --feature-gates (`Gate=true,Other=false`), for a server with a gate its minor leaves off.
 */
export async function startApiserver(dir: string, version: string, opts: {quiet?: boolean; featureGates?: string} = {}): Promise<ApiserverState> {
  const say = opts.quiet ? () => {} : (msg: string) => log(`${version}: ${msg}`);
  const t0 = Date.now();
  const binDir = await ensureApiserverBinaries(version);
  const core = await startCore(dir, binDir, say, t0, opts.featureGates ? [`--feature-gates=${opts.featureGates}`] : []);
  writeFileSync(join(dir, 'server'), `${core.server}\n`);
  return {dir, version, server: core.server, kubeconfig: core.kubeconfig, processes: core.processes};
}

/** The whole control plane, at the default release or at `opts.version` (see ensureBinaries). */
export async function startControlPlane(dir: string, opts: {quiet?: boolean; version?: string} = {}): Promise<ControlPlaneState> {
  const say = opts.quiet ? () => {} : opts.version ? (msg: string) => log(`${opts.version}: ${msg}`) : log;
  const t0 = Date.now();
  const bins = await ensureBinaries(opts.version);
  const bin = (n: string) => join(bins.binDir, n);
  const {server, kubeconfig, pki, sa, processes} = await startCore(dir, bins.binDir, say, t0);
  const [kwokCert, [kcmPort, schedPort, kwokPort]] = await Promise.all([issue(pki, 'kwok', '/CN=kwok', 'server'), freePorts(3)]);

  // kwok watches Exec objects (per-pod exec scenarios): their CRD must exist before kwok starts.
  await applyYaml(kubeconfig, readFileSync(bins.execCrd, 'utf8'));
  const standIns = installStandIns(dir);
  const adminArgs = [
    `--kubeconfig=${kubeconfig}`,
    `--authentication-kubeconfig=${kubeconfig}`,
    `--authorization-kubeconfig=${kubeconfig}`,
    '--bind-address=127.0.0.1',
    '--leader-elect=false',
  ];
  processes.push(
    startProcess(dir, 'kube-controller-manager', bin('kube-controller-manager'), [
      ...adminArgs,
      `--secure-port=${kcmPort}`,
      `--service-account-private-key-file=${sa.key}`,
      `--root-ca-file=${pki.ca}`,
      '--controllers=*',
      '--use-service-account-credentials=false',
    ]),
    startProcess(dir, 'kube-scheduler', bin('kube-scheduler'), [...adminArgs, `--secure-port=${schedPort}`]),
  );
  await waitFor('Exec CRD established', 20_000, processes, async () => {
    const r = await apiRequest<{status?: {conditions?: {type: string; status: string}[]}}>(
      kubeconfig,
      'GET',
      '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/execs.kwok.x-k8s.io',
    );
    return Boolean(r.body.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True'));
  });
  processes.push(
    startProcess(
      dir,
      'kwok',
      bin('kwok'),
      [
        `--kubeconfig=${kubeconfig}`,
        '--manage-all-nodes=false',
        '--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake',
        '--node-ip=127.0.0.1',
        '--node-name=localhost',
        `--node-port=${kwokPort}`,
        `--server-address=127.0.0.1:${kwokPort}`,
        `--tls-cert-file=${kwokCert.cert}`,
        `--tls-private-key-file=${kwokCert.key}`,
        '--enable-crds=Exec',
        '-c',
        bins.stages,
        '-c',
        standIns.clusterExecYaml,
        ...kwokConfigArgs(dir),
      ],
      {...process.env, PATH: `${standIns.binDir}:${process.env.PATH ?? '/usr/bin:/bin'}`},
    ),
  );

  // Fixtures: nodes (kwok makes them Ready) and users.
  for (const node of nodeObjects()) await mustCreate(kubeconfig, '/api/v1/nodes', node);
  for (const obj of rbacObjects()) {
    const plural = obj.kind === 'ClusterRole' ? 'clusterroles' : 'clusterrolebindings';
    await mustCreate(kubeconfig, `/apis/rbac.authorization.k8s.io/v1/${plural}`, obj);
  }
  const users = {} as ControlPlaneState['users'];
  for (const [key, name] of Object.entries(USERS) as [keyof typeof USERS, string][]) {
    users[key] = {name, kubeconfig: await userKubeconfig({dir, pki, server}, name, [])};
  }

  await waitFor('kwok nodes Ready', 30_000, processes, async () => {
    const r = await apiRequest<{items: {metadata: {name: string}; status?: {conditions?: {type: string; status: string}[]}}[]}>(
      kubeconfig,
      'GET',
      '/api/v1/nodes',
    );
    const ready = r.body.items.filter((n) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
    return ready.length >= Object.keys(NODES).length;
  });
  // The controller-manager creates the `default` ServiceAccount (pods cannot be created without it).
  await waitFor('kube-controller-manager (default ServiceAccount)', 30_000, processes, async () => {
    const r = await apiRequest(kubeconfig, 'GET', '/api/v1/namespaces/default/serviceaccounts/default');
    return r.status === 200;
  });
  say(`control plane ready in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  writeFileSync(join(dir, 'server'), `${server}\n`);
  return {dir, server, kubeconfig, binDir: bins.binDir, pki, users, processes, kwokPort};
}

/**
 * kwok's options beyond its flags, only when KUBECTL_WIN_KWOK_POD_PARALLELISM asks how many pods it
 * marks Running at once (the bench: its default, 4, made about 20 pods a second Running here, 83
 * minutes for 100,000). kwok applies no defaults to a configuration file, so it gives every option
 * kwok's own default (kwok v0.8.0 pkg/apis/config/v1alpha1/zz_generated.defaults.go).
 */
function kwokConfigArgs(dir: string): string[] {
  const parallelism = process.env.KUBECTL_WIN_KWOK_POD_PARALLELISM;
  if (!parallelism) return [];
  const path = join(dir, 'kwok-config.yaml');
  const options = {
    cidr: '10.0.0.0/24',
    enableDebuggingHandlers: true,
    enableContentionProfiling: false,
    enableProfilingHandler: true,
    podPlayStageParallelism: Number(parallelism),
    nodePlayStageParallelism: 4,
    nodeLeaseParallelism: 4,
    podsOnNodeSyncParallelism: 1,
    enablePodsOnNodeSyncListPager: true,
    enablePodsOnNodeSyncStreamWatch: false,
  };
  writeFileSync(path, JSON.stringify({apiVersion: 'config.kwok.x-k8s.io/v1alpha1', kind: 'KwokConfiguration', options}));
  return ['-c', path];
}

/** A kubeconfig for a client-certificate user (CN=user, O=groups), signed by the control plane's CA. */
export async function userKubeconfig(cp: {dir: string; pki: Pki; server: string}, user: string, groups: string[]): Promise<string> {
  const safe = `${user}${groups.length ? `-${groups.join('-')}` : ''}`.replace(/[^A-Za-z0-9_.-]/g, '_');
  const id = `${safe}-${Math.random().toString(36).slice(2, 8)}`;
  const {cert, key} = await issue(cp.pki, `user-${id}`, subjectFor(user, groups), 'client');
  return writeKubeconfig(join(cp.dir, 'kubeconfigs', `${id}.kubeconfig`), {
    server: cp.server,
    ca: cp.pki.ca,
    cert,
    key,
    user,
    context: `${user}@kubectl-win-e2e`,
  });
}

async function mustCreate(kubeconfig: string, path: string, body: unknown): Promise<void> {
  const r = await apiRequest<{message?: string}>(kubeconfig, 'POST', path, body);
  if (r.status >= 300 && r.status !== 409) throw new Error(`POST ${path}: ${r.status} ${r.body?.message ?? ''}`);
}

/** Creates (or replaces) each document of a YAML stream through the API, as admin; used before kubectl is needed. */
async function applyYaml(kubeconfig: string, text: string): Promise<void> {
  for (const doc of parseAllDocuments(text)) {
    const obj = doc.toJSON();
    if (!obj) continue;
    const [group, version] = obj.apiVersion.includes('/') ? obj.apiVersion.split('/') : ['', obj.apiVersion];
    if (obj.kind !== 'CustomResourceDefinition') throw new Error(`applyYaml: unsupported kind ${obj.kind}`);
    const base = `/apis/${group}/${version}/customresourcedefinitions`;
    await mustCreate(kubeconfig, base, obj);
  }
}

async function waitFor(what: string, timeoutMs: number, processes: Started[], check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not yet
    }
    const dead = processes.find((p) => p.child && p.child.exitCode !== null);
    if (dead) throw new Error(`${dead.name} exited (code ${dead.child!.exitCode}) while waiting for ${what}:\n${tail(dead.log)}`);
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs / 1000}s waiting for ${what}; last log lines:\n${processes.map((p) => `--- ${p.name}\n${tail(p.log, 5)}`).join('\n')}`,
      );
    }
    await sleep(100);
  }
}

/** kubectl with a kubeconfig. */
export function kubectl(binDir: string, kubeconfig: string, args: string[], input?: string) {
  return runProcess(join(binDir, 'kubectl'), [`--kubeconfig=${kubeconfig}`, ...args], {input, env: {...process.env, KUBECONFIG: ''}});
}
