// What suppressions need from the objects a run reads (issue 22): the `kubectl-win.io/ignore`
// annotations of the pods and templates as the stream goes by and of the snapshot's small kinds
// (nodes, namespaces, credential specs), and the controller of each template object a controller
// made (a Deployment's ReplicaSet, a CronJob's Job). Only annotated and made objects are kept.
// The CLI applies them (src/report/suppress.ts); a controller's pods are suppressed by their top
// owner's annotation when the run read the owner (its template, or its metadata: live qos).
import {ignoreOf, objectText, type ObjectFacts, type ObjectIgnore} from '../report/suppress.js';
import type {ObjectRef} from '../report/types.js';
import {controllerOf} from '../k8s/owners.js';
import {RESOURCES, type ResourceName} from '../k8s/resources.js';
import type {OwnerAnnotations, Snapshot, Workload} from '../k8s/snapshot.js';

/** The controllers that make template objects the stream also carries (their pods have Finding.owner). */
const MADE_BY: Readonly<Record<string, string>> = {ReplicaSet: 'Deployment', Job: 'CronJob'};

export class ObjectFactsIndex {
  private readonly byObject = new Map<string, ObjectIgnore>();
  private readonly controllers = new Map<string, ObjectRef>();

  see(w: Workload): void {
    const ignore = ignoreOf(w.metadata.annotations);
    const key = ignore || MADE_BY[w.kind] ? objectText({kind: w.kind, namespace: w.namespace, name: w.name}) : undefined;
    if (key === undefined) return;
    if (ignore) this.byObject.set(key, ignore);
    const c = MADE_BY[w.kind] ? controllerOf(w.metadata) : undefined;
    if (c && c.kind === MADE_BY[w.kind]) this.controllers.set(key, {kind: c.kind, namespace: w.namespace, name: c.name});
  }

  /**
   * The facts, with the snapshot's small kinds' annotations added, and those of the pods' top
   * owners when the source read them apart from the stream (SnapshotRequest.ownerAnnotations).
   */
  withObjects(objects: Snapshot['objects'], owners?: OwnerAnnotations): ObjectFacts {
    for (const o of owners?.annotated ?? []) {
      const ignore = ignoreOf(o.annotations);
      if (ignore) this.byObject.set(objectText(o), ignore);
    }
    for (const [resource, list] of Object.entries(objects) as Array<[ResourceName, Snapshot['objects'][ResourceName]]>) {
      const r = RESOURCES[resource];
      for (const o of list ?? []) {
        const ignore = ignoreOf(o.metadata?.annotations);
        if (!ignore) continue;
        const namespace = r.namespaced ? o.metadata?.namespace : undefined;
        this.byObject.set(objectText({kind: r.kind, ...(namespace ? {namespace} : {}), name: o.metadata?.name ?? ''}), ignore);
      }
    }
    return {annotations: this.byObject, controllers: this.controllers, ...(owners && owners.unread.length > 0 ? {unreadOwners: owners.unread} : {})};
  }
}
