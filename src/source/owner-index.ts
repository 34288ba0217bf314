// The owner chain: who controls each ReplicaSet and Job, read as two paginated metadata-only lists
// (no per-pod requests, no templates: ownerReferences are metadata) and kept as name -> owner only,
// so a pod's fix can target its Deployment or CronJob (src/k8s/owners.ts), and its findings fold
// and are suppressed by that owner. A list that cannot be read leaves the index out and the chain
// falls back to the ReplicaSet's pod-template-hash naming; with an OwnerAnnotationReader the
// failure is recorded: the ReplicaSets' or Jobs' own annotations are then unknown.
import type {V1OwnerReference} from '@kubernetes/client-node';
import {controllerOf, type OwnerIndex} from '../k8s/owners.js';
import type {KubeClient} from './kube-client.js';
import {ApiError, PartialListError} from './kube-client.js';
import {forEachMetadata, type OwnerAnnotationReader} from './owner-metadata.js';

const KIND = {replicasets: 'ReplicaSet', jobs: 'Job'} as const;

async function controllers(
  client: KubeClient,
  kind: 'replicasets' | 'jobs',
  namespace: string | undefined,
  owners: OwnerAnnotationReader | undefined,
): Promise<Map<string, V1OwnerReference> | undefined> {
  const out = new Map<string, V1OwnerReference>();
  try {
    await forEachMetadata(client, kind, namespace, (m) => {
      const c = controllerOf(m);
      if (c) out.set(`${m.namespace ?? namespace ?? 'default'}/${m.name ?? ''}`, c);
      owners?.note(KIND[kind], m);
    });
    return out;
  } catch (err) {
    // Without the index a pod's top owner is its ReplicaSet or Job (a Deployment's ReplicaSet is
    // still known by its pod-template-hash name): those are the owners whose annotations are unknown.
    if (owners) owners.failed(kind, err, [KIND[kind]]);
    else if (!(err instanceof ApiError || err instanceof PartialListError)) throw err;
    return undefined;
  }
}

export async function readOwnerIndex(client: KubeClient, namespace: string | undefined, owners?: OwnerAnnotationReader): Promise<OwnerIndex | undefined> {
  const [replicaSets, jobs] = await Promise.all([controllers(client, 'replicasets', namespace, owners), controllers(client, 'jobs', namespace, owners)]);
  return replicaSets && jobs ? {replicaSets, jobs} : undefined;
}
