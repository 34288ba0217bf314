// RBAC shapes (rbac.authorization.k8s.io/v1) and the request attributes the authorizer sees.
// kubernetes/kubernetes staging/src/k8s.io/api/rbac/v1/types.go and
// staging/src/k8s.io/apiserver/pkg/authorization/authorizer/interfaces.go (Attributes).

export interface PolicyRule {
  verbs?: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export interface Subject {
  kind: string;
  apiGroup?: string;
  name: string;
  namespace?: string;
}

export interface RoleRef {
  apiGroup?: string;
  kind: string;
  name: string;
}

export interface UserInfo {
  name: string;
  groups: string[];
}

/** What an authorizer is asked: a resource request or a non-resource request (path). */
export type RequestAttributes =
  | {
      user: UserInfo;
      resourceRequest: true;
      verb: string;
      namespace?: string;
      group: string;
      resource: string;
      subresource?: string;
      name?: string;
    }
  | {
      user: UserInfo;
      resourceRequest: false;
      verb: string;
      path: string;
    };

/** One binding + role + rule that allows a request, with the apiserver's reason text. */
export interface Grant {
  bindingKind: 'ClusterRoleBinding' | 'RoleBinding';
  bindingName: string;
  bindingNamespace?: string;
  roleKind: string;
  roleName: string;
  subject: Subject;
  ruleIndex: number;
  /** `RBAC: allowed by RoleBinding "b/ns" of ClusterRole "r" to ServiceAccount "sa/ns"` */
  reason: string;
}

export interface Decision {
  allowed: boolean;
  /** The apiserver's status.reason: the allowing source, `RBAC: <errors>` or "". */
  reason: string;
  /** The grant the apiserver would report (the first in evaluation order), if allowed. */
  grant?: Grant;
  /** Every grant that allows the request. The apiserver's informer order is not fixed, so when
   * several grants exist its reason may name any one of them. */
  grants: Grant[];
  /** Errors met while resolving roles (missing roles), as the apiserver words them. */
  errors: string[];
}
