// qos asks the one definition of a Windows pod (src/k8s/windows-pod.ts): a DaemonSet pinned by
// required node affinity and a HostProcess pod show node OS windows and get the Windows findings,
// and the BestEffort text says what the Windows kubelet really does (it evicts).
import assert from 'node:assert/strict';
import {evaluate, type EvaluateContext} from '../../../../src/analyses/qos/analysis.js';
import {classNote, WINDOWS_NOTES} from '../../../../src/analyses/qos/windows.js';
import type {KubeObject} from '../../../../src/k8s/object.js';
import {toWorkload} from '../../../../src/source/workloads.js';

const ctx = (over: Partial<EvaluateContext> = {}): EvaluateContext => ({minor: 34, serverMinor: 34, nodes: new Map(), limitRanges: new Map(), ...over});
const affinity = {
  nodeAffinity: {
    requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchExpressions: [{key: 'kubernetes.io/os', operator: 'In', values: ['windows']}]}]},
  },
};

describe('qos: the node OS from the one definition of a Windows pod', () => {
  it('a DaemonSet pinned by required node affinity on kubernetes.io/os is Windows, with the BestEffort warning', () => {
    const ds: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: {name: 'csi-node-win', namespace: 'kube-system'},
      spec: {template: {spec: {affinity, containers: [{name: 'driver', image: 'registry.k8s.io/sig-storage/smbplugin:v1.15.0'}]}}},
    };
    const r = evaluate(toWorkload(ds, 'kube-system')!, ctx());
    assert.equal(r.item?.nodeOs, 'windows');
    assert.equal(r.item?.windows, true);
    assert.deepEqual(
      r.findings.map((f) => f.id),
      ['qos/windows-besteffort'],
    );
  });

  it('a HostProcess pod is Windows; a pod with nothing Windows about it stays unknown', () => {
    const hp: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {name: 'hp', namespace: 'ns'},
      spec: {hostNetwork: true, securityContext: {windowsOptions: {hostProcess: true}}, containers: [{name: 'c', image: 'contoso/tool:1'}]},
    };
    const r = evaluate(toWorkload(hp, 'ns')!, ctx());
    assert.equal(r.item?.nodeOs, 'windows');
    assert.ok(r.findings.some((f) => f.id === 'qos/windows-besteffort'));
    const plain = evaluate(toWorkload({...hp, spec: {containers: [{name: 'c', image: 'nginx'}]}}, 'ns')!, ctx());
    assert.equal(plain.item?.nodeOs, null);
    assert.equal(plain.item?.windows, false);
  });

  it('a RuntimeClass that schedules onto Windows, when the RuntimeClasses were read', () => {
    const rc = {
      apiVersion: 'node.k8s.io/v1',
      kind: 'RuntimeClass',
      metadata: {name: 'win'},
      handler: 'runhcs-wcow-process',
      scheduling: {nodeSelector: {'kubernetes.io/os': 'windows'}},
    };
    const p: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {name: 'p', namespace: 'ns'},
      spec: {runtimeClassName: 'win', containers: [{name: 'c', image: 'contoso/app:1'}]},
    };
    assert.equal(evaluate(toWorkload(p, 'ns')!, ctx({cluster: {runtimeClasses: [rc]}})).item?.nodeOs, 'windows');
    assert.equal(evaluate(toWorkload(p, 'ns')!, ctx()).item?.nodeOs, null);
  });

  it('BestEffort texts: the Windows kubelet evicts (memory.available, 500Mi hard threshold), BestEffort first', () => {
    const p: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {name: 'p', namespace: 'ns'},
      spec: {os: {name: 'windows'}, containers: [{name: 'c', image: 'x'}]},
    };
    const f = evaluate(toWorkload(p, 'ns')!, ctx()).findings.find((x) => x.id === 'qos/windows-besteffort')!;
    assert.doesNotMatch(f.message, /does not evict/);
    assert.match(f.message, /the kubelet evicts BestEffort pods first, but only once memory\.available is below its hard threshold, 500Mi by default/);
    assert.match(classNote('BestEffort'), /evicted first when memory\.available falls below/);
    assert.doesNotMatch(Object.values(WINDOWS_NOTES).join(' '), /does not take OOM eviction actions|nothing evicts/);
  });
});
