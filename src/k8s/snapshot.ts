// The Snapshot: plain Kubernetes objects, the same whether read from a cluster or from manifests,
// so an analysis never cares where they came from (DESIGN.md, "The flow of data").
import type {V1ObjectMeta, V1PodSpec, V1PodStatus} from '@kubernetes/client-node';
import type {NotServed} from './served-apis.js';
import type {DecodeFailure} from './decode.js';
import type {TopOwner} from './owners.js';
import type {ResourceName} from './resources.js';
import type {AccessReviewRequest, KubeObject} from './object.js';
import type {ImagePlatformsCapability} from './image-platforms.js';

/** Where a manifest object came from, for messages that point at a file and line. */
export interface Origin {
  file: string;
  line: number;
}

/** A range in a manifest file; lines and columns count from 1, as SARIF regions and editors do (end: one past the last character). */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /**
   * Set when the finding's field is not in the file (a finding about a missing field): the field
   * path of its nearest ancestor that is, which the range covers.
   */
  ancestor?: string;
}

/** A finding's object and field, to find in the manifests (Capabilities.locate). */
export interface LocateTarget {
  kind: string;
  namespace?: string;
  name: string;
  field?: string;
}

/**
 * A pod, or a workload's pod template: the unit per-pod analyses map over.
 * `specPath` is the field path of the pod spec inside the object ("spec" for a Pod,
 * "spec.template.spec" for a Deployment, "spec.jobTemplate.spec.template.spec" for a CronJob),
 * so findings carry the path the apiserver would print. Read only: the pods of a list read from a
 * cluster share their repeated sub-objects (tolerations, resources, ...), frozen (protobuf/decode.ts).
 */
export interface Workload {
  kind: string;
  apiVersion: string;
  namespace: string;
  name: string;
  /** The object's own metadata (the Pod's, or the Deployment's). */
  metadata: V1ObjectMeta;
  /** The pod's metadata: the Pod's own, or the template's. */
  podMetadata: V1ObjectMeta;
  spec: V1PodSpec;
  specPath: string;
  /** Only for Pods read from a cluster (or manifests that carry a status). */
  status?: V1PodStatus;
  /** True for a template (not a running pod): not defaulted by the apiserver. */
  template: boolean;
  origin?: Origin;
  /** The whole object as read. */
  object: KubeObject;
  /**
   * Set on a manifest object whose apiVersion/kind the target minor does not serve (src/k8s/served-apis.ts):
   * the apiserver would not take it at all, so lint calls it invalid with kubectl's words.
   */
  notServed?: NotServed;
  /**
   * Set when the apiserver could not decode the object (a wrong JSON type, an unparseable quantity):
   * it would reject it before any validation, so its spec is not what it seems. lint and qos report
   * it; the other per-pod analyses leave it out. Only manifests are checked (see toWorkload).
   */
  undecodable?: DecodeFailure;
  /** Each later minor's decode failure (null: it decodes), when one differs from v1.34's: undecodableAt() in decode.ts. */
  undecodableAt?: Record<number, DecodeFailure | null>;
  /** Fields the apiserver does not know and would drop (strict field validation warnings), at v1.34. */
  unknownFields?: string[];
  /** The same at each later minor, when a field whose presence changes between minors was met. */
  unknownFieldsAt?: Record<number, string[]>;
  /**
   * Read from the apiserver, which decoded and validated it when it was written: the checks that
   * only repeat that (decoding, resource rules) are skipped, they cost time on large clusters.
   */
  admitted?: boolean;
  /**
   * Pods only: the object whose template made it, through ownerReferences, as the source resolved
   * it (null: a bare pod). Unset when the source could not follow the chain (then see src/k8s/owners.ts).
   */
  topOwner?: TopOwner | null;
}

/** A manifest object that is not a pod or a template, whose apiVersion/kind the target minor does not serve. */
export interface UnservedObject {
  object: KubeObject;
  origin: Origin;
  notServed: NotServed;
}

/** A check or kind that could not be read or run, and why (`read/<plural>` for a kind). */
export interface Skipped {
  check: string;
  reason: string;
  /**
   * A read the verdict depended on failed outside the apiserver (upgrade-plan --registry: an image
   * whose registry could not be read and whose tag says nothing): the run is incomplete (exit 4)
   * like a failed primary read, not merely a check left out.
   */
  incomplete?: boolean;
}

/** A file or document that could not be read, found after output began (exit 2 at the end). */
export interface InputProblem {
  file: string;
  /** The line the document (or the parser's error) is on, when known. */
  line?: number;
  message: string;
}

export type SourceInfo =
  | {type: 'cluster'; context: string; server: string; serverVersion?: string}
  | {type: 'manifests'; files: string[]}
  /** Nothing read: the report is kubectl-win's own knowledge (kubectl win rbac). */
  | {type: 'none'};

export interface ServerVersion {
  gitVersion: string;
  major: number;
  minor: number;
}

