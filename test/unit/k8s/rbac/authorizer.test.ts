import assert from 'node:assert/strict';
import {
  aggregateErrors,
  explainGmsaDenial,
  gmsaUseFixManifest,
  gmsaUseReview,
  RbacAuthorizer,
  reviewAttributes,
  ruleAllows,
  type RequestAttributes,
} from '../../../../src/k8s/rbac/index.js';
import {matchesLabelSelector} from '../../../../src/k8s/label-selector.js';
import type {KubeObject} from '../../../../src/k8s/object.js';

const RBAC = 'rbac.authorization.k8s.io/v1';
const cr = (name: string, rules: unknown[], {metadata, ...extra}: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: RBAC,
  kind: 'ClusterRole',
  metadata: {name, ...(metadata as object)},
  rules,
  ...extra,
});
const role = (ns: string, name: string, rules: unknown[]): KubeObject => ({apiVersion: RBAC, kind: 'Role', metadata: {name, namespace: ns}, rules});
const crb = (name: string, roleName: string, subjects: unknown[]): KubeObject => ({
  apiVersion: RBAC,
  kind: 'ClusterRoleBinding',
  metadata: {name},
  roleRef: {apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: roleName},
  subjects,
});
const rb = (ns: string, name: string, kind: string, roleName: string, subjects: unknown[]): KubeObject => ({
  apiVersion: RBAC,
  kind: 'RoleBinding',
  metadata: {name, namespace: ns},
  roleRef: {apiGroup: 'rbac.authorization.k8s.io', kind, name: roleName},
  subjects,
});
const sa = (name: string, namespace?: string) => ({kind: 'ServiceAccount', name, ...(namespace ? {namespace} : {})});
const useRule = (names?: string[]) => ({
  apiGroups: ['windows.k8s.io'],
  resources: ['gmsacredentialspecs'],
  verbs: ['use'],
  ...(names ? {resourceNames: names} : {}),
});

const res = (verb: string, group: string, resource: string, extra: Partial<Extract<RequestAttributes, {resourceRequest: true}>> = {}): RequestAttributes => ({
  user: {name: 'alice', groups: []},
  resourceRequest: true,
  verb,
  group,
  resource,
  ...extra,
});

