// What a SnapshotRequest's gmsaWebhookDetails asks for, beyond the namespace scope of -n: the gMSA
// webhook's Service and EndpointSlices live in the webhook's own namespace, RoleBindings in other
// namespaces explain "granted in the wrong namespace", and the webhook's serving certificate is in
// the Secrets its pods mount. One list per kind and namespace, never a request per workload pod.
// The answer is kept beside the snapshot's objects (Snapshot.gmsaWebhookDetails), not merged into
// them, so in doctor only the analysis that asked for it sees it. A kind that cannot be read is
// dropped from the answer so the check is reported as skipped instead of failing on partial data.
import {findGmsaWebhooks, podSecretRefs, servingPodRefs, SERVING_CERT_CHECK, type GmsaWebhook, type PodRef, type SecretRef} from '../k8s/gmsa-webhook.js';
import type {GmsaWebhookDetails} from '../k8s/snapshot.js';
import {pool} from '../util/pool.js';
import {ApiError, type KubeClient} from './kube-client.js';
import {RESOURCES, listPath, objectPath, type ResourceName} from '../k8s/resources.js';
import type {KubeObject} from '../k8s/object.js';

type Objects = Partial<Record<ResourceName, KubeObject[]>>;

function merge(into: KubeObject[] | undefined, more: KubeObject[]): KubeObject[] {
  const key = (o: KubeObject) => `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;
  const out = [...(into ?? [])];
  const seen = new Set(out.map(key));
  for (const o of more) {
    if (seen.has(key(o))) continue;
    seen.add(key(o));
    out.push(o);
  }
  return out;
}

/** Manifests: -n filters namespaced kinds; these come from every file (pods and Secrets: the analysis picks those behind the Services). */
export function manifestGmsaWebhookDetails(objects: Objects, all: KubeObject[]): GmsaWebhookDetails {
  const widened: Objects = {...objects};
  for (const kind of ['services', 'endpointslices', 'rolebindings', 'roles', 'pods', 'secrets'] as const) {
    widened[kind] = merge(
      widened[kind],
      all.filter((o) => o.kind === RESOURCES[kind].kind),
    );
  }
  return {objects: widened, skipped: []};
}

/** Live: the reads above through the source's client; `namespace` is the snapshot's scope (undefined: -A, everything is there). */
export async function clusterGmsaWebhookDetails(client: KubeClient, objects: Objects, namespace: string | undefined): Promise<GmsaWebhookDetails> {
  const details: GmsaWebhookDetails = {objects: {...objects}, skipped: []};
  const hooks = findGmsaWebhooks(objects.mutatingwebhookconfigurations ?? [], objects.validatingwebhookconfigurations ?? []);
  if (namespace !== undefined) await widenNamespaces(client, details, hooks, namespace);
  await readServing(client, details, hooks);
  return details;
}

async function widenNamespaces(client: KubeClient, details: GmsaWebhookDetails, hooks: GmsaWebhook[], scope: string): Promise<void> {
  const objects = details.objects;
  const namespaces = [
    ...new Set(hooks.map((h) => h.webhook.clientConfig?.service?.namespace as string | undefined).filter((n): n is string => !!n && n !== scope)),
  ];
  const fetch = async (kind: ResourceName, ns?: string): Promise<KubeObject[] | undefined> => {
    try {
      return await client.listAll(listPath(RESOURCES[kind], ns));
    } catch {
      return undefined;
    }
  };
  await Promise.all([
    ...(['services', 'endpointslices'] as const).flatMap((kind) =>
      namespaces.map(async (ns) => {
        const list = await fetch(kind, ns);
        if (list === undefined) {
          if (objects[kind] !== undefined) {
            delete objects[kind];
            details.skipped.push({check: `read/${kind}`, reason: `forbidden: cannot list ${kind} in namespace "${ns}" (the gMSA webhook's namespace)`});
          }
        } else if (objects[kind] !== undefined) objects[kind] = merge(objects[kind], list);
      }),
    ),
    // For explanations only: missing them just means fewer hints.
    ...(['rolebindings', 'roles'] as const).map(async (kind) => {
      const list = await fetch(kind);
      if (list) objects[kind] = merge(objects[kind], list);
    }),
  ]);
}

/**
 * The webhook pods' serving certificates: GET the few pods behind each webhook Service (the
 * EndpointSlices' targetRefs, at most MAX_SERVING_PODS each), then the Secrets they mount. A read
 * that fails becomes a skipped entry with the apiserver's reason; the caBundle is still checked.
 */
async function readServing(client: KubeClient, details: GmsaWebhookDetails, hooks: GmsaWebhook[]): Promise<void> {
  const objects = details.objects;
  if (!objects.endpointslices) return; // the analysis reports why
  const reasons = new Set<string>();
  const get = async (kind: 'pods' | 'secrets', ref: PodRef | SecretRef): Promise<KubeObject | undefined> => {
    try {
      const {body} = await client.request<KubeObject>(objectPath(RESOURCES[kind], ref.name, ref.namespace));
      return {apiVersion: 'v1', kind: RESOURCES[kind].kind, ...body};
    } catch (err) {
      if ((err as {name?: string}).name === 'AbortError' || !(err instanceof ApiError)) throw err;
      // Forbidden (Secrets often are), or gone since the EndpointSlice was written: the apiserver's words.
      reasons.add(`cannot read ${kind === 'pods' ? 'pod' : 'Secret'} "${ref.namespace}/${ref.name}": ${err.message}`);
      return undefined;
    }
  };
  const key = (r: PodRef) => `${r.namespace}/${r.name}`;
  const podRefs = [...new Map(hooks.flatMap((h) => servingPodRefs(h, objects.endpointslices!)).map((r) => [key(r), r])).values()];
  const pods: KubeObject[] = [];
  await pool(podRefs, 8, async (r) => {
    const p = await get('pods', r);
    if (p) pods.push(p);
  });
  const secretRefs = [...new Map(pods.flatMap(podSecretRefs).map((r) => [key(r), r])).values()];
  const secrets: KubeObject[] = [];
  await pool(secretRefs, 8, async (r) => {
    const s = await get('secrets', r);
    if (s) secrets.push(s);
  });
  objects.pods = merge(objects.pods, pods);
  objects.secrets = merge(objects.secrets, secrets);
  for (const reason of reasons) details.skipped.push({check: SERVING_CERT_CHECK, reason});
}
