// Windows intent as Kubernetes knows it, on the real control plane (issue 19): the apiserver's own
// warning for the beta OS label, a RuntimeClass that schedules onto Windows read live (and from -f),
// the reverse case (a Linux DaemonSet that tolerates every taint lands on the Windows nodes), qos
// showing the OS of a DaemonSet pinned by required node affinity, and the windows-gmsa webhook's
// contents comparison on a pod the apiserver stored (the webhook itself is not served here).
import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {stringify} from 'yaml';
import {controlPlane, type ControlPlane} from '../../harness/index.js';
import {PROJECT_ROOT} from '../../harness/build.js';
import {nodeObjects} from '../../harness/fixtures.js';
import {runCli} from './cli.js';
import {CREDSPEC} from '../support/fixtures.js';
import type {Finding} from '../../src/report/types.js';

const NS = `win-intent-${process.pid}`;
const RC = `win-rc-${process.pid}`;
const CS = `intent-${process.pid}`;

const winImage = 'mcr.microsoft.com/windows/nanoserver:ltsc2022';
const deployment = (name: string, spec: Record<string, unknown>) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {name, namespace: NS},
  spec: {replicas: 0, selector: {matchLabels: {app: name}}, template: {metadata: {labels: {app: name}}, spec}},
});
const daemonSet = (name: string, spec: Record<string, unknown>) => ({
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: {name, namespace: NS},
  spec: {selector: {matchLabels: {app: name}}, template: {metadata: {labels: {app: name}}, spec}},
});

