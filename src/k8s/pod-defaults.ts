// The resource defaulting kube-apiserver applies to a Pod before it computes the QoS class, so that a
// template or a manifest gets the class the apiserver would give the pod created from it.
// Follows kubernetes/kubernetes pkg/apis/core/v1/defaults.go (SetDefaults_Pod, defaultPodRequests,
// defaultHugePagePodLimits, SetDefaults_ResourceList, SetDefaults_LimitRangeItem), the order of
// zz_generated.defaults.go (SetDefaults_Pod first, then every ResourceList rounded to milli), and
// k8s.io/component-helpers resource/helpers.go (AggregateContainerRequests/Limits), as of v1.34.3.
// From v1.37 (gate PodLevelResourcesFixDefaulting) the pod-level part moved out of decoding into the
// pod strategy's PrepareForCreate, after admission: defaultPodLevelResources below.
// LimitRanger (plugin/pkg/admission/limitranger/admission.go) is in limit-range.ts.
import {Quantity, QuantityError, roundUpToMilli} from './quantity.js';

export type ResourceList = Map<string, Quantity>;
export type ContainerType = 'init' | 'sidecar' | 'app' | 'ephemeral';

export interface ContainerResources {
  name: string;
  type: ContainerType;
  /** Index within its list (spec.initContainers[i], spec.containers[i], spec.ephemeralContainers[i]). */
  index: number;
  /** undefined = the field was absent (nil in Go); an empty map = present but empty. */
  requests?: ResourceList;
  limits?: ResourceList;
}

export interface PodResources {
  /** Init containers (and sidecars) first, then app containers, then ephemeral containers. */
  containers: ContainerResources[];
  /** spec.resources: undefined when nil. */
  pod?: {requests?: ResourceList; limits?: ResourceList};
}

/** The field path of a container list, as the apiserver prints it. */
export function containerListField(type: ContainerType): string {
  return type === 'init' || type === 'sidecar' ? 'initContainers' : type === 'app' ? 'containers' : 'ephemeralContainers';
}

/** A quantity the apiserver would refuse to decode, with the field it sits in. */
export class InvalidQuantityError extends Error {
  constructor(
    readonly field: string,
    readonly value: unknown,
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'InvalidQuantityError';
  }
}

interface RawResources {
  requests?: Record<string, unknown> | null;
  limits?: Record<string, unknown> | null;
}

interface RawContainer {
  name?: string;
  resources?: RawResources | null;
  restartPolicy?: string;
}

interface RawPodSpec {
  containers?: RawContainer[] | null;
  initContainers?: RawContainer[] | null;
  ephemeralContainers?: RawContainer[] | null;
  resources?: RawResources | null;
}

function parseList(raw: Record<string, unknown> | null | undefined, field: string): ResourceList | undefined {
  if (raw === undefined || raw === null) return undefined;
  const out: ResourceList = new Map();
  for (const [name, v] of Object.entries(raw)) {
    try {
      out.set(name, Quantity.fromJSON(v));
    } catch (err) {
      if (err instanceof QuantityError) throw new InvalidQuantityError(`${field}.${name}`, v, err.message);
      throw err;
    }
  }
  return out;
}

type Lists = Pick<ContainerResources, 'requests' | 'limits'>;

/**
 * A container's requests and limits, parsed. The lists of a shared, frozen resources object (the
 * protobuf decoder's: src/util/clean-memo.ts) are parsed once and handed to every pod that carries
 * it, so no caller may change them: applyPodDefaults and applyLimitRanges copy them first.
 */
function containerLists(resources: RawResources | null | undefined, field: () => string): Lists {
  const shared = resources !== null && resources !== undefined && Object.isFrozen(resources);
  const have = shared ? PARSED.get(resources) : undefined;
  if (have) return have;
  const at = field();
  const lists = {requests: parseList(resources?.requests, `${at}.requests`), limits: parseList(resources?.limits, `${at}.limits`)};
  if (shared) PARSED.set(resources, lists);
  return lists;
}

