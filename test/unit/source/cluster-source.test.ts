// ClusterSource against a scripted local API: one list per kind, template lists overlapping the pod
// stream, forbidden kinds as `skipped`.
import assert from 'node:assert/strict';
import {globalAgent} from 'node:http';
import {toOptions} from '../../../src/cli/flags.js';
import {ClusterSource} from '../../../src/source/cluster-source.js';
import type {Workload} from '../../../src/k8s/snapshot.js';
import {listBody, localApi} from '../../support/local-api.js';

describe('source/cluster-source', () => {
  let requests: string[];
  let releasePods: () => void;

  const api = localApi('kw-cluster-source', (req, res) => {
    const url = new URL(req.url ?? '', 'http://x');
    requests.push(url.pathname + (url.searchParams.get('continue') ? `?continue=${url.searchParams.get('continue')}` : ''));
    const send = (status: number, body: unknown) => {
      res.writeHead(status, {'Content-Type': 'application/json'});
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/version') return send(200, {gitVersion: 'v1.34.3', major: '1', minor: '34'});
    if (url.pathname === '/api/v1/pods') {
      // The second page waits until the test releases it: the other lists must not wait for it.
      if (!url.searchParams.get('continue')) return send(200, listBody('PodList', [{metadata: {name: 'p1', namespace: 'a', uid: '1'}, spec: {}}], 'next'));
      releasePods = () => send(200, listBody('PodList', [{metadata: {name: 'p2', namespace: 'a', uid: '2'}, spec: {}}]));
      return;
    }
    if (url.pathname === '/apis/apps/v1/deployments')
      return send(200, listBody('DeploymentList', [{metadata: {name: 'd1', namespace: 'a', uid: 'd'}, spec: {template: {spec: {}}}}]));
    if (url.pathname === '/apis/batch/v1/cronjobs')
      return send(403, {kind: 'Status', message: 'cronjobs.batch is forbidden: User "u" cannot list resource "cronjobs"', reason: 'Forbidden'});
    if (url.pathname === '/api/v1/nodes') return send(200, listBody('NodeList', [{metadata: {name: 'w1', uid: 'n'}}]));
    send(200, listBody('List', []));
  });
  beforeEach(() => {
    requests = [];
  });

  it('lists each kind once, starts every template list while the pods stream, and turns forbidden kinds into skipped', async () => {
    const source = await ClusterSource.connect(toOptions({kubeconfig: api.kubeconfig(), 'all-namespaces': true}, false));
    const snapshot = await source.snapshot({kinds: ['nodes'], pods: true, workloads: true});
    assert.equal(snapshot.objects.nodes?.length, 1);
    const seen: Workload[] = [];
    const it = snapshot.workloads()[Symbol.asyncIterator]();
    seen.push((await it.next()).value as Workload);
    // The pods' second page is still held back; every template list has already been asked for.
    await new Promise((r) => setTimeout(r, 100));
    for (const p of ['/apis/apps/v1/deployments', '/apis/batch/v1/cronjobs', '/apis/apps/v1/statefulsets'])
      assert.ok(requests.includes(p), `${p} requested early: ${requests.join(' ')}`);
    releasePods();
    for (let r = await it.next(); !r.done; r = await it.next()) seen.push(r.value);
    assert.deepEqual(
      seen.map((w) => `${w.kind}/${w.name}`),
      ['Pod/p1', 'Pod/p2', 'Deployment/d1'],
    );
    // ReplicaSets and Jobs are read once more, for the owner chain of pod remedies (docs/remedies.md):
    // before the first pod is handed on, while their templates stream after the pods.
    const lists = requests.filter((p) => !p.includes('?') && p !== '/version');
    const ownerReads = ['/apis/apps/v1/replicasets', '/apis/batch/v1/jobs'];
    for (const p of ownerReads) assert.equal(lists.filter((l) => l === p).length, 2, `${p}: the owner index and the template stream`);
    const rest = lists.filter((l) => !ownerReads.includes(l));
    assert.equal(new Set(rest).size, rest.length, `one list per kind: ${lists.join(' ')}`);
    assert.deepEqual(
      snapshot.skipped.map((s) => s.check),
      ['read/cronjobs'],
    );
    assert.match(snapshot.skipped[0].reason, /^forbidden: cannot list cronjobs/);
  });
});

describe('source/cluster-source request order', () => {
  let arrived: string[];
  const api = localApi('kw-cluster-source-order', (req, res) => {
    const url = new URL(req.url ?? '', 'http://x');
    const metadataOnly = (req.headers.accept ?? '').includes('PartialObjectMetadataList');
    arrived.push(url.pathname + (url.searchParams.get('continue') ? '?continue' : '') + (metadataOnly ? ' (metadata)' : ''));
    res.writeHead(200, {'Content-Type': 'application/json'});
    if (url.pathname === '/version') return res.end(JSON.stringify({gitVersion: 'v1.34.3', major: '1', minor: '34'}));
    res.end(JSON.stringify(listBody('List', [])));
  });

  it('asks for the pods first, then for what every analysis waits for, and only then for the templates it streams after the pods', async () => {
    // One connection: the server sees the requests in the order they were made.
    const agent = globalAgent as {maxSockets: number};
    const sockets = agent.maxSockets;
    agent.maxSockets = 1;
    arrived = [];
    try {
      const source = await ClusterSource.connect(toOptions({kubeconfig: api.kubeconfig(), 'all-namespaces': true}, false));
      const snapshot = await source.snapshot({kinds: ['nodes', 'namespaces'], pods: true, workloads: true, events: true});
      for await (const _w of snapshot.workloads()) void _w;
    } finally {
      agent.maxSockets = sockets;
    }
    const templates = ['deployments', 'replicasets', 'statefulsets', 'daemonsets', 'jobs', 'cronjobs', 'replicationcontrollers', 'podtemplates'];
    const isTemplateList = (p: string) => !p.endsWith('(metadata)') && templates.includes(p.split('/').pop()!);
    assert.equal(arrived[0], '/api/v1/pods');
    const firstTemplate = arrived.findIndex(isTemplateList);
    const gating = [
      '/version',
      '/api/v1/nodes',
      '/api/v1/namespaces',
      '/api/v1/events',
      '/apis/apps/v1/replicasets (metadata)',
      '/apis/batch/v1/jobs (metadata)',
    ];
    for (const p of gating) {
      const at = arrived.indexOf(p);
      assert.ok(at > 0 && at < firstTemplate, `${p} before the first template list: ${arrived.join(' ')}`);
    }
    assert.equal(arrived.filter(isTemplateList).length, templates.length, arrived.join(' '));
  });
});
