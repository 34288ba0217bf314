// Differential test: kube-apiserver v1.34's RBAC authorizer is the judge of our evaluator. Each seeded
// world has random ClusterRoles (some aggregated), Roles, RoleBindings and ClusterRoleBindings around
// gmsacredentialspecs; every question is the windows-gmsa webhook's LocalSubjectAccessReview. Allowed
// must match; the reason must be one of our grants (exactly ours when only one grant exists, since
// the apiserver's informer order is not fixed); denial reasons (missing roles) must match as sets.
// Reproduce with RBAC_SEED=<seed> (printed at the start and in every failure).
import assert from 'node:assert/strict';
import {controlPlane, type ControlPlane} from '../../harness/index.js';
import {gmsaUseReview, RbacAuthorizer, resolveClusterRoleRules, reviewAttributes} from '../../src/k8s/rbac/index.js';
import {localSubjectAccessReview} from '../../src/source/access-review.js';
import type {KubeObject} from '../../src/k8s/object.js';
import {Gen, prng} from '../support/random.js';
import {pool} from '../../src/util/pool.js';

// A fixed seed keeps CI reproducible; set RBAC_SEED to explore others (each run prints its seed).
const SEED = Number(process.env.RBAC_SEED ?? 1);
const WORLDS = Number(process.env.RBAC_WORLDS ?? 5);
const CONCURRENCY = 8;
const RBAC = 'rbac.authorization.k8s.io/v1';

// Near misses are the point: names differing in case, verbs and resources almost right.
const NAMES = ['alpha', 'Alpha', 'beta', 'alpha-1', 'webapp1', 'WebApp1'];
const RULE_NAMES = [...NAMES, 'ALPHA', 'webApp1'];
const SAS = ['default', 'web', 'api', 'Web'];
const VERBS = ['use', 'use', '*', 'get', 'list', 'USE'];
const GROUPS = ['windows.k8s.io', 'windows.k8s.io', 'windows.k8s.io', '', '*', 'windows.k8s.io/v1'];
const RESOURCES = [
  'gmsacredentialspecs',
  'gmsacredentialspecs',
  'gmsacredentialspecs',
  '*',
  'gmsacredentialspecs/status',
  '*/status',
  'GMSACredentialSpecs',
  'gmsacredentialspec',
];

interface World {
  namespaces: string[];
  objects: KubeObject[];
}

