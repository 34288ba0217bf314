// A created pod's defaulted resources and class, worked out once for the pods that carry the same
// container lists. The protobuf decoder hands a workload's pods one shared resources object, and
// readPodResources one pair of parsed lists for it (src/util/clean-memo.ts, src/k8s/pod-defaults.ts),
// so for a pod of one container without pod-level resources the answer depends only on that
// container's name, type and lists and on the minor. The results are only read: items copy what
// they show, and applyPodDefaults and applyLimitRanges copy lists before they change them.
import {applyPodDefaults, type PodResources, type ResourceList} from '../../k8s/pod-defaults.js';
import {computeQos, type QosResult} from '../../k8s/qos.js';

type Defaulted = ReturnType<typeof applyPodDefaults>;

/** The key of an absent list. */
const NONE = {};

const DEFAULTED = new WeakMap<object, WeakMap<object, Map<string, Defaulted>>>();
const CLASSES = new WeakMap<PodResources, Map<string, QosResult>>();

/** applyPodDefaults(raw, minor), the same result for the pods whose one container has the same lists. */
export function defaultedOnce(raw: PodResources, minor: number): Defaulted {
  const c = raw.containers.length === 1 && raw.pod === undefined ? raw.containers[0] : undefined;
  if (!c) return applyPodDefaults(raw, minor);
  const byLimits = nested(DEFAULTED, c.requests ?? NONE);
  let byName = byLimits.get(c.limits ?? NONE);
  if (!byName) byLimits.set(c.limits ?? NONE, (byName = new Map()));
  const key = `${minor}\u0000${c.type}\u0000${c.index}\u0000${c.name}`;
  let defaulted = byName.get(key);
  if (!defaulted) byName.set(key, (defaulted = applyPodDefaults(raw, minor)));
  return defaulted;
}

/** computeQos(resources, minor, explain), once per defaulted resources object. */
export function classOnce(resources: PodResources, minor: number, explain: boolean): QosResult {
  let byMinor = CLASSES.get(resources);
  if (!byMinor) CLASSES.set(resources, (byMinor = new Map()));
  const key = `${minor}\u0000${explain}`;
  let qos = byMinor.get(key);
  if (!qos) byMinor.set(key, (qos = computeQos(resources, minor, explain)));
  return qos;
}

function nested(outer: WeakMap<object, WeakMap<object, Map<string, Defaulted>>>, key: ResourceList | object): WeakMap<object, Map<string, Defaulted>> {
  let inner = outer.get(key);
  if (!inner) outer.set(key, (inner = new WeakMap()));
  return inner;
}
