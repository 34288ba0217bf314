// The pod QoS class, exactly as kube-apiserver computes it when a pod is created
// (pkg/registry/core/pod/strategy.go PrepareForCreate -> qos.GetPodQOS), for a chosen Kubernetes minor.
//
// Two upstream algorithms:
// - summed (through v1.36): kubernetes/kubernetes pkg/apis/core/helper/qos/qos.go ComputePodQOS and its
//   v1 twin pkg/apis/core/v1/helper/qos/qos.go: positive cpu/memory requests and limits summed over
//   containers + initContainers; Guaranteed when every container has cpu and memory limits and the sums
//   of requests equal the sums of limits.
// - per-container (PR #134936): each container's own class (resourceQOS); any Burstable, or a mix of
//   BestEffort and Guaranteed, gives Burstable.
// Both first use pod-level spec.resources when gate PodLevelResources is on and spec.resources is set
// (from 1.37, gate PodLevelResourcesFixKubeletQOSClass: only when it has a supported resource).
// Input must already be defaulted (pod-defaults.ts applyPodDefaults; LimitRanger for offline pods;
// from 1.37 defaultPodLevelResources after LimitRanger).
import {LATEST_MINOR} from './minor-versions.js';
import {Quantity} from './quantity.js';
import {isSupportedPodLevelResource, podLevelResourcesEnabled, type ContainerType, type PodResources, type ResourceList} from './pod-defaults.js';

export type QosClass = 'Guaranteed' | 'Burstable' | 'BestEffort';
export type QosAlgorithm = 'summed' | 'per-container';

/**
 * The first minor that uses the per-container algorithm (PR #134936): v1.37, confirmed in the source
 * (kubernetes/kubernetes v1.37.2 pkg/apis/core/helper/qos/qos.go requirementsQOS; v1.36.3 still sums)
 * and by the qos differential suite against a real v1.37.2 kube-apiserver.
 */
export const PER_CONTAINER_QOS_MINOR = 37;
/**
 * Gate PodLevelResourcesFixKubeletQOSClass: beta, on by default from v1.37 (v1.37.2
 * pkg/features/kube_features.go; the gate does not exist in v1.36.3, where any non-nil
 * spec.resources, even {}, decides).
 */
export const FIX_KUBELET_QOS_CLASS_MINOR = 37;
/** Offline default and `latest`: the one LATEST_MINOR of every analysis (src/k8s/minor-versions.ts). */
export const LATEST_SUPPORTED_MINOR = LATEST_MINOR;
/** The oldest minor we accept for --k8s-version. */
export const OLDEST_SUPPORTED_MINOR = 20;

export function algorithmFor(minor: number): QosAlgorithm {
  return minor >= PER_CONTAINER_QOS_MINOR ? 'per-container' : 'summed';
}

const QOS_RESOURCES = ['cpu', 'memory'] as const;

/** Whether pod-level spec.resources decides the class at this minor. */
function usesPodLevelResources(p: PodResources, minor: number): boolean {
  if (!podLevelResourcesEnabled(minor) || p.pod === undefined) return false;
  if (minor < FIX_KUBELET_QOS_CLASS_MINOR) return true; // any non-nil spec.resources, even {}
  return isPodLevelResourcesSet(p);
}

/** component-helpers resource/helpers.go IsPodLevelResourcesSet. */
function isPodLevelResourcesSet(p: PodResources): boolean {
  if (!p.pod) return false;
  const keys = [...(p.pod.requests?.keys() ?? []), ...(p.pod.limits?.keys() ?? [])];
  return keys.some(isSupportedPodLevelResource);
}

const positive = (q: Quantity | undefined): q is Quantity => q !== undefined && q.sign() > 0;

