// What `gmsa check` reads beyond the namespace scope of -n: the webhook's Service and EndpointSlices
// live in the webhook's own namespace, and RoleBindings in other namespaces explain "granted in the
// wrong namespace". Not part of the pure analysis: the command calls this between snapshot and run.
// One list per kind and namespace, never a request per pod. A kind that cannot be read is dropped
// from the snapshot so the check is reported as skipped instead of failing on partial data.
import type {AnySource} from '../../source/open.js';
import {RESOURCES, listPath, type ResourceName} from '../../source/resources.js';
import type {KubeObject, Snapshot} from '../../source/types.js';
import {findGmsaWebhooks} from './webhooks.js';

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
    if (snapshot.namespace === undefined) return; // -A: everything is already there
    const client = source.client;
    const hooks = findGmsaWebhooks(objects.mutatingwebhookconfigurations ?? [], objects.validatingwebhookconfigurations ?? []);
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
    return;
  }
  // Manifests: -n filters namespaced kinds; take these from every file.
  for (const kind of ['services', 'endpointslices', 'rolebindings', 'roles'] as const) {
    const all = source.objects.map((o) => o.object).filter((o) => o.kind === RESOURCES[kind].kind);
    objects[kind] = merge(objects[kind], all);
  }
}
