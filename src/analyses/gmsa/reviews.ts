// The webhook's own question for each (namespace, service account, credential spec): may this
// service account `use` it? One review per distinct question, started as soon as the stream shows it
// (bounded), so the reviews overlap the rest of the stream instead of following it; each item gets
// its answer once it is in (answered-in-order.ts), and each denial a finding with why and the fix
// that fits what exists.
import {
  explainGmsaDenial,
  gmsaUseFixManifest,
  exactUseRole,
  gmsaUseBindingName,
  gmsaUseReview,
  type RbacAuthorizer,
  type RoleFix,
} from '../../k8s/rbac/index.js';
import {goQuote} from '../../k8s/go-quote.js';
import {finding} from '../../report/finding.js';
import type {Finding, Remedy} from '../../report/types.js';
import type {ResourceName} from '../../k8s/resources.js';
import type {KubeObject} from '../../k8s/object.js';
import type {AccessReviewResult, Capabilities} from '../../k8s/snapshot.js';
import {limiter} from '../../util/pool.js';
import type {GmsaItem} from './analysis.js';

export interface Question {
  done?: Promise<void>;
  result?: AccessReviewResult;
  error?: string;
  /** Answered, failed, or never to be asked (no review capability): nothing more will come. */
  settled: boolean;
}

const keyOf = (ns: string, sa: string, cs: string) => `${ns}\u0000${sa}\u0000${cs}`;

export class UseReviews {
  private readonly questions = new Map<string, Question>();
  private readonly start: ReturnType<typeof limiter>;

  /** `review` undefined: the questions are only counted (no source or no RBAC objects to answer them). */
  constructor(
    private readonly review: Capabilities['accessReview'],
    concurrency: number,
  ) {
    this.start = limiter(concurrency);
  }

  get size(): number {
    return this.questions.size;
  }

  /** The question, asked once: its review starts now (or when one in flight ends). */
  ask(ns: string, sa: string, cs: string): Question {
    const key = keyOf(ns, sa, cs);
    const known = this.questions.get(key);
    if (known) return known;
    const review = this.review;
    const q: Question = {settled: !review};
    this.questions.set(key, q);
    if (!review) return q;
    q.done = this.start(async () => {
      try {
        q.result = await review(gmsaUseReview(ns, sa, cs));
      } catch (err) {
        q.error = (err as Error).message;
      } finally {
        q.settled = true;
      }
    });
    q.done.catch(() => {}); // awaited in settle
    return q;
  }

  /** Waits for every review; the distinct errors of those that failed. */
  async settle(): Promise<string[]> {
    await Promise.all([...this.questions.values()].map((q) => q.done));
    return [...new Set([...this.questions.values()].filter((q) => q.error).map((q) => q.error!))];
  }

  /**
   * The item gets its question's answer (none when the review failed or was never asked); a denied
   * one its explanation (`explainer` is asked only then) and its fix, and the gmsa/rbac-use-denied
   * finding returned.
   */
  answer(i: GmsaItem, q: Question, explainer: () => RbacAuthorizer | undefined, objects: Partial<Record<ResourceName, KubeObject[]>>): Finding | undefined {
    const result = q.result;
    if (!result) return undefined;
    i.canUse = result.allowed;
    i.via = result.via;
    i.grantedBy = result.allowed ? result.reason || null : null;
    if (result.evaluationError) i.evaluationError = result.evaluationError;
    if (result.allowed) return undefined;
    i.reason = result.reason;
    const authorizer = explainer();
    i.denial = authorizer ? explainGmsaDenial(authorizer, i.namespace, i.serviceAccount, i.credentialSpec) : [];
    return denied(i, result.reason, objects);
  }
}

function denied(i: GmsaItem, reason: string | undefined, objects: Partial<Record<ResourceName, KubeObject[]>>): Finding {
  // webhook.go validateCreateRequest L309-314, word for word (Go %q quoting).
  const message = `service account ${goQuote(i.serviceAccount)} is not authorized to \`use\` GMSA cred spec ${goQuote(i.credentialSpec)}${reason ? `, reason: ${goQuote(reason)}` : ''}`;
  const why = i.denial && i.denial.length > 0 ? i.denial.map((d) => d.message).join('; ') : 'the RBAC objects that would explain it could not be read';
  return finding('gmsa/rbac-use-denied', {
    object: {kind: i.kind, namespace: i.namespace, name: i.name},
    field: i.fields[0],
    message,
    remedy: rbacRemedy(i, why, objects),
  });
}

/** An aggregated ClusterRole's rules are rewritten by its controller: fixing it in place would not last. */
function isAggregated(fix: RoleFix, objects: Partial<Record<ResourceName, KubeObject[]>>): boolean {
  return fix.kind === 'ClusterRole' && !!objects.clusterroles?.find((r) => r.metadata?.name === fix.name)?.aggregationRule;
}

/**
 * The fix that fits what exists: the ServiceAccount's own role corrected in place when it misses by a
 * detail (name case, API group); else a RoleBinding to a ClusterRole that already grants exactly
 * this use; else that RoleBinding and the one ClusterRole per credential spec every ServiceAccount shares.
 */
function rbacRemedy(i: GmsaItem, why: string, objects: Partial<Record<ResourceName, KubeObject[]>>): Remedy {
  const existingRole = exactUseRole(objects.clusterroles, i.credentialSpec);
  // The item keeps the binding manifest either way (the contract's `fix`): a new grant is an alternative to fixing the role.
  i.fix = gmsaUseFixManifest(i.namespace, i.serviceAccount, i.credentialSpec, existingRole);
  const fix = i.denial?.find((d) => d.roleFix && !isAggregated(d.roleFix, objects))?.roleFix;
  if (fix) {
    return {
      text: `Why: ${why}. Fix ${fix.kind} "${fix.name}" in place: the patch sets its rules with that rule corrected.`,
      target: {kind: fix.kind, apiVersion: 'rbac.authorization.k8s.io/v1', ...(fix.namespace ? {namespace: fix.namespace} : {}), name: fix.name},
      patch: {rules: fix.rules},
    };
  }
  return {
    text: existingRole
      ? `Why: ${why}. Bind the existing ClusterRole "${existingRole}", which grants exactly this use (or fix the binding named above).`
      : `Why: ${why}. Apply the ClusterRole and RoleBinding below (the role is shared by every ServiceAccount that uses "${i.credentialSpec}"), or fix the binding named above.`,
    target: {
      kind: 'RoleBinding',
      apiVersion: 'rbac.authorization.k8s.io/v1',
      namespace: i.namespace,
      name: gmsaUseBindingName(i.serviceAccount, i.credentialSpec),
    },
    manifest: i.fix,
  };
}
