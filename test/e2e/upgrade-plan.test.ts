// `kubectl win upgrade-plan` end to end: kwok Windows nodes of 2019 (the fixtures), 2022 and 2025
// builds (added here, in AKS-labelled pools, and removed after), workloads applied through the real
// apiserver, one test per row of the plan (images, pins, node side, drain), a ready workload with no
// finding, and the same plan offline from the same manifests and `kubectl get nodes -o yaml`.
import assert from 'node:assert/strict';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {parse, stringify} from 'yaml';
import {controlPlane, type ControlPlane} from '../../harness/index.js';
import {runCli} from './cli.js';
import type {Finding, Report} from '../../src/report/types.js';
import type {PoolPlan, UpgradePlanItem, WorkloadPlan} from '../../src/analyses/upgrade/plan.js';

const NS = `upgrade-e2e-${Date.now() % 100000}`;
const POOL_LABEL = 'kubernetes.azure.com/agentpool';

function windowsNode(name: string, pool: string, build: number, runtime: string, extra: {taints?: object[]; images?: object[]}): object {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      annotations: {'kwok.x-k8s.io/node': 'fake', 'node.alpha.kubernetes.io/ttl': '0'},
      labels: {
        'kubernetes.io/os': 'windows',
        'kubernetes.io/hostname': name,
        type: 'kwok',
        [POOL_LABEL]: pool,
        'node.kubernetes.io/windows-build': `10.0.${build}`,
      },
    },
    spec: {taints: [{key: 'os', value: 'windows', effect: 'NoSchedule'}, ...(extra.taints ?? [])]},
    status: {
      capacity: {cpu: '4', memory: '16Gi', pods: '110'},
      allocatable: {cpu: '4', memory: '14Gi', pods: '110'},
      images: extra.images ?? [],
      nodeInfo: {
        architecture: 'amd64',
        operatingSystem: 'windows',
        osImage: 'Windows Server Datacenter',
        kernelVersion: `10.0.${build}.1000`,
        containerRuntimeVersion: runtime,
        kubeletVersion: 'v1.34.3',
        kubeProxyVersion: 'v1.34.3',
        machineID: '',
        systemUUID: '',
        bootID: '',
      },
    },
  };
}

const NEW_NODES = [
  windowsNode('up-win22-0', 'win22', 20348, 'containerd://1.7.25', {
    images: [{names: ['mcr.microsoft.com/windows/nanoserver:ltsc2022'], sizeBytes: 123456789}],
  }),
  windowsNode('up-win25-0', 'win25', 26100, 'containerd://2.0.4', {
    taints: [{key: 'sku', value: 'ws2025', effect: 'NoSchedule'}],
    images: [{names: ['registry.k8s.io/pause:3.10'], sizeBytes: 300000}],
  }),
];

const WINDOWS = {
  nodeSelector: {'kubernetes.io/os': 'windows'},
  tolerations: [
    {key: 'os', operator: 'Exists'},
    {key: 'sku', operator: 'Exists'},
  ],
};

function deployment(name: string, spec: object, replicas = 2, labels: Record<string, string> = {app: name}): object {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {name, namespace: NS},
    spec: {replicas, selector: {matchLabels: labels}, template: {metadata: {labels}, spec}},
  };
}

const image = (img: string) => ({containers: [{name: 'c', image: img}]});
const ON_WIN22 = {...WINDOWS, nodeSelector: {'kubernetes.io/os': 'windows', [POOL_LABEL]: 'win22'}};

