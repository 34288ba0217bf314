// The domain vocabulary every layer shares: an object as the API serves it, and an access-review
// question. Here, at the bottom, so that src/k8s/ needs nothing above it (src/k8s/snapshot.ts builds on it).
import type {V1ObjectMeta} from '@kubernetes/client-node';

/** Any Kubernetes object as the API serves it (raw JSON, not client-node model instances). */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: V1ObjectMeta & {name?: string; namespace?: string};
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any kind's fields, as JSON; readers narrow what they read
  [key: string]: any;
}

/** A SubjectAccessReview question, e.g. the gMSA webhook's `use` check. */
export interface AccessReviewRequest {
  namespace: string;
  user: string;
  groups: string[];
  verb: string;
  group: string;
  version?: string;
  resource: string;
  name?: string;
}
