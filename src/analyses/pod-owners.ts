// Which controller each checked pod belongs to (its top owner: a Deployment, not its ReplicaSet),
// and how many of its pods were checked, so the human view can fold a finding on 40 pods into
// "Deployment web/iis: 40 of 40 pods" (issue 21). Seen as the stream goes by, attached at the end.
import type {Finding, OwnerRef} from '../report/types.js';
import type {Workload} from '../k8s/snapshot.js';
import {controllerOf} from '../k8s/owners.js';
import {topOwner} from './remedy/pod-spec.js';

export class PodOwners {
  private readonly ownerOfPod = new Map<string, OwnerRef>();
  private readonly owners = new Map<string, OwnerRef>();

  see(w: Workload): void {
    const top = topOwner(w);
    if (!top) return;
    const key = `${top.kind}\u0000${w.namespace}\u0000${top.name}`;
    let owner = this.owners.get(key);
    if (!owner) this.owners.set(key, (owner = {kind: top.kind, namespace: w.namespace, name: top.name, pods: 0}));
    owner.pods++;
    this.ownerOfPod.set(`${w.namespace}/${w.name}`, owner);
  }

  /** The findings, those on a controller's pod with `owner` set (new objects: findings are never changed once made). */
  annotate(findings: Finding[]): Finding[] {
    if (this.owners.size === 0) return findings;
    return findings.map((f) => {
      if (f.object?.kind !== 'Pod') return f;
      const owner = this.ownerOfPod.get(`${f.object.namespace}/${f.object.name}`);
      return owner ? {...f, owner} : f;
    });
  }
}

/**
 * A Deployment's old ReplicaSet, scaled to 0 after a rollout: it runs nothing and its template is a
 * past revision, so it is not checked (its findings repeated the Deployment's on every rollout).
 */
export function isRetiredReplicaSet(w: Workload): boolean {
  if (w.kind !== 'ReplicaSet' || controllerOf(w.metadata)?.kind !== 'Deployment') return false;
  const spec = (w.object as {spec?: {replicas?: unknown}}).spec;
  return spec?.replicas === 0;
}
