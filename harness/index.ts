// The e2e harness: one real control plane per mocha process (and, for the differential suites, one
// etcd + kube-apiserver per Kubernetes minor asked for), started on first use and stopped by the
// root afterAll hook (test/e2e/hooks.ts), on SIGINT/SIGTERM, on process exit, and by a watchdog if
// this process is killed outright. See README.md in this folder.
import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {SetupError} from './build.js';
import {apiRequest, closeAgents, type ApiOptions, type ApiResponse, type ProcResult} from './client.js';
import {execInPod, podExecDir, writeScenario, type ExecOutcome, type Scenario, type StageOptions} from './exec.js';
import {NODES, type FixtureNodes, type FixtureUsers} from './fixtures.js';
import {killAllNow, removeDir, sleep, startWatchdog, stopAll} from './processes.js';
import {SERVED_RELEASES} from './minors.js';
import {removeRecordedNodeNets} from './node-net.js';
import {startNodeLogStandIn, type NodeLogStandIn} from './node-logs.js';
import {kubectl, startApiserver, startControlPlane, userKubeconfig, type ApiserverState, type ControlPlaneState} from './start.js';

export {SCENARIOS, type Scenario, type StageOptions, type ExecOutcome} from './exec.js';
export {NODES, USERS} from './fixtures.js';
export {minorsUnderTest, SERVED_RELEASES} from './minors.js';
export type {NodeLogStandIn, StandInNode} from './node-logs.js';

export interface ControlPlane {
  /** https://127.0.0.1:PORT */
  server: string;
  /** Admin (system:masters) kubeconfig path. */
  kubeconfig: string;
  /** The built binaries (kubectl, kube-apiserver, ...). */
  binDir: string;
  /** The run's temporary directory (deleted at the end). */
  dir: string;
  /** Fixture node names. */
  nodes: FixtureNodes;
  /** Fixture users with limited rights, and their kubeconfigs. */
  users: FixtureUsers;
  /** A kubeconfig for a client-certificate user CN=user, O=groups (no rights unless you bind them). */
  kubeconfigFor(user: string, groups?: string[]): Promise<string>;
  /** Raw HTTPS as admin (or as `opts.kubeconfig`'s user). Never throws on an HTTP status. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any API object, as JSON
  api<T = any>(method: string, path: string, body?: unknown, opts?: ApiOptions): Promise<ApiResponse<T>>;
  /** The built kubectl, as admin unless `kubeconfig` is given. */
  kubectl(args: string[], opts?: {input?: string; kubeconfig?: string}): Promise<ProcResult>;
  /** `kubectl apply --server-side -f -` as admin; throws with kubectl's message on failure. */
  apply(yamlText: string): Promise<void>;
  /** Creates a namespace (labels optional) and waits for its `default` ServiceAccount, so pods can be created at once. */
  createNamespace(name: string, labels?: Record<string, string>): Promise<void>;
  /** Picks the stand-in Windows tools' behaviour for one pod (before or after the pod exists). */
  stageExec(namespace: string, pod: string, scenario: Scenario | Scenario[], opts?: StageOptions): Promise<void>;
  /** Runs a command in a pod through the apiserver with client-node's Exec. */
  exec(namespace: string, pod: string, command: string[], opts?: {container?: string; timeoutMs?: number}): Promise<ExecOutcome>;
  /**
   * Waits until the apiserver's RBAC authorizer has seen every RBAC object created before this call.
   * Its caches follow watches, so a binding just created can be missing from a review for a few ms;
   * this creates a sentinel Role/RoleBinding (in `namespace`) and ClusterRole/ClusterRoleBinding,
   * polls SubjectAccessReviews until both grant, and deletes them.
   */
  rbacSynced(namespace?: string): Promise<void>;
  /** Waits until a pod is Running (kwok marks pods on its nodes Running within a second or so). */
  waitForPodRunning(namespace: string, pod: string, timeoutMs?: number): Promise<void>;
  /**
   * The stand-in kubelet for node log queries (started on first call, needs root: it creates a
   * network namespace): add Windows nodes served by it, or put it in front of a kwok node.
   */
  nodeLogs(): Promise<NodeLogStandIn>;
}

