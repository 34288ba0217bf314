// `kubectl win qos`: each pod's (or template's) QoS class computed exactly as kube-apiserver does for
// the chosen Kubernetes minor, with the reason per container, the patch that would change it,
// LimitRange attribution, in-place resize state, and what the class means on Windows.
// Pure: reads the Snapshot (nodes and LimitRanges whole, pods and templates streamed once).
import type {V1Container, V1ContainerStatus} from '@kubernetes/client-node';
import {applyLimitRanges, LIMIT_RANGER_ANNOTATION, parseLimitRangerAnnotation, type LimitRangeObject, type LimitRangeSet} from '../../k8s/limit-range.js';
import {
  applyPodDefaults,
  containerListField,
  type PodResources,
  defaultPodLevelResources,
  listToJSON,
  podLevelResourcesEnabled,
  type ContainerType,
} from '../../k8s/pod-defaults.js';
import {nearestKnown, VERSIONED_ANALYSES} from '../../k8s/minor-versions.js';
import {computeQos, LATEST_SUPPORTED_MINOR, type QosAlgorithm, type QosClass} from '../../k8s/qos.js';
import {Quantity} from '../../k8s/quantity.js';
import {streamedKinds} from '../../report/reads.js';
import {makeReport} from '../../report/build.js';
import {finding} from '../../report/finding.js';
import type {Finding, ObjectRef} from '../../report/types.js';
import type {KubeObject} from '../../k8s/object.js';
import type {SnapshotRequest, Workload} from '../../k8s/snapshot.js';
import type {Analysis} from '../types.js';
import type {QosCheckId} from './checks.js';
import {whatWouldChange, type WhatWouldChange} from './patches.js';
import {resourcesOrRejection} from './rejected.js';
import {classOnce, defaultedOnce} from './shared-class.js';
import {resizeInfo, WINDOWS_RESIZE_MESSAGE, type ResizeInfo} from './resize.js';
import {nodeOs as nodeOsOf, podOs, type ClusterContext} from '../../k8s/windows-pod.js';
import {classNote, cpuMaximum, nodeCpuCount, WINDOWS_NOTES} from './windows.js';
import {Pending} from '../../util/arrays.js';

interface QosOptions {
  /** The Kubernetes minor whose rules apply; default: the server's live, LATEST_SUPPORTED_MINOR offline. */
  minor?: number;
  /** Named pods or workloads (kind/name). */
  names?: string[];
  /** Also read workload templates (Deployments, ...): offline, and when a name asks for one. */
  templates?: boolean;
  /**
   * Keep no items, only how many there were (the report's `itemCount`; `items` is then empty).
   * doctor reports only the count; on 10,000 pods the items are ~40 MB it need not hold.
   */
  countItemsOnly?: boolean;
  /**
   * Keep of each item only what the table of the text view without -o wide shows (qosView: kind,
   * namespace, name, the classes, each container's name, type and class, the node OS): `qos` with
   * no pod named, in text. The rest (each pod's corrected manifest, the reasons, resize state) is
   * never worked out: on 10,000 pods it was most of the run and ~100 MB held until the table.
   */
  tableOnly?: boolean;
}

export interface QosContainerItem {
  name: string;
  type: ContainerType;
  /** After defaulting (and, offline, LimitRanges): what the pod has or would have. */
  requests: Record<string, string>;
  limits: Record<string, string>;
  class: QosClass;
  reason: string;
  /** Whether this container's resources decide the class (not ephemeral, no pod-level resources). */
  counts: boolean;
  /** Requests/limits a LimitRange set on this container. */
  limitRange?: {requests: string[]; limits: string[]; limitRange?: string};
  /** Defaulting that changed it ("requests for cpu, memory defaulted from limits"). */
  defaulted?: string[];
  resizePolicy?: Record<string, string>;
  /** status.containerStatuses[].allocatedResources: what the kubelet admitted. */
  allocatedResources?: Record<string, string>;
  /** status.containerStatuses[].resources: what actually runs. */
  actualResources?: {requests?: Record<string, string>; limits?: Record<string, string>};
  /** Windows: the job-object CPU cap the kubelet sets for this container's cpu limit on its node. */
  cpuMaximum?: number;
}

