// An RBAC authorizer over a set of RBAC objects, answering as kube-apiserver does.
// kubernetes/kubernetes plugin/pkg/auth/authorizer/rbac/rbac.go (Authorize, authorizingVisitor),
// pkg/registry/rbac/validation/rule.go (VisitRulesFor, GetRoleReferenceRules, appliesTo,
// appliesToUser, clusterRoleBindingDescriber, roleBindingDescriber, describeSubject),
// staging/src/k8s.io/apiserver/pkg/authorization/authorizerfactory/builtin.go (privileged group),
// staging/src/k8s.io/apimachinery/pkg/util/errors/errors.go (aggregate error text).
import type {KubeObject} from '../object.js';
import {resolveClusterRoleRules} from './aggregation.js';
import {ruleAllows} from './rules.js';
import type {Decision, Grant, PolicyRule, RequestAttributes, RoleRef, Subject, UserInfo} from './types.js';

export const SYSTEM_MASTERS = 'system:masters';
const SA_PREFIX = 'system:serviceaccount:';

export interface RbacObjects {
  roles?: KubeObject[];
  rolebindings?: KubeObject[];
  clusterroles?: KubeObject[];
  clusterrolebindings?: KubeObject[];
}

/** serviceaccount.MakeUsername */
export function serviceAccountUsername(namespace: string, name: string): string {
  return `${SA_PREFIX}${namespace}:${name}`;
}

/** serviceaccount.UserInfo groups: what a LocalSubjectAccessReview built from UserInfo carries. */
export function serviceAccountGroups(namespace: string): string[] {
  return ['system:serviceaccounts', `system:serviceaccounts:${namespace}`];
}

/** rule.go appliesToUser: whether one subject names the user. */
function subjectAppliesTo(user: UserInfo, subject: Subject, bindingNamespace: string): boolean {
  switch (subject.kind) {
    case 'User':
      return user.name === subject.name;
    case 'Group':
      return user.groups.includes(subject.name);
    case 'ServiceAccount': {
      // The namespace defaults to the binding's (a ClusterRoleBinding has none, so it must be set).
      const ns = subject.namespace && subject.namespace.length > 0 ? subject.namespace : bindingNamespace;
      if (ns.length === 0) return false;
      return user.name === serviceAccountUsername(ns, subject.name);
    }
    default:
      return false;
  }
}

/** rule.go appliesTo: the index of the first subject that names the user, or -1. */
export function appliesTo(user: UserInfo, subjects: Subject[] | undefined | null, bindingNamespace: string): number {
  return (subjects ?? []).findIndex((s) => subjectAppliesTo(user, s, bindingNamespace));
}

/** rule.go describeSubject */
export function describeSubject(s: Subject, bindingNamespace: string): string {
  if (s.kind === 'ServiceAccount') {
    const ns = s.namespace && s.namespace.length > 0 ? s.namespace : bindingNamespace;
    return `${s.kind} ${goQuote(`${s.name}/${ns}`)}`;
  }
  return `${s.kind} ${goQuote(s.name)}`;
}

/** Go's %q for the strings RBAC names contain (printable ASCII): quotes and backslashes escaped. */
export function goQuote(s: string): string {
  return JSON.stringify(s);
}

/** utilerrors.NewAggregate(errs).Error(): one error as is, several deduplicated in brackets. */
export function aggregateErrors(errors: string[]): string {
  const seen: string[] = [];
  for (const e of errors) if (!seen.includes(e)) seen.push(e);
  if (seen.length === 0) return '';
  if (seen.length === 1) return seen[0];
  return `[${seen.join(', ')}]`;
}

export class RbacAuthorizer {
  private readonly clusterRoleRules: Map<string, PolicyRule[]>;
  private readonly roles = new Map<string, PolicyRule[]>();
  private readonly clusterRoleBindings: KubeObject[];
  private readonly roleBindingsByNamespace = new Map<string, KubeObject[]>();

