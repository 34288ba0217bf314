// Templates are checked against every Windows node they can land on; spec.nodeName pins; live pods
// leave their scheduler findings to their owner's template.
import assert from 'node:assert/strict';
import {lintAnalysis} from '../../../../src/analyses/lint/analysis.js';
import {runAnalysis} from '../../../../src/analyses/types.js';
import type {KubeObject} from '../../../../src/k8s/object.js';
import type {Snapshot, Workload} from '../../../../src/k8s/snapshot.js';
import {toWorkload} from '../../../../src/source/workloads.js';
import {findingsOf, ids, node, pod} from './helpers.js';
import {podWorkload} from '../../../support/pod.js';

const POOL = [
  node('akswin19a', {build: '10.0.17763'}),
  node('akswin22a', {build: '10.0.20348'}),
  node('akswin22b', {build: '10.0.20348'}),
  node('linux1', {os: 'linux'}),
];
const TOLERATE = [{key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule'}];
const LTSC2022 = 'mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022';
const templateSpec = (extra: Record<string, unknown> = {}) => ({
  os: {name: 'windows'},
  nodeSelector: {'kubernetes.io/os': 'windows'},
  tolerations: TOLERATE,
  containers: [{name: 'iis', image: LTSC2022}],
  ...extra,
});

function workload(kind: string, spec: Record<string, unknown>, extra: Record<string, unknown> = {}): Workload {
  const apiVersion = kind === 'Pod' ? 'v1' : 'apps/v1';
  const body = kind === 'Pod' ? spec : {selector: {matchLabels: {app: 'x'}}, template: {metadata: {labels: {app: 'x'}}, spec}, ...extra};
  return toWorkload({apiVersion, kind, metadata: {name: kind.toLowerCase(), namespace: 'ns'}, spec: body} as KubeObject, 'ns')!;
}

/** A live pod as the apiserver serves it: uid, owner, status, and the node the scheduler chose. */
function livePod(name: string, nodeName: string | undefined, owner?: string): Workload {
  const spec = {...templateSpec(), ...(nodeName ? {nodeName} : {})};
  const metadata = {
    uid: `uid-${name}`,
    ...(owner ? {ownerReferences: [{apiVersion: 'apps/v1', kind: 'ReplicaSet', name: owner, uid: 'rs', controller: true}]} : {}),
  };
  return podWorkload({name, namespace: 'ns', metadata, spec, status: {phase: 'Running', qosClass: 'BestEffort'}});
}

function snapshot(ws: Workload[], nodes: KubeObject[]): Snapshot {
  return {
    source: {type: 'manifests', files: ['x.yaml']},
    objects: {nodes},
    skipped: [],
    async *workloads() {
      yield* ws;
    },
  };
}

describe('lint: templates against every node they can land on', () => {
  it('a DaemonSet with an ltsc2022 image over a 2019 + 2022 pool is warned, naming the 2019 node, with the build selector as the fix', async () => {
    const ds = workload('DaemonSet', templateSpec());
    const r = await runAnalysis(lintAnalysis, snapshot([ds], POOL), {}, {mode: 'manifests'});
    const f = r.findings.filter((x) => x.id === 'lint/image-os-version-mismatch');
    assert.equal(f.length, 1);
    assert.equal(f[0].field, 'spec.template.spec.containers[0].image');
    assert.match(
      f[0].message,
      /the DaemonSet runs a pod on each of the 3 Windows nodes it can use, and 1 of them cannot run it under process isolation: akswin19a \(LTSC 2019/,
    );
    assert.doesNotMatch(f[0].message, /akswin22/);
    assert.deepEqual(f[0].remedy?.patch, {
      spec: {template: {spec: {nodeSelector: {'kubernetes.io/os': 'windows', 'node.kubernetes.io/windows-build': '10.0.20348'}}}},
    });
    assert.ok(r.summary.warning > 0, '--fail-on warning exits 1');
    // With the fix applied, nothing is left.
    const fixed = workload('DaemonSet', templateSpec({nodeSelector: {'kubernetes.io/os': 'windows', 'node.kubernetes.io/windows-build': '10.0.20348'}}));
    assert.deepEqual(ids(fixed, POOL), []);
  });

  it('a 400-replica Deployment is warned once, on its template, not per replica', () => {
    const d = workload('Deployment', templateSpec(), {replicas: 400});
    assert.deepEqual(ids(d, POOL), ['lint/image-os-version-mismatch']);
    assert.match(
      findingsOf(d, 'lint/image-os-version-mismatch', POOL)[0].message,
      /the scheduler ignores image builds, so its pods can land on 1 of 3 Windows nodes that cannot run it/,
    );
  });

  it('a DaemonSet that does not tolerate some selected Windows nodes has no pod there', () => {
    const tainted = [...POOL, node('akswin22c', {build: '10.0.20348', taints: [{key: 'dedicated', value: 'gpu', effect: 'NoSchedule'}]})];
    const spec = templateSpec({nodeSelector: {'kubernetes.io/os': 'windows', 'node.kubernetes.io/windows-build': '10.0.20348'}});
    const f = findingsOf(workload('DaemonSet', spec), 'lint/windows-toleration-missing', tainted);
    assert.equal(f.length, 1);
    assert.match(f[0].message, /the DaemonSet runs no pod on 1 of the 3 Windows nodes it selects: akswin22c has dedicated=gpu:NoSchedule/);
    // A Deployment's pods simply go to the tolerated nodes.
    assert.deepEqual(findingsOf(workload('Deployment', spec), 'lint/windows-toleration-missing', tainted), []);
  });
});

describe('lint: spec.nodeName pins, live pods are placed', () => {
  it('a manifest pod pinned to a Windows node gets no node-selector or toleration finding', () => {
    const pinned = pod({os: {name: 'windows'}, nodeName: 'akswin22a', containers: [{name: 'iis', image: LTSC2022}]});
    assert.deepEqual(ids(pinned, POOL), []);
    // Without spec.os, the pin is what makes it a Windows pod: only os-name-missing is left.
    assert.deepEqual(ids(pod({nodeName: 'akswin22a', containers: [{name: 'app', image: 'contoso/app:v1'}]}), POOL), ['lint/os-name-missing']);
  });

  it('a pinned pod is checked against its node only', () => {
    const f = findingsOf(
      pod({os: {name: 'windows'}, nodeName: 'akswin19a', containers: [{name: 'iis', image: LTSC2022}]}),
      'lint/image-os-version-mismatch',
      POOL,
    );
    assert.equal(f.length, 1);
    assert.match(f[0].message, /its node akswin19a \(LTSC 2019 \(10\.0\.17763\)\) cannot run it/);
    const template = workload('Deployment', {os: {name: 'windows'}, nodeName: 'akswin22b', containers: [{name: 'iis', image: LTSC2022}]});
    assert.deepEqual(ids(template, POOL), [], 'a template pinned by nodeName too');
  });

  it('live pods: no scheduler findings (their owner template has them); their own node is still checked', () => {
    const spec = {os: {name: 'windows'}, containers: [{name: 'iis', image: LTSC2022}]};
    const bare = toWorkload(
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {name: 'bare', namespace: 'ns', uid: 'u'},
        spec: {...spec, nodeName: 'akswin22a'},
        status: {phase: 'Running'},
      } as KubeObject,
      'ns',
    )!;
    assert.deepEqual(ids(bare, POOL), [], 'no selector, no toleration: it is already placed');
    assert.deepEqual(ids(livePod('on-2022', 'akswin22b', 'web-abc'), POOL), []);
    assert.deepEqual(ids(livePod('on-2019', 'akswin19a', 'web-abc'), POOL), ['lint/image-os-version-mismatch']);
    assert.deepEqual(ids(livePod('pending', undefined, 'web-abc'), POOL), [], 'not placed yet: the template answers for it');
    const onLinux = toWorkload(
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {name: 'lost', namespace: 'ns', uid: 'u2'},
        spec: {...spec, nodeName: 'linux1'},
        status: {phase: 'Failed'},
      } as KubeObject,
      'ns',
    )!;
    const f = findingsOf(onLinux, 'lint/windows-node-selector-missing', POOL);
    assert.equal(f.length, 1, 'a Windows pod that sits on a Linux node is told so');
    assert.match(f[0].message, /it is already on Linux node linux1$/);
  });
});
