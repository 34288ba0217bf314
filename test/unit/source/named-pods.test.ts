// gmsa nltest's reads: the pods its arguments name and the credential specs it needs.
import assert from 'node:assert/strict';
import {readCredentialSpecs, readNamedPods, selectorString} from '../../../src/source/named-pods.js';
import type {ObjectReader} from '../../../src/source/cluster-source.js';
import type {KubeObject} from '../../../src/k8s/object.js';

const pod = (name: string, phase = 'Running'): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {name, namespace: 'web'},
  spec: {containers: [{name: 'iis'}]},
  status: {phase},
});
const notFound = () => Object.assign(new Error('not found'), {status: 404});

describe('source/named-pods', () => {
  it('selectors to query strings', () => {
    assert.equal(
      selectorString({
        matchLabels: {app: 'iis'},
        matchExpressions: [
          {key: 'tier', operator: 'In', values: ['a', 'b']},
          {key: 'x', operator: 'DoesNotExist'},
        ],
      }),
      'app=iis,tier in (a,b),!x',
    );
  });

  it('resolves a workload to its Running pods through its selector; one unless --all-replicas', async () => {
    const queries: unknown[] = [];
    const reader: ObjectReader = {
      async request<T>(path: string) {
        if (path === '/apis/apps/v1/namespaces/web/deployments/iis')
          return {status: 200, body: {kind: 'Deployment', spec: {selector: {matchLabels: {app: 'iis'}}}} as T};
        if (path === '/api/v1/namespaces/web/pods/iis-0') return {status: 200, body: pod('iis-0') as T};
        throw notFound();
      },
      async listAll(path: string, query?: Record<string, string | undefined>) {
        queries.push([path, query]);
        return [pod('iis-b'), pod('iis-a'), pod('iis-c', 'Pending')];
      },
    };
    const one = await readNamedPods(reader, ['deployment/iis', 'iis-0'], 'web', {allReplicas: false});
    assert.deepEqual(
      one.map((p) => p.metadata?.name),
      ['iis-a', 'iis-0'],
    );
    assert.deepEqual(queries[0], ['/api/v1/namespaces/web/pods', {labelSelector: 'app=iis'}]);
    const all = await readNamedPods(reader, ['deployment/iis'], 'web', {allReplicas: true});
    assert.deepEqual(
      all.map((p) => p.metadata?.name),
      ['iis-a', 'iis-b'],
    );
    await assert.rejects(readNamedPods(reader, ['missing'], 'web', {allReplicas: false}), /pods "missing" not found in namespace "web"/);
    await assert.rejects(readNamedPods(reader, ['a/b/c'], 'web', {allReplicas: false}), /must have a single resource and name/);
  });

  it('reads each credential spec asked for; one that cannot be read is left out', async () => {
    const reader: ObjectReader = {
      async request<T>(path: string) {
        if (path === '/apis/windows.k8s.io/v1/gmsacredentialspecs/webapp1')
          return {status: 200, body: {kind: 'GMSACredentialSpec', metadata: {name: 'webapp1'}} as T};
        throw notFound();
      },
      async listAll() {
        return [];
      },
    };
    const read = await readCredentialSpecs(reader, ['webapp1', 'gone']);
    assert.deepEqual([...read.keys()], ['webapp1']);
    assert.equal(read.get('webapp1')?.kind, 'GMSACredentialSpec');
  });
});
