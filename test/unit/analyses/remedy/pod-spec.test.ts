import assert from 'node:assert/strict';
import {parse} from 'yaml';
import {correctedManifest, podSpecRemedy} from '../../../../src/analyses/remedy/pod-spec.js';
import {topOwnerOf} from '../../../../src/k8s/owners.js';
import {strategicMerge} from '../../../../src/k8s/strategic-merge.js';
import {actionCommand, remedyActionLines, remedyProblems} from '../../../../src/report/remedy.js';
import type {KubeObject} from '../../../../src/k8s/object.js';
import {toWorkload} from '../../../../src/source/workloads.js';
import {podObject} from '../../../support/pod.js';

const spec = {
  containers: [
    {name: 'app', image: 'mcr.microsoft.com/windows/nanoserver:ltsc2022', resources: {requests: {cpu: '1'}}},
    {name: 'side', image: 'x'},
  ],
};
const pod = (metadata: Record<string, unknown>): KubeObject =>
  podObject({
    namespace: 'web',
    metadata: {uid: 'u1', resourceVersion: '7', creationTimestamp: new Date('2026-01-01T00:00:00Z'), managedFields: [{}], ...metadata},
    spec: {...spec, nodeName: 'linux-1'},
    status: {phase: 'Running'},
  });
const ownedBy = (kind: string, name: string) => ({
  ownerReferences: [{apiVersion: kind === 'Job' ? 'batch/v1' : 'apps/v1', kind, name, uid: 'o', controller: true}],
});
const OS = {os: {name: 'windows'}};

describe('remedies: a pod-spec change aimed where the apiserver accepts it', () => {
  it('a template is patched in place at its template path', () => {
    const w = toWorkload(
      {apiVersion: 'apps/v1', kind: 'CronJob', metadata: {name: 'c', namespace: 'web'}, spec: {jobTemplate: {spec: {template: {spec}}}}},
      'default',
    )!;
    const r = podSpecRemedy(w, 'Set spec.os.name: windows', OS);
    assert.deepEqual(r.target, {kind: 'CronJob', apiVersion: 'apps/v1', namespace: 'web', name: 'c'});
    assert.deepEqual(r.patch, {spec: {jobTemplate: {spec: {template: {spec: OS}}}}});
    assert.deepEqual(remedyProblems(r), []);
  });

  it("a Deployment's pod: the Deployment, through the source's owner index or the pod-template-hash", () => {
    const meta = {...ownedBy('ReplicaSet', 'api-5d8f'), labels: {'pod-template-hash': '5d8f'}};
    const w = toWorkload(pod(meta), 'default')!;
    const r = podSpecRemedy(w, 'Set spec.os.name: windows', OS);
    assert.deepEqual(r.target, {kind: 'Deployment', apiVersion: 'apps/v1', namespace: 'web', name: 'api'});
    assert.deepEqual(r.patch, {spec: {template: {spec: OS}}});
    assert.match(r.text, /Deployment api, which owns this pod/);
    const index = {
      replicaSets: new Map([['web/api-5d8f', {apiVersion: 'apps/v1', kind: 'Deployment', name: 'renamed', uid: 'd', controller: true}]]),
      jobs: new Map(),
    };
    assert.equal(topOwnerOf('web', meta, meta.labels, index)?.name, 'renamed', 'the index wins over the name');
  });

  it("a CronJob's pod: the CronJob at spec.jobTemplate.spec.template.spec; a bare Job's pod: text only", () => {
    const meta = ownedBy('Job', 'nightly-29000000');
    const index = {
      replicaSets: new Map(),
      jobs: new Map([['web/nightly-29000000', {apiVersion: 'batch/v1', kind: 'CronJob', name: 'nightly', uid: 'c', controller: true}]]),
    };
    const w = toWorkload(pod(meta), 'default')!;
    w.topOwner = topOwnerOf('web', meta, undefined, index) ?? null;
    const r = podSpecRemedy(w, 'Set spec.os.name: windows', OS);
    assert.deepEqual(r.patch, {spec: {jobTemplate: {spec: {template: {spec: OS}}}}});
    assert.equal(r.target?.name, 'nightly');
    w.topOwner = topOwnerOf('web', meta, undefined, {replicaSets: new Map(), jobs: new Map()}) ?? null;
    const job = podSpecRemedy(w, 'Set spec.os.name: windows', OS);
    assert.equal(job.patch, undefined);
    assert.equal(job.manifest, undefined);
    assert.match(job.text, /a Job's template cannot change/);
  });

  it('a bare pod: the corrected Pod for kubectl replace --force, without server fields or its node', () => {
    const w = toWorkload(pod({}), 'default')!;
    w.topOwner = null;
    const r = podSpecRemedy(w, 'Add nodeSelector kubernetes.io/os: windows', {nodeSelector: {'kubernetes.io/os': 'windows'}});
    assert.equal(r.apply, 'replace');
    assert.equal(actionCommand(r), 'kubectl replace --force -f -');
    assert.match(r.text, /deleted and created again/);
    const fixed = parse(r.manifest!) as KubeObject;
    assert.deepEqual(fixed.metadata, {name: 'p', namespace: 'web'});
    assert.equal(fixed.status, undefined);
    assert.equal(fixed.spec.nodeName, undefined);
    assert.deepEqual(fixed.spec.nodeSelector, {'kubernetes.io/os': 'windows'});
    assert.deepEqual(remedyProblems(r), []);
    // Printed as a here-document whose body is the manifest byte for byte.
    const lines = remedyActionLines(r)!.lines;
    assert.equal(lines[0], "kubectl replace --force -f - <<'EOF'");
    assert.equal(lines.at(-1), 'EOF');
    assert.equal(`${lines.slice(1, -1).join('\n')}\n`, r.manifest);
  });

  it("a Job's own template is immutable: the corrected Job, without its generated selector", () => {
    const w = toWorkload(
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: {name: 'j', namespace: 'web', uid: 'x'},
        spec: {
          selector: {matchLabels: {'batch.kubernetes.io/controller-uid': 'x'}},
          template: {metadata: {labels: {'batch.kubernetes.io/controller-uid': 'x', app: 'a'}}, spec},
        },
      },
      'default',
    )!;
    const fixed = parse(correctedManifest(w, OS)) as KubeObject;
    assert.equal(fixed.spec.selector, undefined);
    assert.deepEqual(fixed.spec.template.metadata.labels, {app: 'a'});
    assert.deepEqual(fixed.spec.template.spec.os, {name: 'windows'});
  });
});