describe('k8s/rbac rules', () => {
  it('matches verbs, groups and resources with * and exact names', () => {
    const rule = {verbs: ['get', 'list'], apiGroups: ['apps'], resources: ['deployments']};
    assert.equal(ruleAllows(res('get', 'apps', 'deployments'), rule), true);
    assert.equal(ruleAllows(res('watch', 'apps', 'deployments'), rule), false);
    assert.equal(ruleAllows(res('get', '', 'deployments'), rule), false);
    assert.equal(ruleAllows(res('get', 'apps', 'statefulsets'), rule), false);
    assert.equal(ruleAllows(res('delete', 'x', 'y'), {verbs: ['*'], apiGroups: ['*'], resources: ['*']}), true);
  });

  it('treats subresources: exact resource/sub, */sub, and a bare resource does not cover its subresources', () => {
    const r = (resources: string[]) => ({verbs: ['get'], apiGroups: [''], resources});
    const logs = res('get', '', 'pods', {subresource: 'log'});
    assert.equal(ruleAllows(logs, r(['pods'])), false);
    assert.equal(ruleAllows(logs, r(['pods/log'])), true);
    assert.equal(ruleAllows(logs, r(['*/log'])), true);
    assert.equal(ruleAllows(logs, r(['*/logs'])), false);
    assert.equal(ruleAllows(logs, r(['*'])), true);
    assert.equal(ruleAllows(res('get', '', 'pods'), r(['*/log'])), false);
    // "*/sub" must be exactly two characters longer than the subresource.
    assert.equal(ruleAllows(res('get', '', 'pods', {subresource: 'og'}), r(['*/log'])), false);
  });

  it('compares resourceNames case-sensitively; empty means any', () => {
    assert.equal(ruleAllows(res('use', 'windows.k8s.io', 'gmsacredentialspecs', {name: 'gmsa-webapp1'}), useRule(['gmsa-WebApp1'])), false);
    assert.equal(ruleAllows(res('use', 'windows.k8s.io', 'gmsacredentialspecs', {name: 'gmsa-webapp1'}), useRule(['gmsa-webapp1'])), true);
    assert.equal(ruleAllows(res('use', 'windows.k8s.io', 'gmsacredentialspecs', {name: 'x'}), useRule()), true);
    // a request without a name (list) is not allowed by a rule that names objects
    assert.equal(ruleAllows(res('use', 'windows.k8s.io', 'gmsacredentialspecs'), useRule(['a'])), false);
  });

  it('matches nonResourceURLs exactly, by * and by trailing-star prefix', () => {
    const nr = (path: string): RequestAttributes => ({user: {name: 'a', groups: []}, resourceRequest: false, verb: 'get', path});
    const rule = {verbs: ['get'], nonResourceURLs: ['/healthz', '/logs/*', '/api**']};
    assert.equal(ruleAllows(nr('/healthz'), rule), true);
    assert.equal(ruleAllows(nr('/healthz/ping'), rule), false);
    assert.equal(ruleAllows(nr('/logs/'), rule), true);
    assert.equal(ruleAllows(nr('/logs/kube'), rule), true);
    assert.equal(ruleAllows(nr('/logs'), rule), false);
    assert.equal(ruleAllows(nr('/apis/apps'), rule), true);
    assert.equal(ruleAllows(nr('/x'), {verbs: ['*'], nonResourceURLs: ['*']}), true);
    // a resource rule does not allow non-resource paths
    assert.equal(ruleAllows(nr('/healthz'), {verbs: ['get'], apiGroups: ['*'], resources: ['*']}), false);
  });
});

