// The top owners' kubectl-win.io/ annotations, for a run that reads pods but not their owners'
// templates (live qos, issue 22): an ignore annotation on a Deployment must suppress its pods'
// findings there as everywhere else. Read as metadata-only lists (PartialObjectMetadataList, what
// `kubectl get` asks for when it needs metadata only), one per owner kind the pods actually name,
// each started when the stream first meets a pod of that kind, so it runs beside the pod list.
// Only owners with a kubectl-win.io/ annotation are kept. A list that cannot be read is recorded
// with the owner kinds it leaves unknown; whether that matters is decided where suppressions are.
import type {V1ObjectMeta} from '@kubernetes/client-node';
import {TOOL_ANNOTATION_PREFIX} from '../k8s/owners.js';
import {listPath, RESOURCES, type ResourceName} from '../k8s/resources.js';
import type {AnnotatedOwner, OwnerAnnotations, UnreadOwners} from '../k8s/snapshot.js';
import type {KubeClient} from './kube-client.js';

/**
 * Metadata only, as kubectl asks (k8s.io/cli-runtime resource/helper.go, `as=PartialObjectMetadataList`);
 * a server that cannot answers plain JSON, whose metadata reads the same.
 */
const METADATA_ONLY = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1, application/json';

/** The `read/<plural>` reason of a failed list, or undefined for a failure that ends the run (cluster-source.ts). */
type FailedReadReason = (err: unknown, plural: string) => string | undefined;

/** Every object's metadata in a list, a page at a time (nothing else of the objects is sent). */
export async function forEachMetadata(client: KubeClient, kind: ResourceName, namespace: string | undefined, see: (m: V1ObjectMeta) => void): Promise<void> {
  for await (const page of client.listPages(listPath(RESOURCES[kind], namespace), {}, {accept: METADATA_ONLY})) {
    for (const o of page) see(o.metadata ?? {});
  }
}

function toolAnnotations(meta: V1ObjectMeta): Record<string, string> | undefined {
  let out: Record<string, string> | undefined;
  for (const [k, v] of Object.entries(meta.annotations ?? {})) if (k.startsWith(TOOL_ANNOTATION_PREFIX)) (out ??= {})[k] = v;
  return out;
}

/** The top-owner kinds listed on demand; ReplicaSets and Jobs come with the owner index (owner-index.ts). */
const OWNER_LISTS: Readonly<Record<string, ResourceName>> = {
  Deployment: 'deployments',
  StatefulSet: 'statefulsets',
  DaemonSet: 'daemonsets',
  CronJob: 'cronjobs',
  ReplicationController: 'replicationcontrollers',
};

export class OwnerAnnotationReader {
  private readonly annotated: AnnotatedOwner[] = [];
  private readonly unread: UnreadOwners[] = [];
  private readonly reads = new Map<string, Promise<void>>();

  constructor(
    private readonly client: KubeClient,
    private readonly namespace: string | undefined,
    private readonly failedReason: FailedReadReason,
  ) {}

  /** Keeps an object's kubectl-win.io/ annotations, if it has any. */
  note(kind: string, meta: V1ObjectMeta): void {
    const annotations = toolAnnotations(meta);
    if (annotations) this.annotated.push({kind, namespace: meta.namespace ?? this.namespace ?? 'default', name: meta.name ?? '', annotations});
  }

  /** A list that failed (`err`), leaving the annotations of these top-owner kinds unknown; rethrows what ends the run. */
  failed(resource: ResourceName, err: unknown, ownerKinds: string[]): void {
    const reason = this.failedReason(err, RESOURCES[resource].plural);
    if (reason === undefined) throw err;
    this.unread.push({resource, ...(this.namespace !== undefined ? {namespace: this.namespace} : {}), reason, ownerKinds});
  }

  /** Starts the list of `kind`'s objects, once, when a streamed pod first names one as its top owner. */
  want(kind: string): void {
    const resource = OWNER_LISTS[kind];
    if (!resource || this.reads.has(kind)) return;
    const read = forEachMetadata(this.client, resource, this.namespace, (m) => this.note(kind, m)).catch((err) => this.failed(resource, err, [kind]));
    read.catch(() => {}); // awaited in result(); a run that ends early must not reject unhandled
    this.reads.set(kind, read);
  }

  /** What the lists found, once they all ended. */
  async result(): Promise<OwnerAnnotations> {
    await Promise.all(this.reads.values());
    return {annotated: this.annotated, unread: this.unread};
  }
}