describe('strategic merge (apimachinery strategicpatch)', () => {
  it('merges containers by name, replaces lists without a merge key, deletes on null', () => {
    const out = strategicMerge(spec, {
      containers: [
        {name: 'app', resources: {limits: {memory: '1Gi'}}},
        {name: 'new', image: 'y'},
      ],
      tolerations: [{key: 'a'}],
      os: null,
    }) as typeof spec & {tolerations: unknown};
    assert.deepEqual(
      out.containers.map((c) => c.name),
      ['app', 'side', 'new'],
    );
    assert.deepEqual(out.containers[0].resources, {requests: {cpu: '1'}, limits: {memory: '1Gi'}});
    assert.deepEqual(strategicMerge({tolerations: [{key: 'x'}]}, {tolerations: [{key: 'a'}]}), {tolerations: [{key: 'a'}]});
    assert.deepEqual(strategicMerge({os: {name: 'linux'}, a: 1}, {os: null}), {a: 1});
  });

  it("keeps the base's key order, appends new keys, ignores a null for an absent key and changes neither input", () => {
    const base = {b: 1, os: {name: 'linux'}, a: {x: 1}, z: 2};
    const patch = {a: {y: 2}, c: 3, os: null, gone: null};
    const before = JSON.stringify([base, patch]);
    const out = strategicMerge(base, patch) as Record<string, unknown>;
    assert.deepEqual(Object.keys(out), ['b', 'a', 'z', 'c']);
    assert.deepEqual(out, {b: 1, a: {x: 1, y: 2}, z: 2, c: 3});
    assert.equal(JSON.stringify([base, patch]), before);
    // A key the prototype has is still a new key of the object.
    assert.deepEqual(strategicMerge({}, {toString: {a: 1}}), {toString: {a: 1}});
  });
});

describe('the remedy contract', () => {
  it('flags two actions, a patch without a target, and commands with parts to fill in', () => {
    assert.deepEqual(remedyProblems({text: 't', patch: {}, command: 'x'}), ['more than one machine action', 'a patch or manifest without a target']);
    assert.deepEqual(remedyProblems({text: 't', command: 'kubelet ... --system-reserved=memory=2Gi'}), ['a command with a part to fill in']);
    assert.deepEqual(remedyProblems({text: 't', command: 'kubectl describe node n1'}), []);
  });
});
