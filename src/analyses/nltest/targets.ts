// Which pod and container `gmsa nltest` probes, and which domain it looks up. A workload name
// (deployment/iis) resolves to its Running pods through its selector (one list), the first by name
// unless --all-replicas. The container is -c, else the kubectl default-container annotation, else
// the first container that runs with a credential spec, else the first. The domain is DnsName from
// the inlined credential spec, else from the GMSACredentialSpec object.
import {InputError} from '../../cli/errors.js';
import {parseNameArg} from '../../source/name-args.js';
import {RESOURCES, listPath, objectPath} from '../../source/resources.js';
import type {KubeObject} from '../../source/types.js';
import type {ProbeTarget} from './probe.js';
import {credSpecFindings} from '../gmsa/credspec.js';

/** The part of KubeClient this needs (injected for tests). */
export interface Reader {
  request<T = unknown>(path: string, init?: {query?: Record<string, string | undefined>}): Promise<{status: number; body: T}>;
  listAll(path: string, query?: Record<string, string | undefined>): Promise<KubeObject[]>;
}

interface Win {
  gmsaCredentialSpecName?: string;
  gmsaCredentialSpec?: string;
}

type Container = {name: string; securityContext?: {windowsOptions?: Win}};

/** metav1.LabelSelector to the query string form (`a=b,c in (d,e),!f`). */
export function selectorString(sel: {matchLabels?: Record<string, string>; matchExpressions?: {key: string; operator: string; values?: string[]}[]} | undefined): string {
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

export function pickContainer(pod: KubeObject, wanted?: string): Container {
  const containers: Container[] = pod.spec?.containers ?? [];
  if (wanted) {
    const c = containers.find((x) => x.name === wanted);
    if (!c) throw new InputError(`error: container ${wanted} is not valid for pod ${pod.metadata?.name}`);
    return c;
  }
  const annotated = pod.metadata?.annotations?.['kubectl.kubernetes.io/default-container'];
  const byAnnotation = annotated ? containers.find((x) => x.name === annotated) : undefined;
  if (byAnnotation) return byAnnotation;
  const podWin: Win = pod.spec?.securityContext?.windowsOptions ?? {};
  const withSpec = containers.find((c) => c.securityContext?.windowsOptions?.gmsaCredentialSpecName || podWin.gmsaCredentialSpecName);
  const c = withSpec ?? containers[0];
  if (!c) throw new InputError(`error: pod ${pod.metadata?.name} has no containers`);
  return c;
}

/** The container's credential spec as the kubelet sees it: its own windowsOptions, else the pod's. */
export function effectiveCredSpec(pod: KubeObject, c: Container): {name?: string; content?: string} {
  const podWin: Win = pod.spec?.securityContext?.windowsOptions ?? {};
  const own: Win = c.securityContext?.windowsOptions ?? {};
  return {
    name: own.gmsaCredentialSpecName ?? podWin.gmsaCredentialSpecName,
    content: own.gmsaCredentialSpec ?? (own.gmsaCredentialSpecName ? undefined : podWin.gmsaCredentialSpec),
  };
}

interface CredSpecFacts {
  domain?: string;
  /** What `gmsa check` finds wrong with the domain names (gmsa/credspec-domain-names), word for word. */
  defects?: string[];
}

function parseContent(content: unknown): unknown {
  if (typeof content !== 'string') return content;
  try {
    return JSON.parse(content);
  } catch {
    return undefined;
  }
}

/** The domain to look up and the credential spec's domain-name defects, by the same rules as gmsa check. */
function credSpecFacts(cs: KubeObject): CredSpecFacts {
  const domain = dnsNameOf(cs.credspec);
  const defects = credSpecFindings(cs).filter((f) => f.id === 'gmsa/credspec-domain-names').map((f) => f.message);
  return {...(domain ? {domain} : {}), defects};
}

export function dnsNameOf(credspecContent: unknown): string | undefined {
  let c = credspecContent;
  if (typeof c === 'string') {
    try {
      c = JSON.parse(c);
    } catch {
      return undefined;
    }
  }
  const dns = (c as {DomainJoinConfig?: {DnsName?: string}} | undefined)?.DomainJoinConfig?.DnsName;
  return typeof dns === 'string' && dns !== '' ? dns : undefined;
}

export async function resolveTargets(reader: Reader, args: string[], namespace: string, opts: {container?: string; allReplicas: boolean}): Promise<ProbeTarget[]> {
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
    const selector = selectorString(obj.spec?.selector?.matchLabels || obj.spec?.selector?.matchExpressions ? obj.spec.selector : resource === 'replicationcontrollers' ? {matchLabels: obj.spec?.selector} : undefined);
    if (!selector) throw new InputError(`error: ${r.plural} "${name}" has no pod selector; name a pod instead`);
    const owned = (await reader.listAll(listPath(RESOURCES.pods, namespace), {labelSelector: selector}))
      .filter((p) => p.status?.phase === 'Running')
      .sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
    if (owned.length === 0) throw new InputError(`error: no Running pods for ${r.plural} "${name}" in namespace "${namespace}"`);
    pods.push(...(opts.allReplicas ? owned : owned.slice(0, 1)));
  }
  const credspecFacts = new Map<string, Promise<CredSpecFacts>>();
  const factsFromObject = (csName: string) => {
    if (!credspecFacts.has(csName)) {
      credspecFacts.set(
        csName,
        reader
          .request<KubeObject>(objectPath(RESOURCES.gmsacredentialspecs, csName))
          .then((res) => credSpecFacts(res.body))
          .catch(() => ({})),
      );
    }
    return credspecFacts.get(csName)!;
  };
  return Promise.all(
    pods.map(async (pod) => {
      const c = pickContainer(pod, opts.container);
      const cs = effectiveCredSpec(pod, c);
      const inlinedFacts = cs.content ? credSpecFacts({metadata: {name: cs.name ?? ''}, credspec: parseContent(cs.content)}) : {};
      let {domain, defects} = inlinedFacts;
      let domainSource: ProbeTarget['domainSource'] = domain ? 'inlined' : undefined;
      if (!domain && cs.name) {
        ({domain, defects} = await factsFromObject(cs.name));
        if (domain) domainSource = 'credspec';
      }
      return {
        namespace: pod.metadata?.namespace ?? namespace,
        name: pod.metadata?.name ?? '',
        container: c.name,
        ...(cs.name ? {credentialSpec: cs.name} : {}),
        inlined: Boolean(cs.content),
        ...(domain ? {domain, domainSource} : {}),
        ...(defects && defects.length > 0 ? {credspecDefects: defects} : {}),
      };
    }),
  );
}