const OBJECTS: object[] = [
  // Images: a 2019 image, a floating tag, and a 2022 image that runs process-isolated on 2025 (ready).
  deployment('img2019', {...WINDOWS, ...image('mcr.microsoft.com/windows/servercore:ltsc2019')}),
  deployment('floating', {...WINDOWS, ...image('mcr.microsoft.com/dotnet/framework/aspnet:4.8')}),
  // On the 2022 pool (not the target, where the scheduler could put it: then nothing moves).
  deployment('ready22', {...ON_WIN22, ...image('mcr.microsoft.com/windows/nanoserver:ltsc2022')}),
  // Pins: the build in a nodeSelector, the build in a RuntimeClass, and no toleration of the 2025 pool's taint.
  deployment('pinned', {
    ...WINDOWS,
    nodeSelector: {'kubernetes.io/os': 'windows', 'node.kubernetes.io/windows-build': '10.0.20348'},
    ...image('mcr.microsoft.com/windows/nanoserver:ltsc2025'),
  }),
  deployment('pinned-affinity', {
    ...WINDOWS,
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{matchExpressions: [{key: 'node.kubernetes.io/windows-build', operator: 'In', values: ['10.0.20348']}]}],
        },
      },
    },
    ...image('mcr.microsoft.com/windows/nanoserver:ltsc2025'),
  }),
  {
    apiVersion: 'node.k8s.io/v1',
    kind: 'RuntimeClass',
    metadata: {name: `${NS}-ws2019`},
    handler: 'runhcs-wcow-process',
    scheduling: {nodeSelector: {'kubernetes.io/os': 'windows', 'node.kubernetes.io/windows-build': '10.0.17763'}},
  },
  deployment('untolerated', {
    nodeSelector: {'kubernetes.io/os': 'windows'},
    tolerations: [{key: 'os', operator: 'Exists'}],
    ...image('mcr.microsoft.com/windows/nanoserver:ltsc2025'),
  }),
  deployment('linux-anywhere', {tolerations: [{operator: 'Exists'}], ...image('nginx:1.27')}),
  // Node side: HostProcess mounts (fixture 2019 nodes run containerd 1.6), a Calico Windows DaemonSet.
  {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: {name: 'hostprocess-agent', namespace: NS},
    spec: {
      selector: {matchLabels: {app: 'hp'}},
      template: {
        metadata: {labels: {app: 'hp'}},
        spec: {
          nodeSelector: {'kubernetes.io/os': 'windows', 'node.kubernetes.io/windows-build': '10.0.17763'},
          tolerations: [{operator: 'Exists'}],
          hostNetwork: true,
          securityContext: {windowsOptions: {hostProcess: true, runAsUserName: 'NT AUTHORITY\\SYSTEM'}},
          containers: [
            {
              name: 'agent',
              image: 'mcr.microsoft.com/oss/kubernetes/windows-host-process-containers-base-image:v1.0.0',
              volumeMounts: [{name: 'logs', mountPath: 'C:\\logs'}],
            },
          ],
          volumes: [{name: 'logs', hostPath: {path: 'C:\\var\\log'}}],
        },
      },
    },
  },
  {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: {name: 'calico-node-windows', namespace: NS},
    spec: {
      selector: {matchLabels: {app: 'calico'}},
      template: {
        metadata: {labels: {app: 'calico'}},
        spec: {
          ...WINDOWS,
          tolerations: [{operator: 'Exists'}],
          hostNetwork: true,
          securityContext: {windowsOptions: {hostProcess: true, runAsUserName: 'NT AUTHORITY\\SYSTEM'}},
          ...image('docker.io/calico/node-windows:v3.29.1'),
        },
      },
    },
  },
  // Node side: a Hyper-V isolated workload meets the 2025 pool's pause 3.10 (no 2025 manifest).
  {apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: {name: `${NS}-hyperv`}, handler: 'runhcs-wcow-hypervisor'},
  deployment('hyperv', {...WINDOWS, runtimeClassName: `${NS}-hyperv`, ...image('mcr.microsoft.com/windows/servercore:ltsc2019')}),
  // Drain: one replica behind a PDB that allows no disruption.
  deployment('single', {...ON_WIN22, ...image('mcr.microsoft.com/windows/nanoserver:ltsc2022')}, 1),
  {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: {name: 'single', namespace: NS},
    spec: {minAvailable: 1, selector: {matchLabels: {app: 'single'}}},
  },
];

