// `kubectl win why`: why Windows pods do not start. Each pod's status and Warning events (and its
// owner's, for a FailedCreate) are decoded with the catalogue (causes.ts), most specific cause
// first, each with its evidence quoted, why, the fix, and the check that proves it from the spec,
// joined from the other analyses run on the same snapshot (join.ts). A node that explains many pods
// is reported once. A running, ready pod has nothing to explain. Pure: `now` comes in the options.
import type {V1ObjectMeta} from '@kubernetes/client-node';
import {makeReport} from '../../report/build.js';
import type {Finding, ObjectRef, Skipped} from '../../report/types.js';
import {controllerOf} from '../../k8s/owners.js';
import {isWindowsNode, isWindowsWorkload, podOs, type ClusterContext} from '../../k8s/windows-pod.js';
import {formatBytes, formatCpu, parseQuantity} from '../nodes/quantity.js';
import type {KubeObject} from '../../k8s/object.js';
import type {Snapshot, SnapshotRequest, Workload} from '../../k8s/snapshot.js';
import type {ResourceName} from '../../k8s/resources.js';
import {withoutRepeats} from '../doctor/repeats.js';
import type {Analysis} from '../types.js';
import {checkOf, finding} from '../../report/finding.js';
import {decodeEvidence, type NodeScope, type WhyCause} from './decode.js';
import {EventIndex, eventEvidence, statusEvidence, type Evidence} from './evidence.js';
import {beginJoin, FindingIndex, joinedRequest, type JoinOptions, type JoinRun} from './join.js';
import {podStatusText, isHealthy} from './pod-state.js';
import {nodeGroups} from './groups.js';

/** A named object: a pod (kind Pod), or a workload whose non-ready pods are explained. */
interface WhyTarget {
  kind: string;
  name: string;
}

export interface WhyOptions {
  /** The POD and kind/name arguments as given (the source reads them by name). */
  names?: string[];
  /** The same, resolved to kinds by the command. */
  targets?: WhyTarget[];
  /** Milliseconds since the epoch: ages are counted from it. */
  now: number;
  /**
   * Run lint, qos, gmsa, psp and nodes on the same snapshot and attach their findings on each pod
   * (the command). Absent under doctor, which shows those findings itself.
   */
  join?: JoinOptions;
}

export interface WhyItem {
  kind: string;
  namespace: string;
  name: string;
  /** kubectl's STATUS column: Pending, ContainerCreating, CrashLoopBackOff, Init:Error, Running, ... */
  status: string;
  ready: boolean;
  restarts: number;
  node?: string;
  /** The node's Ready condition (True, False, Unknown), when the node was read. */
  nodeReady?: string;
  /** `explained`: a cause was found; `not decoded`: evidence matched no entry; `nothing to explain`: running and ready (or no pods to wait for). */
  verdict: 'explained' | 'not decoded' | 'nothing to explain';
  /** Most specific first; the first is the answer. */
  causes: WhyCause[];
  /** What the other analyses found on this pod, its owner, its node and its credential specs. */
  related: Finding[];
  /** Owners only: how many of its pods were seen, and how many were ready. */
  pods?: {seen: number; ready: number};
}

interface PodRecord {
  w: Workload;
  item: WhyItem;
  evidence: Evidence[];
}

