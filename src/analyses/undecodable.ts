// What a per-pod analysis other than lint and qos says about an object the apiserver cannot decode:
// it is not checked (its spec is not what it seems), and the report says so instead of passing it.
// lint (lint/undecodable) and qos report the decode error itself. Which apiserver decides is the
// run's minor, as for lint: a field only later minors know can be undecodable there and an unknown
// field (decoded and dropped) at v1.34 (decodeByMinor, src/k8s/decode.ts).
import type {Skipped} from '../report/types.js';
import type {Snapshot, Workload} from '../k8s/snapshot.js';
import {undecodableAt, type DecodeFailure} from '../k8s/decode.js';
import {LATEST_MINOR, nearestKnown, VERSIONED_ANALYSES} from '../k8s/minor-versions.js';

/** The minor whose apiserver decodes: `chosen` (--k8s-version), else the server's (or the nearest known), else the newest. */
export function decodingMinor(chosen: number | undefined, serverMinor: number | undefined): number {
  const minor = chosen ?? serverMinor;
  return minor === undefined ? LATEST_MINOR : nearestKnown(minor, VERSIONED_ANALYSES.lint);
}

/** The decode failure of `w` for the apiserver of this run (the snapshot's server, else the newest minor). */
export function undecodableInRun(w: Workload, snapshot: Pick<Snapshot, 'serverVersion'>, chosen?: number): DecodeFailure | undefined {
  const serverMinor = snapshot.serverVersion?.major === 1 ? snapshot.serverVersion.minor : undefined;
  return undecodableAt(w, decodingMinor(chosen, serverMinor));
}

export function notCheckedUndecodable(analysis: string, w: Workload, failure: DecodeFailure): Skipped {
  return {
    check: `${analysis}/undecodable`,
    reason: `${w.kind} ${w.namespace}/${w.name} not checked: the apiserver cannot decode it (see lint/undecodable at ${failure.field})`,
  };
}
