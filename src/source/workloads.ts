// Turns a Pod or a workload object into the Workload units per-pod analyses map over.
import type {V1ObjectMeta, V1PodSpec} from '@kubernetes/client-node';
import {decodeByMinor, decodeObject} from '../k8s/decode.js';
import type {KubeObject} from '../k8s/object.js';
import type {Origin, Workload} from '../k8s/snapshot.js';

/** Where each workload kind keeps its pod template. */
const TEMPLATE_PATHS: Record<string, string[]> = {
  Deployment: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
  PodTemplate: ['template'],
};

export function isPodBearing(kind: string | undefined): boolean {
  return kind === 'Pod' || (kind !== undefined && kind in TEMPLATE_PATHS);
}

/**
 * The Workload of a pod-bearing object, else undefined. `decode` checks the object decodes as the
 * apiserver would decode it (src/k8s/decode.ts): on by default for manifests (an origin), off for
 * objects read from the apiserver, which wrote them and so decode by construction (the check would
 * cost a walk of every live pod for nothing). Those are `admitted`: their resources were validated
 * when they were written too.
 */
export function toWorkload(obj: KubeObject, defaultNamespace: string, origin?: Origin, decode = origin !== undefined): Workload | undefined {
  const w = workloadOf(obj, defaultNamespace, origin, !decode);
  if (w && decode) {
    const r = decodeObject(obj);
    if (r?.failure) w.undecodable = r.failure;
    if (r && r.unknownFields.length > 0) w.unknownFields = r.unknownFields;
    const later = r && decodeByMinor(obj, r);
    if (later) w.unknownFieldsAt = later.unknownFields;
    if (later?.failures) w.undecodableAt = later.failures;
  }
  return w;
}

function workloadOf(obj: KubeObject, defaultNamespace: string, origin: Origin | undefined, admitted: boolean): Workload | undefined {
  const kind = obj.kind ?? '';
  const metadata: V1ObjectMeta = obj.metadata ?? {};
  const namespace = metadata.namespace ?? defaultNamespace;
  const name = metadata.name ?? metadata.generateName ?? '';
  const apiVersion = obj.apiVersion ?? '';
  // Object literals, not `{...base, ...}`: V8 spreads these at ~10 us each (slow clone path), a
  // tenth of a second on 10,000 pods; the keys and their order are unchanged.
  if (kind === 'Pod') {
    return {
      kind,
      apiVersion,
      namespace,
      name,
      metadata,
      origin,
      object: obj,
      podMetadata: metadata,
      spec: (obj.spec ?? {}) as V1PodSpec,
      specPath: 'spec',
      status: obj.status,
      template: false,
      admitted,
    };
  }
  const path = TEMPLATE_PATHS[kind];
  if (!path) return undefined;
  let template: KubeObject | undefined = obj;
  for (const key of path) template = template?.[key];
  return {
    kind,
    apiVersion,
    namespace,
    name,
    metadata,
    origin,
    object: obj,
    podMetadata: (template?.metadata ?? {}) as V1ObjectMeta,
    spec: (template?.spec ?? {}) as V1PodSpec,
    specPath: [...path, 'spec'].join('.'),
    template: true,
    admitted,
  };
}
