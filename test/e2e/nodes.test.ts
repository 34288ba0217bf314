// `kubectl win nodes` end to end on the fixture kwok nodes: versions, releases, HostProcess support,
// reserves, taints, and pod counts by QoS class checked against the apiserver's own pod list.
import assert from 'node:assert/strict';
import type {ControlPlane} from '../../harness/index.js';
import {runCli} from './cli.js';
import {controlPlaneWith, createPod} from './live.js';
import {windowsSpecOn} from '../support/pod.js';
import type {NodeItem} from '../../src/analyses/nodes/analysis.js';
import type {Report} from '../../src/report/types.js';

const NS = `nodes-e2e-${Date.now() % 100000}`;

describe('kubectl win nodes (live)', function () {
  this.timeout(300_000);
  let cp: ControlPlane;

  before(async function () {
    cp = await controlPlaneWith(this, NS);
    const pods = [
      {name: 'g', node: cp.nodes.win2022, resources: {limits: {cpu: '1', memory: '1Gi'}}},
      {name: 'b', node: cp.nodes.win2022, resources: {requests: {cpu: '100m'}}},
      {name: 'be1', node: cp.nodes.win2022, resources: {}},
      {name: 'be2', node: cp.nodes.win2019, resources: {}},
    ];
    for (const p of pods) {
      await createPod(cp, NS, {
        metadata: {name: p.name},
        spec: windowsSpecOn(p.node, [{name: 'c', image: 'mcr.microsoft.com/windows/nanoserver', resources: p.resources}]),
      });
    }
  });

  it('lists the Windows nodes with build, release, versions and HostProcess support', async () => {
    const r = await runCli(['nodes', '-o', 'json'], {kubeconfig: cp.kubeconfig});
    const report = r.json<Report<NodeItem>>();
    assert.equal(report.kind, 'NodesReport');
    const byName = new Map(report.items.map((i) => [i.name, i]));
    assert.deepEqual([...byName.keys()].sort(), [cp.nodes.win2019, cp.nodes.winOldRuntime, cp.nodes.win2022].sort());
    const w2022 = byName.get(cp.nodes.win2022)!;
    assert.equal(w2022.os, 'windows');
    assert.equal(w2022.build, '10.0.20348.3207');
    assert.equal(w2022.release, 'LTSC 2022');
    assert.equal(w2022.kubeletVersion, 'v1.34.3');
    assert.equal(w2022.containerRuntime, 'containerd://1.7.25');
    assert.equal(w2022.hostProcessCapable, true);
    assert.equal(w2022.ready, true, 'a boolean in JSON');
    assert.deepEqual(w2022.taints, [{key: 'os', value: 'windows', effect: 'NoSchedule'}]);
    assert.deepEqual(w2022.tolerations, [{key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule'}]);
    assert.equal(w2022.reserved.memory, '2Gi');
    assert.equal(byName.get(cp.nodes.win2019)!.release, 'LTSC 2019');
    const old = byName.get(cp.nodes.winOldRuntime)!;
    assert.equal(old.hostProcessCapable, false);
    assert.match(old.hostProcessReason, /kubelet v1\.22\.17 is older than 1\.23; container runtime docker:\/\/20\.10\.9 is not containerd/);
    assert.ok(report.findings.some((f) => f.id === 'nodes/hostprocess-unsupported' && f.object?.name === cp.nodes.winOldRuntime));
    // 2 GiB reserved on the fixtures: exactly the recommendation, so no warning.
    assert.ok(!report.findings.some((f) => f.id === 'nodes/system-reserve-low'), JSON.stringify(report.findings));
    assert.equal(r.code, 0, r.stderr);
  });

  it('counts pods per node by QoS class exactly as the apiserver classified them', async () => {
    const r = await runCli(['nodes', '--all', '-o', 'json'], {kubeconfig: cp.kubeconfig});
    const report = r.json<Report<NodeItem>>();
    assert.ok(report.items.some((i) => i.name === cp.nodes.linux && i.os === 'linux' && i.build === null));
    const list = await cp.api<{items: Array<{spec: {nodeName?: string}; status: {qosClass?: string; phase?: string}}>}>('GET', '/api/v1/pods');
    for (const item of report.items) {
      const expected = {Guaranteed: 0, Burstable: 0, BestEffort: 0, total: 0} as Record<string, number>;
      for (const p of list.body.items) {
        if (p.spec.nodeName !== item.name || p.status.phase === 'Succeeded' || p.status.phase === 'Failed') continue;
        expected[p.status.qosClass!]++;
        expected.total++;
      }
      assert.deepEqual(item.pods, expected, item.name);
    }
    const w2022 = report.items.find((i) => i.name === cp.nodes.win2022)!;
    assert.ok(w2022.pods.Guaranteed >= 1 && w2022.pods.Burstable >= 1 && w2022.pods.BestEffort >= 1, JSON.stringify(w2022.pods));
  });

  it('prints the table and the scheduling snippet as text', async () => {
    const r = await runCli(['nodes', cp.nodes.win2022], {kubeconfig: cp.kubeconfig});
    assert.equal(r.code, 0, r.stderr);
    // Only Windows nodes listed: no OS column (it is there with --all and -o wide).
    assert.match(r.stdout, /^NAME\s+STATUS\s+BUILD\s+RELEASE\s/m);
    assert.match(
      r.stdout,
      new RegExp(`^${cp.nodes.win2022}\\s+Ready\\s+10\\.0\\.20348\\.3207\\s+LTSC 2022\\s+v1\\.34\\.3\\s+containerd://1\\.7\\.25\\s+yes`, 'm'),
    );
    assert.match(r.stdout, /tolerations:\n\s+- key: os\n\s+operator: Equal\n\s+value: windows\n\s+effect: NoSchedule/);
  });

  it('an unknown node name is an input error (exit 2)', async () => {
    const r = await runCli(['nodes', 'no-such-node'], {kubeconfig: cp.kubeconfig});
    assert.equal(r.code, 2);
    assert.match(r.stderr, /nodes "no-such-node" not found/);
  });

  it('a user who may not list nodes gets skipped and exit 4 (incomplete), not a pass', async () => {
    const r = await runCli(['nodes', '-o', 'json'], {kubeconfig: cp.users.limited.kubeconfig});
    const report = r.json<Report<NodeItem>>();
    assert.equal(report.items.length, 0);
    assert.ok(
      report.skipped.some((s) => s.check === 'read/nodes' && /forbidden/.test(s.reason)),
      JSON.stringify(report.skipped),
    );
    assert.ok(!report.findings.some((f) => f.id === 'nodes/no-windows-nodes'));
    assert.equal(r.code, 4);
  });
});