/** A temporary directory holding one set of processes, and the watchdog that cleans it up. */
interface Run {
  dir: string;
  watchdog: number;
}

let started: Promise<ControlPlane> | undefined;
let state: ControlPlaneState | undefined;
let mainRun: Run | undefined;
const runs = new Set<Run>();
const apiservers = new Map<string, Promise<Apiserver>>();
const fullPlanes = new Map<string, Promise<ControlPlane>>();
let handlersInstalled = false;

/** The control plane for this test process: built and started on the first call, then shared. */
export function controlPlane(): Promise<ControlPlane> {
  started ??= oneClearLine(start(), () => {
    if (mainRun) endRunNow(mainRun);
    mainRun = undefined;
    started = undefined;
  });
  return started;
}

/** Setup problems (no Go, no openssl) as one clear line: the stack adds nothing. */
function oneClearLine<T>(p: Promise<T>, cleanup: () => void): Promise<T> {
  return p.catch((err) => {
    cleanup();
    if (err instanceof SetupError) {
      const e = new Error(err.message);
      e.stack = `Error: ${err.message}`;
      throw e;
    }
    throw err;
  });
}

export async function stopControlPlane(): Promise<void> {
  started = undefined;
  state = undefined;
  mainRun = undefined;
  apiservers.clear();
  fullPlanes.clear();
  if (runs.size === 0) return;
  closeAgents();
  await Promise.all([...runs].map(endRun));
}

function newRun(): Run {
  const dir = mkdtempSync(join(tmpdir(), 'kubectl-win-e2e-'));
  installHandlers();
  const run = {dir, watchdog: startWatchdog(dir)};
  runs.add(run);
  return run;
}

async function endRun(run: Run): Promise<void> {
  runs.delete(run);
  await stopAll(run.dir);
  removeRecordedNodeNets(run.dir);
  killQuietly(run.watchdog);
  removeDir(run.dir);
}

/** Synchronous last resort: kill the run's process groups and delete its directory. */
function endRunNow(run: Run): void {
  runs.delete(run);
  killAllNow(run.dir);
  removeRecordedNodeNets(run.dir);
  killQuietly(run.watchdog);
  removeDir(run.dir);
}

async function start(): Promise<ControlPlane> {
  mainRun = newRun();
  state = await startControlPlane(mainRun.dir);
  return makeHandle(state);
}

/** What a differential suite needs from an apiserver: dry-run requests in namespaces it creates. */
export interface Apiserver {
  /** The minor, e.g. 37, and the release running, e.g. v1.37.2. */
  minor: number;
  version: string;
  server: string;
  kubeconfig: string;
  /** Raw HTTPS as admin. Never throws on an HTTP status. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any API object, as JSON
  api<T = any>(method: string, path: string, body?: unknown, opts?: ApiOptions): Promise<ApiResponse<T>>;
  /** Creates a namespace (labels optional) and its `default` ServiceAccount, so pods can be dry-run created. */
  createNamespace(name: string, labels?: Record<string, string>): Promise<void>;
}

/**
 * etcd + kube-apiserver at the served release of `minor` (harness/minors.ts), built on first use
 * (minutes, once per release) and started once per test process (and per set of `featureGates`,
 * its --feature-gates, e.g. `ContainerStopSignals=true`); stopped with the control plane.
 */
export function apiserverAt(minor: number, featureGates?: string): Promise<Apiserver> {
  const version = SERVED_RELEASES[minor];
  if (!version) return Promise.reject(new Error(`no served release for v1.${minor} (harness/minors.ts)`));
  const key = featureGates ? `${version} ${featureGates}` : version;
  let p = apiservers.get(key);
  if (!p) {
    const run = newRun();
    p = oneClearLine(
      startApiserver(run.dir, version, {featureGates}).then((s) => apiserverHandle(minor, s)),
      () => {
        endRunNow(run);
        apiservers.delete(key);
      },
    );
    apiservers.set(key, p);
  }
  return p;
}

/**
 * The whole control plane (etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kwok and
 * the fixtures) at the served release of `minor`, built on first use (its controller-manager,
 * scheduler, kubectl and kwok: minutes, once per release) and started once per test process beside
 * the default one; stopped with it. The differential suites need only apiserverAt(minor).
 */
