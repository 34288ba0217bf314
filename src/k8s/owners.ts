// A pod's top owner: the object whose template made it, found through ownerReferences
// (Pod -> ReplicaSet -> Deployment, Pod -> Job -> CronJob). Fixes to a pod's spec belong there,
// because a pod's spec cannot change after creation (kubernetes/kubernetes
// pkg/apis/core/validation/validation.go ValidatePodUpdate: "pod updates may not change fields other than ...").
import type {V1ObjectMeta, V1OwnerReference} from '@kubernetes/client-node';

export interface TopOwner {
  kind: string;
  apiVersion: string;
  name: string;
  /** Where the owner keeps the pod spec: spec.template.spec, or spec.jobTemplate.spec.template.spec. */
  specPath: string;
}

/**
 * The controllers of ReplicaSets and Jobs, read by the source (namespace/name -> owner), so a pod's
 * chain is followed without reading per pod. `complete` is false when a list could not be read.
 */
export interface OwnerIndex {
  replicaSets: ReadonlyMap<string, V1OwnerReference>;
  jobs: ReadonlyMap<string, V1OwnerReference>;
}

/** Where kubectl-win's own annotations live (`kubectl-win.io/ignore`, src/report/suppress.ts). */
export const TOOL_ANNOTATION_PREFIX = 'kubectl-win.io/';

const SPEC_PATHS: Record<string, string> = {CronJob: 'spec.jobTemplate.spec.template.spec'};
const specPathOf = (kind: string) => SPEC_PATHS[kind] ?? 'spec.template.spec';

export function controllerOf(meta: V1ObjectMeta | undefined): V1OwnerReference | undefined {
  return meta?.ownerReferences?.find((o) => o.controller === true);
}

const asTop = (o: V1OwnerReference): TopOwner => ({kind: o.kind, apiVersion: o.apiVersion, name: o.name, specPath: specPathOf(o.kind)});

/**
 * The top owner of a pod, or undefined for a bare pod. With the source's index the chain is exact;
 * without it (manifests, or a list that could not be read), a Deployment's ReplicaSet is recognised
 * by its pod-template-hash suffix, as the Deployment controller names it
 * (kubernetes/kubernetes pkg/controller/deployment/sync.go), and other owners are taken as they are.
 */
export function topOwnerOf(namespace: string, meta: V1ObjectMeta, podLabels: Record<string, string> | undefined, index?: OwnerIndex): TopOwner | undefined {
  const owner = controllerOf(meta);
  if (!owner) return undefined;
  const key = `${namespace}/${owner.name}`;
  if (owner.kind === 'ReplicaSet' && index) {
    const up = index.replicaSets.get(key);
    return up ? asTop(up) : asTop(owner);
  }
  if (owner.kind === 'Job' && index) {
    const up = index.jobs.get(key);
    return up ? asTop(up) : asTop(owner);
  }
  const hash = podLabels?.['pod-template-hash'];
  if (owner.kind === 'ReplicaSet' && hash && owner.name.endsWith(`-${hash}`)) {
    return {kind: 'Deployment', apiVersion: 'apps/v1', name: owner.name.slice(0, -hash.length - 1), specPath: 'spec.template.spec'};
  }
  return asTop(owner);
}
