// The bench fleet: Windows pods over 50 namespaces on kwok Windows nodes, with gMSA credential specs,
// RBAC and LimitRanges. Separate from run.ts so a fleet can be put on any control plane
// (bench/fill.ts fills the demo's).
import {spawnSync} from 'node:child_process';
import {existsSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {PROJECT_ROOT} from '../harness/build.js';
import {pool} from '../src/util/pool.js';

/** What the fleet needs of a control plane (the e2e harness's ControlPlane has it). */
export interface FleetTarget {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any API object, as JSON
  api<T = any>(method: string, path: string, body?: unknown, opts?: {query?: Record<string, string | undefined>}): Promise<{status: number; body: T}>;
  apply(yamlText: string): Promise<void>;
  createNamespace(name: string, labels?: Record<string, string>): Promise<void>;
}

export const NAMESPACES = 50;
export const NODES = 20;

function log(msg: string): void {
  process.stderr.write(`[bench] ${msg}\n`);
}

const ns = (i: number) => `bench-${String(i).padStart(2, '0')}`;

export async function setup(cp: FleetTarget): Promise<void> {
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
  await pool(
    Array.from({length: NAMESPACES}, (_, i) => i),
    8,
    async (i) => {
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
    },
  );
}

/** Pod number k: a mix of QoS classes, gMSA references and runAsUserName, as a Windows fleet has. */
function pod(k: number): {namespace: string; body: unknown} {
  const i = k % NAMESPACES;
  const kind = k % 4;
  const resources =
    kind === 0
      ? {limits: {cpu: '500m', memory: '1Gi'}}
      : kind === 1
        ? {requests: {cpu: '100m', memory: '256Mi'}, limits: {memory: '512Mi'}}
        : kind === 2
          ? {requests: {cpu: '50m'}}
          : {};
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
        securityContext: {
          windowsOptions: {...(gmsa ? {gmsaCredentialSpecName: `bench-gmsa-${i % 5}`} : {}), ...(k % 5 === 0 ? {runAsUserName: 'ContainerUser'} : {})},
        },
        containers: [{name: 'iis', image: 'mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022', ports: [{containerPort: 80}], resources}],
      },
    },
  };
}

/**
 * Pod k depends only on k modulo this (the namespace, node, QoS kind, gMSA, user and tier residues:
 * the least common multiple of 50, 20, 4, 3, 5 and 7) and on its name.
 */
export const PERIOD = 2100;

/** The etcd endpoint a control plane's directory names (harness/start.ts writes it), for fillFast. */
export function etcdEndpointIn(dir: string): string | undefined {
  const file = join(dir, 'etcd-endpoint');
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
}

/** Pods past the first PERIOD are copied into etcd (tools/etcdfill) when the control plane's etcd is given. */
export async function fillFast(cp: FleetTarget, from: number, to: number, etcd: string | undefined): Promise<number> {
  if (!etcd || to <= PERIOD) return fill(cp, from, to);
  const started = Date.now();
  if (from < PERIOD) {
    await fill(cp, from, PERIOD);
    await waitRunning(cp, PERIOD);
  }
  samePodsAcrossPeriod();
  const tool = etcdfillBinary();
  log(`copying pods ${Math.max(from, PERIOD)}..${to} into etcd (${tool})`);
  const r = spawnSync(tool, [etcd, String(PERIOD), String(Math.max(from, PERIOD)), String(to)], {encoding: 'utf8'});
  if (r.status !== 0) throw new Error(`etcdfill: ${r.stderr || r.error?.message}`);
  log(r.stdout.trim());
  return (Date.now() - started) / 1000;
}

/** The claim fillFast rests on, checked: pod k and pod k + PERIOD differ only in their names. */
function samePodsAcrossPeriod(): void {
  for (const k of [0, 1, 7, 99, 2099]) {
    const a = JSON.stringify(pod(k)).replaceAll(`"iis-${k}"`, '"N"');
    const b = JSON.stringify(pod(k + PERIOD)).replaceAll(`"iis-${k + PERIOD}"`, '"N"');
    if (a !== b) throw new Error(`bench fleet: pod ${k} and pod ${k + PERIOD} differ beyond their names; PERIOD is wrong`);
  }
}

/** tools/etcdfill built once (Go modules: the module cache, or the proxy). */
function etcdfillBinary(): string {
  const out = join(process.env.HOME ?? '/tmp', '.cache', 'kubectl-win', 'etcdfill');
  const r = spawnSync('go', ['build', '-o', out, '.'], {cwd: join(PROJECT_ROOT, 'tools', 'etcdfill'), encoding: 'utf8'});
  if (r.status !== 0) throw new Error(`building tools/etcdfill: ${r.stderr || r.error?.message}`);
  return out;
}

export async function fill(cp: FleetTarget, from: number, to: number): Promise<number> {
  const started = Date.now();
  let failed = 0;
  await pool(
    Array.from({length: to - from}, (_, j) => from + j),
    32,
    async (k) => {
      const {namespace, body} = pod(k);
      // A busy apiserver sometimes drops a connection (EPIPE): one lost pod must not end a 20-minute fill.
      for (let attempt = 1; ; attempt++) {
        try {
          const r = await cp.api('POST', `/api/v1/namespaces/${namespace}/pods`, body);
          if (r.status >= 300 && r.status !== 409) failed++;
          return;
        } catch (err) {
          if (attempt === 5) throw err;
          await new Promise((res) => setTimeout(res, 1000 * attempt));
        }
      }
    },
  );
  if (failed) throw new Error(`${failed} pods could not be created`);
  return (Date.now() - started) / 1000;
}

export async function waitRunning(cp: FleetTarget, n: number): Promise<void> {
  // kwok marked ~20 pods a second Running on a busy machine (2026-12-06: 11,500 of 40,000 after
  // 10 minutes): allow 50 ms a pod, so 100,000 get 83 minutes.
  const limit = Math.max(600_000, n * 50);
  const deadline = Date.now() + limit;
  for (;;) {
    let running = 0;
    let cont: string | undefined;
    try {
      do {
        const r = await cp.api<{items: Array<{status?: {phase?: string}}>; metadata?: {continue?: string}}>('GET', '/api/v1/pods', undefined, {
          query: {labelSelector: 'app=iis', limit: '2000', continue: cont},
        });
        // A busy apiserver answers a list with a Status (a 504, a 410 for an expired continue): say which.
        if (r.status !== 200 || !Array.isArray(r.body.items)) throw new Error(`HTTP ${r.status}: ${JSON.stringify(r.body).slice(0, 200)}`);
        running += r.body.items.filter((p) => p.status?.phase === 'Running').length;
        cont = r.body.metadata?.continue || undefined;
      } while (cont);
    } catch (err) {
      log(`counting Running pods failed (${(err as Error).message}); again`);
      running = 0;
    }
    if (running >= n) return;
    if (Date.now() > deadline) throw new Error(`${n - running} of ${n} pods not Running after ${Math.round(limit / 60_000)} minutes`);
    log(`${running} of ${n} pods Running`);
    await new Promise((res) => setTimeout(res, 3000));
  }
}