export interface QosItem {
  kind: string;
  namespace: string;
  name: string;
  qosClass: QosClass;
  /** What the apiserver recorded at creation (live pods only), else null. */
  statusQosClass: string | null;
  /** The rules used: v1.N and its algorithm. */
  version: string;
  algorithm: QosAlgorithm;
  /** True when pod-level spec.resources decided the class. */
  podLevel: boolean;
  podResources?: {requests: Record<string, string>; limits: Record<string, string>};
  reason: string;
  containers: QosContainerItem[];
  node: string | null;
  /** kubernetes.io/os of the node, else spec.os.name, else the nodeSelector's; null when unknown. */
  nodeOs: string | null;
  windows: boolean;
  whatWouldChange: WhatWouldChange;
  limitRange?: {source: 'annotation' | 'limitranges'; annotation?: string; set: LimitRangeSet[]};
  resize: ResizeInfo;
  /** What the class means here (Windows) and other notes. */
  notes: string[];
  origin?: string;
}

const positive = (q: Quantity | undefined): q is Quantity => q !== undefined && q.sign() > 0;

/** --k8s-version, else the server's minor (or the nearest this analysis knows), else latest. */
function resolveMinor(options: QosOptions, serverMinor: number | undefined): number {
  return options.minor ?? (serverMinor === undefined ? LATEST_SUPPORTED_MINOR : nearestKnown(serverMinor, VERSIONED_ANALYSES.qos));
}

export const qosAnalysis: Analysis<QosItem, QosOptions> = {
  name: 'qos',
  reportKind: 'QoSReport',
  request(options: QosOptions): SnapshotRequest {
    // Live, the pods' owners are not streamed: their ignore annotations are read apart (metadata only).
    return {kinds: ['limitranges', 'nodes', 'runtimeclasses'], pods: true, workloads: Boolean(options.templates), names: options.names, ownerAnnotations: true};
  },
  primary(options) {
    return streamedKinds(this.request(options));
  },
  begin(snapshot, options) {
    const serverMinor = snapshot.serverVersion?.minor;
    const minor = resolveMinor(options, serverMinor);
    const nodes = new Map<string, KubeObject>();
    for (const n of snapshot.objects.nodes ?? []) nodes.set(n.metadata?.name ?? '', n);
    const limitRanges = new Map<string, LimitRangeObject[]>();
    for (const lr of snapshot.objects.limitranges ?? []) {
      const ns = lr.metadata?.namespace ?? snapshot.namespace ?? 'default';
      limitRanges.set(ns, [...(limitRanges.get(ns) ?? []), lr as LimitRangeObject]);
    }
    const cluster: ClusterContext = {nodes: snapshot.objects.nodes, runtimeClasses: snapshot.objects.runtimeclasses};
    const items = new Pending<QosItem>();
    let counted = 0;
    const findings = new Pending<Finding>();
    return {
      visit(w: Workload) {
        const r = evaluate(w, {
          minor,
          serverMinor,
          nodes,
          cluster,
          limitRanges,
          limitRangesRead: snapshot.objects.limitranges !== undefined,
          findingsOnly: options.countItemsOnly,
          tableOnly: options.tableOnly,
        });
        if (r.item) {
          if (options.countItemsOnly) counted++;
          else items.add(r.item);
        }
        findings.addAll(r.findings);
      },
      takeItems: () => items.take(),
      takeFindings: () => findings.take(),
      finish() {
        // Without the nodes, a node's CPU count is unknown: that check did not run (not "nothing found").
        const why = snapshot.skipped.find((s) => s.check === 'read/nodes')?.reason;
        const skipped =
          snapshot.objects.nodes === undefined
            ? [
                ...snapshot.skipped,
                {check: 'qos/windows-cpu-limit-above-node', reason: `nodes could not be read${why ? ` (${why})` : ''}: the node CPU counts are unknown`},
              ]
            : snapshot.skipped;
        const report = makeReport('QoSReport', snapshot.source, items.take(), findings.take(), skipped);
        if (options.countItemsOnly) report.itemCount = counted;
        return report;
      },
    };
  },
};

