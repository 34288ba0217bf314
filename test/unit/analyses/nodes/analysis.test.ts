import assert from 'node:assert/strict';
import {describeNode, nodesAnalysis, tolerationsFor, type NodeItem, type NodesOptions} from '../../../../src/analyses/nodes/analysis.js';
import {nodesView, schedulingYaml} from '../../../../src/analyses/nodes/view.js';
import {runAnalysis} from '../../../../src/analyses/types.js';
import {renderText} from '../../../../src/render/text.js';
import type {Report} from '../../../../src/report/types.js';
import type {KubeObject} from '../../../../src/k8s/object.js';
import type {Snapshot, Workload} from '../../../../src/k8s/snapshot.js';
import {toWorkload} from '../../../../src/source/workloads.js';
import {NODE_CHECKS} from '../../../../src/analyses/nodes/checks.js';
import {podWorkload} from '../../../support/pod.js';

interface NodeSpec {
  name: string;
  os?: string;
  kernel?: string;
  label?: string;
  kubelet?: string;
  runtime?: string;
  capMem?: string;
  allocMem?: string;
  ready?: string;
  taints?: Array<{key: string; value?: string; effect: string}>;
}

function node(s: NodeSpec): KubeObject {
  const os = s.os ?? 'windows';
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {name: s.name, labels: {'kubernetes.io/os': os, ...(s.label ? {'node.kubernetes.io/windows-build': s.label} : {})}},
    spec: s.taints ? {taints: s.taints} : {},
    status: {
      capacity: {cpu: '4', memory: s.capMem ?? '16Gi', pods: '110'},
      allocatable: {cpu: '3500m', memory: s.allocMem ?? '13Gi', pods: '110'},
      conditions: [{type: 'Ready', status: s.ready ?? 'True', reason: 'KubeletReady'}],
      nodeInfo: {
        operatingSystem: os,
        kernelVersion: s.kernel ?? (os === 'windows' ? '10.0.20348.2340' : '6.1.0'),
        osImage: os === 'windows' ? 'Windows Server 2022 Datacenter' : 'Debian',
        kubeletVersion: s.kubelet ?? 'v1.34.3',
        containerRuntimeVersion: s.runtime ?? 'containerd://1.7.20',
      },
    },
  };
}

function pod(name: string, nodeName: string, qosClass: string, phase = 'Running', ns = 'default'): Workload {
  return podWorkload({name, namespace: ns, spec: {nodeName, containers: [{name: 'c'}]}, status: {qosClass, phase}});
}

function snapshot(nodes: KubeObject[] | undefined, pods: Workload[] = []): Snapshot {
  return {
    source: {type: 'manifests', files: ['t.yaml']},
    objects: nodes ? {nodes} : {},
    skipped: nodes ? [] : [{check: 'read/nodes', reason: 'forbidden: cannot list nodes'}],
    async *workloads() {
      yield* pods;
    },
  };
}

async function run(nodes: KubeObject[] | undefined, pods: Workload[] = [], opts: NodesOptions = {}): Promise<Report<NodeItem>> {
  return runAnalysis(nodesAnalysis, snapshot(nodes, pods), opts, {mode: 'manifests'});
}

const ids = (r: Report<NodeItem>, name?: string) =>
  r.findings
    .filter((f) => !name || f.object?.name === name)
    .map((f) => f.id)
    .sort();