function world(): Record<string, unknown>[] {
  const affinity = {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [{matchExpressions: [{key: 'kubernetes.io/os', operator: 'In', values: ['windows']}]}],
      },
    },
  };
  const windowsTolerations = [{key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule'}];
  return [
    {
      apiVersion: 'node.k8s.io/v1',
      kind: 'RuntimeClass',
      metadata: {name: RC},
      handler: 'runhcs-wcow-process',
      scheduling: {nodeSelector: {'kubernetes.io/os': 'windows'}, tolerations: windowsTolerations},
    },
    // No OS selector of its own: its RuntimeClass schedules it onto Windows.
    deployment('rc-app', {runtimeClassName: RC, containers: [{name: 'app', image: 'contoso/app:1.0'}]}),
    // The reverse case: a Linux agent that tolerates every taint (kubernetes/kubernetes#94366).
    daemonSet('linux-agent', {
      tolerations: [{operator: 'Exists'}],
      containers: [{name: 'agent', image: 'quay.io/cilium/cilium:v1.16.0', resources: {requests: {cpu: '10m', memory: '16Mi'}, limits: {memory: '64Mi'}}}],
    }),
    // Pinned to Windows by required node affinity only, BestEffort.
    daemonSet('csi-node-win', {
      affinity,
      tolerations: windowsTolerations,
      containers: [{name: 'driver', image: 'registry.k8s.io/sig-storage/smbplugin:v1.15.0'}],
    }),
    // A label only Windows nodes carry (the kubelet sets windows-build on Windows nodes only): with the nodes known, Windows.
    deployment('build-only', {
      nodeSelector: {'node.kubernetes.io/windows-build': '10.0.20348'},
      tolerations: windowsTolerations,
      containers: [{name: 'app', image: 'contoso/app:1.0'}],
    }),
    // The beta OS label still keeps a pod on Windows: the kubelet sets it on every node.
    deployment('beta-label', {
      nodeSelector: {'beta.kubernetes.io/os': 'windows'},
      tolerations: windowsTolerations,
      containers: [{name: 'iis', image: winImage}],
    }),
  ];
}

function gmsaWorld(): Record<string, unknown>[] {
  const wrong = JSON.stringify({...CREDSPEC, DomainJoinConfig: {...CREDSPEC.DomainJoinConfig, MachineAccountName: 'Other'}});
  return [
    {apiVersion: 'windows.k8s.io/v1', kind: 'GMSACredentialSpec', metadata: {name: CS}, credspec: CREDSPEC},
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {name: 'inline-mismatch', namespace: NS},
      spec: {
        os: {name: 'windows'},
        nodeSelector: {'kubernetes.io/os': 'windows'},
        containers: [{name: 'iis', image: winImage, securityContext: {windowsOptions: {gmsaCredentialSpecName: CS, gmsaCredentialSpec: wrong}}}],
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {name: 'inline-same', namespace: NS},
      spec: {
        os: {name: 'windows'},
        nodeSelector: {'kubernetes.io/os': 'windows'},
        containers: [
          {
            name: 'iis',
            image: winImage,
            securityContext: {windowsOptions: {gmsaCredentialSpecName: CS, gmsaCredentialSpec: JSON.stringify(CREDSPEC, null, 2)}},
          },
        ],
      },
    },
  ];
}

const byId = (findings: Finding[], id: string) => findings.filter((f) => f.id === id);

describe('Windows intent (live and offline, e2e)', function () {
  this.timeout(300_000);
  let cp: ControlPlane;
  let work: string;
  let nodesFile: string;
  let manifests: string;

  before(async function () {
    this.timeout(600_000);
    cp = await controlPlane();
    work = mkdtempSync(join(tmpdir(), 'win-intent-'));
    nodesFile = join(work, 'nodes.yaml');
    writeFileSync(nodesFile, stringify({apiVersion: 'v1', kind: 'List', items: nodeObjects()}));
    manifests = join(work, 'world.yaml');
    writeFileSync(
      manifests,
      world()
        .map((o) => stringify(o))
        .join('---\n'),
    );
    await cp.createNamespace(NS);
    await cp.apply(readFileSync(manifests, 'utf8'));
  });

  after(async () => {
    await cp?.kubectl(['delete', 'runtimeclass', RC, '--ignore-not-found']);
    await cp?.kubectl(['delete', 'namespace', NS, '--wait=false', '--ignore-not-found']);
  });

  it('lint quotes the apiserver warning for beta.kubernetes.io/os word for word', async () => {
    const obj = deployment('beta-dry', {nodeSelector: {'beta.kubernetes.io/os': 'windows'}, containers: [{name: 'iis', image: winImage}]});
    const r = await cp.api('POST', `/apis/apps/v1/namespaces/${NS}/deployments`, obj, {query: {dryRun: 'All'}});
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const header = String(r.headers.warning ?? '');
    const file = join(work, 'beta.yaml');
    writeFileSync(file, stringify(obj));
    const lint = (await runCli(['lint', '-f', file, '-o', 'json'])).json<{findings: Finding[]}>();
    const ours = byId(lint.findings, 'lint/os-label-deprecated');
    assert.equal(ours.length, 1);
    // The Warning header is `299 - "<text>"` with the text's quotes escaped.
    assert.ok(header.includes(JSON.stringify(ours[0].message).slice(1, -1)), `apiserver: ${header}\nours: ${ours[0].message}`);
  });

  it('live: the RuntimeClass makes rc-app a Windows workload; the Linux DaemonSet is told it lands on the Windows nodes', async () => {
    const res = await runCli(['lint', '-n', NS, '-o', 'json'], {kubeconfig: cp.kubeconfig});
    const report = res.json<{items: Array<{kind: string; name: string; os: string}>; findings: Finding[]; skipped: unknown[]}>();
    const item = (kind: string, name: string) => report.items.find((i) => i.kind === kind && i.name === name);
    assert.equal(item('Deployment', 'rc-app')?.os, 'windows');
    assert.equal(item('Deployment', 'beta-label')?.os, 'windows');
    assert.equal(item('Deployment', 'build-only')?.os, 'windows');
    assert.match(
      byId(report.findings, 'lint/os-name-missing').find((f) => f.object?.name === 'build-only')!.message,
      /its node selection matches only Windows nodes/,
    );
    assert.equal(item('DaemonSet', 'linux-agent')?.os, 'unknown');
    const osMissing = byId(report.findings, 'lint/os-name-missing').filter((f) => f.object?.name === 'rc-app');
    assert.equal(osMissing.length, 1);
    assert.match(osMissing[0].message, new RegExp(`its RuntimeClass ${RC} schedules it onto Windows nodes`));
    assert.deepEqual(
      byId(report.findings, 'lint/windows-node-selector-missing').filter((f) => ['rc-app', 'beta-label', 'build-only'].includes(f.object?.name ?? '')),
      [],
    );
    const reverse = byId(report.findings, 'lint/linux-workload-on-windows-nodes').filter((f) => f.object?.kind === 'DaemonSet');
    assert.deepEqual(
      reverse.map((f) => f.object?.name),
      ['linux-agent'],
    );
    for (const n of [cp.nodes.win2019, cp.nodes.win2022, cp.nodes.winOldRuntime]) assert.ok(reverse[0].message.includes(n), `${n} in ${reverse[0].message}`);
    assert.ok(!reverse[0].message.includes(cp.nodes.linux));
  });

  it('offline (-f with the RuntimeClass, --nodes) gives the same verdicts as live', async () => {
    const off = (await runCli(['lint', '-f', manifests, '--nodes', nodesFile, '-o', 'json'])).json<{
      items: Array<{kind: string; name: string; os: string}>;
      findings: Finding[];
    }>();
    const live = (await runCli(['lint', '-n', NS, '-o', 'json'], {kubeconfig: cp.kubeconfig})).json<{
      items: Array<{kind: string; name: string; os: string}>;
      findings: Finding[];
    }>();
    const templates = (items: Array<{kind: string; name: string; os: string}>) =>
      items
        .filter((i) => i.kind !== 'Pod' && i.kind !== 'ReplicaSet')
        .map((i) => `${i.kind}/${i.name}=${i.os}`)
        .sort();
    assert.deepEqual(templates(off.items), templates(live.items));
    const key = (f: Finding) => `${f.id} ${f.object?.kind}/${f.object?.name} ${f.field} ${f.message}`;
    const ids = ['lint/linux-workload-on-windows-nodes', 'lint/os-name-missing', 'lint/os-label-deprecated'];
    const pick = (fs: Finding[]) =>
      fs
        .filter((f) => ids.includes(f.id) && f.object?.kind !== 'Pod' && f.object?.kind !== 'ReplicaSet')
        .map(key)
        .sort();
    assert.deepEqual(pick(off.findings), pick(live.findings));
    assert.ok(pick(off.findings).length >= 4);
  });

  it('qos shows node OS windows for a DaemonSet pinned by required node affinity, with the BestEffort warning', async () => {
    const res = await runCli(['qos', '-n', NS, 'daemonset/csi-node-win', '-o', 'json'], {kubeconfig: cp.kubeconfig});
    const report = res.json<{items: Array<{kind: string; name: string; nodeOs: string | null; windows: boolean}>; findings: Finding[]}>();
    const ds = report.items.find((i) => i.kind === 'DaemonSet')!;
    assert.equal(ds.nodeOs, 'windows');
    assert.equal(ds.windows, true);
    const be = byId(report.findings, 'qos/windows-besteffort');
    assert.equal(be.length, 1);
    assert.match(be[0].message, /the kubelet evicts BestEffort pods first/);
  });

  it('qos and psp readiness call the RuntimeClass workload Windows too (one definition, RuntimeClasses read live)', async () => {
    const qos = (await runCli(['qos', '-n', NS, 'deployment/rc-app', '-o', 'json'], {kubeconfig: cp.kubeconfig})).json<{
      items: Array<{kind: string; nodeOs: string | null; windows: boolean}>;
    }>();
    assert.deepEqual(
      qos.items.filter((i) => i.kind === 'Deployment').map((i) => [i.nodeOs, i.windows]),
      [['windows', true]],
    );
    const psp = (await runCli(['psp', 'readiness', '-n', NS, '-o', 'json'], {kubeconfig: cp.kubeconfig})).json<{
      items: Array<{pods: Array<{kind: string; name: string; windows: string | null}>}>;
    }>();
    const pods = psp.items.flatMap((i) => i.pods);
    assert.match(pods.find((p) => p.kind === 'Deployment' && p.name === 'rc-app')?.windows ?? '', new RegExp(`RuntimeClass ${RC}`));
    assert.equal(pods.find((p) => p.kind === 'DaemonSet' && p.name === 'linux-agent')?.windows, null);
  });

  it('gmsa check: the inline contents the webhook would reject, live and offline, word for word', async () => {
    const crd = readFileSync(join(PROJECT_ROOT, 'examples/gmsa/01-crd.yaml'), 'utf8');
    await cp.apply(crd);
    const wait = await cp.kubectl(['wait', '--for=condition=Established', '--timeout=60s', 'crd/gmsacredentialspecs.windows.k8s.io']);
    assert.equal(wait.code, 0, wait.stderr);
    const objects = gmsaWorld();
    const text = objects.map((o) => stringify(o)).join('---\n');
    await cp.apply(text);
    try {
      const expected = [
        `spec.containers[0].securityContext.windowsOptions.gmsaCredentialSpec: the GMSA cred spec contents for container "iis" does not match the contents of GMSA resource "${CS}"`,
      ];
      const live = (await runCli(['gmsa', 'check', '-n', NS, '-o', 'json'], {kubeconfig: cp.kubeconfig})).json<{findings: Finding[]}>();
      const got = (r: {findings: Finding[]}) => byId(r.findings, 'gmsa/credspec-contents-mismatch').map((f) => `${f.field}: ${f.message}`);
      assert.deepEqual(got(live), expected);
      assert.deepEqual(
        byId(live.findings, 'gmsa/credspec-contents-mismatch').map((f) => f.object?.name),
        ['inline-mismatch'],
      );
      const file = join(work, 'gmsa.yaml');
      writeFileSync(file, text);
      const off = (await runCli(['gmsa', 'check', '-f', file, '-o', 'json'])).json<{findings: Finding[]}>();
      assert.deepEqual(got(off), expected);
    } finally {
      await cp.kubectl(['delete', 'gmsacredentialspec', CS, '--ignore-not-found']);
    }
  });
});