describe('k8s/rbac authorizer', () => {
  const webReview = (name: string, ns = 'web', saName = 'app') => reviewAttributes(gmsaUseReview(ns, saName, name));

  it('builds the webhook identity: user and the two service-account groups only', () => {
    const r = gmsaUseReview('web', 'app', 'webapp1');
    assert.equal(r.user, 'system:serviceaccount:web:app');
    assert.deepEqual(r.groups, ['system:serviceaccounts', 'system:serviceaccounts:web']);
    assert.equal(r.verb, 'use');
    assert.equal(r.group, 'windows.k8s.io');
    assert.equal(r.resource, 'gmsacredentialspecs');
  });

  it('reports a RoleBinding grant in the apiserver format, SA namespace defaulted to the binding', () => {
    const a = new RbacAuthorizer({
      clusterroles: [cr('use-webapp1', [useRule(['webapp1'])])],
      rolebindings: [rb('web', 'app-uses', 'ClusterRole', 'use-webapp1', [sa('app')])],
    });
    const d = a.authorize(webReview('webapp1'));
    assert.equal(d.allowed, true);
    assert.equal(d.reason, 'RBAC: allowed by RoleBinding "app-uses/web" of ClusterRole "use-webapp1" to ServiceAccount "app/web"');
  });

  it('reports a ClusterRoleBinding grant; a ClusterRoleBinding SA subject without namespace never matches', () => {
    const a = new RbacAuthorizer({
      clusterroles: [cr('r', [useRule()])],
      clusterrolebindings: [crb('nons', 'r', [sa('app')]), crb('withns', 'r', [sa('app', 'web')])],
    });
    const d = a.authorize(webReview('x'));
    assert.equal(d.reason, 'RBAC: allowed by ClusterRoleBinding "withns" of ClusterRole "r" to ServiceAccount "app/web"');
    assert.equal(d.grants.length, 1);
  });

  it('evaluates ClusterRoleBindings before RoleBindings; the first allowing rule gives the reason', () => {
    const a = new RbacAuthorizer({
      clusterroles: [cr('r', [useRule()])],
      rolebindings: [rb('web', 'rb', 'ClusterRole', 'r', [sa('app')])],
      clusterrolebindings: [crb('crb', 'r', [{kind: 'Group', name: 'system:serviceaccounts:web'}])],
    });
    const d = a.authorize(webReview('x'));
    assert.equal(d.reason, 'RBAC: allowed by ClusterRoleBinding "crb" of ClusterRole "r" to Group "system:serviceaccounts:web"');
    assert.equal(d.grants.length, 2);
  });

  it('resolves Roles in the binding namespace only', () => {
    const a = new RbacAuthorizer({roles: [role('other', 'r', [useRule()])], rolebindings: [rb('web', 'b', 'Role', 'r', [sa('app')])]});
    const d = a.authorize(webReview('x'));
    assert.equal(d.allowed, false);
    assert.equal(d.reason, 'RBAC: role.rbac.authorization.k8s.io "r" not found');
  });

  it('reports missing roles as the apiserver does, deduplicated and bracketed when several', () => {
    const a = new RbacAuthorizer({
      clusterrolebindings: [
        crb('a', 'gone', [sa('app', 'web')]),
        crb('b', 'gone', [sa('app', 'web')]),
        crb('c', 'also-gone', [{kind: 'Group', name: 'system:serviceaccounts'}]),
      ],
    });
    const d = a.authorize(webReview('x'));
    assert.equal(d.allowed, false);
    assert.equal(d.reason, 'RBAC: [clusterrole.rbac.authorization.k8s.io "gone" not found, clusterrole.rbac.authorization.k8s.io "also-gone" not found]');
    assert.equal(aggregateErrors(['e']), 'e');
    assert.equal(aggregateErrors([]), '');
  });

  it('denies with an empty reason when nothing applies', () => {
    const d = new RbacAuthorizer({}).authorize(webReview('x'));
    assert.deepEqual([d.allowed, d.reason], [false, '']);
  });

  it('lets system:masters through with no reason', () => {
    const d = new RbacAuthorizer({}).authorize({...res('delete', '', 'nodes'), user: {name: 'admin', groups: ['system:masters']}});
    assert.deepEqual([d.allowed, d.reason], [true, '']);
  });

  it('matches User and Group subjects by name, not other kinds', () => {
    const a = new RbacAuthorizer({
      clusterroles: [cr('r', [{verbs: ['get'], apiGroups: [''], resources: ['pods']}])],
      clusterrolebindings: [crb('u', 'r', [{kind: 'User', name: 'alice'}]), crb('g', 'r', [{kind: 'Group', name: 'devs'}])],
    });
    assert.equal(a.authorize(res('get', '', 'pods')).reason, 'RBAC: allowed by ClusterRoleBinding "u" of ClusterRole "r" to User "alice"');
    assert.equal(
      a.authorize({...res('get', '', 'pods'), user: {name: 'bob', groups: ['devs']}}).reason,
      'RBAC: allowed by ClusterRoleBinding "g" of ClusterRole "r" to Group "devs"',
    );
    assert.equal(a.authorize({...res('get', '', 'pods'), user: {name: 'Alice', groups: []}}).allowed, false);
  });

  it('ignores RoleBindings for cluster-scoped (namespace-less) requests', () => {
    const a = new RbacAuthorizer({
      clusterroles: [cr('r', [{verbs: ['get'], apiGroups: [''], resources: ['nodes']}])],
      rolebindings: [rb('web', 'b', 'ClusterRole', 'r', [{kind: 'User', name: 'alice'}])],
    });
    assert.equal(a.authorize(res('get', '', 'nodes')).allowed, false);
    assert.equal(a.authorize(res('get', '', 'nodes', {namespace: 'web'})).allowed, true);
  });

  it('applies aggregationRule selectors itself, transitively', () => {
    const a = new RbacAuthorizer({
      clusterroles: [
        cr('agg', [], {aggregationRule: {clusterRoleSelectors: [{matchLabels: {'example.com/aggregate-to-agg': 'true'}}]}}),
        cr('mid', [], {
          metadata: {labels: {'example.com/aggregate-to-agg': 'true'}},
          aggregationRule: {clusterRoleSelectors: [{matchExpressions: [{key: 'tier', operator: 'In', values: ['leaf']}]}]},
        }),
        cr('leaf', [useRule(['webapp1'])], {metadata: {labels: {tier: 'leaf'}}}),
      ],
      rolebindings: [rb('web', 'b', 'ClusterRole', 'agg', [sa('app')])],
    });
    assert.equal(a.authorize(webReview('webapp1')).reason, 'RBAC: allowed by RoleBinding "b/web" of ClusterRole "agg" to ServiceAccount "app/web"');
    assert.equal(a.authorize(webReview('other')).allowed, false);
  });

  it('defaults the namespace of manifests without one', () => {
    const a = new RbacAuthorizer(
      {clusterroles: [cr('r', [useRule()])], rolebindings: [{...rb('x', 'b', 'ClusterRole', 'r', [sa('app')]), metadata: {name: 'b'}}]},
      'web',
    );
    assert.equal(a.authorize(webReview('x')).reason, 'RBAC: allowed by RoleBinding "b/web" of ClusterRole "r" to ServiceAccount "app/web"');
  });
});

