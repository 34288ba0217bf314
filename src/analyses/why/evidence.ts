// What a pod says about itself: its status (waiting and terminated containers, the PodScheduled
// condition, an eviction) and its Warning events, as quotable lines with age and count. Pure.
import type {V1ContainerStatus, V1PodStatus} from '@kubernetes/client-node';
import type {KubeObject} from '../../k8s/object.js';
import {pushAll} from '../../util/arrays.js';

export interface Evidence {
  /** status: the pod's own status; event: a Warning event on the pod; owner-event: on its owner. */
  from: 'status' | 'event' | 'owner-event';
  /** The event's or the state's reason: FailedScheduling, CrashLoopBackOff, FailedCreate, ... */
  reason: string;
  message: string;
  /** The container a status line is about. */
  container?: string;
  /** A terminated container's exit code, as the API reports it (int32). */
  exitCode?: number;
  /** How often the event was seen (count, or series.count). */
  count?: number;
  /** Seconds since the event was last seen, or since the state began. */
  ageSeconds?: number;
  /** The object an owner event is about: ReplicaSet/web-5d4f. */
  object?: string;
}

/** Reasons that only say the kubelet is busy: no message, nothing to decode. */
const ROUTINE_WAITING = new Set(['ContainerCreating', 'PodInitializing']);

function seconds(now: number, stamp: string | Date | undefined): number | undefined {
  if (stamp === undefined) return undefined;
  const t = new Date(stamp).getTime();
  return Number.isNaN(t) ? undefined : Math.max(0, Math.round((now - t) / 1000));
}

function containerEvidence(c: V1ContainerStatus, now: number): Evidence[] {
  const out: Evidence[] = [];
  const waiting = c.state?.waiting;
  if (waiting?.reason && !(ROUTINE_WAITING.has(waiting.reason) && !waiting.message)) {
    out.push({from: 'status', reason: waiting.reason, message: waiting.message ?? '', container: c.name});
  }
  // The last run's end is why a container waits in CrashLoopBackOff; a current termination counts too.
  for (const t of [c.state?.terminated, c.lastState?.terminated]) {
    if (!t || (t.exitCode === 0 && t.reason === 'Completed')) continue;
    out.push({
      from: 'status',
      reason: t.reason ?? 'Terminated',
      message: t.message ?? '',
      container: c.name,
      exitCode: t.exitCode,
      ageSeconds: seconds(now, t.finishedAt),
      count: c.restartCount || undefined,
    });
  }
  return out;
}

/** The status lines of a pod, init containers first (they run first). */
export function statusEvidence(status: V1PodStatus | undefined, now: number): Evidence[] {
  if (!status) return [];
  const out: Evidence[] = [];
  const scheduled = status.conditions?.find((c) => c.type === 'PodScheduled');
  if (scheduled?.status === 'False' && scheduled.message) {
    out.push({from: 'status', reason: scheduled.reason ?? 'Unschedulable', message: scheduled.message, ageSeconds: seconds(now, scheduled.lastTransitionTime)});
  }
  if (status.reason && status.message) out.push({from: 'status', reason: status.reason, message: status.message});
  for (const c of status.initContainerStatuses ?? []) pushAll(out, containerEvidence(c, now));
  for (const c of status.containerStatuses ?? []) pushAll(out, containerEvidence(c, now));
  return out;
}

/** A Warning event as evidence; core/v1 and events.k8s.io/v1 (series) fields both read. */
export function eventEvidence(e: KubeObject, now: number, from: 'event' | 'owner-event'): Evidence {
  const last = e.lastTimestamp ?? e.series?.lastObservedTime ?? e.eventTime ?? e.firstTimestamp ?? e.metadata?.creationTimestamp;
  const io = e.involvedObject ?? e.regarding ?? {};
  return {
    from,
    reason: String(e.reason ?? ''),
    message: String(e.message ?? e.note ?? ''),
    count: Number(e.count ?? e.series?.count ?? 1) || 1,
    ageSeconds: seconds(now, last),
    ...(from === 'owner-event' ? {object: `${io.kind}/${io.name}`} : {}),
  };
}

/** kubectl's short age: 45s, 12m, 3h, 2d. */
export function shortAge(s: number | undefined): string {
  if (s === undefined) return '';
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.floor(s / 60)}m`;
  if (s < 172800) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}

/** One line, quoted: `FailedScheduling (x3, 2m ago): "0/4 nodes are available: ..."`. */
export function quoteEvidence(e: Evidence): string {
  const meta = [e.count && e.count > 1 ? `x${e.count}` : '', e.ageSeconds !== undefined ? `${shortAge(e.ageSeconds)} ago` : ''].filter(Boolean).join(', ');
  const where = e.object ? ` on ${e.object}` : e.container ? ` (container ${e.container})` : '';
  const exit = e.exitCode !== undefined ? ` exit code ${e.exitCode}` : '';
  return `${e.reason}${where}${exit}${meta ? ` [${meta}]` : ''}${e.message ? `: "${e.message}"` : ''}`;
}

/**
 * The Warning events read for the scope, indexed so that each pod and owner finds its own in
 * constant time (100,000 pods: no scan per pod).
 */
export class EventIndex {
  private readonly byUid = new Map<string, KubeObject[]>();
  private readonly byName = new Map<string, KubeObject[]>();

  constructor(events: readonly KubeObject[]) {
    for (const e of events) {
      const io = e.involvedObject ?? e.regarding;
      if (!io) continue;
      if (io.uid) push(this.byUid, io.uid, e);
      push(this.byName, nameKey(io.kind, io.namespace ?? e.metadata?.namespace, io.name), e);
    }
  }

  /** An object's events: by uid when it has one (a recreated pod of the same name has other events), else by name. */
  of(kind: string, namespace: string, name: string, uid: string | undefined): KubeObject[] {
    if (uid) {
      const own = this.byUid.get(uid);
      if (own) return own;
      // Events written without a uid (by hand, or by tools) still name the object.
      return (this.byName.get(nameKey(kind, namespace, name)) ?? []).filter((e) => !(e.involvedObject ?? e.regarding)?.uid);
    }
    return this.byName.get(nameKey(kind, namespace, name)) ?? [];
  }
}

function nameKey(kind: string | undefined, namespace: string | undefined, name: string | undefined): string {
  return `${kind ?? ''}\u0000${namespace ?? ''}\u0000${name ?? ''}`;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}
