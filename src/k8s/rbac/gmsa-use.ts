// The question the windows-gmsa webhook asks, and why the answer is "no" when it is.
// kubernetes-sigs/windows-gmsa admission-webhook/kube_client.go isAuthorizedToUseCredSpec: a
// LocalSubjectAccessReview in the pod's namespace for serviceaccount.UserInfo(ns, sa, "") (user
// system:serviceaccount:NS:SA, groups system:serviceaccounts and system:serviceaccounts:NS only;
// never system:authenticated), verb `use` on windows.k8s.io gmsacredentialspecs/<name>.
import type {AccessReviewRequest} from '../object.js';
import {appliesTo, describeSubject, RbacAuthorizer, serviceAccountGroups, serviceAccountUsername} from './authorizer.js';
import {apiGroupMatches, resourceMatches, resourceNameMatches, ruleAllows, verbMatches} from './rules.js';
import type {PolicyRule, RequestAttributes, RoleRef, Subject, UserInfo} from './types.js';
import type {KubeObject} from '../object.js';

export const GMSA_GROUP = 'windows.k8s.io';
/** The version the current webhook puts in its review (older releases: v1alpha1; RBAC ignores versions). */
export const GMSA_REVIEW_VERSION = 'v1';
export const GMSA_RESOURCE = 'gmsacredentialspecs';

export function gmsaUseReview(namespace: string, serviceAccount: string, credSpec: string): AccessReviewRequest {
  return {
    namespace,
    user: serviceAccountUsername(namespace, serviceAccount),
    groups: serviceAccountGroups(namespace),
    verb: 'use',
    group: GMSA_GROUP,
    version: GMSA_REVIEW_VERSION,
    resource: GMSA_RESOURCE,
    name: credSpec,
  };
}

export function reviewAttributes(req: AccessReviewRequest): RequestAttributes {
  return {
    user: {name: req.user, groups: req.groups},
    resourceRequest: true,
    verb: req.verb,
    namespace: req.namespace,
    group: req.group,
    resource: req.resource,
    name: req.name,
  };
}

export type DenialKind =
  | 'no-binding'
  | 'group-not-in-review'
  | 'resource-name-case'
  | 'other-namespace'
  | 'wrong-api-group'
  | 'wrong-resource'
  | 'wrong-verb'
  | 'other-resource-name'
  | 'other-subject'
  | 'role-missing'
  | 'not-reproduced';

export interface DenialCause {
  kind: DenialKind;
  message: string;
  /** The binding involved, as `RoleBinding "name/ns"` or `ClusterRoleBinding "name"`. */
  binding?: string;
  /** For a role that misses only by a detail (name case, API group): the role with that rule corrected, to fix it in place. */
  roleFix?: RoleFix;
}

export interface RoleFix {
  kind: 'Role' | 'ClusterRole';
  name: string;
  /** A Role's namespace (the binding's). */
  namespace?: string;
  /** The role's whole rules list with the one rule corrected (rules has no merge key: a patch replaces the list). */
  rules: PolicyRule[];
}

interface Candidate {
  kind: 'ClusterRoleBinding' | 'RoleBinding';
  name: string;
  namespace: string;
  ref: RoleRef;
  subjects: Subject[];
}

function bindingLabel(c: Candidate): string {
  return c.kind === 'ClusterRoleBinding' ? `ClusterRoleBinding "${c.name}"` : `RoleBinding "${c.name}/${c.namespace}"`;
}

function roleLabel(ref: RoleRef): string {
  return `${ref.kind} "${ref.name}"`;
}

type AddCause = (d: DenialCause) => void;

/** The webhook's review, and who asks it, as the near-miss searches need them. */
interface DenialQuestion {
  authz: RbacAuthorizer;
  user: UserInfo;
  attrs: RequestAttributes;
  namespace: string;
  serviceAccount: string;
  credSpec: string;
}

// Most specific first: problems in bindings that name this service account, then bindings that
// would grant but do not reach it.
const DENIAL_ORDER: DenialKind[] = [
  'not-reproduced',
  'role-missing',
  'resource-name-case',
  'wrong-api-group',
  'wrong-resource',
  'wrong-verb',
  'other-resource-name',
  'other-namespace',
  'other-subject',
  'group-not-in-review',
  'no-binding',
];

