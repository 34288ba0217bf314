// A narrowed scope narrows the verdict, on the real control plane: a namespace whose workloads use
// no gMSA gets no credential-spec, CRD or webhook findings from `gmsa check -n` or `doctor -n` (exit
// 0), though the cluster holds broken credential specs and no gMSA webhook; and `doctor -n` lists
// only the Windows nodes that namespace's pods and templates can land on, not every node.
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {controlPlane, type ControlPlane} from '../../harness/index.js';
import {PROJECT_ROOT} from '../../harness/build.js';
import {runCli} from './cli.js';
import type {DoctorItem} from '../../src/analyses/doctor/run.js';
import type {Finding, Report} from '../../src/report/types.js';

const NS = `scope-e2e-${Date.now() % 100000}`;
const BROKEN = [`${NS}-empty`, `${NS}-noaccount`];
const isGmsaClusterFinding = (f: Finding) =>
  f.object?.kind === 'GMSACredentialSpec' || f.object?.kind === 'CustomResourceDefinition' || /^gmsa\/(crd|webhook)-/.test(f.id);

describe('scope narrows the verdict (live)', function () {
  this.timeout(300_000);
  let cp: ControlPlane;

  before(async function () {
    this.timeout(600_000);
    cp = await controlPlane();
    await cp.apply(readFileSync(join(PROJECT_ROOT, 'examples/gmsa/01-crd.yaml'), 'utf8'));
    const wait = await cp.kubectl(['wait', '--for=condition=Established', '--timeout=60s', 'crd/gmsacredentialspecs.windows.k8s.io']);
    assert.equal(wait.code, 0, wait.stderr);
    // Credential specs that gmsa check reports as errors, which nothing in NS references.
    await cp.apply(`apiVersion: windows.k8s.io/v1
kind: GMSACredentialSpec
metadata: {name: ${BROKEN[0]}}
---
apiVersion: windows.k8s.io/v1
kind: GMSACredentialSpec
metadata: {name: ${BROKEN[1]}}
credspec:
  ActiveDirectoryConfig: {GroupManagedServiceAccounts: []}
  CmsPlugins: [ActiveDirectory]
  DomainJoinConfig: {DnsTreeName: contoso.com, DnsName: contoso.com, NetBiosName: CONTOSO, Guid: 244818ae-87ac-4fcd-92ec-e79e5252348a, Sid: S-1-5-21-2126449477-2524075714-3094792973, MachineAccountName: none}
`);
    await cp.createNamespace(NS);
    // A clean Windows pod on the 2022 node and a Deployment steered to the 2022 builds: neither
    // uses gMSA, and neither can land on the 2019 nodes.
    await cp.apply(`apiVersion: v1
kind: Pod
metadata: {name: web-0, namespace: ${NS}}
spec:
  os: {name: windows}
  nodeName: ${cp.nodes.win2022}
  nodeSelector: {kubernetes.io/os: windows}
  tolerations: [{key: os, operator: Equal, value: windows, effect: NoSchedule}]
  containers: [{name: iis, image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022, resources: {requests: {cpu: 500m, memory: 1Gi}, limits: {cpu: 500m, memory: 1Gi}}}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: ${NS}}
spec:
  replicas: 0
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      os: {name: windows}
      nodeSelector: {kubernetes.io/os: windows, node.kubernetes.io/windows-build: 10.0.20348}
      tolerations: [{key: os, operator: Equal, value: windows, effect: NoSchedule}]
      containers: [{name: iis, image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022, resources: {requests: {cpu: 500m, memory: 1Gi}, limits: {cpu: 500m, memory: 1Gi}}}]
`);
  });

  it('gmsa check -A still reports the broken credential specs (the cluster-wide check is unchanged)', async () => {
    const r = await runCli(['gmsa', 'check', '-A', '-o', 'json', '--fail-on', 'none'], {kubeconfig: cp.kubeconfig});
    assert.equal(r.code, 0, r.stderr);
    const named = new Set(
      r
        .json<Report>()
        .findings.filter((f) => f.object?.kind === 'GMSACredentialSpec' && f.severity === 'error')
        .map((f) => f.object!.name),
    );
    for (const cs of BROKEN) assert.ok(named.has(cs), `${cs} in ${[...named].join(', ')}`);
  });

  it('gmsa check -n NS: nothing in scope uses gMSA, so no credential-spec findings and exit 0', async () => {
    const r = await runCli(['gmsa', 'check', '-n', NS, '-o', 'json'], {kubeconfig: cp.kubeconfig});
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const report = r.json<Report>();
    assert.deepEqual(report.items, []);
    assert.deepEqual(report.findings.filter(isGmsaClusterFinding), []);
    const text = await runCli(['gmsa', 'check', '-n', NS], {kubeconfig: cp.kubeconfig});
    assert.equal(text.code, 0, text.stderr);
    assert.doesNotMatch(text.stdout, new RegExp(BROKEN[0]));
  });

  it('doctor -n NS: exit 0, no gMSA findings, and only the node its pods can land on', async () => {
    const r = await runCli(['doctor', '-n', NS, '-o', 'json'], {kubeconfig: cp.kubeconfig});
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const report = r.json<Report<DoctorItem>>();
    assert.deepEqual(report.findings.filter(isGmsaClusterFinding), []);
    const nodes = report.items.find((i) => i.analysis === 'nodes')!;
    assert.equal(nodes.status, 'ran');
    assert.equal(nodes.items, 1, 'win2022 only');
    const onNodes = new Set(report.findings.filter((f) => f.object?.kind === 'Node').map((f) => f.object!.name));
    for (const n of onNodes) assert.equal(n, cp.nodes.win2022);
    assert.ok(!onNodes.has(cp.nodes.winOldRuntime), "the old-runtime 2019 node is none of this namespace's business");
    // Across the cluster, every Windows node is still reported.
    const all = await runCli(['doctor', '-A', '--analyses', 'nodes', '-o', 'json', '--fail-on', 'none'], {kubeconfig: cp.kubeconfig});
    assert.equal(all.code, 0, all.stderr);
    const allReport = all.json<Report<DoctorItem>>();
    assert.equal(allReport.items[0].items, 3);
    assert.ok(allReport.findings.some((f) => f.object?.name === cp.nodes.winOldRuntime));
  });
});
