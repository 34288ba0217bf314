// Who may `use` which PodSecurityPolicy: the bindings whose role grants verb use on
// podsecuritypolicies (group policy, or extensions) for that PSP's name.
// kubernetes/kubernetes plugin/pkg/admission/security/podsecuritypolicy/admission.go (< 1.25: the
// pod's service account, then the requesting user, asked `use` on the PSP in the pod's namespace;
// group policy, retried with extensions). Rules are matched by src/k8s/rbac (the RBAC evaluator).
import {RbacAuthorizer, describeSubject, ruleAllows, type RbacObjects, type Subject} from '../rbac/index.js';
import type {KubeObject} from '../object.js';

export interface PspUseGrant {
  psp: string;
  /** `ServiceAccount "sa/ns"`, `Group "system:authenticated"`, `User "alice"`. */
  subject: string;
  subjectKind: string;
  /** Where the grant applies: a namespace (RoleBinding) or every namespace (ClusterRoleBinding). */
  namespace: string | null;
  /** `ClusterRoleBinding "b" of ClusterRole "r"`, `RoleBinding "b/ns" of Role "r"`. */
  via: string;
}

const GROUPS = ['policy', 'extensions'];

function allowsUse(rules: unknown[], psp: string): boolean {
  return GROUPS.some((group) =>
    rules.some((rule) =>
      ruleAllows(
        {user: {name: '', groups: []}, resourceRequest: true, verb: 'use', group, resource: 'podsecuritypolicies', name: psp, namespace: ''},
        rule as never,
      ),
    ),
  );
}

/** Every (PSP, subject) grant of `use` in the RBAC objects. */
export function pspUseGrants(psps: KubeObject[], rbac: RbacObjects, defaultNamespace = 'default'): PspUseGrant[] {
  const authz = new RbacAuthorizer(rbac, defaultNamespace);
  const out: PspUseGrant[] = [];
  const names = psps.map((p) => p.metadata?.name ?? '').filter((n) => n !== '');
  const visit = (kind: 'ClusterRoleBinding' | 'RoleBinding', b: KubeObject, ns: string) => {
    const ref = (b.roleRef ?? {}) as {kind: string; name: string};
    const {rules} = authz.roleRules(ref, ns);
    if (!rules) return;
    const bname = b.metadata?.name ?? '';
    const via =
      kind === 'ClusterRoleBinding'
        ? `ClusterRoleBinding "${bname}" of ${ref.kind} "${ref.name}"`
        : `RoleBinding "${bname}/${ns}" of ${ref.kind} "${ref.name}"`;
    for (const psp of names) {
      if (!allowsUse(rules, psp)) continue;
      for (const s of (b.subjects ?? []) as Subject[]) {
        out.push({psp, subject: describeSubject(s, ns), subjectKind: s.kind, namespace: kind === 'RoleBinding' ? ns : null, via});
      }
    }
  };
  for (const b of authz.allClusterRoleBindings()) visit('ClusterRoleBinding', b, '');
  for (const ns of authz.namespacesWithRoleBindings()) for (const b of authz.roleBindingsIn(ns)) visit('RoleBinding', b, ns);
  return out;
}

/** Whether a pod's service account (or its namespace's service-account group) may use the PSP. */
export function serviceAccountCanUse(grants: PspUseGrant[], psp: string, namespace: string, serviceAccount: string): PspUseGrant | undefined {
  const sa = `ServiceAccount "${serviceAccount}/${namespace}"`;
  return grants.find(
    (g) =>
      g.psp === psp &&
      (g.namespace === null || g.namespace === namespace) &&
      (g.subject === sa ||
        g.subject === 'Group "system:serviceaccounts"' ||
        g.subject === `Group "system:serviceaccounts:${namespace}"` ||
        g.subject === 'Group "system:authenticated"'),
  );
}