const ids = (fs: Finding[], name: string) =>
  fs
    .filter((f) => f.object?.name === name)
    .map((f) => f.id)
    .sort();

describe('kubectl win upgrade-plan (live)', function () {
  this.timeout(300_000);
  let cp: ControlPlane;
  let report: Report<UpgradePlanItem>;
  let code: number;

  before(async function () {
    this.timeout(600_000);
    cp = await controlPlane();
    for (const n of NEW_NODES) {
      const r = await cp.api('POST', '/api/v1/nodes', n);
      assert.ok(r.status < 300 || r.status === 409, `create node: ${r.status}`);
    }
    await cp.createNamespace(NS);
    await cp.apply(OBJECTS.map((o) => stringify(o)).join('---\n'));
    const r = await runCli(['upgrade-plan', '--to', '2025', '-n', NS, '-o', 'json'], {kubeconfig: cp.kubeconfig});
    code = r.code;
    report = r.json<Report<UpgradePlanItem>>();
  });

  after(async () => {
    for (const n of NEW_NODES as {metadata: {name: string}}[]) await cp?.api('DELETE', `/api/v1/nodes/${n.metadata.name}`);
    await cp?.api('DELETE', `/apis/node.k8s.io/v1/runtimeclasses/${NS}-ws2019`);
    await cp?.api('DELETE', `/apis/node.k8s.io/v1/runtimeclasses/${NS}-hyperv`);
  });

  const workload = (name: string) => report.items.find((i): i is WorkloadPlan => i.type === 'workload' && i.name === name)!;
  const pool = (name: string) => report.items.find((i): i is PoolPlan => i.type === 'pool' && i.name === name)!;

  it('groups the Windows nodes into pools: by the AKS pool label, else by build', () => {
    assert.equal(report.kind, 'UpgradePlanReport');
    assert.deepEqual(pool('win22').nodes, ['up-win22-0']);
    assert.equal(pool('win22').release, 'LTSC 2022');
    assert.equal(pool('win25').atTarget, true);
    assert.deepEqual(pool('node.kubernetes.io/windows-build=10.0.17763').nodes.sort(), [cp.nodes.win2019, cp.nodes.winOldRuntime].sort());
    assert.equal(code, 1, 'blocked workloads exit 1');
  });

  it('image compatibility: a 2019 image is blocked with the retagged image as the patch; the build is said to be inferred', () => {
    assert.deepEqual(ids(report.findings, 'img2019'), ['upgrade/image-incompatible']);
    const f = report.findings.find((x) => x.object?.name === 'img2019')!;
    assert.match(f.message, /inferred from tag ltsc2019/);
    assert.deepEqual(f.remedy?.patch, {spec: {template: {spec: {containers: [{name: 'c', image: 'mcr.microsoft.com/windows/servercore:ltsc2025'}]}}}});
    assert.equal(workload('img2019').verdict, 'blocked');
  });

  it('image compatibility: a floating tag is named as such and the verdict is unknown', () => {
    assert.deepEqual(ids(report.findings, 'floating'), ['upgrade/image-build-unknown']);
    assert.match(report.findings.find((x) => x.object?.name === 'floating')!.message, /floating tag 4\.8/);
    assert.equal(workload('floating').verdict, 'unknown');
  });

  it('a ready workload (a 2022 image, process-isolated on a 2025 host) gets no finding', () => {
    assert.deepEqual(ids(report.findings, 'ready22'), []);
    assert.equal(workload('ready22').verdict, 'ready');
    assert.deepEqual(workload('ready22').images[0].builds, ['10.0.20348']);
    assert.equal(workload('ready22').images[0].evidence, 'tag');
  });

  it('pins: a required node affinity on the windows-build label that leaves out the target build', () => {
    assert.deepEqual(ids(report.findings, 'pinned-affinity'), ['upgrade/windows-build-pinned']);
    const pin = report.findings.find((x) => x.object?.name === 'pinned-affinity')!;
    assert.equal(pin.field, 'spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution');
    assert.match(pin.message, /required node affinity node\.kubernetes\.io\/windows-build In \[10\.0\.20348\]: no node of the target build \(10\.0\.26100\)/);
    assert.match(pin.remedy?.text ?? '', /Add "10\.0\.26100" to the values/);
    assert.equal(workload('pinned-affinity').verdict, 'blocked');
  });

  it('node side: each pool reports its nodes’ kubelet and container runtime versions', () => {
    assert.deepEqual(pool('win22').kubeletVersions, ['v1.34.3']);
    assert.deepEqual(pool('win22').runtimeVersions, ['containerd://1.7.25']);
    assert.deepEqual(pool('win25').runtimeVersions, ['containerd://2.0.4']);
    assert.deepEqual(pool('node.kubernetes.io/windows-build=10.0.17763').runtimeVersions.sort(), ['containerd://1.6.35', 'docker://20.10.9']);
  });

  it('-o yaml is the same plan as -o json', async () => {
    const r = await runCli(['upgrade-plan', '--to', '2025', '-n', NS, '-o', 'yaml'], {kubeconfig: cp.kubeconfig});
    assert.equal(r.code, 1, r.stderr);
    const doc = parse(r.stdout) as Report<UpgradePlanItem>;
    assert.equal(doc.kind, 'UpgradePlanReport');
    const key = (f: Finding) => `${f.id} ${f.object?.kind}/${f.object?.name}`;
    assert.deepEqual(doc.findings.map(key).sort(), report.findings.map(key).sort());
    assert.deepEqual(doc.items.map((i) => `${i.type} ${i.name} ${i.verdict}`).sort(), report.items.map((i) => `${i.type} ${i.name} ${i.verdict}`).sort());
  });

  it('pins: a windows-build nodeSelector, a RuntimeClass pinning a build, an untolerated target-pool taint', () => {
    assert.deepEqual(ids(report.findings, 'pinned'), ['upgrade/windows-build-pinned']);
    const pin = report.findings.find((x) => x.object?.name === 'pinned')!;
    assert.deepEqual(pin.remedy?.patch, {spec: {template: {spec: {nodeSelector: {'node.kubernetes.io/windows-build': '10.0.26100'}}}}});
    assert.deepEqual(ids(report.findings, `${NS}-ws2019`), ['upgrade/runtimeclass-build-pinned']);
    assert.deepEqual(ids(report.findings, 'untolerated'), ['upgrade/pool-taint-not-tolerated']);
    assert.match(report.findings.find((x) => x.object?.name === 'untolerated')!.message, /sku=ws2025:NoSchedule/);
  });

  it('pins: a pod with no kubernetes.io/os selector that tolerates the Windows taints', () => {
    assert.deepEqual(ids(report.findings, 'linux-anywhere'), ['upgrade/os-selector-missing']);
    assert.equal(
      report.items.some((i) => i.type === 'workload' && i.name === 'linux-anywhere'),
      false,
      'not planned as a Windows workload',
    );
  });

  it('node side: the 2025 pool’s pause 3.10 under Hyper-V, HostProcess mounts across containerd 1.7, a Calico Windows DaemonSet', () => {
    assert.deepEqual(ids(report.findings, 'win25'), ['upgrade/pause-image-no-2025']);
    assert.match(report.findings.find((f) => f.object?.name === 'win25')!.message, /Hyper-V isolated workload.*Deployment [\w-]+\/hyperv/);
    assert.equal(workload('hyperv').isolation, 'hyperv');
    assert.deepEqual(ids(report.findings, 'hyperv'), [], 'a 2019 image runs Hyper-V isolated on a 2025 host');
    assert.deepEqual(pool('win25').pauseImages, ['registry.k8s.io/pause:3.10']);
    assert.equal(pool('win25').verdict, 'blocked');
    assert.deepEqual(ids(report.findings, 'hostprocess-agent'), ['upgrade/hostprocess-volume-mounts', 'upgrade/windows-build-pinned']);
    assert.match(workload('hostprocess-agent').images[0].detail, /HostProcess/, 'a HostProcess image need not match the host build');
    assert.deepEqual(ids(report.findings, 'calico-node-windows'), ['upgrade/cni-no-2025-support']);
  });

  it('drain risk: one replica behind a PodDisruptionBudget that allows no disruption', () => {
    assert.deepEqual(ids(report.findings, 'single'), ['upgrade/pdb-blocks-drain', 'upgrade/single-replica']);
    assert.equal(workload('single').replicas, 1);
    // The nanoserver:ltsc2022 image is sized by the 2022 node's status.images: each pool that runs ready22 pulls it.
    const ready22Pools = workload('ready22').pools.filter((p) => !pool(p).atTarget);
    assert.ok(ready22Pools.length > 0, 'ready22 runs (or can land) on a pool that moves');
    for (const p of ready22Pools) assert.ok(pool(p).pullBytesPerNode >= 123456789, `${p}: sizes from node.status.images`);
  });

  it('the same plan offline, from the same manifests and the saved nodes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'upgrade-e2e-'));
    writeFileSync(join(dir, 'objects.yaml'), OBJECTS.map((o) => stringify(o)).join('---\n'));
    const nodes = await cp.kubectl(['get', 'nodes', '-o', 'yaml']);
    writeFileSync(join(dir, 'nodes.yaml'), nodes.stdout);
    const r = await runCli(['upgrade-plan', '--to', '2025', '-f', join(dir, 'objects.yaml'), '--nodes', join(dir, 'nodes.yaml'), '-n', NS, '-o', 'json']);
    assert.equal(r.code, 1, r.stderr);
    const offline = r.json<Report<UpgradePlanItem>>();
    const key = (f: Finding) => `${f.id} ${f.object?.kind}/${f.object?.name}`;
    assert.deepEqual(offline.findings.map(key).sort(), report.findings.map(key).sort());
  });

  it('doctor: an end-of-support line per Windows pool, counted from --now', async () => {
    const r = await runCli(['doctor', '--analyses', 'nodes', '--now', '2026-12-06', '-o', 'json'], {kubeconfig: cp.kubeconfig});
    const lines = r.json<Report>().findings.filter((f) => f.id === 'nodes/windows-end-of-support');
    // win22 is an AKS pool: its node images retire on 2027-03-15; the 2019 and 2025 pools have nothing within 12 months.
    assert.deepEqual(
      lines.map((f) => f.object?.name),
      ['win22'],
    );
    assert.match(lines[0].message, /AKS node image retirement is 2027-03-15 \(Azure\/AKS#4168\)/);
    const later = await runCli(['doctor', '--analyses', 'nodes', '--now', '2031-01-01', '-o', 'json'], {kubeconfig: cp.kubeconfig});
    const names = later
      .json<Report>()
      .findings.filter((f) => f.id === 'nodes/windows-end-of-support')
      .map((f) => f.object?.name)
      .sort();
    assert.deepEqual(
      names,
      ['node.kubernetes.io/windows-build=10.0.17763', 'node.kubernetes.io/windows-build=10.0.20348', 'win22'],
      '2019 extended support ended 2029; 2022 (the fixture node and the AKS pool) ends 2031-10-14; 2025 has years left',
    );
    const bad = await runCli(['doctor', '--now', 'soon'], {kubeconfig: cp.kubeconfig});
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^error: --now "soon": not a time/);
  });

  it('--to must name a version: exit 2 with one line, before any read', async () => {
    const r = await runCli(['upgrade-plan', '--to', '2030'], {kubeconfig: join(tmpdir(), 'no-such-kubeconfig')});
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^error: --to "2030": not a Windows Server version/);
    const missing = await runCli(['upgrade-plan', '-f', 'examples/upgrade']);
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr, 'error: --to is required: the Windows Server version the pools move to (2019, 2022, 23H2, 2025, BUILD (e.g. 10.0.26100))\n');
  });
});
