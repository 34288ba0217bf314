// Whether a run looks at part of the cluster. A narrowed scope narrows the verdict: an analysis then
// reports the cluster-scoped objects (credential specs, webhooks, nodes, PodSecurityPolicies) only as
// the objects in scope use them (docs/architecture.md, decision 22).
import type {Snapshot} from '../k8s/snapshot.js';

/** One namespace (given, or the context's without -A), a label selector, or named objects. */
export function scopeIsNarrowed(snapshot: Pick<Snapshot, 'namespace'>, selector: string | undefined, names: readonly string[] | undefined): boolean {
  return snapshot.namespace !== undefined || (selector !== undefined && selector !== '') || (names?.length ?? 0) > 0;
}