describe('k8s/rbac gMSA denial explanations', () => {
  const kinds = (a: RbacAuthorizer, credspec = 'webapp1') => explainGmsaDenial(a, 'web', 'app', credspec).map((c) => c.kind);

  it('no binding at all', () => {
    assert.deepEqual(kinds(new RbacAuthorizer({clusterroles: [cr('r', [useRule()])]})), ['no-binding']);
  });

  it('a grant to system:authenticated, which the webhook review does not carry', () => {
    const a = new RbacAuthorizer({
      clusterroles: [cr('r', [useRule()])],
      clusterrolebindings: [crb('all', 'r', [{kind: 'Group', name: 'system:authenticated'}])],
    });
    assert.equal(a.authorize(reviewAttributes(gmsaUseReview('web', 'app', 'webapp1'))).allowed, false);
    const c = explainGmsaDenial(a, 'web', 'app', 'webapp1');
    assert.equal(c[0].kind, 'group-not-in-review');
    assert.match(c[0].message, /system:authenticated/);
  });

  it('resourceNames that differ only in case', () => {
    const a = new RbacAuthorizer({clusterroles: [cr('r', [useRule(['gmsa-WebApp1'])])], rolebindings: [rb('web', 'b', 'ClusterRole', 'r', [sa('app')])]});
    const c = explainGmsaDenial(a, 'web', 'app', 'gmsa-webapp1');
    assert.deepEqual(
      c.map((x) => x.kind),
      ['resource-name-case'],
    );
    assert.match(c[0].message, /"gmsa-WebApp1"/);
  });

  it('a RoleBinding in another namespace', () => {
    const a = new RbacAuthorizer({clusterroles: [cr('r', [useRule()])], rolebindings: [rb('other', 'b', 'ClusterRole', 'r', [sa('app', 'web')])]});
    assert.deepEqual(kinds(a), ['other-namespace']);
  });

  it('the wrong API group, the wrong verb, the wrong resource', () => {
    const bind = (rule: unknown) => new RbacAuthorizer({clusterroles: [cr('r', [rule])], rolebindings: [rb('web', 'b', 'ClusterRole', 'r', [sa('app')])]});
    assert.deepEqual(kinds(bind({...useRule(), apiGroups: ['']})), ['wrong-api-group']);
    assert.deepEqual(kinds(bind({...useRule(), apiGroups: ['windows.k8s.io/v1']})), ['wrong-api-group']);
    assert.deepEqual(kinds(bind({...useRule(), verbs: ['get', 'list']})), ['wrong-verb']);
    assert.deepEqual(kinds(bind({...useRule(), resources: ['GMSACredentialSpec']})), ['wrong-resource']);
  });

  it('a role that does not exist', () => {
    const a = new RbacAuthorizer({rolebindings: [rb('web', 'b', 'ClusterRole', 'missing', [sa('app')])]});
    const c = explainGmsaDenial(a, 'web', 'app', 'webapp1');
    assert.deepEqual(
      c.map((x) => x.kind),
      ['role-missing'],
    );
    assert.match(c[0].message, /clusterrole\.rbac\.authorization\.k8s\.io "missing" not found/);
  });

  it('a fix manifest that, applied, makes the evaluator say yes', async () => {
    const {parseAllDocuments} = await import('yaml');
    const docs = parseAllDocuments(gmsaUseFixManifest('web', 'app', 'gmsa-webapp1')).map((d) => d.toJS() as KubeObject);
    assert.deepEqual(
      docs.map((d) => d.kind),
      ['ClusterRole', 'RoleBinding'],
    );
    const a = new RbacAuthorizer({clusterroles: [docs[0]], rolebindings: [docs[1]]});
    const d = a.authorize(reviewAttributes(gmsaUseReview('web', 'app', 'gmsa-webapp1')));
    assert.equal(d.allowed, true);
    assert.equal(d.reason, 'RBAC: allowed by RoleBinding "app-use-gmsa-gmsa-webapp1/web" of ClusterRole "gmsa-use-gmsa-webapp1" to ServiceAccount "app/web"');
  });
});

