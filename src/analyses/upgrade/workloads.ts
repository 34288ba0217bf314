// Pods fold into their top owner (a Deployment's pods are the Deployment), as the other commands
// fold them: one plan per workload, with the nodes its pods run on and how many there are.
import type {V1PodSpec} from '@kubernetes/client-node';
import type {Workload} from '../../k8s/snapshot.js';
import {topOwner} from '../remedy/pod-spec.js';
import {controllerOf} from '../../k8s/owners.js';

export interface FoldedWorkload {
  kind: string;
  namespace: string;
  name: string;
  /** The spec to judge: the template's when it was read, else the first pod's. */
  spec: V1PodSpec;
  podLabels: Record<string, string>;
  /** What a remedy is aimed at (a template, or a pod whose fix goes to its owner). */
  source: Workload;
  /** spec.replicas of the template's object (1 when unset); undefined for kinds without replicas. */
  replicas?: number;
  pods: number;
  nodes: Set<string>;
}

const REPLICATED = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController']);

function replicasOf(w: Workload): number | undefined {
  if (!REPLICATED.has(w.kind)) return undefined;
  const r = (w.object as {spec?: {replicas?: unknown}}).spec?.replicas;
  return typeof r === 'number' ? r : 1;
}

// A Deployment's ReplicaSet and a CronJob's Job carry their owner's template: they are the owner.
const FOLDED_INTO: Record<string, string> = {ReplicaSet: 'Deployment', Job: 'CronJob'};

function templateOwner(w: Workload): {kind: string; name: string} | undefined {
  const owner = controllerOf(w.metadata);
  return owner && FOLDED_INTO[w.kind] === owner.kind ? {kind: owner.kind, name: owner.name} : undefined;
}

export class WorkloadFolder {
  readonly byKey = new Map<string, FoldedWorkload>();

  add(w: Workload): FoldedWorkload {
    const top = w.kind === 'Pod' ? topOwner(w) : templateOwner(w);
    const kind = top?.kind ?? w.kind;
    const name = top?.name ?? w.name;
    const key = `${kind}\u0000${w.namespace}\u0000${name}`;
    let f = this.byKey.get(key);
    if (!f) {
      f = {kind, namespace: w.namespace, name, spec: w.spec, podLabels: w.podMetadata.labels ?? {}, source: w, pods: 0, nodes: new Set()};
      this.byKey.set(key, f);
    }
    if (w.kind === 'Pod') {
      f.pods++;
      if (w.spec.nodeName) f.nodes.add(w.spec.nodeName);
    } else if (w.template && (f.source.kind === 'Pod' || kind === w.kind)) {
      // The template is what the fix changes and what new pods will be made from.
      Object.assign(f, {spec: w.spec, podLabels: w.podMetadata.labels ?? {}, source: w});
    }
    if (w.template && kind === w.kind) f.replicas = replicasOf(w);
    return f;
  }
}