/** What an analysis asks its source to read. Each kind is listed once, paginated, in parallel. */
export interface SnapshotRequest {
  /** Small kinds held whole (nodes, RBAC, CRDs, ...). */
  kinds?: ResourceName[];
  /** Stream Pods. */
  pods?: boolean;
  /** Stream the pod templates of Deployments, StatefulSets, ... (WORKLOAD_KINDS). */
  workloads?: boolean;
  /** Named objects (pods or workloads) the user asked for; unknown names are an input error. */
  names?: string[];
  /**
   * The gMSA webhook's surroundings beyond the namespace scope: its Service and EndpointSlices in
   * its own namespace, Roles and RoleBindings everywhere, the pods behind the Service and the
   * Secrets they mount (src/source/gmsa-webhook-details.ts). Answered in Snapshot.gmsaWebhookDetails.
   */
  gmsaWebhookDetails?: boolean;
  /**
   * The Warning Events in the namespace scope, in Snapshot.objects.events: ONE paginated list with
   * the field selector `type=Warning` (kube-apiserver filters it; events live an hour, --event-ttl),
   * never one request per pod. It holds the pods' own events and their owners' (a ReplicaSet's
   * FailedCreate). Normal events (Scheduled, Pulling, Started) explain nothing and are not read.
   */
  events?: boolean;
  /**
   * With `names`: also stream the pods of the namespace after the named objects, so that a named
   * workload's own pods can be picked out (`kubectl win why deployment/web`) in one list.
   */
  podsOfNames?: boolean;
  /**
   * The kubectl-win.io/ annotations of the streamed pods' top owners, for a run that reads pods but
   * not their owners' templates (live qos; the cluster source also reads them when a pod field
   * selector leaves the templates out): metadata-only lists, one per owner kind the pods name,
   * beside the pod list (src/source/owner-metadata.ts). Answered by Snapshot.ownerAnnotations.
   */
  ownerAnnotations?: boolean;
  /**
   * No check of this request reads a live pod's status (lint, psp readiness, gmsa check,
   * upgrade-plan): the source may stream the pods without it (the protobuf decoder skips it, a
   * quarter of a running pod's bytes), and their Workloads then have none. Pods a JSON page brings
   * keep theirs.
   */
  podStatusUnread?: boolean;
}

/** A pod's top owner whose metadata has kubectl-win.io/ annotations (only those are kept). */
export interface AnnotatedOwner {
  kind: string;
  namespace: string;
  name: string;
  annotations: Record<string, string>;
}

/** An owner list that could not be read whole: the top-owner kinds whose annotations it leaves unknown. */
export interface UnreadOwners {
  resource: ResourceName;
  /** The namespace listed; absent: all namespaces. */
  namespace?: string;
  reason: string;
  ownerKinds: string[];
}

/** The answer to SnapshotRequest.ownerAnnotations, complete once the stream is. */
export interface OwnerAnnotations {
  annotated: AnnotatedOwner[];
  unread: UnreadOwners[];
}

/** The answer to SnapshotRequest.gmsaWebhookDetails: the snapshot's objects with those added. */
export interface GmsaWebhookDetails {
  /** The snapshot's objects widened; a kind whose widening read failed is absent (and in `skipped`). */
  objects: Partial<Record<ResourceName, KubeObject[]>>;
  skipped: Skipped[];
}

export interface Snapshot {
  source: SourceInfo;
  /** Live only. */
  serverVersion?: ServerVersion;
  /** Namespace scope: undefined means all namespaces. */
  namespace?: string;
  /** Kinds that were requested and read. A kind that could not be read is absent and in `skipped`. */
  objects: Partial<Record<ResourceName, KubeObject[]>>;
  /** Pods and templates, streamed page by page. */
  workloads(): AsyncIterable<Workload>;
  /** Checks or kinds that could not be read, and why. Grows as streams run (read it after). */
  skipped: Skipped[];
  /**
   * Input that could not be read (a bad file in a `-f` directory) while the source kept going with
   * the rest. The source only records them (never prints); the command's report carries them and
   * the top exits 2 after the output. Grows as streams run (read it after the pass).
   */
  inputErrors?: InputProblem[];
  /** Manifests only: objects other than pods and templates that the target minor does not serve. */
  unserved?: UnservedObject[];
  /** Asked for by SnapshotRequest.gmsaWebhookDetails; kept apart so only the asking analysis sees it. */
  gmsaWebhookDetails?: GmsaWebhookDetails;
  /** Asked for by SnapshotRequest.ownerAnnotations (live only); call it after the stream. */
  ownerAnnotations?: () => Promise<OwnerAnnotations>;
}

export interface AccessReviewResult {
  allowed: boolean;
  /** The RBAC reason, e.g. `RBAC: allowed by RoleBinding "b/ns" of ClusterRole "r" to ServiceAccount "sa/ns"`. */
  reason: string;
  evaluationError?: string;
  /** Who answered: the apiserver, or our evaluator over the RBAC objects we could read. */
  via: 'apiserver' | 'evaluator';
}

export interface ExecResult {
  stdout: string;
  stderr: string;
  /** null when the command did not finish (timed out, or the container could not run it). */
  exitCode: number | null;
  timedOut: boolean;
}

/**
 * Answers that need the cluster beyond reading lists. Offline sources implement what they can
 * (an RBAC evaluator instead of a review) and leave out what they cannot (exec), so an analysis
 * reports the missing capability as `skipped`.
 */
export interface Capabilities {
  mode: 'cluster' | 'manifests';
  accessReview?(req: AccessReviewRequest): Promise<AccessReviewResult>;
  exec?(namespace: string, pod: string, container: string, command: string[], timeoutMs: number): Promise<ExecResult>;
  /** Server-side dry run of labelling a namespace; returns the apiserver's warnings. */
  dryRunLabelNamespace?(namespace: string, labels: Record<string, string>): Promise<string[]>;
  /** Manifests only: where each target's field (or object) is in its file; undefined where it cannot be told. */
  locate?(targets: readonly LocateTarget[]): Array<SourceLocation | undefined>;
  /**
   * The platforms of image references from their registries (src/k8s/image-platforms.ts). Present
   * only when the user asked for registry reads (`--registry`); absent, analyses infer from tags.
   */
  imagePlatforms?: ImagePlatformsCapability;
}