function makeWorld(g: Gen, prefix: string): World {
  const namespaces = [`${prefix}-a`, `${prefix}-b`, `${prefix}-c`];
  const aggLabel = `${prefix}-agg`;
  const rule = () => ({
    verbs: g.some(VERBS, 1, 2),
    apiGroups: g.some(GROUPS, 1, 2),
    resources: g.some(RESOURCES, 1, 2),
    ...(g.chance(0.3) ? {} : {resourceNames: g.some(RULE_NAMES, 1, 2)}),
  });
  const objects: KubeObject[] = [];
  const clusterRoles: string[] = [];
  for (let i = 0; i < 8; i++) {
    const name = `${prefix}-cr${i}`;
    clusterRoles.push(name);
    const labels = g.chance(0.6) ? {[aggLabel]: g.pick(['x', 'y'])} : {};
    if (i >= 6) {
      // Aggregated: the controller fills its rules from the roles its selectors match.
      const sel = g.chance(0.5)
        ? {matchLabels: {[aggLabel]: g.pick(['x', 'y'])}}
        : {matchExpressions: [{key: aggLabel, operator: 'In', values: g.some(['x', 'y'], 1, 2)}]};
      objects.push({apiVersion: RBAC, kind: 'ClusterRole', metadata: {name, labels: {}}, aggregationRule: {clusterRoleSelectors: [sel]}, rules: []});
    } else {
      objects.push({apiVersion: RBAC, kind: 'ClusterRole', metadata: {name, labels}, rules: Array.from({length: 1 + g.int(3)}, rule)});
    }
  }
  const roles: Record<string, string[]> = {};
  for (const ns of namespaces) {
    roles[ns] = [];
    for (let i = 0; i < 2; i++) {
      const name = `role${i}`;
      roles[ns].push(name);
      objects.push({apiVersion: RBAC, kind: 'Role', metadata: {name, namespace: ns}, rules: Array.from({length: 1 + g.int(2)}, rule)});
    }
  }
  // Subjects: RoleBindings may name anything (they grant only in our namespaces); ClusterRoleBindings
  // name only our namespaces' identities, so no other suite's answers change.
  const nsSubject = (allowGlobal: boolean) => {
    const ns = g.pick(namespaces);
    const sa = g.pick(SAS);
    // ServiceAccount subjects must be valid names; a mixed-case identity can only be a User subject.
    const saName = sa.toLowerCase();
    const choices = [
      () => ({kind: 'ServiceAccount', name: saName, namespace: ns}),
      () => ({kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: `system:serviceaccounts:${ns}`}),
      () => ({kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: `system:serviceaccount:${ns}:${sa}`}),
      ...(allowGlobal
        ? [
            () => ({kind: 'ServiceAccount', name: saName}),
            () => ({kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'system:serviceaccounts'}),
            () => ({kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'system:authenticated'}),
          ]
        : []),
    ];
    return g.pick(choices)();
  };
  for (let i = 0; i < 12; i++) {
    const ns = g.pick(namespaces);
    const useRole = g.chance(0.3);
    const refName = g.chance(0.1) ? `${prefix}-missing${g.int(2)}` : useRole ? (g.chance(0.85) ? g.pick(roles[ns]) : 'role-missing') : g.pick(clusterRoles);
    objects.push({
      apiVersion: RBAC,
      kind: 'RoleBinding',
      metadata: {name: `rb${i}`, namespace: ns},
      roleRef: {apiGroup: 'rbac.authorization.k8s.io', kind: useRole ? 'Role' : 'ClusterRole', name: refName},
      subjects: Array.from({length: 1 + g.int(3)}, () => nsSubject(true)),
    });
  }
  for (let i = 0; i < 4; i++) {
    objects.push({
      apiVersion: RBAC,
      kind: 'ClusterRoleBinding',
      metadata: {name: `${prefix}-crb${i}`},
      roleRef: {apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: g.chance(0.15) ? `${prefix}-missing${g.int(2)}` : g.pick(clusterRoles)},
      subjects: Array.from({length: 1 + g.int(2)}, () => nsSubject(false)),
    });
  }
  return {namespaces, objects};
}

async function listAll(cp: ControlPlane, path: string, kind: string): Promise<KubeObject[]> {
  const r = await cp.api<{items: KubeObject[]}>('GET', path);
  assert.equal(r.status, 200, `${path}: ${r.status}`);
  return r.body.items.map((o) => ({apiVersion: RBAC, kind, ...o}));
}

async function liveRbac(cp: ControlPlane) {
  const [roles, rolebindings, clusterroles, clusterrolebindings] = await Promise.all([
    listAll(cp, '/apis/rbac.authorization.k8s.io/v1/roles', 'Role'),
    listAll(cp, '/apis/rbac.authorization.k8s.io/v1/rolebindings', 'RoleBinding'),
    listAll(cp, '/apis/rbac.authorization.k8s.io/v1/clusterroles', 'ClusterRole'),
    listAll(cp, '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', 'ClusterRoleBinding'),
  ]);
  return {roles, rolebindings, clusterroles, clusterrolebindings};
}

const errorSet = (reason: string) => {
  const body = reason.replace(/^RBAC: /, '');
  if (body === '') return [];
  return (body.startsWith('[') && body.endsWith(']') ? body.slice(1, -1).split(', ') : [body]).sort();
};