function toCandidate(
  kind: Candidate['kind'],
  b: {metadata?: {name?: string; namespace?: string}; roleRef?: RoleRef; subjects?: Subject[] | null},
  ns: string,
): Candidate {
  return {
    kind,
    name: b.metadata?.name ?? '',
    namespace: ns,
    ref: (b.roleRef ?? {kind: '', name: ''}) as RoleRef,
    subjects: b.subjects ?? [],
  };
}

/**
 * Why the webhook's review is denied: near misses in the RBAC objects, most specific first.
 * Only called when the authorizer says no; returns at least one cause (`no-binding`).
 */
export function explainGmsaDenial(authz: RbacAuthorizer, namespace: string, serviceAccount: string, credSpec: string): DenialCause[] {
  const user: UserInfo = {name: serviceAccountUsername(namespace, serviceAccount), groups: serviceAccountGroups(namespace)};
  const attrs = reviewAttributes(gmsaUseReview(namespace, serviceAccount, credSpec));
  const causes: DenialCause[] = [];
  const add: AddCause = (c) => {
    if (!causes.some((x) => x.kind === c.kind && x.message === c.message)) causes.push(c);
  };

  // The apiserver said no, yet the objects we read say yes: name the grant and the likely cause.
  const ours = authz.authorize(attrs);
  if (ours.allowed) {
    add({
      kind: 'not-reproduced',
      message: `the RBAC objects read here grant it (${ours.reason.replace(/^RBAC: /, '')}), but the apiserver answered no: the grant may be newer than the apiserver's authorization cache, or another authorizer decides`,
    });
    return causes;
  }
  const q: DenialQuestion = {authz, user, attrs, namespace, serviceAccount, credSpec};
  inScopeBindingCauses(q, add);
  otherNamespaceCauses(q, add);

  causes.sort((a, b) => DENIAL_ORDER.indexOf(a.kind) - DENIAL_ORDER.indexOf(b.kind));
  if (causes.length === 0) {
    add({
      kind: 'no-binding',
      message: `no ClusterRoleBinding, and no RoleBinding in namespace "${namespace}", grants the verb "use" on ${GMSA_RESOURCE}.${GMSA_GROUP} "${credSpec}" to ServiceAccount "${serviceAccount}/${namespace}" or its groups`,
    });
  }
  return causes;
}

function allowsUse(attrs: RequestAttributes, rules: PolicyRule[]): boolean {
  return rules.some((r) => ruleAllows(attrs, r));
}

/** The bindings that could grant in the review's namespace: a missing role, a role that nearly allows, or subjects that miss. */
function inScopeBindingCauses({authz, user, attrs, namespace, serviceAccount, credSpec}: DenialQuestion, add: AddCause): void {
  const inScope: Candidate[] = [
    ...authz.allClusterRoleBindings().map((b) => toCandidate('ClusterRoleBinding', b, '')),
    ...authz.roleBindingsIn(namespace).map((b) => toCandidate('RoleBinding', b, namespace)),
  ];
  for (const c of inScope) {
    const applies = appliesTo(user, c.subjects, c.namespace) >= 0;
    const {rules, error} = authz.roleRules(c.ref, c.namespace);
    if (applies && error) {
      add({
        kind: 'role-missing',
        binding: bindingLabel(c),
        message: `${bindingLabel(c)} binds ${describeSubject(c.subjects[appliesTo(user, c.subjects, c.namespace)], c.namespace)} to ${roleLabel(c.ref)}, which does not exist (${error})`,
      });
      continue;
    }
    if (!rules) continue;
    if (applies) {
      // The binding names the service account; its role comes close but does not allow.
      for (const r of rules) describeNearMiss(r, credSpec, c, add, rules);
      continue;
    }
    if (!allowsUse(attrs, rules)) continue;
    // The role would allow, but the subjects do not reach the webhook's identity.
    subjectMisses(c, user, namespace, serviceAccount, add);
  }
}

/** RoleBindings elsewhere that name this service account: they grant only in their own namespace. */
function otherNamespaceCauses({authz, user, attrs, namespace, credSpec}: DenialQuestion, add: AddCause): void {
  for (const ns of authz.namespacesWithRoleBindings()) {
    if (ns === namespace) continue;
    for (const b of authz.roleBindingsIn(ns)) {
      const c = toCandidate('RoleBinding', b, ns);
      if (appliesTo(user, c.subjects, ns) < 0) continue;
      const {rules} = authz.roleRules(c.ref, c.namespace);
      if (rules && allowsUse(attrs, rules)) {
        add({
          kind: 'other-namespace',
          binding: bindingLabel(c),
          message: `${bindingLabel(c)} grants use of "${credSpec}" to the service account, but a RoleBinding grants only in its own namespace ("${ns}"), and the webhook asks in "${namespace}"`,
        });
      }
    }
  }
}

