// The owner chain for pod remedies: who controls each ReplicaSet and Job, read as two paginated
// lists (no per-pod requests) and kept as name -> owner only, so a pod's fix can target its
// Deployment or CronJob (src/k8s/owners.ts). A list that cannot be read leaves the index out and
// the remedies fall back to the ReplicaSet's pod-template-hash naming.
import {indexControllers, type OwnerIndex} from '../k8s/owners.js';
import type {V1OwnerReference} from '@kubernetes/client-node';
import {ApiError, type KubeClient} from './kube-client.js';
import {hasProtobufSchema} from './protobuf/decode.js';
import {listPath, RESOURCES} from '../k8s/resources.js';

async function controllers(client: KubeClient, kind: 'replicasets' | 'jobs', namespace: string | undefined): Promise<Map<string, V1OwnerReference>> {
  const r = RESOURCES[kind];
  const out = new Map<string, V1OwnerReference>();
  for await (const page of client.listPages(listPath(r, namespace), {}, {protobuf: hasProtobufSchema(r)})) {
    for (const [k, v] of indexControllers(page, namespace ?? 'default')) out.set(k, v);
  }
  return out;
}

export async function readOwnerIndex(client: KubeClient, namespace: string | undefined): Promise<OwnerIndex | undefined> {
  try {
    const [replicaSets, jobs] = await Promise.all([controllers(client, 'replicasets', namespace), controllers(client, 'jobs', namespace)]);
    return {replicaSets, jobs};
  } catch (err) {
    if (err instanceof ApiError) return undefined;
    throw err;
  }
}