const OWNER_KINDS = new Set(['ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'ReplicationController', 'Deployment', 'CronJob']);

const key = (kind: string, name: string) => `${kind}\u0000${name}`;
/** A pod by namespace and name, as relatedOf finds its joined findings. */
const podKey = (namespace: string | undefined, name: string) => `${namespace ?? ''}\u0000${name}`;

function nodeReadyOf(node: KubeObject | undefined): string | undefined {
  return node?.status?.conditions?.find((c: {type: string}) => c.type === 'Ready')?.status;
}

function credentialSpecNames(w: Workload): string[] {
  const names = new Set<string>();
  const pod = w.spec.securityContext?.windowsOptions?.gmsaCredentialSpecName;
  if (pod) names.add(pod);
  for (const c of [...(w.spec.initContainers ?? []), ...w.spec.containers]) {
    const n = c.securityContext?.windowsOptions?.gmsaCredentialSpecName;
    if (n) names.add(n);
  }
  return [...names];
}

class WhyRun {
  private readonly events: EventIndex;
  private readonly nodes = new Map<string, KubeObject>();
  private readonly context: ClusterContext;
  private readonly podNames = new Set<string>();
  private readonly workloadTargets = new Set<string>();
  /** Templates with Warning events, or named (or a named workload's ReplicaSet or Job). */
  private readonly templates = new Map<string, Workload>();
  private readonly records: PodRecord[] = [];
  /** Pods of each named workload, seen and ready. */
  private readonly podsOf = new Map<string, {seen: number; ready: number}>();
  private windowsNodes?: number;
  /** The capacity lines per set of resources: many pending pods share a few. */
  private readonly capacityLines = new Map<string, string[]>();

  constructor(
    private readonly snapshot: Snapshot,
    private readonly options: WhyOptions,
    private readonly join: JoinRun | undefined,
    /** The pods answered for (podKey), as they are visited: the joined findings on other pods are let go. */
    private readonly answered: Set<string>,
  ) {
    this.events = new EventIndex(snapshot.objects.events ?? []);
    for (const n of snapshot.objects.nodes ?? []) this.nodes.set(n.metadata?.name ?? '', n);
    this.context = {nodes: snapshot.objects.nodes, runtimeClasses: snapshot.objects.runtimeclasses};
    for (const t of options.targets ?? []) {
      if (t.kind === 'Pod') this.podNames.add(t.name);
      else this.workloadTargets.add(key(t.kind, t.name));
    }
  }

  private get named(): boolean {
    return (this.options.targets ?? []).length > 0;
  }

  async visit(w: Workload): Promise<void> {
    if (this.join) await this.join.visit(w);
    if (w.template) {
      // Kept only when it can be answered for: its own Warning events, or named (memory stays flat).
      const wanted = this.ownerTarget(w) !== undefined || this.events.of(w.kind, w.namespace, w.name, w.metadata.uid).length > 0;
      if (wanted && OWNER_KINDS.has(w.kind)) this.templates.set(key(w.kind, `${w.namespace}/${w.name}`), w);
      return;
    }
    if (w.kind !== 'Pod') return;
    const target = this.targetOf(w);
    if (this.named && !target) return;
    // Without names: the Windows pods that run somewhere (a manifest's pod without status is a spec, not a pod that fails).
    if (!this.named && (!w.status || podOs(w.spec, this.context).os !== 'windows')) return;
    const healthy = isHealthy(w.status);
    if (target && target !== 'Pod') {
      const counts = this.podsOf.get(target) ?? {seen: 0, ready: 0};
      counts.seen++;
      if (healthy) counts.ready++;
      this.podsOf.set(target, counts);
    }
    // A workload's or the scope's healthy pods are counted, not listed; a named pod is always answered.
    if (healthy && target !== 'Pod') return;
    this.records.push({w, item: this.podItem(w, healthy), evidence: healthy ? [] : this.podEvidence(w)});
    this.answered.add(podKey(w.namespace, w.name));
  }

  /** 'Pod' for a named pod, the named workload's key for one of its pods, else undefined. */
  private targetOf(w: Workload): string | undefined {
    if (this.podNames.has(w.name)) return 'Pod';
    for (const o of [controllerOf(w.metadata), w.topOwner]) {
      if (o && this.workloadTargets.has(key(o.kind, o.name))) return key(o.kind, o.name);
    }
    return undefined;
  }

  private podItem(w: Workload, healthy: boolean): WhyItem {
    const node = w.spec.nodeName;
    const nodeReady = node ? nodeReadyOf(this.nodes.get(node)) : undefined;
    const restarts = (w.status?.containerStatuses ?? []).reduce((n, c) => n + (c.restartCount ?? 0), 0);
    return {
      kind: 'Pod',
      namespace: w.namespace,
      name: w.name,
      status: podStatusText(w.metadata, w.status),
      ready: healthy,
      restarts,
      ...(node ? {node} : {}),
      ...(nodeReady ? {nodeReady} : {}),
      verdict: 'nothing to explain',
      causes: [],
      related: [],
    };
  }

  private podEvidence(w: Workload): Evidence[] {
    const now = this.options.now;
    const out = statusEvidence(w.status, now);
    for (const e of this.events.of('Pod', w.namespace, w.name, w.metadata.uid)) out.push(eventEvidence(e, now, 'event'));
    // A controller's FailedCreate says why its other pods are missing; it rarely explains this one, but quoted it can.
    return out;
  }

  /** Owners with Warning events (FailedCreate): in scope when named, or a Windows template. */
  private ownerRecords(): PodRecord[] {
    const out: PodRecord[] = [];
    const answered = new Set<string>(this.records.map((r) => this.targetOf(r.w)).filter((k): k is string => k !== undefined));
    const targets: Workload[] = [];
    for (const t of this.templates.values()) {
      if (!OWNER_KINDS.has(t.kind)) continue;
      const targetKey = this.ownerTarget(t);
      if (this.named ? targetKey === undefined : podOs(t.spec, this.context).os !== 'windows') continue;
      if (this.workloadTargets.has(key(t.kind, t.name))) targets.push(t);
      const warnings = this.events.of(t.kind, t.namespace, t.name, t.metadata.uid);
      if (warnings.length === 0) continue;
      if (targetKey) answered.add(targetKey);
      out.push(
        this.ownerRecord(
          t,
          warnings.map((e) => eventEvidence(e, this.options.now, 'owner-event')),
          targetKey,
        ),
      );
    }
    // A named workload with nothing to explain in its pods or owners still gets an answer.
    for (const t of targets) {
      const k = key(t.kind, t.name);
      if (!answered.has(k)) out.push(this.ownerRecord(t, [], k));
    }
    return out;
  }

  private ownerRecord(t: Workload, evidence: Evidence[], targetKey: string | undefined): PodRecord {
    const counts = targetKey ? this.podsOf.get(targetKey) : undefined;
    const item: WhyItem = {
      kind: t.kind,
      namespace: t.namespace,
      name: t.name,
      status: counts ? `${counts.ready}/${counts.seen} pods ready` : 'no pods',
      ready: evidence.length === 0 && counts !== undefined && counts.ready === counts.seen,
      restarts: 0,
      verdict: 'nothing to explain',
      causes: [],
      related: [],
      pods: counts ?? {seen: 0, ready: 0},
    };
    return {w: t, item, evidence};
  }

  /** The named workload a template is, or belongs to (a Deployment's ReplicaSet). */
  private ownerTarget(t: Workload): string | undefined {
    const own = key(t.kind, t.name);
    if (this.workloadTargets.has(own)) return own;
    const up = controllerOf(t.metadata as V1ObjectMeta);
    return up && this.workloadTargets.has(key(up.kind, up.name)) ? key(up.kind, up.name) : undefined;
  }

  async finish() {
    const joined = this.join ? await this.join.finish() : {findings: [], skipped: [] as Skipped[]};
    const index = new FindingIndex(joined.findings);
    const records = [...this.records, ...this.ownerRecords()];
    const findings: Finding[] = [];
    for (const r of records) {
      r.item.causes = decodeEvidence(r.evidence, this.nodeScope(r.w));
      if (this.join) r.item.related = this.relatedOf(r.w, index);
      for (const c of r.item.causes) attachProof(c, r.item.related);
      for (const c of r.item.causes) if (c.id === 'why/unschedulable-capacity') c.context = [...(c.context ?? []), ...this.windowsCapacity(c.resources)];
      r.item.verdict = r.item.causes.length === 0 ? 'nothing to explain' : r.item.causes[0].id === 'why/not-decoded' ? 'not decoded' : 'explained';
      for (const c of r.item.causes) findings.push(causeFinding(r.item, c));
    }
    for (const f of nodeGroups(records.map((r) => r.item))) findings.push(f);
    const items = records.map((r) => r.item);
    const report = makeReport('WhyReport', this.snapshot.source, items, findings, [...this.snapshot.skipped, ...joined.skipped]);
    return report;
  }

  /** The nodes the pod's OS does not run on: a scheduler's selector reason on them is as intended. Offline: none known. */
  private nodeScope(w: Workload): NodeScope | undefined {
    if (this.snapshot.objects.nodes === undefined) return undefined;
    this.windowsNodes ??= [...this.nodes.values()].filter(isWindowsNode).length;
    return {otherOsNodes: isWindowsWorkload(w.spec, this.context) ? this.nodes.size - this.windowsNodes : this.windowsNodes};
  }

  /**
   * Each Windows node's allocatable against its capacity: what the system reserve leaves to pods.
   * cpu and memory always; any other resource the scheduler found insufficient (hugepages, an
   * extended resource) as well, or that the node has none of it.
   */
  private windowsCapacity(resources: readonly string[] = []): string[] {
    const extra = resources.filter((r) => r !== 'cpu' && r !== 'memory');
    const cached = this.capacityLines.get(extra.join(' '));
    if (cached) return cached;
    const memoryLike = (r: string) => r === 'memory' || r.startsWith('hugepages-') || r === 'ephemeral-storage';
    const lines = [...this.nodes.values()].filter(isWindowsNode).map((n) => {
      const of = (r: string) => {
        const fmt = r === 'cpu' ? formatCpu : memoryLike(r) ? formatBytes : String;
        const cap = parseQuantity(n.status?.capacity?.[r]);
        const alloc = parseQuantity(n.status?.allocatable?.[r]);
        if (cap === undefined && alloc === undefined && extra.includes(r)) return `no ${r}`;
        return cap === undefined || alloc === undefined ? `${r} unknown` : `${r} ${fmt(alloc)} of ${fmt(cap)}`;
      };
      const parts = ['cpu', 'memory', ...extra].map(of);
      return `${n.metadata?.name}: allocatable ${parts.join(', ')} (the rest is reserved for the system)`;
    });
    this.capacityLines.set(extra.join(' '), lines);
    return lines;
  }

  /** The joined findings on the pod, its top owner, its node and the credential specs it names. */
  private relatedOf(w: Workload, index: FindingIndex): Finding[] {
    const found: Finding[] = [...index.on(w.kind, w.namespace, w.name)];
    // A template's findings may sit on its controller (psp counts a ReplicaSet under its Deployment).
    const owner = w.topOwner ?? controllerOf(w.metadata);
    if (owner) for (const f of index.on(owner.kind, w.namespace, owner.name)) found.push(f);
    if (w.spec.nodeName) for (const f of index.on('Node', undefined, w.spec.nodeName)) found.push(f);
    for (const cs of credentialSpecNames(w)) for (const f of index.on('GMSACredentialSpec', undefined, cs)) found.push(f);
    const seen = new Set<string>();
    return withoutRepeats(found).filter((f) => {
      const k = `${f.id}\u0000${f.object?.kind}\u0000${f.object?.name}\u0000${f.field ?? ''}\u0000${f.message}`;
      return seen.has(k) ? false : (seen.add(k), true);
    });
  }
}

function attachProof(c: WhyCause, related: readonly Finding[]): void {
  if (!c.proof) return;
  const f = related.find((r) => r.id === c.proof!.check);
  if (f) c.proof = {check: c.proof.check, found: true, message: f.message};
}

function causeFinding(item: WhyItem, c: WhyCause): Finding {
  const object: ObjectRef = {kind: item.kind, namespace: item.namespace, name: item.name};
  // The quoted words only: ages and counts change from run to run, a finding must not (CI diffs, doctor).
  const evidence = c.quote ?? '';
  const proved = c.proof?.found
    ? ` ${c.proof.check} shows the change to make: kubectl win why ${item.kind === 'Pod' ? '' : `${item.kind.toLowerCase()}/`}${item.name} -n ${item.namespace} -o yaml lists its finding and remedy.`
    : '';
  return finding(c.id, {object, message: `${checkOf(c.id).title}: ${evidence}`, remedy: {text: `${c.fix}${proved}`}});
}

export const whyAnalysis: Analysis<WhyItem, WhyOptions> = {
  name: 'why',
  reportKind: 'WhyReport',
  request(options: WhyOptions): SnapshotRequest {
    const names = options.names && options.names.length > 0 ? options.names : undefined;
    const own: SnapshotRequest = {kinds: ['nodes', 'runtimeclasses'], pods: true, workloads: true, events: true};
    const joined = options.join ? joinedRequest(options.join) : {};
    const kinds = [...new Set([...(own.kinds ?? []), ...(joined.kinds ?? [])])];
    const workloadNamed = (options.targets ?? []).some((t) => t.kind !== 'Pod');
    return {
      ...joined,
      ...own,
      kinds,
      ...(names ? {names} : {}),
      // kind/name: the named workload, then the namespace's pods to pick its own from.
      ...(workloadNamed ? {podsOfNames: true} : {}),
    };
  },
  /** The pods, and (for the command) the events: without them the answer is not complete. */
  primary(options: WhyOptions): ResourceName[] {
    return options.join ? ['pods', 'events'] : ['pods'];
  },
  async begin(snapshot, options, caps) {
    const answered = new Set<string>();
    // relatedOf looks a pod's own findings up by its name: those on pods it does not answer for go.
    const wanted = (f: Finding) => f.object?.kind !== 'Pod' || answered.has(podKey(f.object.namespace, f.object.name));
    const join = options.join ? await beginJoin(snapshot, options.join, caps, wanted) : undefined;
    return new WhyRun(snapshot, options, join, answered);
  },
};