/** Subjects of a binding whose role would allow `use` that come close to the webhook's identity but do not reach it. */
function subjectMisses(c: Candidate, user: UserInfo, namespace: string, serviceAccount: string, add: (d: DenialCause) => void): void {
  for (const s of c.subjects) {
    if (s.kind === 'Group' && (s.name === 'system:authenticated' || s.name === 'system:unauthenticated')) {
      add({
        kind: 'group-not-in-review',
        binding: bindingLabel(c),
        message: `${bindingLabel(c)} grants ${roleLabel(c.ref)} to Group "${s.name}", but the windows-gmsa webhook's review carries only the groups system:serviceaccounts and system:serviceaccounts:${namespace}`,
      });
    } else if (s.kind === 'ServiceAccount') {
      const sNs = s.namespace || c.namespace;
      if (s.name === serviceAccount && sNs !== namespace) {
        add({
          kind: 'other-subject',
          binding: bindingLabel(c),
          message: `${bindingLabel(c)} grants ${roleLabel(c.ref)} to ${describeSubject(s, c.namespace)}, the service account of that name in another namespace, not "${serviceAccount}/${namespace}"`,
        });
      } else if (sNs === namespace && s.name !== serviceAccount && s.name.toLowerCase() === serviceAccount.toLowerCase()) {
        add({
          kind: 'other-subject',
          binding: bindingLabel(c),
          message: `${bindingLabel(c)} grants ${roleLabel(c.ref)} to ${describeSubject(s, c.namespace)}, which differs in case from the pod's service account "${serviceAccount}/${namespace}"`,
        });
      }
    } else if (s.kind === 'User' && s.name.toLowerCase() === user.name.toLowerCase() && s.name !== user.name) {
      add({
        kind: 'other-subject',
        binding: bindingLabel(c),
        message: `${bindingLabel(c)} grants ${roleLabel(c.ref)} to User "${s.name}", which differs in case from "${user.name}"`,
      });
    }
  }
}

/** A rule in a role bound to the service account that would allow `use` but for one detail. */
function describeNearMiss(r: PolicyRule, credSpec: string, c: Candidate, add: (d: DenialCause) => void, all: PolicyRule[]): void {
  const fixed = (rule: PolicyRule): RoleFix | undefined =>
    c.ref.kind === 'Role' || c.ref.kind === 'ClusterRole'
      ? {kind: c.ref.kind, name: c.ref.name, ...(c.ref.kind === 'Role' ? {namespace: c.namespace} : {}), rules: all.map((x) => (x === r ? rule : x))}
      : undefined;
  const verb = verbMatches(r, 'use');
  const group = apiGroupMatches(r, GMSA_GROUP);
  const resource = resourceMatches(r, GMSA_RESOURCE, '');
  const name = resourceNameMatches(r, credSpec);
  const where = `${bindingLabel(c)} of ${roleLabel(c.ref)}`;
  const looksLikeGmsaResource = (r.resources ?? []).some((x) => /gmsa|credentialspec/i.test(x));
  if (verb && group && resource && !name) {
    const caseOnly = (r.resourceNames ?? []).find((n) => n.toLowerCase() === credSpec.toLowerCase());
    if (caseOnly !== undefined) {
      add({
        kind: 'resource-name-case',
        binding: bindingLabel(c),
        message: `${where} names resourceNames "${caseOnly}", which differs from "${credSpec}" only in case; RBAC compares names case-sensitively (object names are lower case)`,
        roleFix: fixed({...r, resourceNames: (r.resourceNames ?? []).map((n) => (n === caseOnly ? credSpec : n))}),
      });
    } else {
      add({
        kind: 'other-resource-name',
        binding: bindingLabel(c),
        message: `${where} allows "use" only on ${(r.resourceNames ?? []).map((n) => `"${n}"`).join(', ')}, not "${credSpec}"`,
      });
    }
  } else if (verb && !group && resource && name) {
    add({
      kind: 'wrong-api-group',
      binding: bindingLabel(c),
      message: `${where} allows "use" on gmsacredentialspecs in apiGroups ${JSON.stringify(r.apiGroups ?? [])}; the webhook asks for the group "${GMSA_GROUP}"`,
      // Only gMSA resources in the rule: the group is simply wrong; otherwise add the group, take nothing away.
      roleFix: fixed({...r, apiGroups: (r.resources ?? []).every((x) => /gmsa|credentialspec/i.test(x)) ? [GMSA_GROUP] : [...(r.apiGroups ?? []), GMSA_GROUP]}),
    });
  } else if (verb && group && !resource && name && looksLikeGmsaResource) {
    add({
      kind: 'wrong-resource',
      binding: bindingLabel(c),
      message: `${where} names resources ${JSON.stringify(r.resources ?? [])}; the webhook asks for the resource "${GMSA_RESOURCE}" (lower case, plural)`,
    });
  } else if (!verb && group && resource && name && (looksLikeGmsaResource || (r.resources ?? []).includes('*'))) {
    add({
      kind: 'wrong-verb',
      binding: bindingLabel(c),
      message: `${where} allows ${JSON.stringify(r.verbs ?? [])} on gmsacredentialspecs, but not the verb "use" the webhook asks for`,
    });
  } else if (verb && !group && !resource && name && looksLikeGmsaResource) {
    add({
      kind: 'wrong-api-group',
      binding: bindingLabel(c),
      message: `${where} allows "use" on ${JSON.stringify(r.resources ?? [])} in apiGroups ${JSON.stringify(r.apiGroups ?? [])}; the webhook asks for gmsacredentialspecs in the group "${GMSA_GROUP}"`,
    });
  }
}