/** The summed algorithm (ComputePodQOS through v1.36) over requirement sets. */
function summedQOS(sets: {requests?: ResourceList; limits?: ResourceList}[], podLevel: boolean): QosClass {
  const requests = new Map<string, Quantity>();
  const limits = new Map<string, Quantity>();
  let isGuaranteed = true;
  const addPositive = (into: Map<string, Quantity>, list: ResourceList | undefined) => {
    const found = new Set<string>();
    for (const [name, q] of list ?? []) {
      if (!(QOS_RESOURCES as readonly string[]).includes(name) || !positive(q)) continue;
      found.add(name);
      const cur = into.get(name);
      into.set(name, cur ? cur.add(q) : q);
    }
    return found;
  };
  for (const s of sets) {
    addPositive(requests, s.requests);
    // pod level: the "has cpu and memory limits" test only runs when limits are non-empty
    if (podLevel && (s.limits?.size ?? 0) === 0) continue;
    const found = addPositive(limits, s.limits);
    if (!found.has('cpu') || !found.has('memory')) isGuaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (isGuaranteed) {
    for (const [name, req] of requests) {
      const lim = limits.get(name);
      if (!lim || lim.cmp(req) !== 0) {
        isGuaranteed = false;
        break;
      }
    }
  }
  return isGuaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}

/** resourceQOS (pkg/apis/core/v1/helper/qos/qos.go after PR #134936): one requirement set's class. */
export function requirementsQOS(requests: ResourceList | undefined, limits: ResourceList | undefined): QosClass {
  if ((requests?.size ?? 0) === 0 && (limits?.size ?? 0) === 0) return 'BestEffort';
  let qos: QosClass | undefined;
  for (const res of QOS_RESOURCES) {
    const req = requests?.get(res) ?? Quantity.zero();
    const lim = limits?.get(res) ?? Quantity.zero();
    if (!req.equals(lim)) return 'Burstable';
    const bestEffort = req.isZero() && lim.isZero();
    if (qos === undefined) qos = bestEffort ? 'BestEffort' : 'Guaranteed';
    else if (bestEffort !== (qos === 'BestEffort')) return 'Burstable';
  }
  return qos!;
}

function perContainerQOS(p: PodResources, podLevel: boolean): QosClass {
  if (podLevel) return requirementsQOS(p.pod!.requests, p.pod!.limits);
  let podQOS: QosClass | undefined;
  // podutil.ContainerIter(InitContainers|Containers): init containers first
  for (const c of p.containers) {
    if (c.type === 'ephemeral') continue;
    const q = requirementsQOS(c.requests, c.limits);
    if (q === 'Burstable') return q;
    if (podQOS === undefined) podQOS = q;
    else if (podQOS !== q) return 'Burstable';
  }
  return podQOS ?? 'BestEffort';
}

interface ContainerQos {
  name: string;
  type: ContainerType;
  index: number;
  /** The container's own class (requirementsQOS). */
  class: QosClass;
  /** Why, in words: "memory has no limit", "cpu request 100m != limit 200m". */
  reason: string;
  /** False for ephemeral containers, and for every container when pod-level resources decide. */
  counts: boolean;
}

export interface QosResult {
  qosClass: QosClass;
  minor: number;
  algorithm: QosAlgorithm;
  /** True when pod-level spec.resources decided the class. */
  podLevel: boolean;
  /** The pod's class in words. */
  reason: string;
  containers: ContainerQos[];
}

/**
 * Computes the class of a defaulted pod at a Kubernetes minor. Without `explain` the reasons are left
 * empty: doctor only counts, and on 10,000 pods the words were a sixth of its QoS time.
 */
export function computeQos(p: PodResources, minor: number, explain = true): QosResult {
  const algorithm = algorithmFor(minor);
  const podLevel = usesPodLevelResources(p, minor);
  const counted = p.containers.filter((c) => c.type !== 'ephemeral');
  // summed: containers then initContainers (order does not change a sum)
  const qosClass =
    algorithm === 'summed'
      ? podLevel
        ? summedQOS([p.pod!], true)
        : summedQOS([...counted.filter((c) => c.type === 'app'), ...counted.filter((c) => c.type !== 'app')], false)
      : perContainerQOS(p, podLevel);
  const containers: ContainerQos[] = p.containers.map((c) => ({
    name: c.name,
    type: c.type,
    index: c.index,
    class: requirementsQOS(c.requests, c.limits),
    reason: !explain ? '' : c.type === 'ephemeral' ? 'ephemeral containers have no resources and never count' : explainRequirements(c.requests, c.limits),
    counts: c.type !== 'ephemeral' && !podLevel,
  }));
  return {qosClass, minor, algorithm, podLevel, reason: explain ? explainPod(qosClass, p, podLevel, containers, minor) : '', containers};
}

const TYPE_WORDS: Record<ContainerType, string> = {init: 'init container', sidecar: 'sidecar', app: 'container', ephemeral: 'ephemeral container'};

function describeContainer(c: {type: ContainerType; name: string}): string {
  return `${TYPE_WORDS[c.type]} ${c.name}`;
}

/** One requirement set in words, resource by resource (cpu, then memory). */
export function explainRequirements(requests: ResourceList | undefined, limits: ResourceList | undefined): string {
  const others: string[] = [];
  for (const l of [requests, limits]) for (const k of l?.keys() ?? []) if (k !== 'cpu' && k !== 'memory' && !others.includes(k)) others.push(k);
  others.sort();
  const parts: string[] = [];
  const equal: string[] = [];
  const none: string[] = [];
  for (const res of QOS_RESOURCES) {
    const req = requests?.get(res);
    const lim = limits?.get(res);
    const reqPos = req !== undefined && req.sign() > 0;
    const limPos = lim !== undefined && lim.sign() > 0;
    if (!reqPos && !limPos) {
      if ((req && !req.isZero()) || (lim && !lim.isZero())) parts.push(`${res} is negative`);
      else if (req || lim) none.push(`${res} (zero)`);
      else none.push(res);
    } else if (reqPos && limPos && req!.equals(lim!)) {
      equal.push(`${res} ${lim!.toString()}`);
    } else if (!limPos) {
      parts.push(lim ? `${res} limit is 0` : `${res} has no limit`);
    } else if (!reqPos) {
      parts.push(req ? `${res} request is 0 != limit ${lim!.toString()}` : `${res} has no request`);
    } else {
      parts.push(`${res} request ${req!.toString()} != limit ${lim!.toString()}`);
    }
  }
  if (none.length === 2) {
    const extra = others.length > 0 ? ` (${others.join(', ')} do${others.length === 1 ? 'es' : ''} not count)` : '';
    return `no cpu or memory requests or limits${extra}`;
  }
  if (parts.length === 0 && none.length === 0) return `requests equal limits (${equal.join(', ')})`;
  for (const n of none) parts.push(`${n.replace(' (zero)', '')} has no request or limit${n.endsWith('(zero)') ? ' above zero' : ''}`);
  return parts.join('; ');
}

function explainPod(cls: QosClass, p: PodResources, podLevel: boolean, containers: ContainerQos[], minor: number): string {
  if (podLevel) {
    const why = explainRequirements(p.pod!.requests, p.pod!.limits);
    return `pod-level spec.resources decides (PodLevelResources, v1.${minor}): ${why}`;
  }
  const counted = containers.filter((c) => c.counts);
  if (counted.length === 0) return 'no containers';
  if (cls === 'Guaranteed') return 'every init, sidecar and app container sets cpu and memory requests equal to limits';
  if (cls === 'BestEffort') return 'no init, sidecar or app container sets a cpu or memory request or limit above zero';
  const not = counted.filter((c) => c.class !== 'Guaranteed');
  if (not.length === 0) return 'the summed requests differ from the summed limits';
  return not.map((c) => `${describeContainer(c)}: ${c.reason}`).join('; ');
}