export interface EvaluateContext {
  minor: number;
  serverMinor?: number;
  nodes: Map<string, KubeObject>;
  /** The same nodes as a list, for the one definition of a Windows pod (src/k8s/windows-pod.ts). */
  cluster?: ClusterContext;
  limitRanges: Map<string, LimitRangeObject[]>;
  limitRangesRead?: boolean;
  /**
   * Only the findings count (doctor): the item is a bare count and keeps none of the explanations
   * (reasons, quantities, notes, LimitRange attribution, what would change).
   */
  findingsOnly?: boolean;
  /** Only the findings and the table's part of the item (QosOptions.tableOnly). */
  tableOnly?: boolean;
}

/** One pod or template: its item and findings. Exported for unit tests. */
export function evaluate(w: Workload, ctx: EvaluateContext): {item?: QosItem; findings: Finding[]} {
  const object: ObjectRef = {kind: w.kind, namespace: w.namespace, name: w.name};
  const read = resourcesOrRejection(w, object, ctx.minor);
  if ('findings' in read) return {findings: read.findings};
  const admission = admittedResources(w, read.raw, ctx.minor, ctx.limitRanges);
  const lean = ctx.findingsOnly === true || ctx.tableOnly === true;
  const qos = admission.created ? classOnce(admission.resources, ctx.minor, !lean) : computeQos(admission.resources, ctx.minor, !lean);
  const place = placementOf(w.spec, ctx);
  const resize = resizeInfo(w.spec as Parameters<typeof resizeInfo>[0], w.status as Record<string, unknown> | undefined, ctx.minor);
  const containers = containerItems(w, qos, admission, place, resize, lean);
  const statusQosClass = (!w.template && (w.status?.qosClass as string | undefined)) || null;
  const findings = podFindings(w, object, {qos, admission, place, resize, containers, statusQosClass, raw: read.raw}, ctx);
  if (ctx.findingsOnly) return {item: LEAN_ITEM, findings};
  if (ctx.tableOnly) return {item: tableItem(w, qos, place, containers, statusQosClass), findings};
  return {item: fullItem(w, ctx.minor, {qos, admission, place, resize, containers, statusQosClass}), findings};
}

type Resources = ReturnType<typeof applyPodDefaults>['resources'];
type Qos = ReturnType<typeof computeQos>;

/** The resources the pod has or would have, and how they came to be. */
interface Admission {
  /** Already created (a live pod): defaulted and admitted by the apiserver. */
  created: boolean;
  resources: Resources;
  notes: ReturnType<typeof applyPodDefaults>['notes'];
  limitRange?: QosItem['limitRange'];
}

/**
 * Live pods were defaulted and admitted already; templates and manifest pods get what the apiserver
 * would do on create: SetDefaults_Pod, then LimitRanger with the namespace's LimitRanges.
 */
function admittedResources(w: Workload, raw: PodResources, minor: number, limitRanges: Map<string, LimitRangeObject[]>): Admission {
  const created = !w.template && Boolean(w.status?.qosClass || w.metadata.uid);
  const defaulted = created ? defaultedOnce(raw, minor) : applyPodDefaults(raw, minor);
  const annotation = w.podMetadata.annotations?.[LIMIT_RANGER_ANNOTATION];
  if (created) {
    const set = limitRangerSet(annotation);
    return {created, resources: defaulted.resources, notes: defaulted.notes, ...(set ? {limitRange: {source: 'annotation', annotation, set}} : {})};
  }
  let resources = defaulted.resources;
  let limitRange: QosItem['limitRange'];
  const lrs = limitRanges.get(w.namespace) ?? [];
  if (lrs.length > 0) {
    const applied = applyLimitRanges(resources, lrs);
    resources = applied.resources;
    if (applied.annotation) limitRange = {source: 'limitranges', annotation: applied.annotation, set: applied.set};
  }
  // From v1.37 pod-level resources are defaulted after admission (PrepareForCreate).
  resources = defaultPodLevelResources(resources, minor).resources;
  return {created, resources, notes: defaulted.notes, ...(limitRange ? {limitRange} : {})};
}

