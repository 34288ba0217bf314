// A created pod's defaulted resources and class, worked out once for the pods that carry the same
// container lists. The protobuf decoder hands a workload's pods one shared resources object, and
// readPodResources one pair of parsed lists for it (src/util/clean-memo.ts, src/k8s/pod-defaults.ts),
// so for a pod of one container without pod-level resources the answer depends only on that
// container's name, type and lists and on the minor. The results are only read: items copy what
// they show, and applyPodDefaults and applyLimitRanges copy lists before they change them.
import {applyPodDefaults, type PodResources} from '../../k8s/pod-defaults.js';
import {computeQos, type QosResult} from '../../k8s/qos.js';
import {NestedCache} from '../../util/nested-cache.js';

type Defaulted = ReturnType<typeof applyPodDefaults>;

/** The key of an absent list. */
const NONE = {};

// Bounded small: a list's pods come by namespace and name, so a workload's are together, and lists
// that are not shared (a manifest's pods, a list read as JSON) are held only until the next start.
const DEFAULTED = new NestedCache<Defaulted>(1000);
const CLASSES = new NestedCache<QosResult>(1000);

/** applyPodDefaults(raw, minor), the same result for the pods whose one container has the same lists. */
export function defaultedOnce(raw: PodResources, minor: number): Defaulted {
  const c = raw.containers.length === 1 && raw.pod === undefined ? raw.containers[0] : undefined;
  if (!c) return applyPodDefaults(raw, minor);
  return DEFAULTED.get([c.requests ?? NONE, c.limits ?? NONE, minor, c.type, c.index, c.name], () => applyPodDefaults(raw, minor));
}

/** computeQos(resources, minor, explain) of defaultedOnce's resources, once per those resources. */
export function classOnce(resources: PodResources, minor: number, explain: boolean): QosResult {
  return CLASSES.get([resources, minor, explain], () => computeQos(resources, minor, explain));
}
