// What the runners keep for suppressions (issue 22): the ignore annotations of the objects read,
// streamed and small kinds alike, and the controller of each ReplicaSet and Job a Deployment or
// CronJob made; nothing for objects that have neither.
import assert from 'node:assert/strict';
import {ObjectFactsIndex} from '../../../src/analyses/object-facts.js';
import type {Workload} from '../../../src/k8s/snapshot.js';
import type {KubeObject} from '../../../src/k8s/object.js';

function workload(kind: string, name: string, metadata: Record<string, unknown> = {}): Workload {
  const meta = {name, namespace: 'web', ...metadata};
  return {
    kind,
    apiVersion: 'v1',
    namespace: 'web',
    name,
    metadata: meta,
    podMetadata: meta,
    spec: {containers: []},
    specPath: kind === 'Pod' ? 'spec' : 'spec.template.spec',
    template: kind !== 'Pod',
    object: {kind, metadata: meta} as KubeObject,
  };
}
const IGNORE = {'kubectl-win.io/ignore': 'lint/*', 'kubectl-win.io/ignore-reason': 'why not'};
const controlledBy = (kind: string, name: string) => ({ownerReferences: [{apiVersion: 'apps/v1', kind, name, uid: 'u', controller: true}]});

describe('analyses/object-facts', () => {
  it('keeps the annotated objects and the controllers of made ReplicaSets and Jobs, and nothing else', () => {
    const index = new ObjectFactsIndex();
    index.see(workload('Deployment', 'iis', {annotations: IGNORE}));
    index.see(workload('ReplicaSet', 'iis-7d4b9', controlledBy('Deployment', 'iis')));
    index.see(workload('Job', 'backup-28', {...controlledBy('CronJob', 'backup'), annotations: {'kubectl-win.io/ignore': 'qos/windows-besteffort'}}));
    index.see(workload('ReplicaSet', 'mine', controlledBy('Foo', 'bar')));
    index.see(workload('Pod', 'plain', {annotations: {other: 'x'}}));
    const facts = index.withObjects({
      nodes: [{metadata: {name: 'akswin000000', annotations: IGNORE}}, {metadata: {name: 'akswin000001'}}],
      namespaces: [{metadata: {name: 'web', annotations: {'kubectl-win.io/ignore': 'psp/*'}}}],
    });
    assert.deepEqual(
      [...facts.annotations],
      [
        ['Deployment/web/iis', {checks: ['lint/*'], reason: 'why not'}],
        ['Job/web/backup-28', {checks: ['qos/windows-besteffort']}],
        ['Node/akswin000000', {checks: ['lint/*'], reason: 'why not'}],
        ['Namespace/web', {checks: ['psp/*']}],
      ],
    );
    assert.deepEqual(
      [...facts.controllers],
      [
        ['ReplicaSet/web/iis-7d4b9', {kind: 'Deployment', namespace: 'web', name: 'iis'}],
        ['Job/web/backup-28', {kind: 'CronJob', namespace: 'web', name: 'backup'}],
      ],
    );
  });

  it("adds the top owners' annotations read apart (live qos) and the owner lists that could not be read", () => {
    const index = new ObjectFactsIndex();
    const facts = index.withObjects(
      {},
      {
        annotated: [
          {kind: 'Deployment', namespace: 'web', name: 'iis', annotations: IGNORE},
          {kind: 'StatefulSet', namespace: 'web', name: 'db', annotations: {'kubectl-win.io/other': 'x'}},
        ],
        unread: [{resource: 'cronjobs', namespace: 'web', reason: 'forbidden: cannot list cronjobs', ownerKinds: ['CronJob']}],
      },
    );
    assert.deepEqual([...facts.annotations], [['Deployment/web/iis', {checks: ['lint/*'], reason: 'why not'}]]);
    assert.deepEqual(
      facts.unreadOwners?.map((u) => u.resource),
      ['cronjobs'],
    );
    assert.equal(new ObjectFactsIndex().withObjects({}, {annotated: [], unread: []}).unreadOwners, undefined);
  });
});