/** Where the pod runs or is meant to, and what that node offers. */
interface Placement {
  nodeName: string | null;
  node?: KubeObject;
  osName?: string;
  nodeOs: string | null;
  windows: boolean;
  /** A Windows pod bound to a Linux node: it will not run there. */
  onLinuxNode: boolean;
  cpuCount?: bigint;
}

function placementOf(spec: Workload['spec'], ctx: EvaluateContext): Placement {
  const nodeName: string | null = spec.nodeName ?? null;
  const node = nodeName ? ctx.nodes.get(nodeName) : undefined;
  const osName: string | undefined = spec.os?.name;
  // The node's own OS when it runs on one; else the OS the pod is meant for (the one definition:
  // required affinity, HostProcess and the other signals count, not just spec.os and nodeSelector).
  const intent = podOs(spec, ctx.cluster);
  const nodeOs: string | null = (node ? nodeOsOf(node) : undefined) ?? (intent.os !== 'unknown' ? intent.os : osName) ?? null;
  const windows = intent.os === 'windows';
  const onLinuxNode = windows && node !== undefined && nodeOsOf(node) === 'linux';
  return {nodeName, node, osName, nodeOs, windows, onLinuxNode, cpuCount: windows ? nodeCpuCount(node) : undefined};
}

/** Per container: its class and reason. Lean (doctor), only what the findings read: resizePolicy and cpuMaximum. */
function containerItems(w: Workload, qos: Qos, admission: Admission, place: Placement, resize: ResizeInfo, lean: boolean): QosContainerItem[] {
  const spec = w.spec;
  const statusByName = new Map<string, V1ContainerStatus>();
  if (!lean) for (const list of [w.status?.initContainerStatuses, w.status?.containerStatuses]) for (const cs of list ?? []) statusByName.set(cs.name, cs);
  const rawContainers = new Map<string, V1Container>();
  if (resize.policies.length > 0) for (const list of [spec.initContainers, spec.containers]) for (const c of list ?? []) rawContainers.set(c.name, c);
  return qos.containers.map((cq, i) => {
    const c = admission.resources.containers[i];
    const item: QosContainerItem = {
      name: cq.name,
      type: cq.type,
      requests: lean ? {} : listToJSON(c.requests),
      limits: lean ? {} : listToJSON(c.limits),
      class: cq.class,
      reason: cq.reason,
      counts: cq.counts,
    };
    if (!lean) explainContainer(item, cq, admission, cq.type !== 'ephemeral' ? statusByName.get(cq.name) : undefined);
    const rc = cq.type !== 'ephemeral' ? rawContainers.get(cq.name) : undefined;
    if (rc?.resizePolicy?.length) item.resizePolicy = Object.fromEntries(rc.resizePolicy.map((p) => [p.resourceName, p.restartPolicy ?? 'NotRequired']));
    const cpuLimit = c.limits?.get('cpu');
    if (place.windows && place.cpuCount !== undefined && positive(cpuLimit)) item.cpuMaximum = Number(cpuMaximum(cpuLimit, place.cpuCount));
    return item;
  });
}

/** What only the full view shows of a container: LimitRange attribution, defaulting, what the kubelet admitted and runs. */
function explainContainer(item: QosContainerItem, cq: Qos['containers'][number], admission: Admission, status: V1ContainerStatus | undefined): void {
  const lrSet = admission.limitRange?.set.find((s) => s.container === cq.name && (s.containerKind === 'container') === (cq.type === 'app'));
  if (lrSet) item.limitRange = {requests: lrSet.requests, limits: lrSet.limits, ...(lrSet.limitRange ? {limitRange: lrSet.limitRange} : {})};
  const notes = admission.notes.filter((n) => n.container === cq.name).map((n) => n.text);
  if (notes.length > 0 && !admission.created) item.defaulted = notes;
  if (status?.allocatedResources) item.allocatedResources = status.allocatedResources;
  if (status?.resources) item.actualResources = status.resources as QosContainerItem['actualResources'];
}

/** Everything evaluate() has worked out about one pod. */
interface Evaluation {
  qos: Qos;
  admission: Admission;
  place: Placement;
  resize: ResizeInfo;
  containers: QosContainerItem[];
  statusQosClass: string | null;
}

