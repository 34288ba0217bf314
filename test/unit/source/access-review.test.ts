import assert from 'node:assert/strict';
import {clusterAccessReview, evaluatorAccessReview, localSubjectAccessReview, rbacObjectsOf} from '../../../src/source/access-review.js';
import {exitCodeFromStatus} from '../../../src/source/exec.js';
import {ApiError, type KubeClient} from '../../../src/source/kube-client.js';
import {gmsaUseReview} from '../../../src/k8s/rbac/index.js';
import type {KubeObject} from '../../../src/k8s/object.js';

const RBAC = 'rbac.authorization.k8s.io/v1';
const world: KubeObject[] = [
  {
    apiVersion: RBAC,
    kind: 'ClusterRole',
    metadata: {name: 'use'},
    rules: [{apiGroups: ['windows.k8s.io'], resources: ['gmsacredentialspecs'], verbs: ['use'], resourceNames: ['webapp1']}],
  },
  {
    apiVersion: RBAC,
    kind: 'RoleBinding',
    metadata: {name: 'b', namespace: 'web'},
    roleRef: {apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'use'},
    subjects: [{kind: 'ServiceAccount', name: 'app'}],
  },
  {apiVersion: 'v1', kind: 'Pod', metadata: {name: 'p'}},
];

/** A fake KubeClient: records requests; `reviews` says what POST .../localsubjectaccessreviews returns. */
function fakeClient(reviews: 'allow' | 'forbidden', readable = true): {client: KubeClient; posts: unknown[]; lists: string[]} {
  const posts: unknown[] = [];
  const lists: string[] = [];
  const client = {
    async request(path: string, init: {method?: string; body?: unknown} = {}) {
      assert.equal(init.method, 'POST');
      assert.match(path, /^\/apis\/authorization\.k8s\.io\/v1\/namespaces\/web\/localsubjectaccessreviews$/);
      posts.push(init.body);
      if (reviews === 'forbidden') throw new ApiError(403, 'localsubjectaccessreviews.authorization.k8s.io is forbidden', 'Forbidden');
      return {status: 201, body: {status: {allowed: true, reason: 'RBAC: allowed by X'}}, headers: {}};
    },
    async listAll(path: string) {
      lists.push(path);
      if (!readable) throw new ApiError(403, `forbidden: ${path}`, 'Forbidden');
      const kind = path.endsWith('/clusterroles')
        ? 'ClusterRole'
        : path.endsWith('/rolebindings')
          ? 'RoleBinding'
          : path.endsWith('/roles')
            ? 'Role'
            : 'ClusterRoleBinding';
      return world.filter((o) => o.kind === kind);
    },
  } as unknown as KubeClient;
  return {client, posts, lists};
}

describe('source/access-review', () => {
  const q = gmsaUseReview('web', 'app', 'webapp1');

  it('builds the LocalSubjectAccessReview the webhook sends', () => {
    assert.deepEqual(localSubjectAccessReview(q), {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'LocalSubjectAccessReview',
      metadata: {namespace: 'web'},
      spec: {
        resourceAttributes: {namespace: 'web', verb: 'use', group: 'windows.k8s.io', version: 'v1', resource: 'gmsacredentialspecs', name: 'webapp1'},
        user: 'system:serviceaccount:web:app',
        groups: ['system:serviceaccounts', 'system:serviceaccounts:web'],
      },
    });
  });

  it('offline: the evaluator over manifests, via evaluator', async () => {
    const review = evaluatorAccessReview(rbacObjectsOf(world));
    const r = await review(q);
    assert.deepEqual(r, {allowed: true, reason: 'RBAC: allowed by RoleBinding "b/web" of ClusterRole "use" to ServiceAccount "app/web"', via: 'evaluator'});
    assert.equal((await review(gmsaUseReview('web', 'app', 'other'))).allowed, false);
  });

  it('live: asks the apiserver', async () => {
    const {client, posts} = fakeClient('allow');
    const r = await clusterAccessReview(client)(q);
    assert.deepEqual(r, {allowed: true, reason: 'RBAC: allowed by X', via: 'apiserver'});
    assert.equal(posts.length, 1);
  });

  it('live, 403 on reviews: falls back to the evaluator over readable RBAC, once', async () => {
    const {client, posts, lists} = fakeClient('forbidden');
    const review = clusterAccessReview(client);
    const a = await review(q);
    const b = await review(gmsaUseReview('web', 'other', 'webapp1'));
    assert.equal(a.via, 'evaluator');
    assert.equal(a.allowed, true);
    assert.equal(b.allowed, false);
    assert.equal(posts.length, 1, 'after the first 403 no more reviews are sent');
    assert.equal(lists.length, 4, 'each RBAC kind listed once');
  });

  it('live, 403 on reviews and some RBAC kinds unreadable: a grant stands, a denial cannot be told', async () => {
    const {client} = fakeClient('forbidden');
    const partial = client as unknown as {listAll: (p: string) => Promise<KubeObject[]>};
    const full = partial.listAll.bind(client);
    partial.listAll = async (p: string) => {
      if (p.endsWith('/clusterrolebindings')) throw new ApiError(403, 'forbidden', 'Forbidden');
      return full(p);
    };
    const review = clusterAccessReview(client);
    const ok = await review(q);
    assert.equal(ok.allowed, true);
    assert.match(ok.evaluationError ?? '', /cannot list clusterrolebindings/);
    await assert.rejects(review(gmsaUseReview('web', 'app', 'other')), /a denial cannot be told/);
  });

  it('live, 403 on reviews and on RBAC reads: rejects with one line', async () => {
    const {client} = fakeClient('forbidden', false);
    await assert.rejects(clusterAccessReview(client)(q), /cannot create localsubjectaccessreviews and cannot read RBAC objects/);
  });
});

describe('source/exec exit codes', () => {
  it('reads the status channel', () => {
    assert.equal(exitCodeFromStatus({status: 'Success'}), 0);
    assert.equal(exitCodeFromStatus({status: 'Failure', reason: 'NonZeroExitCode', details: {causes: [{reason: 'ExitCode', message: '1722'}]}}), 1722);
    assert.equal(exitCodeFromStatus({status: 'Failure', reason: 'InternalError', message: 'The system cannot find the file specified.'}), null);
  });
});