/** Lower-case DNS-1123 names for the fix's ClusterRole and RoleBinding. */
function dnsName(s: string, max = 253): string {
  const n = s
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
  return n.slice(0, max).replace(/[^a-z0-9]+$/, '') || 'gmsa';
}

const isOnly = (list: string[] | undefined, value: string) => list?.length === 1 && list[0] === value;

/**
 * A ClusterRole that grants exactly `use` of this credential spec and nothing else, to bind rather
 * than create another copy (the name sorted first when several do).
 */
export function exactUseRole(clusterroles: readonly KubeObject[] | undefined, credSpec: string): string | undefined {
  const names = (clusterroles ?? [])
    .filter(
      (r) =>
        !r.aggregationRule &&
        Array.isArray(r.rules) &&
        r.rules.length > 0 &&
        (r.rules as PolicyRule[]).every(
          (x) => isOnly(x.apiGroups, GMSA_GROUP) && isOnly(x.resources, GMSA_RESOURCE) && isOnly(x.verbs, 'use') && isOnly(x.resourceNames, credSpec),
        ),
    )
    .map((r) => r.metadata?.name ?? '')
    .filter((n) => n !== '')
    .sort();
  return names[0];
}

/** The name of the RoleBinding the fix creates. */
export function gmsaUseBindingName(serviceAccount: string, credSpec: string): string {
  return dnsName(`${serviceAccount}-use-gmsa-${credSpec}`);
}

/**
 * The RoleBinding (and, unless `existingRole` already grants exactly this use, the ClusterRole)
 * that make the webhook's review say yes (configure-gmsa.md). The new role is named after the
 * credential spec alone, so every ServiceAccount that needs it shares one role.
 */
export function gmsaUseFixManifest(namespace: string, serviceAccount: string, credSpec: string, existingRole?: string): string {
  const role = existingRole ?? dnsName(`gmsa-use-${credSpec}`);
  const binding = gmsaUseBindingName(serviceAccount, credSpec);
  const roleDoc = existingRole
    ? []
    : [
        'apiVersion: rbac.authorization.k8s.io/v1',
        'kind: ClusterRole',
        'metadata:',
        `  name: ${role}`,
        'rules:',
        `- apiGroups: ["${GMSA_GROUP}"]`,
        `  resources: ["${GMSA_RESOURCE}"]`,
        '  verbs: ["use"]',
        `  resourceNames: ["${credSpec}"]`,
        '---',
      ];
  return [
    ...roleDoc,
    'apiVersion: rbac.authorization.k8s.io/v1',
    'kind: RoleBinding',
    'metadata:',
    `  name: ${binding}`,
    `  namespace: ${namespace}`,
    'subjects:',
    '- kind: ServiceAccount',
    `  name: ${serviceAccount}`,
    `  namespace: ${namespace}`,
    'roleRef:',
    '  apiGroup: rbac.authorization.k8s.io',
    '  kind: ClusterRole',
    `  name: ${role}`,
    '',
  ].join('\n');
}