describe('k8s/label-selector', () => {
  it('follows matchLabels and every operator; null matches nothing, {} everything', () => {
    const l = {a: '1', b: '2'};
    assert.equal(matchesLabelSelector({}, l), true);
    assert.equal(matchesLabelSelector(null, l), false);
    assert.equal(matchesLabelSelector({matchLabels: {a: '1'}}, l), true);
    assert.equal(matchesLabelSelector({matchLabels: {a: '2'}}, l), false);
    assert.equal(matchesLabelSelector({matchExpressions: [{key: 'gmsa-webhook', operator: 'NotIn', values: ['disabled']}]}, l), true);
    assert.equal(
      matchesLabelSelector({matchExpressions: [{key: 'gmsa-webhook', operator: 'NotIn', values: ['disabled']}]}, {'gmsa-webhook': 'disabled'}),
      false,
    );
    assert.equal(matchesLabelSelector({matchExpressions: [{key: 'a', operator: 'In', values: ['1', '3']}]}, l), true);
    assert.equal(matchesLabelSelector({matchExpressions: [{key: 'c', operator: 'In', values: ['1']}]}, l), false);
    assert.equal(matchesLabelSelector({matchExpressions: [{key: 'c', operator: 'DoesNotExist'}]}, l), true);
    assert.equal(matchesLabelSelector({matchExpressions: [{key: 'b', operator: 'Exists'}]}, l), true);
  });
});

describe('k8s/rbac gMSA denial not reproduced', () => {
  it('says so when the objects grant what the apiserver denied', () => {
    const a = new RbacAuthorizer({
      clusterroles: [
        {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'ClusterRole',
          metadata: {name: 'r'},
          rules: [{apiGroups: ['windows.k8s.io'], resources: ['gmsacredentialspecs'], verbs: ['use']}],
        },
      ],
      rolebindings: [
        {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'RoleBinding',
          metadata: {name: 'b', namespace: 'web'},
          roleRef: {apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'r'},
          subjects: [{kind: 'ServiceAccount', name: 'app'}],
        },
      ],
    });
    const c = explainGmsaDenial(a, 'web', 'app', 'x');
    assert.deepEqual(
      c.map((x) => x.kind),
      ['not-reproduced'],
    );
    assert.match(c[0].message, /RoleBinding "b\/web"/);
  });
});