/** Findings: status, Windows, resize. */
function podFindings(w: Workload, object: ObjectRef, e: Evaluation & {raw: PodResources}, ctx: EvaluateContext): Finding[] {
  const findings: Finding[] = [];
  if (e.statusQosClass && e.statusQosClass !== e.qos.qosClass)
    findings.push(statusMismatch(w, object, e.statusQosClass, e.qos.qosClass, e.admission.resources, ctx));
  // Bound to a Linux node, a Windows pod does not run at all: that, not Windows guidance.
  if (e.place.onLinuxNode) findings.push(windowsPodOnLinuxNode(w, object, e.place.nodeName!));
  if (e.place.windows && !e.place.onLinuxNode) {
    windowsFindings(w, object, e.qos.qosClass, e.admission.resources.containers, e.containers, e.place.cpuCount, findings, e.place.node);
    if (e.place.osName === 'windows' && e.raw.pod !== undefined && podLevelResourcesEnabled(ctx.minor)) {
      findings.push(
        finding('qos/windows-pod-level-resources', {
          object,
          field: `${w.specPath}.resources`,
          message: 'may not be set for a windows pod',
          remedy: {text: 'remove spec.resources and set requests and limits on each container'},
        }),
      );
    }
  }
  resizeFindings(w, object, e.resize, e.containers, findings);
  return findings;
}

/**
 * What the class means for this Windows pod. The general Windows notes (WINDOWS_NOTES) are the same
 * for every pod: the text view prints them, items carry only what is specific, so -o json stays
 * small on large clusters.
 */
function windowsNotes(spec: Workload['spec'], cls: QosClass, osName: string | undefined): string[] {
  const notes = [classNote(cls)];
  if (osName !== 'windows') notes.push('set spec.os.name: windows so the apiserver applies the Windows rules (validation, resize) to this pod');
  if (asksHostProcess(spec)) notes.push(WINDOWS_NOTES.hostProcess);
  return notes;
}

/** Whether the pod or any init or app container sets windowsOptions.hostProcess: true (loops, not arrays: it runs for every Windows pod). */
function asksHostProcess(spec: Workload['spec']): boolean {
  if (spec.securityContext?.windowsOptions?.hostProcess === true) return true;
  for (const list of [spec.initContainers, spec.containers])
    for (const c of list ?? []) if (c.securityContext?.windowsOptions?.hostProcess === true) return true;
  return false;
}

function fullItem(w: Workload, minor: number, e: Evaluation): QosItem {
  const {qos, admission, place} = e;
  const item: QosItem = {
    kind: w.kind,
    namespace: w.namespace,
    name: w.name,
    qosClass: qos.qosClass,
    statusQosClass: e.statusQosClass,
    version: `v1.${minor}`,
    algorithm: qos.algorithm,
    podLevel: qos.podLevel,
    reason: qos.reason,
    containers: e.containers,
    node: place.nodeName,
    nodeOs: place.nodeOs,
    windows: place.windows,
    whatWouldChange: whatWouldChange(w, admission.resources, qos),
    resize: e.resize,
    notes: place.windows && !place.onLinuxNode ? windowsNotes(w.spec, qos.qosClass, place.osName) : [],
  };
  if (admission.resources.pod) item.podResources = {requests: listToJSON(admission.resources.pod.requests), limits: listToJSON(admission.resources.pod.limits)};
  if (admission.limitRange) item.limitRange = admission.limitRange;
  if (w.origin) item.origin = `${w.origin.file}:${w.origin.line}`;
  return item;
}

/** The part of an item the table of qosView reads without -o wide or detail (QosOptions.tableOnly); never written out as data. */
function tableItem(w: Workload, qos: Qos, place: Placement, containers: QosContainerItem[], statusQosClass: string | null): QosItem {
  const {kind, namespace, name} = w;
  return {kind, namespace, name, qosClass: qos.qosClass, statusQosClass, containers, nodeOs: place.nodeOs, windows: place.windows} as QosItem;
}

/** What a lean evaluation returns for its item: only counted, never read or kept. */
const LEAN_ITEM = Object.freeze({}) as QosItem;

