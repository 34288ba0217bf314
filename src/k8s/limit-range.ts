// LimitRange defaulting of container resources and its `kubernetes.io/limit-ranger` annotation.
// Follows kubernetes/kubernetes plugin/pkg/admission/limitranger/admission.go
// (defaultContainerResourceRequirements, mergeContainerResources, mergePodResourceRequirements) and
// pkg/apis/core/v1/defaults.go SetDefaults_LimitRangeItem (with SetObjectDefaults_LimitRange's
// SetDefaults_ResourceList), as of v1.34.3. LimitRanger mutates Pods on CREATE only, after
// SetDefaults_Pod and before the QoS class is set (pkg/registry/core/pod/strategy.go PrepareForCreate).
import {Quantity, QuantityError, roundUpToMilli} from './quantity.js';
import {clonePodResources, type ContainerType, type PodResources, type ResourceList} from './pod-defaults.js';
import {pushAll} from '../util/arrays.js';
import {byCodeUnit} from '../util/text-order.js';

export const LIMIT_RANGER_ANNOTATION = 'kubernetes.io/limit-ranger';
const PREFIX = 'LimitRanger plugin set: ';

interface RawLimitRangeItem {
  type?: string;
  max?: Record<string, unknown>;
  min?: Record<string, unknown>;
  default?: Record<string, unknown>;
  defaultRequest?: Record<string, unknown>;
}

export interface LimitRangeObject {
  metadata?: {name?: string; namespace?: string};
  spec?: {limits?: RawLimitRangeItem[]};
}

interface ContainerDefaults {
  /** The LimitRange's name. */
  limitRange: string;
  requests: ResourceList;
  limits: ResourceList;
}

function parse(raw: Record<string, unknown> | undefined): ResourceList {
  const out: ResourceList = new Map();
  for (const [k, v] of Object.entries(raw ?? {})) {
    try {
      out.set(k, roundUpToMilli(Quantity.fromJSON(v)));
    } catch (err) {
      if (!(err instanceof QuantityError)) throw err;
      // an invalid LimitRange cannot have been stored; in a manifest, ignore the entry
    }
  }
  return out;
}

/**
 * SetDefaults_LimitRangeItem for type Container, then defaultContainerResourceRequirements: the
 * default limits and requests one LimitRange gives containers. Each key only if unset:
 * default <- max, defaultRequest <- default, defaultRequest <- min.
 */
export function containerDefaults(lr: LimitRangeObject): ContainerDefaults {
  const requests: ResourceList = new Map();
  const limits: ResourceList = new Map();
  for (const item of lr.spec?.limits ?? []) {
    if (item.type !== 'Container') continue;
    const def = parse(item.default);
    const defReq = parse(item.defaultRequest);
    for (const [k, v] of parse(item.max)) if (!def.has(k)) def.set(k, v);
    for (const [k, v] of def) if (!defReq.has(k)) defReq.set(k, v);
    for (const [k, v] of parse(item.min)) if (!defReq.has(k)) defReq.set(k, v);
    for (const [k, v] of defReq) requests.set(k, v);
    for (const [k, v] of def) limits.set(k, v);
  }
  return {limitRange: lr.metadata?.name ?? '', requests, limits};
}

export interface LimitRangeSet {
  container: string;
  containerKind: 'container' | 'init container';
  /** Resource names whose request / limit the LimitRange set (sorted). */
  requests: string[];
  limits: string[];
  limitRange?: string;
}

interface LimitRangeResult {
  resources: PodResources;
  /** The annotation LimitRanger would write, or undefined if it set nothing. */
  annotation?: string;
  set: LimitRangeSet[];
}

const kindOf = (t: ContainerType): 'container' | 'init container' => (t === 'app' ? 'container' : 'init container');

/**
 * mergePodResourceRequirements for each LimitRange in turn (app containers, then init containers;
 * ephemeral ones untouched): missing limits from `default`, missing requests from `defaultRequest`.
 * Every LimitRange rewrites the annotation, so the last one that set something wins (upstream's
 * order is the informer's; ours is by name).
 */
export function applyLimitRanges(input: PodResources, limitRanges: LimitRangeObject[]): LimitRangeResult {
  const p = clonePodResources(input);
  let annotation: string | undefined;
  const set: LimitRangeSet[] = [];
  const sorted = [...limitRanges].sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
  for (const lr of sorted) {
    const defaults = containerDefaults(lr);
    const entries: string[] = [];
    const order = [...p.containers.filter((c) => c.type === 'app'), ...p.containers.filter((c) => c.type === 'init' || c.type === 'sidecar')];
    for (const c of order) {
      c.limits ??= new Map();
      c.requests ??= new Map();
      const setLimits: string[] = [];
      const setRequests: string[] = [];
      for (const [k, v] of defaults.limits) {
        if (!c.limits.has(k)) {
          c.limits.set(k, v);
          setLimits.push(k);
        }
      }
      for (const [k, v] of defaults.requests) {
        if (!c.requests.has(k)) {
          c.requests.set(k, v);
          setRequests.push(k);
        }
      }
      setRequests.sort(byCodeUnit); // Go's sort.Strings
      setLimits.sort(byCodeUnit);
      const kind = kindOf(c.type);
      if (setRequests.length > 0) entries.push(`${setRequests.join(', ')} request for ${kind} ${c.name}`);
      if (setLimits.length > 0) entries.push(`${setLimits.join(', ')} limit for ${kind} ${c.name}`);
      if (setRequests.length > 0 || setLimits.length > 0) {
        set.push({container: c.name, containerKind: kind, requests: setRequests, limits: setLimits, limitRange: defaults.limitRange});
      }
    }
    if (entries.length > 0) annotation = PREFIX + entries.join('; ');
  }
  return {resources: p, annotation, set};
}

/**
 * Parses the annotation LimitRanger writes: `LimitRanger plugin set: cpu, memory request for
 * container app; cpu, memory limit for container app`. Returns undefined if it is not that shape.
 */
export function parseLimitRangerAnnotation(value: string | undefined): LimitRangeSet[] | undefined {
  if (value === undefined || !value.startsWith(PREFIX)) return undefined;
  const byContainer = new Map<string, LimitRangeSet>();
  for (const entry of value.slice(PREFIX.length).split('; ')) {
    const m = entry.match(/^(.+) (request|limit) for (init container|container) (.+)$/);
    if (!m) return undefined;
    const [, names, what, containerKind, container] = m;
    const key = `${containerKind}/${container}`;
    let s = byContainer.get(key);
    if (!s) {
      s = {container, containerKind: containerKind as LimitRangeSet['containerKind'], requests: [], limits: []};
      byContainer.set(key, s);
    }
    pushAll(what === 'request' ? s.requests : s.limits, names.split(', '));
  }
  return [...byContainer.values()];
}
