// The accessReview capability. Live: a LocalSubjectAccessReview in the request's namespace, sent
// exactly as the caller built it (for gMSA: as the windows-gmsa webhook builds it). When the user may
// not create reviews (403), our RBAC evaluator over the RBAC objects the user can read answers
// instead, marked `via: 'evaluator'`. Offline: the evaluator over the manifests.
import type {AccessReviewRequest, KubeObject} from '../k8s/object.js';
import type {AccessReviewResult} from '../k8s/snapshot.js';
import {ApiError, type KubeClient} from './kube-client.js';

type Review = (req: AccessReviewRequest) => Promise<AccessReviewResult>;

interface RbacKinds {
  roles?: KubeObject[];
  rolebindings?: KubeObject[];
  clusterroles?: KubeObject[];
  clusterrolebindings?: KubeObject[];
}

/** The evaluator over a fixed set of RBAC objects (manifests, or what a limited user could read). */
export function evaluatorAccessReview(objects: RbacKinds, defaultNamespace = 'default', evaluationError?: string): Review {
  let authz: Promise<import('../k8s/rbac/authorizer.js').RbacAuthorizer> | undefined;
  return async (req) => {
    const {RbacAuthorizer} = await import('../k8s/rbac/authorizer.js');
    const {reviewAttributes} = await import('../k8s/rbac/gmsa-use.js');
    authz ??= Promise.resolve(new RbacAuthorizer(objects, defaultNamespace));
    const d = (await authz).authorize(reviewAttributes(req));
    return {allowed: d.allowed, reason: d.reason, via: 'evaluator', ...(evaluationError ? {evaluationError} : {})};
  };
}

/** The LocalSubjectAccessReview body for a request. */
export function localSubjectAccessReview(req: AccessReviewRequest): KubeObject {
  return {
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'LocalSubjectAccessReview',
    metadata: {namespace: req.namespace},
    spec: {
      resourceAttributes: {
        namespace: req.namespace,
        verb: req.verb,
        group: req.group,
        ...(req.version ? {version: req.version} : {}),
        resource: req.resource,
        ...(req.name ? {name: req.name} : {}),
      },
      user: req.user,
      groups: req.groups,
    },
  };
}

/**
 * Live reviews through the apiserver; after the first 403 every later question goes to the
 * evaluator over the RBAC objects this user can list (cluster-wide kinds once, namespaced kinds once
 * per namespace). If none of them can be read either, the review rejects with one line.
 */
export function clusterAccessReview(client: KubeClient): Review {
  let forbidden = false;
  let cluster: Promise<{clusterroles?: KubeObject[]; clusterrolebindings?: KubeObject[]; errors: string[]}> | undefined;
  const namespaced = new Map<string, Promise<{roles?: KubeObject[]; rolebindings?: KubeObject[]; errors: string[]}>>();

  const tryList = async (path: string, what: string, errors: string[]): Promise<KubeObject[] | undefined> => {
    try {
      return await client.listAll(path);
    } catch (err) {
      if (err instanceof ApiError) {
        errors.push(`cannot list ${what}: ${err.message}`);
        return undefined;
      }
      throw err;
    }
  };

  const evaluate = async (req: AccessReviewRequest): Promise<AccessReviewResult> => {
    cluster ??= (async () => {
      const errors: string[] = [];
      const [clusterroles, clusterrolebindings] = await Promise.all([
        tryList('/apis/rbac.authorization.k8s.io/v1/clusterroles', 'clusterroles', errors),
        tryList('/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', 'clusterrolebindings', errors),
      ]);
      return {clusterroles, clusterrolebindings, errors};
    })();
    if (!namespaced.has(req.namespace)) {
      const ns = encodeURIComponent(req.namespace);
      namespaced.set(
        req.namespace,
        (async () => {
          const errors: string[] = [];
          const [roles, rolebindings] = await Promise.all([
            tryList(`/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/roles`, `roles in "${req.namespace}"`, errors),
            tryList(`/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings`, `rolebindings in "${req.namespace}"`, errors),
          ]);
          return {roles, rolebindings, errors};
        })(),
      );
    }
    const c = await cluster;
    const n = await namespaced.get(req.namespace)!;
    const errors = [...c.errors, ...n.errors];
    if (!c.clusterroles && !c.clusterrolebindings && !n.roles && !n.rolebindings) {
      throw new Error(`forbidden: cannot create localsubjectaccessreviews and cannot read RBAC objects (${errors.join('; ')})`);
    }
    const partial = errors.length > 0 ? `evaluated without the RBAC objects this user cannot read: ${errors.join('; ')}` : undefined;
    const answer = await evaluatorAccessReview({...c, ...n}, req.namespace, partial)(req);
    // RBAC only adds permissions: a grant found in part of the objects stands, a denial does not.
    if (partial && !answer.allowed)
      throw new Error(`forbidden: cannot create localsubjectaccessreviews, and without all RBAC objects a denial cannot be told (${errors.join('; ')})`);
    return answer;
  };

  return async (req) => {
    if (forbidden) return evaluate(req);
    try {
      const {body} = await client.request<{status?: {allowed?: boolean; denied?: boolean; reason?: string; evaluationError?: string}}>(
        `/apis/authorization.k8s.io/v1/namespaces/${encodeURIComponent(req.namespace)}/localsubjectaccessreviews`,
        // A review without status.allowed is retried, then fails: the reference is then not checked,
        // never "cannot use" (response-shape.ts).
        {method: 'POST', body: localSubjectAccessReview(req), idempotent: true, expect: 'review'},
      );
      const s = body.status!;
      // The webhook: `response.Status.Allowed && !response.Status.Denied`.
      return {
        allowed: Boolean(s.allowed) && !s.denied,
        reason: s.reason ?? '',
        via: 'apiserver',
        ...(s.evaluationError ? {evaluationError: s.evaluationError} : {}),
      };
    } catch (err) {
      if (err instanceof ApiError && err.status === 403) {
        forbidden = true;
        return evaluate(req);
      }
      throw err;
    }
  };
}

/** The RBAC objects among manifests, by kind (every namespace: RBAC is not scoped by -n). */
export function rbacObjectsOf(objects: KubeObject[]): RbacKinds {
  const out: Required<RbacKinds> = {roles: [], rolebindings: [], clusterroles: [], clusterrolebindings: []};
  for (const o of objects) {
    if (!/^rbac\.authorization\.k8s\.io\//.test(o.apiVersion ?? '')) continue;
    if (o.kind === 'Role') out.roles.push(o);
    else if (o.kind === 'RoleBinding') out.rolebindings.push(o);
    else if (o.kind === 'ClusterRole') out.clusterroles.push(o);
    else if (o.kind === 'ClusterRoleBinding') out.clusterrolebindings.push(o);
  }
  return out;
}