describe('e2e RBAC differential: our evaluator vs the apiserver on generated worlds', function () {
  this.timeout(600_000);
  let cp: ControlPlane;

  before(async function () {
    cp = await controlPlane();
    console.log(`      RBAC differential seed: ${SEED} (RBAC_SEED=${SEED} to reproduce), ${WORLDS} worlds`);
  });

  for (let w = 0; w < WORLDS; w++) {
    it(`world ${w}: every webhook-shaped review agrees (allowed, reason)`, async () => {
      const g = new Gen(prng(SEED * 31 + w));
      const prefix = `rbacdiff-${SEED}-${w}`;
      const world = makeWorld(g, prefix);
      for (const ns of world.namespaces) await cp.createNamespace(ns);
      try {
        await cp.apply(world.objects.map((o) => JSON.stringify(o)).join('\n---\n'));
        // The aggregation controller must converge to what we compute from the same objects.
        const aggregated = world.objects.filter((o) => o.aggregationRule).map((o) => o.metadata!.name!);
        const deadline = Date.now() + 20_000;
        let rbac = await liveRbac(cp);
        for (;;) {
          const ours = resolveClusterRoleRules(rbac.clusterroles);
          const settled = aggregated.every((n) => {
            const live = rbac.clusterroles.find((c) => c.metadata?.name === n)?.rules ?? [];
            return JSON.stringify(live) === JSON.stringify(ours.get(n) ?? []);
          });
          if (settled) break;
          if (Date.now() > deadline) assert.fail(`seed ${SEED} world ${w}: aggregated ClusterRoles did not converge to our rules`);
          await new Promise((r) => setTimeout(r, 250));
          rbac = await liveRbac(cp);
        }
        // Let the authorizer's informers see the last objects: ask until two rounds agree with each other.
        await new Promise((r) => setTimeout(r, 1500));
        const authz = new RbacAuthorizer(rbac);
        const questions = world.namespaces.flatMap((ns) => SAS.flatMap((sa) => NAMES.map((name) => gmsaUseReview(ns, sa, name))));
        const mismatches: string[] = [];
        let allowedCount = 0;
        await pool(questions, CONCURRENCY, async (q) => {
          const r = await cp.api<{status?: {allowed?: boolean; reason?: string}}>(
            'POST',
            `/apis/authorization.k8s.io/v1/namespaces/${q.namespace}/localsubjectaccessreviews`,
            localSubjectAccessReview(q),
          );
          assert.equal(r.status, 201, JSON.stringify(r.body));
          const live = {allowed: Boolean(r.body.status?.allowed), reason: r.body.status?.reason ?? ''};
          const ours = authz.authorize(reviewAttributes(q));
          const what = `${q.user} use ${q.name} in ${q.namespace}`;
          if (live.allowed) allowedCount++;
          if (live.allowed !== ours.allowed) {
            mismatches.push(`${what}: apiserver allowed=${live.allowed} (${live.reason}), ours allowed=${ours.allowed} (${ours.reason})`);
          } else if (live.allowed) {
            const reasons = ours.grants.map((x) => x.reason);
            if (ours.grants.length === 1 ? live.reason !== ours.reason : !reasons.includes(live.reason))
              mismatches.push(`${what}: apiserver reason ${live.reason}, ours ${reasons.join(' | ')}`);
          } else if (JSON.stringify(errorSet(live.reason)) !== JSON.stringify(errorSet(ours.reason))) {
            mismatches.push(`${what}: apiserver denial reason ${JSON.stringify(live.reason)}, ours ${JSON.stringify(ours.reason)}`);
          }
        });
        assert.deepEqual(mismatches, [], `seed ${SEED} world ${w}: ${mismatches.length} of ${questions.length} differ`);
        assert.ok(questions.length >= 72);
        // A world where nothing is allowed would prove little.
        console.log(`      world ${w}: ${questions.length} reviews, ${allowedCount} allowed`);
      } finally {
        const cluster = world.objects.filter((o) => o.kind === 'ClusterRole' || o.kind === 'ClusterRoleBinding');
        for (const kind of ['clusterroles', 'clusterrolebindings']) {
          const names = cluster.filter((o) => `${o.kind!.toLowerCase()}s` === kind).map((o) => o.metadata!.name!);
          if (names.length) await cp.kubectl(['delete', kind, ...names, '--ignore-not-found', '--wait=false']);
        }
        await cp.kubectl(['delete', 'namespace', ...world.namespaces, '--wait=false']);
      }
    });
  }
});