// Every pod in a namespace with LimitRanges carries the same few annotation texts: parse each once.
// The parsed sets are only read (and serialized), so items may share them.
const LIMIT_RANGER_SETS = new Map<string, LimitRangeSet[] | undefined>();
function limitRangerSet(annotation: string | undefined): LimitRangeSet[] | undefined {
  if (annotation === undefined) return undefined;
  if (LIMIT_RANGER_SETS.has(annotation)) return LIMIT_RANGER_SETS.get(annotation);
  const set = parseLimitRangerAnnotation(annotation);
  if (LIMIT_RANGER_SETS.size > 1000) LIMIT_RANGER_SETS.clear();
  LIMIT_RANGER_SETS.set(annotation, set);
  return set;
}

function statusMismatch(
  w: Workload,
  object: ObjectRef,
  status: string,
  ours: QosClass,
  resources: ReturnType<typeof applyPodDefaults>['resources'],
  ctx: EvaluateContext,
): Finding {
  let why: string;
  if (ctx.serverMinor !== undefined && ctx.serverMinor !== ctx.minor) {
    const atServer = computeQos(resources, ctx.serverMinor).qosClass;
    why =
      atServer === status
        ? `a version difference: the rules of v1.${ctx.minor} (--k8s-version) give ${ours}; the apiserver's own (v1.${ctx.serverMinor}) give ${status}, as recorded`
        : `kubectl-win computes ${atServer} with the server's v1.${ctx.serverMinor} rules too: a kubectl-win bug, unless the pod was created before the control plane was upgraded`;
  } else if (ctx.serverMinor === undefined) {
    why = `the status was set by the apiserver that created the pod, and these are the rules of v1.${ctx.minor}: pass that cluster's --k8s-version; if they still differ, it is a kubectl-win bug`;
  } else {
    const created = w.metadata.creationTimestamp
      ? ` (created ${String(w.metadata.creationTimestamp instanceof Date ? w.metadata.creationTimestamp.toISOString() : w.metadata.creationTimestamp)})`
      : '';
    why = `computed with the rules of v1.${ctx.minor}, the server's own version: a kubectl-win bug (please report it), unless the pod was created before the control plane was upgraded${created}`;
  }
  return finding('qos/status-mismatch', {object, field: 'status.qosClass', message: `status.qosClass is ${status} but the computed class is ${ours}: ${why}`});
}

function windowsFindings(
  w: Workload,
  object: ObjectRef,
  cls: QosClass,
  res: ReturnType<typeof applyPodDefaults>['resources']['containers'],
  items: QosContainerItem[],
  cpuCount: bigint | undefined,
  findings: Finding[],
  node?: KubeObject,
): void {
  if (cls === 'BestEffort') {
    const reserved = reservedMemory(node);
    const onNode = reserved
      ? `; node ${node!.metadata!.name} reserves ${reserved.toString()} (capacity - allocatable)${reserved.cmp(TWO_GI) < 0 ? ', less than the 2Gi the Windows guidance asks for' : ''}`
      : '';
    findings.push(
      finding('qos/windows-besteffort', {
        object,
        field: w.specPath,
        message:
          'BestEffort pod on Windows: no container sets cpu or memory requests or limits, so nothing is reserved or capped; on a node without reserved system memory it can starve the node (Windows has no OOM killer; the kubelet evicts BestEffort pods first, but only once memory.available is below its hard threshold, 500Mi by default)' +
          onNode,
        remedy: {text: 'set a memory limit (the request defaults to it) and a cpu request on each container'},
      }),
    );
  }
  res.forEach((c, i) => {
    if (c.type === 'ephemeral') return;
    const field = `${w.specPath}.${containerListField(c.type)}[${c.index}].resources`;
    const memLimit = c.limits?.get('memory');
    const memReq = c.requests?.get('memory');
    if (cls !== 'BestEffort' && !positive(memLimit)) {
      findings.push(
        finding('qos/windows-no-memory-limit', {
          object,
          field: `${field}.limits.memory`,
          message: `container ${c.name} has no memory limit: on Windows nothing caps its memory (only limits reach the job object) and there is no OOM killer; the node pages instead`,
          remedy: {text: `set resources.limits.memory on container ${c.name}${positive(memReq) ? ` (e.g. equal to its request ${memReq.toString()})` : ''}`},
        }),
      );
    } else if (positive(memLimit) && positive(memReq) && memReq.cmp(memLimit) < 0) {
      findings.push(
        finding('qos/windows-memory-request-below-limit', {
          object,
          field: `${field}.requests.memory`,
          message: `container ${c.name} requests ${memReq.toString()} of memory but may use ${memLimit.toString()}: Windows does not overcommit memory the Linux way and pages instead; set the request equal to the limit`,
        }),
      );
    }
    const cpuLimit = c.limits?.get('cpu');
    if (cpuCount !== undefined && positive(cpuLimit) && cpuLimit.milliValue() > cpuCount * 1000n) {
      findings.push(
        finding('qos/windows-cpu-limit-above-node', {
          object,
          field: `${field}.limits.cpu`,
          message: `container ${c.name}'s cpu limit ${cpuLimit.toString()} exceeds the node's ${cpuCount} CPUs: CpuMaximum is clamped to ${items[i].cpuMaximum ?? 10000} (the whole node)`,
        }),
      );
    }
  });
}

