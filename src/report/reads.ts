// Read completeness (issues 15 and 16): which kinds a run read whole, which it could not, and the
// RBAC permission that would allow each missing read. The source records a list it could not read
// (refused, failed, garbled or partial) as a `read/<plural>` skipped entry; here that entry becomes
// a ReadStatus, and a primary one makes the run incomplete (exit 4), whatever its reason.
import {RESOURCES, WORKLOAD_KINDS, type ResourceName} from '../k8s/resources.js';
import type {Snapshot, SnapshotRequest} from '../k8s/snapshot.js';
import type {ReadStatus, Report, Skipped} from './types.js';

const READ_PREFIX = 'read/';

/**
 * Kinds served only when an optional API is installed (a CRD) or no longer served (PSP from 1.25).
 * Their 404 means no such object can exist: a complete, empty read, not a missing one. The words
 * are cluster-source.ts's forbiddenReason for a 404.
 */
const OPTIONAL_APIS: ReadonlySet<ResourceName> = new Set(['gmsacredentialspecs', 'podsecuritypolicies']);
const NOT_SERVED = /^API not served\b/;

/** How a skipped entry starts when the API it needed is not served: nothing of that kind can exist. */
export const NOT_SERVED_PREFIX = 'API not served';

/** Every kind a request lists: the small kinds, then the streamed ones. */
export function requestedKinds(req: SnapshotRequest): ResourceName[] {
  const kinds = new Set<ResourceName>(req.kinds ?? []);
  if (req.events) kinds.add('events');
  if (req.pods) kinds.add('pods');
  if (req.workloads) for (const k of WORKLOAD_KINDS) kinds.add(k);
  return [...kinds];
}

/** The streamed kinds of a request: what every per-pod analysis examines (its primary reads). */
export function streamedKinds(req: SnapshotRequest): ResourceName[] {
  return [...(req.pods ? (['pods'] as const) : []), ...(req.workloads ? WORKLOAD_KINDS : [])];
}

/** `pods`, `deployments.apps`: the resource as RBAC rules and `kubectl auth can-i` name it. */
export function rbacResource(kind: ResourceName): string {
  const r = RESOURCES[kind];
  return r.group ? `${r.plural}.${r.group}` : r.plural;
}

/** The permission a list needs: `list pods in namespace web`, or `list nodes at cluster scope`. */
export function rbacRule(kind: ResourceName, namespace: string | undefined): string {
  const scoped = RESOURCES[kind].namespaced && namespace !== undefined;
  return `list ${rbacResource(kind)} ${scoped ? `in namespace ${namespace}` : 'at cluster scope'}`;
}

function kindOfCheck(check: string): ResourceName | undefined {
  if (!check.startsWith(READ_PREFIX)) return undefined;
  const kind = check.slice(READ_PREFIX.length);
  return kind in RESOURCES ? (kind as ResourceName) : undefined;
}

/**
 * The read status of every kind requested (and of any other kind the skipped list names), after
 * the pass. `counts` holds the objects seen per kind (streamed kinds are counted on the way by).
 */
export function readStatuses(
  req: SnapshotRequest,
  primary: ReadonlySet<ResourceName>,
  snapshot: Pick<Snapshot, 'objects' | 'namespace' | 'skipped'>,
  counts: ReadonlyMap<ResourceName, number> = new Map(),
): ReadStatus[] {
  const failed = new Map<ResourceName, string[]>();
  for (const s of snapshot.skipped) {
    const kind = kindOfCheck(s.check);
    if (kind) failed.set(kind, [...(failed.get(kind) ?? []), s.reason]);
  }
  const kinds = [...new Set([...requestedKinds(req), ...failed.keys()])];
  return kinds.map((kind): ReadStatus => {
    const namespace = RESOURCES[kind].namespaced ? snapshot.namespace : undefined;
    const base = {resource: rbacResource(kind), ...(namespace !== undefined ? {namespace} : {}), primary: primary.has(kind)};
    const reasons = failed.get(kind);
    if (reasons && !(OPTIONAL_APIS.has(kind) && reasons.every((r) => NOT_SERVED.test(r)))) {
      return {...base, complete: false, reason: [...new Set(reasons)].join('; '), rule: rbacRule(kind, namespace)};
    }
    const held = snapshot.objects[kind];
    return {...base, complete: true, count: held ? held.length : (counts.get(kind) ?? 0), ...(reasons ? {reason: reasons[0]} : {})};
  });
}

/** The pods and workload templates, by RBAC resource name: what a per-pod analysis examines. */
export const STREAMED_RESOURCES: ReadonlySet<string> = new Set((['pods', ...WORKLOAD_KINDS] as ResourceName[]).map(rbacResource));

/** Reads the run needed and did not get: it is not a pass (exit 4). */
export function missingPrimaryReads(report: Pick<Report, 'reads'>): ReadStatus[] {
  return (report.reads ?? []).filter((r) => r.primary && !r.complete);
}

/** One line per missing read: what was not checked and the permission that would allow it. */
export function describeMissingRead(r: ReadStatus): string {
  return `${r.resource}${r.namespace ? ` in namespace ${r.namespace}` : ''} not read (${r.reason ?? 'unknown reason'}); needs RBAC: ${r.rule ?? 'list'}`;
}

/**
 * Whether a skipped entry only says an optional API is not served (no gMSA CRD, no PSP from 1.25):
 * nothing of that kind can exist, so nothing went unchecked. --strict does not count these; a
 * core kind's 404 (`read/pods: API not served`) is a failed read and still counts.
 */
export function notServedOnly(s: Skipped): boolean {
  if (!NOT_SERVED.test(s.reason)) return false;
  const kind = kindOfCheck(s.check);
  return kind === undefined || OPTIONAL_APIS.has(kind);
}

/**
 * The skipped entries a human needs, and the optional APIs that are simply not there (a v1.25+
 * cluster has no PodSecurityPolicy: normal, not a check that could not run). Each absent API is said
 * once: an analysis's own words about it (naming its kind) stand for the bare `read/<plural>` entry.
 */
export function absentApis(skipped: readonly Skipped[]): {absent: Skipped[]; rest: Skipped[]} {
  const absent = skipped.filter(notServedOnly);
  const said = absent.filter((s) => !s.check.startsWith(READ_PREFIX));
  const named = (plural: ResourceName) => said.some((s) => s.reason.includes(RESOURCES[plural].kind));
  return {
    absent: absent.filter((s) => {
      const kind = kindOfCheck(s.check);
      return kind === undefined || !named(kind);
    }),
    rest: skipped.filter((s) => !notServedOnly(s)),
  };
}
