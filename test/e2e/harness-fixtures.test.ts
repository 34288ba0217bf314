// The harness's fixture users and client-certificate identities, checked against the apiserver.
import assert from 'node:assert/strict';
import {controlPlane, type ControlPlane} from '../../harness/index.js';

describe('e2e harness: fixture users', function () {
  this.timeout(60_000);
  let cp: ControlPlane;
  before(async function () {
    this.timeout(180_000);
    cp = await controlPlane();
  });

  it('kubeconfigFor(user, groups) authenticates as CN=user with O=groups', async () => {
    const kc = await cp.kubeconfigFor('alice@example.com', ['team-a', 'windows-admins']);
    const r = await cp.api(
      'POST',
      '/apis/authentication.k8s.io/v1/selfsubjectreviews',
      {apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview'},
      {kubeconfig: kc},
    );
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.status.userInfo.username, 'alice@example.com');
    assert.deepEqual([...r.body.status.userInfo.groups].sort(), ['system:authenticated', 'team-a', 'windows-admins']);
    // No rights until bound.
    assert.equal((await cp.api('GET', '/api/v1/pods', undefined, {kubeconfig: kc})).status, 403);
  });

  it('the limited user lists pods everywhere but nothing cluster-scoped', async () => {
    const kc = cp.users.limited.kubeconfig;
    assert.equal((await cp.api('GET', '/api/v1/pods', undefined, {kubeconfig: kc})).status, 200);
    assert.equal((await cp.api('GET', '/apis/apps/v1/deployments', undefined, {kubeconfig: kc})).status, 200);
    for (const path of [
      '/api/v1/nodes',
      '/api/v1/namespaces',
      '/apis/rbac.authorization.k8s.io/v1/clusterroles',
      '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
      '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations',
    ]) {
      assert.equal((await cp.api('GET', path, undefined, {kubeconfig: kc})).status, 403, path);
    }
  });

  it('the no-review user reads everything but cannot create (Local)SubjectAccessReviews', async () => {
    const kc = cp.users.noReview.kubeconfig;
    for (const path of ['/api/v1/nodes', '/api/v1/pods', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings']) {
      assert.equal((await cp.api('GET', path, undefined, {kubeconfig: kc})).status, 200, path);
    }
    const spec = {
      user: 'system:serviceaccount:default:default',
      resourceAttributes: {namespace: 'default', verb: 'use', group: 'windows.k8s.io', resource: 'gmsacredentialspecs', name: 'x'},
    };
    const sar = await cp.api(
      'POST',
      '/apis/authorization.k8s.io/v1/subjectaccessreviews',
      {apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec},
      {kubeconfig: kc},
    );
    assert.equal(sar.status, 403);
    const lsar = await cp.api(
      'POST',
      '/apis/authorization.k8s.io/v1/namespaces/default/localsubjectaccessreviews',
      {apiVersion: 'authorization.k8s.io/v1', kind: 'LocalSubjectAccessReview', metadata: {namespace: 'default'}, spec},
      {kubeconfig: kc},
    );
    assert.equal(lsar.status, 403);
    // Admin can: the difference is the user's rights, not the API.
    assert.equal(
      (await cp.api('POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', {apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec}))
        .status,
      201,
    );
  });

  it('PodSecurity admission is on: an enforce=restricted namespace rejects a privileged pod', async () => {
    const ns = 'e2e-harness-psa';
    await cp.createNamespace(ns, {'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/enforce-version': 'v1.34'});
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {name: 'p'},
      spec: {containers: [{name: 'app', image: 'busybox', securityContext: {privileged: true}}]},
    };
    const r = await cp.api('POST', `/api/v1/namespaces/${ns}/pods`, pod, {query: {dryRun: 'All'}});
    assert.equal(r.status, 403);
    assert.match(r.body.message, /violates PodSecurity "restricted:v1.34": privileged/);
  });
});

describe('e2e harness: rbacSynced', function () {
  this.timeout(60_000);
  it('after it returns, a binding created just before is visible to SubjectAccessReviews', async () => {
    const cp = await controlPlane();
    const ns = 'e2e-harness-rbac';
    await cp.createNamespace(ns);
    await cp.apply(`apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: viewer, namespace: ${ns}}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: e2e-rbac-synced}]
`);
    await cp.rbacSynced(ns);
    const spec = {user: 'e2e-rbac-synced', resourceAttributes: {namespace: ns, verb: 'list', resource: 'pods'}};
    const r = await cp.api('POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SubjectAccessReview',
      spec,
    });
    assert.equal(r.body.status.allowed, true, JSON.stringify(r.body.status));
    // The sentinels are gone.
    const left = await cp.api('GET', '/apis/rbac.authorization.k8s.io/v1/clusterroles', undefined, {query: {fieldSelector: undefined}});
    assert.ok(!left.body.items.some((i: {metadata: {name: string}}) => i.metadata.name.startsWith('e2e-rbac-sentinel-')));
  });
});
