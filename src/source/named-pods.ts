// The reads behind `gmsa nltest POD|kind/name`: the pods it names (a workload name resolves to its
// Running pods through its selector, one list, the first by name unless --all-replicas) and the
// GMSACredentialSpec objects whose domain the probe needs. What to probe in each pod is the
// analysis's (src/analyses/nltest/targets.ts); only this reads.
import {InputError} from '../errors.js';
import {RESOURCES, listPath, objectPath} from '../k8s/resources.js';
import type {KubeObject} from '../k8s/object.js';
import type {ObjectReader} from './cluster-source.js';
import {parseNameArg} from './name-args.js';

/** metav1.LabelSelector to the query string form (`a=b,c in (d,e),!f`). */
export function selectorString(
  sel: {matchLabels?: Record<string, string>; matchExpressions?: {key: string; operator: string; values?: string[]}[]} | undefined,
): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(sel?.matchLabels ?? {})) parts.push(`${k}=${v}`);
  for (const e of sel?.matchExpressions ?? []) {
    const vals = (e.values ?? []).join(',');
    if (e.operator === 'In') parts.push(`${e.key} in (${vals})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${vals})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
  }
  return parts.join(',');
}

/** The pods the POD|kind/name arguments name, in argument order; a missing or forbidden name is an input error. */
export async function readNamedPods(reader: ObjectReader, args: string[], namespace: string, opts: {allReplicas: boolean}): Promise<KubeObject[]> {
  const pods: KubeObject[] = [];
  for (const arg of args) {
    const {resource, name} = parseNameArg(arg);
    const r = RESOURCES[resource];
    let obj: KubeObject;
    try {
      obj = (await reader.request<KubeObject>(objectPath(r, name, namespace))).body;
    } catch (err) {
      const status = (err as {status?: number}).status;
      if (status === 404) throw new InputError(`error: ${r.plural} "${name}" not found in namespace "${namespace}"`);
      if (status === 403) throw new InputError(`error: forbidden: cannot get ${r.plural} "${name}" in namespace "${namespace}": ${(err as Error).message}`);
      throw err;
    }
    if (resource === 'pods') {
      pods.push(obj);
      continue;
    }
    const selector = selectorString(
      obj.spec?.selector?.matchLabels || obj.spec?.selector?.matchExpressions
        ? obj.spec.selector
        : resource === 'replicationcontrollers'
          ? {matchLabels: obj.spec?.selector}
          : undefined,
    );
    if (!selector) throw new InputError(`error: ${r.plural} "${name}" has no pod selector; name a pod instead`);
    const owned = (await reader.listAll(listPath(RESOURCES.pods, namespace), {labelSelector: selector}))
      .filter((p) => p.status?.phase === 'Running')
      .sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
    if (owned.length === 0) throw new InputError(`error: no Running pods for ${r.plural} "${name}" in namespace "${namespace}"`);
    for (const p of opts.allReplicas ? owned : owned.slice(0, 1)) pods.push(p);
  }
  return pods;
}

/** The named GMSACredentialSpec objects, read together; one that cannot be read is left out (its domain stays unknown). */
export async function readCredentialSpecs(reader: ObjectReader, names: readonly string[]): Promise<Map<string, KubeObject>> {
  const read = await Promise.all(
    names.map((name) =>
      reader
        .request<KubeObject>(objectPath(RESOURCES.gmsacredentialspecs, name))
        .then((res): [string, KubeObject] => [name, res.body])
        .catch(() => undefined),
    ),
  );
  return new Map(read.filter((e) => e !== undefined));
}
