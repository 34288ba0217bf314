// Applies a strategic-merge patch of pod-spec fields locally, as the apiserver would, for the
// remedies that must show a whole corrected object (a bare Pod, a Job) instead of a patch.
// Follows kubernetes/kubernetes staging/src/k8s.io/apimachinery/pkg/util/strategicpatch/patch.go:
// maps merge key by key, null deletes a key, lists with a patchMergeKey in k8s.io/api core/v1
// types.go merge item by item on that key, other lists are replaced whole.

/** List fields of the pod spec and its containers that merge on a key (the `patchMergeKey` tags). */
export const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  env: 'name',
  ports: 'containerPort',
  imagePullSecrets: 'name',
  hostAliases: 'ip',
};

type Json = unknown;
const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

function mergeList(base: Json[], patch: Json[], key: string): Json[] {
  const out = [...base];
  for (const item of patch) {
    const at = isObject(item) ? out.findIndex((b) => isObject(b) && b[key] === item[key]) : -1;
    if (at >= 0) out[at] = strategicMerge(out[at], item);
    else out.push(item);
  }
  return out;
}

/** `base` with `patch` applied; neither is changed. */
export function strategicMerge(base: Json, patch: Json, field?: string): Json {
  if (Array.isArray(patch)) {
    const key = field ? MERGE_KEYS[field] : undefined;
    return key && Array.isArray(base) ? mergeList(base, patch, key) : patch;
  }
  if (!isObject(patch) || !isObject(base)) return patch;
  // Built key by key, never with `delete`: a deleted key turns the copy into a slow dictionary object.
  const out: Record<string, Json> = {};
  for (const k of Object.keys(base)) {
    if (!Object.hasOwn(patch, k)) out[k] = base[k];
    else if (patch[k] !== null) out[k] = strategicMerge(base[k], patch[k], k);
  }
  for (const k of Object.keys(patch)) if (!Object.hasOwn(base, k) && patch[k] !== null) out[k] = patch[k];
  return out;
}
