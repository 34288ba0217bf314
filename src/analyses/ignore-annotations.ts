// The `kubectl-win.io/ignore` annotations on the objects a run reads (issue 22): the pods and
// templates as the stream goes by, and the small kinds of the snapshot (nodes, namespaces, credential
// specs). Only annotated objects are kept, so the index stays as small as the annotations are few.
// The CLI applies them (src/report/suppress.ts); a controller's pods are suppressed by their top
// owner's annotation when the run read the owner (its template).
import {ignoreOf, objectText, type IgnoreAnnotations, type ObjectIgnore} from '../report/suppress.js';
import {RESOURCES, type ResourceName} from '../k8s/resources.js';
import type {Snapshot, Workload} from '../k8s/snapshot.js';

export class IgnoreAnnotationIndex {
  private readonly byObject = new Map<string, ObjectIgnore>();

  see(w: Workload): void {
    const ignore = ignoreOf(w.metadata.annotations);
    if (ignore) this.byObject.set(objectText({kind: w.kind, namespace: w.namespace, name: w.name}), ignore);
  }

  /** The index with the snapshot's small kinds added. */
  withObjects(objects: Snapshot['objects']): IgnoreAnnotations {
    for (const [resource, list] of Object.entries(objects) as Array<[ResourceName, Snapshot['objects'][ResourceName]]>) {
      const r = RESOURCES[resource];
      for (const o of list ?? []) {
        const ignore = ignoreOf(o.metadata?.annotations);
        if (!ignore) continue;
        const namespace = r.namespaced ? o.metadata?.namespace : undefined;
        this.byObject.set(objectText({kind: r.kind, ...(namespace ? {namespace} : {}), name: o.metadata?.name ?? ''}), ignore);
      }
    }
    return this.byObject;
  }
}