describe('analyses/nodes', () => {
  it('requests nodes and the pod stream', () => {
    assert.deepEqual(nodesAnalysis.request({}), {kinds: ['nodes', 'runtimeclasses'], pods: true});
  });

  it('lists Windows nodes only, unless --all', async () => {
    const nodes = [node({name: 'w1'}), node({name: 'l1', os: 'linux'})];
    assert.deepEqual(
      (await run(nodes)).items.map((i) => i.name),
      ['w1'],
    );
    assert.deepEqual(
      (await run(nodes, [], {all: true})).items.map((i) => i.name),
      ['l1', 'w1'],
    );
  });

  it('selects by name and label selector', async () => {
    const nodes = [node({name: 'w1', label: '10.0.17763'}), node({name: 'w2', label: '10.0.20348'}), node({name: 'l1', os: 'linux'})];
    assert.deepEqual(
      (await run(nodes, [], {names: ['l1']})).items.map((i) => i.name),
      ['l1'],
    );
    assert.deepEqual(
      (await run(nodes, [], {selector: 'node.kubernetes.io/windows-build=10.0.20348'})).items.map((i) => i.name),
      ['w2'],
    );
  });

  it('reports build, release, versions and the contract fields', async () => {
    const [item] = (await run([node({name: 'w', kernel: '10.0.17763.5329', label: '10.0.17763', kubelet: 'v1.28.5', runtime: 'containerd://1.6.21'})])).items;
    for (const k of ['name', 'os', 'build', 'kubeletVersion', 'containerRuntime', 'hostProcessCapable', 'taints']) assert.ok(k in item, k);
    assert.equal(item.build, '10.0.17763.5329');
    assert.equal(item.release, 'LTSC 2019');
    assert.equal(item.kubeletVersion, 'v1.28.5');
    assert.equal(item.containerRuntime, 'containerd://1.6.21');
    assert.equal(item.hostProcessCapable, true);
    assert.equal(item.ready, true);
    assert.equal(item.readyStatus, 'True');
    assert.deepEqual(item.reserved, {cpu: '500m', memory: '3Gi'});
  });

  it('uses the label when kernelVersion is not a Windows version', () => {
    const item = describeNode(node({name: 'w', kernel: '', label: '10.0.26100'}));
    assert.equal(item.build, '10.0.26100');
    assert.equal(item.release, 'LTSC 2025');
  });

  it('counts running pods per node by QoS class, ignoring finished pods and other nodes', async () => {
    const r = await run(
      [node({name: 'w1'}), node({name: 'w2'})],
      [
        pod('a', 'w1', 'Guaranteed'),
        pod('b', 'w1', 'Burstable'),
        pod('c', 'w1', 'BestEffort'),
        pod('d', 'w1', 'BestEffort', 'Succeeded'),
        pod('e', 'w2', 'Burstable', 'Running', 'other'),
        pod('f', 'linux', 'BestEffort'),
        pod('g', '', 'BestEffort', 'Pending'),
      ],
    );
    const byName = Object.fromEntries(r.items.map((i) => [i.name, i.pods]));
    assert.deepEqual(byName.w1, {Guaranteed: 1, Burstable: 1, BestEffort: 1, total: 3});
    assert.deepEqual(byName.w2, {Guaranteed: 0, Burstable: 1, BestEffort: 0, total: 1});
  });

  it('warns when less than 2 GiB of memory is reserved, and about BestEffort pods there', async () => {
    const nodes = [
      node({name: 'low', capMem: '8Gi', allocMem: '7Gi'}),
      node({name: 'ok', capMem: '8Gi', allocMem: '6Gi'}),
      node({name: 'edge', capMem: '8388608Ki', allocMem: '6291457Ki'}),
    ];
    const r = await run(nodes, [pod('x', 'low', 'BestEffort'), pod('y', 'ok', 'BestEffort')]);
    assert.deepEqual(ids(r, 'low'), ['nodes/besteffort-without-reserve', 'nodes/system-reserve-low']);
    assert.deepEqual(ids(r, 'ok'), []);
    assert.deepEqual(ids(r, 'edge'), ['nodes/system-reserve-low']); // 1 KiB short of 2 GiB
    const f = r.findings.find((x) => x.id === 'nodes/system-reserve-low' && x.object?.name === 'low')!;
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /reserves 1Gi/);
  });

  it('does not warn about reserves on Linux nodes', async () => {
    const r = await run([node({name: 'l', os: 'linux', capMem: '8Gi', allocMem: '8Gi'})], [], {all: true});
    assert.deepEqual(ids(r, 'l'), []);
    assert.deepEqual(ids(r), ['nodes/no-windows-nodes']);
  });

  it('reports HostProcess support with the reason', async () => {
    const r = await run([node({name: 'old', kubelet: 'v1.22.4', runtime: 'containerd://1.5.9'})]);
    assert.equal(r.items[0].hostProcessCapable, false);
    assert.match(r.items[0].hostProcessReason, /kubelet v1.22.4 is older than 1.23; containerd 1.5.9 is older than 1.6/);
    assert.deepEqual(ids(r), ['nodes/hostprocess-unsupported']);
  });

  it('reports not-ready, unknown and unsupported builds', async () => {
    const r = await run([
      node({name: 'nr', ready: 'False'}),
      node({name: 'ins', kernel: '10.0.27695.1'}),
      node({name: 'sac', kernel: '10.0.19042.1'}),
      node({name: 'ac', kernel: '10.0.25398.1'}),
    ]);
    assert.deepEqual(ids(r, 'nr'), ['nodes/not-ready']);
    assert.deepEqual(ids(r, 'ins'), ['nodes/windows-build-unknown']);
    assert.deepEqual(ids(r, 'sac'), ['nodes/windows-build-unsupported']);
    assert.deepEqual(
      ids(r, 'ac'),
      ['nodes/windows-build-unsupported'],
      'build 25398 is Windows Server 23H2, which the Windows intro page does not list (Kubernetes supports LTSC 2019, 2022, 2025 as node OS)',
    );
    assert.equal(r.items.find((i) => i.name === 'ac')?.release, 'Annual 23H2');
  });

  it('a kubelet more than three minors older than the apiserver, or newer, and a dockershim runtime are warnings', async () => {
    const nodes = [
      node({name: 'ok', kubelet: 'v1.31.9'}),
      node({name: 'old', kubelet: 'v1.30.2'}),
      node({name: 'new', kubelet: 'v1.35.0'}),
      node({name: 'docker', kubelet: 'v1.34.1', runtime: 'docker://20.10.9'}),
    ];
    const live = await runAnalysis(
      nodesAnalysis,
      {...snapshot(nodes), source: {type: 'cluster', context: 'c', server: 'https://127.0.0.1:6443', serverVersion: 'v1.34.3'}},
      {},
      {mode: 'cluster'} as never,
    );
    assert.deepEqual(ids(live, 'ok'), []);
    assert.deepEqual(ids(live, 'old'), ['nodes/kubelet-version-skew']);
    assert.match(
      live.findings.find((f) => f.object?.name === 'old')!.message,
      /^kubelet v1\.30\.2 is 4 minor versions older than the apiserver v1\.34\.3 \(at most 3 are supported\)/,
    );
    assert.deepEqual(ids(live, 'new'), ['nodes/kubelet-version-skew']);
    assert.deepEqual(ids(live, 'docker'), ['nodes/dockershim-runtime', 'nodes/hostprocess-unsupported']);
    assert.deepEqual(ids(await run(nodes), 'old'), [], 'offline the apiserver version is unknown');
  });

  it('says when the cluster has no Windows node, and how many Windows pods have nowhere to run', async () => {
    const r = await run([node({name: 'l', os: 'linux'})]);
    assert.equal(r.items.length, 0);
    assert.deepEqual(ids(r), ['nodes/no-windows-nodes']);
    assert.match(r.findings[0].message, /runs Windows \(label kubernetes\.io\/os=windows\)$/);
    const win = toWorkload(
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {name: 'w', namespace: 'default'},
        spec: {os: {name: 'windows'}, containers: [{name: 'c'}]},
        status: {phase: 'Pending'},
      },
      'default',
    )!;
    const withPods = await run([node({name: 'l', os: 'linux'})], [win, pod('linux-pod', 'l', 'BestEffort')]);
    assert.match(withPods.findings[0].message, /, so the 1 Windows pod read cannot run anywhere$/);
  });

  it('keeps a forbidden node list as skipped, never as passing', async () => {
    const r = await run(undefined);
    assert.equal(r.items.length, 0);
    assert.deepEqual(
      r.skipped.map((s) => s.check),
      ['read/nodes'],
    );
    assert.ok(!r.findings.some((f) => f.id === 'nodes/no-windows-nodes'));
  });

  it('derives the tolerations a pod needs', () => {
    assert.deepEqual(
      tolerationsFor([
        {key: 'os', value: 'windows', effect: 'NoSchedule'},
        {key: 'dedicated', effect: 'NoExecute'},
        {key: 'soft', value: 'x', effect: 'PreferNoSchedule'},
      ]),
      [
        {key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule'},
        {key: 'dedicated', operator: 'Exists', effect: 'NoExecute'},
      ],
    );
  });

  it('shows the scheduling snippet as YAML and the table', async () => {
    const r = await run([node({name: 'w', label: '10.0.20348', taints: [{key: 'os', value: 'windows', effect: 'NoSchedule'}]})]);
    const y = schedulingYaml(r.items[0]);
    assert.match(y, /kubernetes\.io\/os: windows/);
    assert.match(y, /node\.kubernetes\.io\/windows-build: 10\.0\.20348/);
    assert.match(y, /operator: Equal\n\s+value: windows\n\s+effect: NoSchedule/);
    const text = renderText(nodesView(r, true), false);
    assert.match(text, /^NAME\s+STATUS\s+OS\s+BUILD\s+RELEASE/m);
    assert.match(text, /w\s+Ready\s+windows\s+10\.0\.20348\.2340\s+LTSC 2022/);
    assert.match(text, /16Gi\/13Gi\/3Gi/);
    // The default view leaves OS out while every node is a Windows node, and shows it when one is not.
    assert.match(renderText(nodesView(r, false), false), /^NAME\s+STATUS\s+BUILD\s+RELEASE/m);
    const mixed = await run([node({name: 'w', label: '10.0.20348'}), node({name: 'l', os: 'linux'})], [], {all: true});
    const mixedText = renderText(nodesView(mixed, false), false);
    assert.match(mixedText, /^NAME\s+STATUS\s+OS\s+BUILD/m);
    assert.match(mixedText, /^l\s+Ready\s+linux\s/m);
  });

  it('emits only catalogued ids', async () => {
    const known = new Set<string>(NODE_CHECKS.map((c) => c.id));
    const r = await run(
      [node({name: 'a', ready: 'False', kubelet: 'v1.20.0', capMem: '4Gi', allocMem: '4Gi', kernel: '10.0.14393.1'})],
      [pod('p', 'a', 'BestEffort')],
    );
    assert.ok(r.findings.length >= 4);
    for (const f of r.findings) {
      assert.ok(known.has(f.id), f.id);
      assert.equal(f.severity, NODE_CHECKS.find((c) => c.id === (f.id as string))!.severity, f.id);
    }
  });
});

describe('analyses/nodes offline without Node manifests', () => {
  it('reports the node checks as skipped, not as a cluster without Windows nodes', async () => {
    const r = await runAnalysis(nodesAnalysis, snapshot([]), {}, {mode: 'manifests'});
    assert.deepEqual(r.findings, []);
    assert.deepEqual(
      r.skipped.map((s) => s.check),
      ['nodes'],
    );
    const live = await runAnalysis(nodesAnalysis, snapshot([]), {}, {mode: 'cluster'});
    assert.deepEqual(
      live.findings.map((f) => f.id),
      ['nodes/no-windows-nodes'],
    );
  });
});