const PARSED = new WeakMap<object, Lists>();

/**
 * Reads the resources of a pod spec (raw JSON, as served or as in a manifest). `specPath` prefixes
 * field paths in errors ("spec", "spec.template.spec"). Throws InvalidQuantityError.
 */
export function readPodResources(spec: unknown, specPath = 'spec'): PodResources {
  const s = (spec ?? {}) as RawPodSpec;
  const containers: ContainerResources[] = [];
  const add = (list: RawContainer[] | null | undefined, kind: 'init' | 'app' | 'ephemeral') => {
    (list ?? []).forEach((c, index) => {
      const type: ContainerType = kind === 'init' && c.restartPolicy === 'Always' ? 'sidecar' : kind;
      const {requests, limits} = containerLists(c.resources, () => `${specPath}.${containerListField(kind)}[${index}].resources`);
      containers.push({name: c.name ?? '', type, index, requests, limits});
    });
  };
  add(s.initContainers, 'init');
  add(s.containers, 'app');
  add(s.ephemeralContainers, 'ephemeral');
  let pod: PodResources['pod'];
  if (s.resources !== undefined && s.resources !== null) {
    pod = {
      requests: parseList(s.resources.requests, `${specPath}.resources.requests`),
      limits: parseList(s.resources.limits, `${specPath}.resources.limits`),
    };
  }
  return {containers, pod};
}

function cloneList(l: ResourceList | undefined): ResourceList | undefined {
  return l === undefined ? undefined : new Map(l);
}

export function clonePodResources(p: PodResources): PodResources {
  return {
    containers: p.containers.map((c) => ({...c, requests: cloneList(c.requests), limits: cloneList(c.limits)})),
    pod: p.pod ? {requests: cloneList(p.pod.requests), limits: cloneList(p.pod.limits)} : undefined,
  };
}

/** Gate PodLevelResources: alpha 1.32 (off), beta and on by default from 1.34 (pkg/features/kube_features.go). */
const POD_LEVEL_RESOURCES_MINOR = 34;

export function podLevelResourcesEnabled(minor: number): boolean {
  return minor >= POD_LEVEL_RESOURCES_MINOR;
}

/**
 * Gate PodLevelResourcesFixDefaulting: beta and on by default from v1.37 (absent before;
 * kubernetes/kubernetes v1.37.2 pkg/features/kube_features.go). Pod-level requests and limits are then
 * defaulted in PrepareForCreate (pkg/api/pod/util.go DefaultPodLevelResources), not in SetDefaults_Pod.
 */
export const POD_LEVEL_DEFAULTING_FIX_MINOR = 37;

function podLevelDefaultingAtCreate(minor: number): boolean {
  return podLevelResourcesEnabled(minor) && minor >= POD_LEVEL_DEFAULTING_FIX_MINOR;
}

/** resource/helpers.go IsSupportedPodLevelResource: cpu, memory and hugepages-*. */
export function isSupportedPodLevelResource(name: string): boolean {
  return name === 'cpu' || name === 'memory' || name.startsWith('hugepages-');
}

const isHugePages = (name: string) => name.startsWith('hugepages-');

/** corev1helper.IsOvercommitAllowed: native resources except hugepages (extended resources are not native). */
function isOvercommitAllowed(name: string): boolean {
  const native = !name.includes('/') || name.startsWith('kubernetes.io/') || name.includes('.kubernetes.io/');
  return native && !isHugePages(name);
}

function addInto(list: ResourceList, other: ResourceList | undefined): void {
  for (const [k, v] of other ?? []) {
    const cur = list.get(k);
    list.set(k, cur ? cur.add(v) : v);
  }
}

function maxInto(list: ResourceList, other: ResourceList): void {
  for (const [k, v] of other) {
    const cur = list.get(k);
    if (!cur || v.cmp(cur) > 0) list.set(k, v);
  }
}

/**
 * resource/helpers.go AggregateContainerRequests / AggregateContainerLimits: app containers and
 * sidecars summed; each init container adds the sidecars before it; the larger of the two wins.
 */
