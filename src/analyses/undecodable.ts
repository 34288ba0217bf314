// What a per-pod analysis other than lint and qos says about an object the apiserver cannot decode:
// it is not checked (its spec is not what it seems), and the report says so instead of passing it.
// lint (lint/undecodable) and qos report the decode error itself.
import type {Skipped} from '../report/types.js';
import type {Workload} from '../k8s/snapshot.js';

export function notCheckedUndecodable(analysis: string, w: Workload): Skipped {
  return {
    check: `${analysis}/undecodable`,
    reason: `${w.kind} ${w.namespace}/${w.name} not checked: the apiserver cannot decode it (see lint/undecodable at ${w.undecodable?.field})`,
  };
}
