// Which container of each pod `gmsa nltest` probes, and which domain it looks up. The Source reads
// the pods the arguments name and the credential specs asked for (src/source/named-pods.ts). The
// container is -c, else the kubectl default-container annotation, else the first container that runs
// with a credential spec, else the first. The domain is DnsName from the inlined credential spec,
// else from the GMSACredentialSpec object.
import {InputError} from '../../errors.js';
import type {KubeObject} from '../../k8s/object.js';
import type {ProbeTarget} from './probe.js';
import {credSpecFindings} from '../gmsa/credspec.js';

interface Win {
  gmsaCredentialSpecName?: string;
  gmsaCredentialSpec?: string;
}

type Container = {name: string; securityContext?: {windowsOptions?: Win}};

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
  const defects = credSpecFindings(cs)
    .filter((f) => f.id === 'gmsa/credspec-domain-names')
    .map((f) => f.message);
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

/** The GMSACredentialSpec objects to read: those named by a probed container whose inlined spec gives no domain. */
export function credentialSpecsToRead(pods: readonly KubeObject[], container?: string): string[] {
  const names = new Set<string>();
  for (const pod of pods) {
    const cs = effectiveCredSpec(pod, pickContainer(pod, container));
    if (cs.name && !inlinedFacts(cs).domain) names.add(cs.name);
  }
  return [...names];
}

function inlinedFacts(cs: {name?: string; content?: string}): CredSpecFacts {
  return cs.content ? credSpecFacts({metadata: {name: cs.name ?? ''}, credspec: parseContent(cs.content)}) : {};
}

/** What to probe in each pod; `credspecs` holds the objects credentialSpecsToRead named that could be read. */
export function probeTargets(pods: readonly KubeObject[], credspecs: ReadonlyMap<string, KubeObject>, namespace: string, container?: string): ProbeTarget[] {
  return pods.map((pod) => {
    const c = pickContainer(pod, container);
    const cs = effectiveCredSpec(pod, c);
    let {domain, defects} = inlinedFacts(cs);
    let domainSource: ProbeTarget['domainSource'] = domain ? 'inlined' : undefined;
    if (!domain && cs.name) {
      const object = credspecs.get(cs.name);
      ({domain, defects} = object ? credSpecFacts(object) : {});
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
  });
}