  /**
   * `defaultNamespace` is where namespaced objects without metadata.namespace belong (manifests
   * applied with -n). Order is kept: the first allowing rule in list order gives the reason.
   */
  constructor(objects: RbacObjects, defaultNamespace = 'default') {
    this.clusterRoleRules = resolveClusterRoleRules(objects.clusterroles ?? []);
    for (const r of objects.roles ?? []) {
      const ns = r.metadata?.namespace ?? defaultNamespace;
      if (r.metadata?.name) this.roles.set(`${ns}/${r.metadata.name}`, (r.rules as PolicyRule[] | null) ?? []);
    }
    this.clusterRoleBindings = objects.clusterrolebindings ?? [];
    for (const b of objects.rolebindings ?? []) {
      const ns = b.metadata?.namespace ?? defaultNamespace;
      const list = this.roleBindingsByNamespace.get(ns) ?? [];
      list.push(b.metadata?.namespace ? b : {...b, metadata: {...b.metadata, namespace: ns}});
      this.roleBindingsByNamespace.set(ns, list);
    }
  }

  /** rule.go GetRoleReferenceRules, with the lister's NotFound text as the error. */
  roleRules(ref: RoleRef, bindingNamespace: string): {rules?: PolicyRule[]; error?: string} {
    switch (ref.kind) {
      case 'Role': {
        const rules = this.roles.get(`${bindingNamespace}/${ref.name}`);
        return rules ? {rules} : {error: `role.rbac.authorization.k8s.io ${goQuote(ref.name)} not found`};
      }
      case 'ClusterRole': {
        const rules = this.clusterRoleRules.get(ref.name);
        return rules ? {rules} : {error: `clusterrole.rbac.authorization.k8s.io ${goQuote(ref.name)} not found`};
      }
      default:
        return {error: `unsupported role reference kind: ${goQuote(ref.kind)}`};
    }
  }

  hasClusterRole(name: string): boolean {
    return this.clusterRoleRules.has(name);
  }

  hasRole(namespace: string, name: string): boolean {
    return this.roles.has(`${namespace}/${name}`);
  }

  allClusterRoleBindings(): KubeObject[] {
    return this.clusterRoleBindings;
  }

  roleBindingsIn(namespace: string): KubeObject[] {
    return this.roleBindingsByNamespace.get(namespace) ?? [];
  }

  namespacesWithRoleBindings(): string[] {
    return [...this.roleBindingsByNamespace.keys()];
  }

  /** The apiserver's answer (privileged group, then RBAC), plus every grant for explanations. */
  authorize(attrs: RequestAttributes): Decision {
    if (attrs.user.groups.includes(SYSTEM_MASTERS)) {
      // authorizerfactory.NewPrivilegedGroups: allowed before RBAC runs, with no reason.
      return {allowed: true, reason: '', grants: [], errors: []};
    }
    const grants: Grant[] = [];
    const errors: string[] = [];
    const visit = (kind: Grant['bindingKind'], b: KubeObject, bindingNs: string) => {
      const subjects = (b.subjects as Subject[] | null) ?? [];
      const idx = appliesTo(attrs.user, subjects, bindingNs);
      if (idx < 0) return;
      const ref = (b.roleRef ?? {}) as RoleRef;
      const {rules, error} = this.roleRules(ref, bindingNs);
      if (error) {
        errors.push(error);
        return;
      }
      const subject = subjects[idx];
      const name = b.metadata?.name ?? '';
      rules!.forEach((rule, i) => {
        if (!ruleAllows(attrs, rule)) return;
        const source =
          kind === 'ClusterRoleBinding'
            ? `ClusterRoleBinding ${goQuote(name)} of ${ref.kind} ${goQuote(ref.name)} to ${describeSubject(subject, '')}`
            : `RoleBinding ${goQuote(`${name}/${bindingNs}`)} of ${ref.kind} ${goQuote(ref.name)} to ${describeSubject(subject, bindingNs)}`;
        grants.push({
          bindingKind: kind,
          bindingName: name,
          bindingNamespace: kind === 'RoleBinding' ? bindingNs : undefined,
          roleKind: ref.kind,
          roleName: ref.name,
          subject,
          ruleIndex: i,
          reason: `RBAC: allowed by ${source}`,
        });
      });
    };
    for (const b of this.clusterRoleBindings) visit('ClusterRoleBinding', b, '');
    const ns = attrs.resourceRequest ? (attrs.namespace ?? '') : '';
    if (ns.length > 0) for (const b of this.roleBindingsIn(ns)) visit('RoleBinding', b, ns);
    if (grants.length > 0) {
      // The apiserver stops at the first allowing rule; errors met before it are not reported.
      return {allowed: true, reason: grants[0].reason, grant: grants[0], grants, errors};
    }
    return {allowed: false, reason: errors.length > 0 ? `RBAC: ${aggregateErrors(errors)}` : '', grants, errors};
  }
}