export function aggregateContainers(p: PodResources, which: 'requests' | 'limits'): ResourceList {
  const total: ResourceList = new Map();
  for (const c of p.containers) if (c.type === 'app') addInto(total, c[which]);
  const sidecars: ResourceList = new Map();
  const initMax: ResourceList = new Map();
  for (const c of p.containers) {
    if (c.type === 'sidecar') {
      addInto(total, c[which]);
      addInto(sidecars, c[which]);
      maxInto(initMax, sidecars);
    } else if (c.type === 'init') {
      const tmp: ResourceList = new Map();
      addInto(tmp, c[which]);
      addInto(tmp, sidecars);
      maxInto(initMax, tmp);
    }
  }
  maxInto(total, initMax);
  return total;
}

interface DefaultingResult {
  resources: PodResources;
  /** What defaulting changed, in words, for the per-container detail. */
  notes: {container?: string; text: string}[];
}

/**
 * SetDefaults_Pod's resource part, then SetDefaults_ResourceList on every list: what the apiserver
 * does to a Pod on create. Templates are not defaulted by the apiserver, but the pods made from them
 * are, so apply this to templates to get their pods' class. `minor` selects the gates.
 */
export function applyPodDefaults(input: PodResources, minor: number): DefaultingResult {
  const p = clonePodResources(input);
  const notes: DefaultingResult['notes'] = [];
  // 1. requests default from limits, containers and init containers only (not ephemeral).
  for (const c of p.containers) {
    if (c.type === 'ephemeral' || c.limits === undefined) continue;
    c.requests ??= new Map();
    const copied: string[] = [];
    for (const [k, v] of c.limits) {
      if (!c.requests.has(k)) {
        c.requests.set(k, v);
        copied.push(k);
      }
    }
    if (copied.length > 0) notes.push({container: c.name, text: `requests for ${copied.sort().join(', ')} defaulted from limits`});
  }
  // 2. pod-level defaults (gate PodLevelResources): hugepage limits, then requests; from v1.37 at
  // create time instead (defaultPodLevelResources, after LimitRanger).
  if (podLevelResourcesEnabled(minor) && !podLevelDefaultingAtCreate(minor) && p.pod) {
    defaultHugePagePodLimits(p);
    const before = new Set(p.pod.requests?.keys() ?? []);
    defaultPodRequests(p);
    const added = [...(p.pod.requests?.keys() ?? [])].filter((k) => !before.has(k));
    if (added.length > 0) notes.push({text: `pod-level requests for ${added.sort().join(', ')} defaulted from container requests or pod limits`});
  }
  // 3. SetDefaults_ResourceList: round every quantity up to milli.
  const round = (l: ResourceList | undefined) => {
    if (!l) return;
    for (const [k, v] of l) l.set(k, roundUpToMilli(v));
  };
  for (const c of p.containers) {
    round(c.requests);
    round(c.limits);
  }
  if (p.pod) {
    round(p.pod.requests);
    round(p.pod.limits);
  }
  return {resources: p, notes};
}

function defaultHugePagePodLimits(p: PodResources): void {
  const pod = p.pod!;
  if ((pod.limits?.size ?? 0) === 0 && (pod.requests?.size ?? 0) === 0) return;
  const podLims: ResourceList = pod.limits ?? new Map();
  for (const [k, v] of aggregateContainers(p, 'limits')) {
    if (!isSupportedPodLevelResource(k) || !isHugePages(k)) continue;
    if (pod.requests?.has(k)) continue;
    if (!podLims.has(k)) podLims.set(k, v);
  }
  if (podLims.size > 0) pod.limits = podLims;
}

function defaultPodRequests(p: PodResources): void {
  const pod = p.pod!;
  if ((pod.limits?.size ?? 0) === 0) return;
  const podReqs: ResourceList = pod.requests ?? new Map();
  for (const [k, v] of aggregateContainers(p, 'requests')) {
    if (!podReqs.has(k) && isSupportedPodLevelResource(k) && isOvercommitAllowed(k)) podReqs.set(k, v);
  }
  for (const [k, v] of pod.limits!) {
    if (!podReqs.has(k) && isSupportedPodLevelResource(k)) podReqs.set(k, v);
  }
  if (podReqs.size > 0) pod.requests = podReqs;
}

