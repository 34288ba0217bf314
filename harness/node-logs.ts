// Nodes whose kubelet log endpoints the real apiserver proxies to (`cp.nodeLogs()`, README.md "Node
// logs"): the stand-in kubelet (kubelet-standin.ts) started as its own process on the address of a
// network namespace link (node-net.ts), and Node objects that point at it.
import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import {request} from 'node:http';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import type {KubeObject} from '../src/k8s/object.js';
import {apiRequest} from './client.js';
import type {StandInNode} from './kubelet-standin.js';
import {createNodeNet} from './node-net.js';
import {issue, type Pki} from './pki.js';
import {sleep, startProcess} from './processes.js';

export type {StandInNode};

export interface NodeLogStandIn {
  /** The address every stand-in node names (198.18.x.y, on the namespace's link). */
  address: string;
  /**
   * Creates a Windows Node (not one kwok manages: nothing rewrites its status) whose kubelet is the
   * stand-in, set up as `node` says; `labels` are added to the Windows ones.
   */
  addWindowsNode(node: StandInNode & {labels?: Record<string, string>; kubeletVersion?: string}): Promise<void>;
  /**
   * Puts the stand-in in front of a kwok node: its kubelet address and port become the stand-in's,
   * which serves /configz and /logs/ and hands the rest (exec, logs of pods) to kwok.
   */
  front(nodeName: string, logQuery?: StandInNode['logQuery']): Promise<void>;
}

interface PlaneRefs {
  dir: string;
  pki: Pki;
  kubeconfig: string;
  kwokPort: number;
}

const MAIN = join(dirname(fileURLToPath(import.meta.url)), 'kubelet-standin-main.ts');

function post(port: number, path: string, body: unknown): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({host: '127.0.0.1', port, path, method: 'POST', headers: {'Content-Type': 'application/json'}}, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => (res.statusCode === 200 ? resolve(Buffer.concat(chunks).toString()) : reject(new Error(Buffer.concat(chunks).toString()))));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

async function waitForFile(file: string, what: string): Promise<string> {
  const deadline = Date.now() + 20_000;
  while (!existsSync(file) || readFileSync(file, 'utf8') === '') {
    if (Date.now() > deadline) throw new Error(`${what} did not start within 20s`);
    await sleep(50);
  }
  return readFileSync(file, 'utf8');
}

function windowsNode(name: string, address: string, port: number, labels: Record<string, string>, kubeletVersion: string, runtime: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: {
        'kubernetes.io/os': 'windows',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': name,
        'node.kubernetes.io/windows-build': '10.0.20348',
        ...labels,
      },
    },
    spec: {taints: [{key: 'os', value: 'windows', effect: 'NoSchedule'}]},
    status: {
      // InternalIP only: the apiserver prefers a Hostname address, and a node name does not resolve here.
      addresses: [{type: 'InternalIP', address}],
      daemonEndpoints: {kubeletEndpoint: {Port: port}},
      conditions: [{type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status'}],
      nodeInfo: {
        architecture: 'amd64',
        operatingSystem: 'windows',
        osImage: 'Windows Server 2022 Datacenter',
        kernelVersion: '10.0.20348.3207',
        containerRuntimeVersion: runtime === 'docker' ? 'docker://20.10.9' : 'containerd://1.7.25',
        kubeletVersion,
        kubeProxyVersion: kubeletVersion,
        machineID: '',
        systemUUID: '',
        bootID: '',
      },
    },
  };
}

/** Starts the stand-in (namespace, link, process) for a control plane; nodes are added after. */
export async function startNodeLogStandIn(plane: PlaneRefs): Promise<NodeLogStandIn> {
  const net = await createNodeNet(plane.dir);
  const tls = await issue(plane.pki, 'kubelet-standin', '/CN=kubelet-standin', 'server');
  const controlFile = join(plane.dir, 'kubelet-standin.port');
  const configFile = join(plane.dir, 'kubelet-standin.json');
  writeFileSync(configFile, JSON.stringify({address: net.address, cert: tls.cert, key: tls.key, controlFile}));
  startProcess(plane.dir, 'kubelet-standin', process.execPath, ['--import', 'tsx', MAIN, configFile]);
  const control = Number(await waitForFile(controlFile, 'the stand-in kubelet'));
  const serve = async (node: StandInNode) => (JSON.parse(await post(control, '/nodes', node)) as {port: number}).port;
  return {
    address: net.address,
    async addWindowsNode(node) {
      const port = await serve(node);
      const body = windowsNode(node.name, net.address, port, node.labels ?? {}, node.kubeletVersion ?? 'v1.34.3', node.runtime ?? 'containerd');
      const r = await apiRequest<{message?: string}>(plane.kubeconfig, 'POST', '/api/v1/nodes', body);
      if (r.status >= 300) throw new Error(`create node ${node.name}: ${r.status} ${r.body?.message ?? ''}`);
    },
    async front(nodeName, logQuery = 'on') {
      const node = await apiRequest<{status?: {nodeInfo?: {containerRuntimeVersion?: string}}}>(plane.kubeconfig, 'GET', `/api/v1/nodes/${nodeName}`);
      const runtime = node.body.status?.nodeInfo?.containerRuntimeVersion?.startsWith('docker://') ? 'docker' : 'containerd';
      const port = await serve({name: nodeName, logQuery, runtime, forward: {port: plane.kwokPort}});
      // kwok sets the address and port only while it initialises a node; a node it keeps Ready keeps these.
      const patch = {status: {addresses: [{type: 'InternalIP', address: net.address}], daemonEndpoints: {kubeletEndpoint: {Port: port}}}};
      const r = await apiRequest<{message?: string}>(plane.kubeconfig, 'PATCH', `/api/v1/nodes/${nodeName}/status`, patch, {
        // A merge patch replaces the address list whole: kwok's Hostname=localhost must go, or the apiserver would prefer it.
        contentType: 'application/merge-patch+json',
      });
      if (r.status >= 300) throw new Error(`point node ${nodeName} at the stand-in kubelet: ${r.status} ${r.body?.message ?? ''}`);
    },
  };
}