export function controlPlaneAt(minor: number): Promise<ControlPlane> {
  const version = SERVED_RELEASES[minor];
  if (!version) return Promise.reject(new Error(`no served release for v1.${minor} (harness/minors.ts)`));
  let p = fullPlanes.get(version);
  if (!p) {
    const run = newRun();
    p = oneClearLine(startControlPlane(run.dir, {version}).then(makeHandle), () => {
      endRunNow(run);
      fullPlanes.delete(version);
    });
    fullPlanes.set(version, p);
  }
  return p;
}

function apiserverHandle(minor: number, s: ApiserverState): Apiserver {
  const api = <T>(method: string, path: string, body?: unknown, opts?: ApiOptions) => apiRequest<T>(s.kubeconfig, method, path, body, opts);
  return {
    minor,
    version: s.version,
    server: s.server,
    kubeconfig: s.kubeconfig,
    api,
    async createNamespace(name, labels = {}) {
      const r = await api<{message?: string}>('POST', '/api/v1/namespaces', {apiVersion: 'v1', kind: 'Namespace', metadata: {name, labels}});
      if (r.status >= 300) throw new Error(`create namespace ${name} (${s.version}): ${r.status} ${r.body?.message ?? ''}`);
      // No controller-manager here: the ServiceAccount admission plugin refuses pods until `default` exists.
      const sa = await api<{message?: string}>('POST', `/api/v1/namespaces/${name}/serviceaccounts`, {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: {name: 'default'},
      });
      if (sa.status >= 300 && sa.status !== 409)
        throw new Error(`create ServiceAccount ${name}/default (${s.version}): ${sa.status} ${sa.body?.message ?? ''}`);
    },
  };
}