/**
 * v1.37 pkg/api/pod/util.go DefaultPodLevelResources, called from pkg/registry/core/pod/strategy.go
 * PrepareForCreate after admission (so after LimitRanger) and before the QoS class: when spec.resources
 * sets any request or limit, (1) hugepage limits from the containers' aggregate, (2) requests from the
 * containers' aggregate (overcommittable resources) and then from pod limits, (3) limits, for a
 * resource every container limits, to max(pod request, the containers' aggregate limits). A no-op
 * before v1.37 (applyPodDefaults did the older defaulting already).
 */
export function defaultPodLevelResources(input: PodResources, minor: number): DefaultingResult {
  const pod = input.pod;
  if (!podLevelDefaultingAtCreate(minor) || !pod || ((pod.requests?.size ?? 0) === 0 && (pod.limits?.size ?? 0) === 0)) return {resources: input, notes: []};
  const p = clonePodResources(input);
  const before = {requests: new Set(p.pod!.requests?.keys() ?? []), limits: new Set(p.pod!.limits?.keys() ?? [])};
  defaultHugePagePodLimits(p);
  defaultPodLevelRequests(p);
  defaultPodLevelLimits(p);
  const notes: DefaultingResult['notes'] = [];
  for (const which of ['requests', 'limits'] as const) {
    const added = [...(p.pod![which]?.keys() ?? [])].filter((k) => !before[which].has(k));
    if (added.length > 0)
      notes.push({text: `pod-level ${which} for ${added.sort().join(', ')} defaulted at create (PodLevelResourcesFixDefaulting, v1.${minor})`});
  }
  return {resources: p, notes};
}

/** v1.37 pkg/api/pod/util.go defaultPodLevelRequests: like defaultPodRequests, but pod requests alone suffice. */
function defaultPodLevelRequests(p: PodResources): void {
  const pod = p.pod!;
  const podReqs: ResourceList = pod.requests ?? new Map();
  for (const [k, v] of aggregateContainers(p, 'requests')) {
    if (!podReqs.has(k) && isSupportedPodLevelResource(k) && isOvercommitAllowed(k)) podReqs.set(k, v);
  }
  for (const [k, v] of pod.limits ?? []) {
    if (!podReqs.has(k) && isSupportedPodLevelResource(k)) podReqs.set(k, v);
  }
  if (podReqs.size > 0) pod.requests = podReqs;
}

/** v1.37 pkg/api/pod/util.go defaultPodLevelLimits and aggregateContainerLimits. */
function defaultPodLevelLimits(p: PodResources): void {
  const pod = p.pod!;
  // Every container, ephemeral ones included (VisitContainers AllContainers), must limit the resource.
  const candidates = [...(pod.requests?.keys() ?? [])].filter(
    (k) => isSupportedPodLevelResource(k) && !pod.limits?.has(k) && p.containers.every((c) => c.limits?.has(k)),
  );
  if (candidates.length === 0) return;
  const aggregate = aggregateContainers(p, 'limits');
  for (const k of candidates) {
    let val = aggregate.get(k);
    if (!val) continue;
    const req = pod.requests!.get(k)!;
    if (req.cmp(val) > 0) val = req;
    pod.limits ??= new Map();
    pod.limits.set(k, val);
  }
}

/** A ResourceList as plain strings (canonical quantities), for items and patches. */
export function listToJSON(l: ResourceList | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (l === undefined) return out;
  // The keys alone are sorted (no entry pairs), and only when there are two or more: qos writes
  // two lists per container of every pod.
  const keys = Array.from(l.keys());
  if (keys.length > 1) keys.sort(byLocale);
  for (const k of keys) out[k] = l.get(k)!.toString();
  return out;
}

const byLocale = (a: string, b: string) => a.localeCompare(b);
