// One remedy for a change to a pod spec, aimed where the apiserver accepts it (docs/remedies.md):
// a template's object gets a strategic-merge patch; a controller-owned Pod's fix goes to its top
// owner's template (the finding stays on the pod); a bare Pod, and a Job (its template is
// immutable: kubernetes/kubernetes pkg/apis/batch/validation/validation.go ValidateJobSpecUpdate),
// get the corrected whole object for `kubectl replace --force -f -`, which recreates it.
import {topOwnerOf, type TopOwner} from '../../k8s/owners.js';
import {yamlBlock} from '../../util/yaml-block.js';
import {strategicMerge} from '../../k8s/strategic-merge.js';
import type {Remedy} from '../../report/types.js';
import {WINDOWS_FORBIDDEN_CONTAINER_FIELDS, WINDOWS_FORBIDDEN_POD_FIELDS} from '../../k8s/windows-validation.js';
import type {V1PodSpec} from '@kubernetes/client-node';
import type {KubeObject} from '../../k8s/object.js';
import type {Workload} from '../../k8s/snapshot.js';
import {unknownAtEveryMinor, withoutPaths} from '../../k8s/unknown-fields.js';

/** Nests a value at a dotted path: ("spec.template.spec", v) -> {spec: {template: {spec: v}}}. */
export function nestAt(path: string, value: unknown): Record<string, unknown> {
  return path.split('.').reduceRight<unknown>((acc, key) => ({[key]: acc}), value) as Record<string, unknown>;
}

/** Sets `value` at a dotted path inside `into` (creating maps on the way). */
function setPath(into: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let at = into;
  for (const k of keys.slice(0, -1)) at = (at[k] ??= {}) as Record<string, unknown>;
  at[keys[keys.length - 1]] = value;
}

/**
 * The pod-spec change that makes a pod a Windows pod the apiserver accepts: spec.os.name: windows,
 * and null (delete) for every Linux-only field validateWindows would then reject
 * (kubernetes/kubernetes pkg/apis/core/validation/validation.go validateWindows). Windows ignores
 * those fields today, so removing them changes nothing on the node.
 */
export function osWindowsChange(spec: V1PodSpec): Record<string, unknown> {
  const change: Record<string, unknown> = {os: {name: 'windows'}};
  for (const f of WINDOWS_FORBIDDEN_POD_FIELDS) if (f.present(spec)) setPath(change, f.path, null);
  for (const list of ['initContainers', 'containers', 'ephemeralContainers'] as const) {
    const items: Record<string, unknown>[] = [];
    for (const c of spec[list] ?? []) {
      const sc = c.securityContext as Record<string, unknown> | undefined;
      const linux = WINDOWS_FORBIDDEN_CONTAINER_FIELDS.filter((k) => sc?.[k] !== undefined && sc?.[k] !== null);
      if (linux.length > 0) items.push({name: c.name, securityContext: Object.fromEntries(linux.map((k) => [k, null]))});
    }
    if (items.length > 0) change[list] = items;
  }
  return change;
}

/** The pod's top owner: the source's answer, or what ownerReferences say on their own. */
export function topOwner(w: Workload): TopOwner | undefined {
  if (w.kind !== 'Pod') return undefined;
  if (w.topOwner !== undefined) return w.topOwner ?? undefined;
  return topOwnerOf(w.namespace, w.metadata, w.podMetadata.labels);
}

/** Metadata the apiserver sets or owns: a recreated object must not carry it. */
const SERVER_METADATA = [
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'managedFields',
  'selfLink',
];

/**
 * A copy of `obj` without `keys`, built key by key: `delete` on a copy would turn it into a slow
 * dictionary object, and a corrected manifest is written from one per bare pod.
 */
function without<T extends object>(obj: T, keys: readonly string[]): T {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(obj)) if (!keys.includes(k)) out[k] = (obj as Record<string, unknown>)[k];
  return out as T;
}

const JOB_CONTROLLER_LABELS = ['controller-uid', 'batch.kubernetes.io/controller-uid', 'job-name', 'batch.kubernetes.io/job-name'];

/** The object as a user would write it again: no status, no server metadata, and for a Pod no node binding (it is scheduled anew). */
function recreatable(obj: KubeObject): KubeObject {
  const out: KubeObject = {...without(obj, ['status']), metadata: without(obj.metadata ?? {}, SERVER_METADATA)};
  if (obj.kind === 'Pod' && out.spec) out.spec = without(out.spec, ['nodeName']);
  if (obj.kind === 'Job' && out.spec) {
    // The Job controller's generated selector and labels: a new Job gets new ones.
    out.spec = obj.spec?.manualSelector !== true ? without(out.spec, ['selector']) : {...out.spec};
    const t = out.spec.template;
    if (t?.metadata?.labels) out.spec.template = {...t, metadata: {...t.metadata, labels: without(t.metadata.labels, JOB_CONTROLLER_LABELS)}};
  }
  return out;
}

/**
 * The object with the pod-spec change applied, as YAML for `kubectl replace --force -f -`; without
 * the fields no apiserver knows, which kubectl's default --validate=strict refuses (unknown-fields.ts).
 */
export function correctedManifest(w: Workload, specValue: Record<string, unknown>): string {
  const known = withoutPaths(w.object, unknownAtEveryMinor(w));
  const fixed = strategicMerge(recreatable(known), nestAt(w.specPath, specValue)) as KubeObject;
  // Keys sorted, as `kubectl get -o yaml` prints them: the same text whichever way the object was
  // read (a protobuf page and its JSON fallback build equal objects with keys in different orders).
  return yamlBlock(fixed);
}

/** Template objects whose spec may change in place (a Job's may not; a live Pod's may not). */
const patchable = (kind: string) => kind !== 'Pod' && kind !== 'Job';

/**
 * The remedy for setting `specValue` (a strategic-merge fragment of the pod spec) on the pod or
 * template `w`; `text` says what the change is.
 */
export function podSpecRemedy(w: Workload, text: string, specValue: Record<string, unknown>): Remedy {
  const self = {kind: w.kind, apiVersion: w.apiVersion, namespace: w.namespace, name: w.name};
  if (w.kind === 'Pod') {
    const owner = topOwner(w);
    if (owner && patchable(owner.kind)) {
      return {
        text: `${text} in the template of ${owner.kind} ${owner.name}, which owns this pod (a pod's spec cannot change; its owner replaces it${owner.kind === 'ReplicaSet' || owner.kind === 'ReplicationController' ? ' once you delete it' : ''})`,
        target: {kind: owner.kind, apiVersion: owner.apiVersion, namespace: w.namespace, name: owner.name},
        patch: nestAt(owner.specPath, specValue),
      };
    }
    if (owner)
      return {
        text: `${text} in the template of ${owner.kind} ${owner.name}, which owns this pod: a ${owner.kind}'s template cannot change, so recreate the ${owner.kind} with it`,
      };
  }
  if (patchable(w.kind)) return {text, target: self, patch: nestAt(w.specPath, specValue)};
  return {
    text: `${text}. A ${w.kind}'s ${w.kind === 'Pod' ? 'spec' : 'template'} cannot change in place: the corrected ${w.kind} below replaces it (it is deleted and created again)`,
    target: self,
    manifest: correctedManifest(w, specValue),
    apply: 'replace',
  };
}