function makeHandle(s: ControlPlaneState): ControlPlane {
  let nodeLogs: Promise<NodeLogStandIn> | undefined;
  const api = <T>(method: string, path: string, body?: unknown, opts?: ApiOptions) => apiRequest<T>(s.kubeconfig, method, path, body, opts);
  const cp: ControlPlane = {
    server: s.server,
    kubeconfig: s.kubeconfig,
    binDir: s.binDir,
    dir: s.dir,
    nodes: {...NODES},
    users: s.users,
    kubeconfigFor: (user, groups = []) => userKubeconfig(s, user, groups),
    api,
    kubectl: (args, opts = {}) => kubectl(s.binDir, opts.kubeconfig ?? s.kubeconfig, args, opts.input),
    async apply(yamlText) {
      const r = await kubectl(s.binDir, s.kubeconfig, ['apply', '--server-side', '--force-conflicts', '--field-manager=e2e', '-f', '-'], yamlText);
      if (r.code !== 0) throw new Error(`kubectl apply failed: ${r.stderr.trim() || r.stdout.trim()}`);
    },
    async createNamespace(name, labels = {}) {
      const r = await api<{message?: string}>('POST', '/api/v1/namespaces', {apiVersion: 'v1', kind: 'Namespace', metadata: {name, labels}});
      if (r.status >= 300) throw new Error(`create namespace ${name}: ${r.status} ${r.body?.message ?? ''}`);
      const deadline = Date.now() + 20_000;
      while ((await api('GET', `/api/v1/namespaces/${name}/serviceaccounts/default`)).status !== 200) {
        if (Date.now() > deadline) throw new Error(`namespace ${name}: no default ServiceAccount after 20s (is kube-controller-manager running?)`);
        await sleep(100);
      }
    },
    async stageExec(namespace, pod, scenario, opts = {}) {
      const dir = podExecDir(s.dir, namespace, pod);
      writeScenario(dir, Array.isArray(scenario) ? scenario : [scenario], opts);
      const path = `/apis/kwok.x-k8s.io/v1alpha1/namespaces/${namespace}/execs/${pod}`;
      const existing = await api<{spec?: {execs?: {local?: {workDir?: string}}[]}}>('GET', path);
      if (existing.status === 200 && existing.body.spec?.execs?.[0]?.local?.workDir === dir) return; // kwok already sends this pod there
      const body = {apiVersion: 'kwok.x-k8s.io/v1alpha1', kind: 'Exec', metadata: {name: pod, namespace}, spec: {execs: [{local: {workDir: dir}}]}};
      const r = await api<{message?: string}>('PATCH', path, body, {
        query: {fieldManager: 'e2e-harness', force: 'true'},
        contentType: 'application/apply-patch+yaml',
      });
      if (r.status >= 300) throw new Error(`stage exec for ${namespace}/${pod}: ${r.status} ${r.body?.message ?? ''}`);
      // kwok learns of the Exec through a watch. If the pod runs already, wait until an exec lands in its directory.
      const p = await api<{status?: {phase?: string}}>('GET', `/api/v1/namespaces/${namespace}/pods/${pod}`);
      if (p.status !== 200 || p.body.status?.phase !== 'Running') return;
      const deadline = Date.now() + 10_000;
      for (;;) {
        const probe = await execInPod(s.kubeconfig, namespace, pod, ['pwd'], {timeoutMs: 5000}).catch(() => undefined);
        if (probe?.stdout.trim() === dir) return;
        if (Date.now() > deadline) throw new Error(`stage exec for ${namespace}/${pod}: kwok did not pick up the Exec object within 10s`);
        await sleep(100);
      }
    },
    exec: (namespace, pod, command, opts) => execInPod(s.kubeconfig, namespace, pod, command, opts),
    nodeLogs() {
      nodeLogs ??= startNodeLogStandIn(s);
      return nodeLogs;
    },
    async rbacSynced(namespace = 'default') {
      const id = `e2e-rbac-sentinel-${Math.random().toString(36).slice(2, 10)}`;
      const rbac = '/apis/rbac.authorization.k8s.io/v1';
      const subjects = [{apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: id}];
      const rules = [{apiGroups: [''], resources: ['configmaps'], verbs: ['get'], resourceNames: [id]}];
      const created: string[] = [];
      const create = async (path: string, body: object) => {
        const r = await api<{message?: string}>('POST', path, body);
        if (r.status >= 300) throw new Error(`rbacSynced: POST ${path}: ${r.status} ${r.body?.message ?? ''}`);
        created.push(`${path}/${id}`);
      };
      try {
        await create(`${rbac}/clusterroles`, {metadata: {name: id}, rules});
        await create(`${rbac}/clusterrolebindings`, {
          metadata: {name: id},
          roleRef: {apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: id},
          subjects,
        });
        await create(`${rbac}/namespaces/${namespace}/roles`, {metadata: {name: id}, rules: [{...rules[0], resources: ['secrets']}]});
        await create(`${rbac}/namespaces/${namespace}/rolebindings`, {
          metadata: {name: id},
          roleRef: {apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: id},
          subjects,
        });
        const allowed = async (resource: string, ns?: string) => {
          const spec = {user: id, resourceAttributes: {verb: 'get', resource, name: id, ...(ns ? {namespace: ns} : {})}};
          const r = await api<{status?: {allowed?: boolean}}>('POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', {
            apiVersion: 'authorization.k8s.io/v1',
            kind: 'SubjectAccessReview',
            spec,
          });
          return r.body.status?.allowed === true;
        };
        const deadline = Date.now() + 10_000;
        while (!((await allowed('configmaps')) && (await allowed('secrets', namespace)))) {
          if (Date.now() > deadline) throw new Error('rbacSynced: the RBAC authorizer did not see new bindings within 10s');
          await sleep(20);
        }
      } finally {
        for (const path of created.reverse()) await api('DELETE', path);
      }
    },
    async waitForPodRunning(namespace, pod, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const r = await api<{status?: {phase?: string}}>('GET', `/api/v1/namespaces/${namespace}/pods/${pod}`);
        if (r.status === 200 && r.body.status?.phase === 'Running') return;
        if (Date.now() > deadline)
          throw new Error(`pod ${namespace}/${pod} not Running after ${timeoutMs / 1000}s (phase ${r.body.status?.phase ?? r.status})`);
        await sleep(100);
      }
    },
  };
  return cp;
}

function killQuietly(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // gone
  }
}

/** Synchronous last resort: every run's process groups killed, its directory deleted. */
function cleanupNow(): void {
  for (const run of [...runs]) endRunNow(run);
  started = undefined;
  mainRun = undefined;
}

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', cleanupNow);
  for (const [sig, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const) {
    process.once(sig, () => {
      cleanupNow();
      process.exit(code);
    });
  }
}
