// Small shared pieces of the upgrade plan: where a folded workload's spec lives and how it is named.
import type {ObjectRef} from '../../report/types.js';
import {topOwner} from '../remedy/pod-spec.js';
import type {FoldedWorkload} from './workloads.js';

export const objectOf = (f: FoldedWorkload): ObjectRef => ({kind: f.kind, namespace: f.namespace, name: f.name});

/** The field path of the pod spec in the object the finding names (the owner's template for a pod). */
export function specPathOf(f: FoldedWorkload): string {
  if (f.source.kind !== 'Pod') return f.source.specPath;
  return topOwner(f.source)?.specPath ?? 'spec';
}
