// What `gmsa check` reads beyond the namespace scope of -n: the webhook's Service and EndpointSlices
// live in the webhook's own namespace, and RoleBindings in other namespaces explain "granted in the
// wrong namespace". Not part of the pure analysis: the command calls this between snapshot and run.
// One list per kind and namespace, never a request per workload pod. A kind that cannot be read is
// dropped from the snapshot so the check is reported as skipped instead of failing on partial data.
// Also the webhook's serving certificate: a GET of the few pods behind each webhook Service and of
// the Secrets they mount (objects.pods / objects.secrets hold only those; offline, the manifests').
import type {AnySource} from '../../source/open.js';
import {ApiError} from '../../source/kube-client.js';
import {RESOURCES, listPath, objectPath, type ResourceName} from '../../source/resources.js';
import type {KubeObject, Snapshot} from '../../source/types.js';
import {podSecretRefs, servingPodRefs, SERVING_CERT_CHECK, type PodRef, type SecretRef} from './serving-cert.js';
import {findGmsaWebhooks, type GmsaWebhook} from './webhooks.js';
import {pool} from '../../util/pool.js';

function merge(into: KubeObject[] | undefined, more: KubeObject[]): KubeObject[] {
  const key = (o: KubeObject) => `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;
  const out = [...(into ?? [])];
  const seen = new Set(out.map(key));
  for (const o of more) if (!seen.has(key(o))) (seen.add(key(o)), out.push(o));
  return out;
}

export async function widenForGmsa(source: AnySource, snapshot: Snapshot): Promise<void> {
  const objects = snapshot.objects;
  if ('client' in source) {
    const client = source.client;
    const hooks = findGmsaWebhooks(objects.mutatingwebhookconfigurations ?? [], objects.validatingwebhookconfigurations ?? []);
    if (snapshot.namespace !== undefined) await widenNamespaces(client, snapshot, hooks); // -A: everything is already there
    await readServing(client, snapshot, hooks);
    return;
  }
  // Manifests: -n filters namespaced kinds; take these from every file. Pods and Secrets: those
  // behind the webhook Services (the analysis looks them up by the EndpointSlices' targetRefs).
  for (const kind of ['services', 'endpointslices', 'rolebindings', 'roles', 'pods', 'secrets'] as const) {
    const all = source.objects.map((o) => o.object).filter((o) => o.kind === RESOURCES[kind].kind);
    objects[kind] = merge(objects[kind], all);
  }
}

type Client = Extract<AnySource, {client: unknown}>['client'];

async function widenNamespaces(client: Client, snapshot: Snapshot, hooks: GmsaWebhook[]): Promise<void> {
  const objects = snapshot.objects;
  const namespaces = [...new Set(hooks.map((h) => h.webhook.clientConfig?.service?.namespace as string | undefined).filter((n): n is string => !!n && n !== snapshot.namespace))];
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
            snapshot.skipped.push({check: `read/${kind}`, reason: `forbidden: cannot list ${kind} in namespace "${ns}" (the gMSA webhook's namespace)`});
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
async function readServing(client: Client, snapshot: Snapshot, hooks: GmsaWebhook[]): Promise<void> {
  const objects = snapshot.objects;
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
  for (const reason of reasons) snapshot.skipped.push({check: SERVING_CERT_CHECK, reason});
}