const TWO_GI = Quantity.parse('2Gi');

/** capacity.memory - allocatable.memory: what the kubelet holds back for the system and itself. */
function reservedMemory(node: KubeObject | undefined): Quantity | undefined {
  const cap = Quantity.tryParse(String(node?.status?.capacity?.memory ?? ''));
  const alloc = Quantity.tryParse(String(node?.status?.allocatable?.memory ?? ''));
  if (!cap || !alloc || cap.isZero()) return undefined;
  const r = cap.sub(alloc);
  return Quantity.fromParts(r.unscaled, r.scale, 'BinarySI');
}

function resizeFindings(w: Workload, object: ObjectRef, resize: ResizeInfo, containers: QosContainerItem[], findings: Finding[]): void {
  if (!resize.supported && resize.reason === WINDOWS_RESIZE_MESSAGE && (resize.policies.length > 0 || resize.state !== 'none')) {
    const first = containers.find((c) => c.resizePolicy);
    const idx = first ? (w.spec.containers ?? []).findIndex((c) => c.name === first.name) : -1;
    findings.push(
      finding('qos/windows-resize-unsupported', {
        object,
        field: idx >= 0 ? `${w.specPath}.containers[${idx}].resizePolicy` : w.specPath,
        message: WINDOWS_RESIZE_MESSAGE,
        remedy: {text: 'change resources by rolling out a new pod (edit the template); in-place resize is not available for Windows pods'},
      }),
    );
  }
  const f = RESIZE_STATE_FINDINGS[resize.state];
  if (!f) return;
  const cond = resize.conditions[0];
  const detail = cond?.message ? `: ${cond.message}` : resize.status ? ` (status.resize ${resize.status})` : '';
  findings.push(finding(f[0], {object, field: 'status.conditions', message: `${f[1]}${detail}`}));
}

const RESIZE_STATE_FINDINGS: Partial<Record<ResizeInfo['state'], [QosCheckId, string]>> = {
  infeasible: ['qos/resize-infeasible', 'the requested resize cannot be granted by the node'],
  deferred: ['qos/resize-deferred', 'the requested resize waits for node resources'],
  'in-progress': ['qos/resize-in-progress', 'the kubelet is applying a resize'],
  error: ['qos/resize-error', 'the kubelet failed to apply the resize'],
};

/** kubernetes/kubernetes pkg/kubelet/lifecycle/predicate.go: a pod whose OS is not the node's is refused at admission. */
function windowsPodOnLinuxNode(w: Workload, object: ObjectRef, nodeName: string): Finding {
  return finding('qos/windows-pod-on-linux-node', {
    object,
    field: `${w.specPath}.nodeName`,
    message: `a Windows pod bound to Linux node ${nodeName}: it will not run there (the kubelet refuses a pod whose OS is not the node's: PodOSNotSupported or PodOSSelectorNodeLabelDoesNotMatch), so what its QoS class means on Windows does not apply`,
    remedy: {
      text: 'Recreate it on a Windows node (nodeSelector kubernetes.io/os: windows and the Windows tolerations, no nodeName), or remove its Windows settings if it is a Linux workload',
    },
  });
}
