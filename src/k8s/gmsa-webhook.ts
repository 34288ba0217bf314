// The windows-gmsa admission webhook as configured: which webhooks are the gMSA webhook, the Service
// they call, the pods behind it and the Secrets those mount. Pure vocabulary shared by the Source
// (which reads those objects when asked for gmsaWebhookDetails) and the gmsa analysis.
import type {KubeObject} from './object.js';

export const GMSA_WEBHOOK_NAME = 'admission-webhook.windows-gmsa.sigs.k8s.io';

export type WebhookKind = 'MutatingWebhookConfiguration' | 'ValidatingWebhookConfiguration';

export interface GmsaWebhook {
  kind: WebhookKind;
  configName: string;
  index: number;
  name: string;
  webhook: KubeObject;
}

interface Rule {
  operations?: string[];
  apiGroups?: string[];
  apiVersions?: string[];
  resources?: string[];
}

export function coversPods(rules: Rule[] | undefined, operation: string): boolean {
  return (rules ?? []).some(
    (r) =>
      (r.operations ?? []).some((o) => o === '*' || o === operation) &&
      (r.apiGroups ?? []).some((g) => g === '*' || g === '') &&
      (r.apiVersions ?? []).some((v) => v === '*' || v === 'v1') &&
      (r.resources ?? []).some((x) => x === '*' || x === 'pods' || x === '*/*'),
  );
}

/** The gMSA webhooks: by their upstream name, or any pod webhook whose name, configuration or service says gmsa. */
export function findGmsaWebhooks(mutating: KubeObject[], validating: KubeObject[]): GmsaWebhook[] {
  const out: GmsaWebhook[] = [];
  const scan = (kind: WebhookKind, configs: KubeObject[]) => {
    for (const c of configs) {
      ((c.webhooks as KubeObject[] | null) ?? []).forEach((wh, index) => {
        const name: string = wh.name ?? '';
        const svc = wh.clientConfig?.service;
        const saysGmsa = [name, c.metadata?.name ?? '', svc?.name ?? ''].some((s) => /gmsa/i.test(s));
        const onPods = coversPods(wh.rules, 'CREATE') || coversPods(wh.rules, 'UPDATE');
        if (name === GMSA_WEBHOOK_NAME || (saysGmsa && onPods)) out.push({kind, configName: c.metadata?.name ?? '', index, name, webhook: wh});
      });
    }
  };
  scan('MutatingWebhookConfiguration', mutating);
  scan('ValidatingWebhookConfiguration', validating);
  return out;
}

/** Pods read per webhook Service: they normally all mount the same Secret. */
export const MAX_SERVING_PODS = 3;
export interface PodRef {
  namespace: string;
  name: string;
}

export interface SecretRef {
  namespace: string;
  name: string;
  /** The keys the volume exposes (undefined: all of them). */
  keys?: string[];
}

const ns = (o: KubeObject | undefined) => o?.metadata?.namespace ?? 'default';

/** The Service a webhook calls, or undefined for a URL webhook. */
export function webhookService(w: GmsaWebhook): {namespace: string; name: string} | undefined {
  const svc = w.webhook.clientConfig?.service;
  return svc ? {namespace: svc.namespace ?? 'default', name: svc.name ?? ''} : undefined;
}

/** The pods behind a webhook's Service (ready ones first), at most MAX_SERVING_PODS. */
export function servingPodRefs(w: GmsaWebhook, endpointslices: KubeObject[]): PodRef[] {
  const svc = webhookService(w);
  if (!svc) return [];
  const endpoints = endpointslices
    .filter((e) => ns(e) === svc.namespace && e.metadata?.labels?.['kubernetes.io/service-name'] === svc.name)
    .flatMap((e) => (e.endpoints ?? []) as KubeObject[])
    .filter((e) => e.targetRef?.kind === 'Pod' && e.targetRef?.name);
  // EndpointConditions.ready: nil means ready (discovery/v1 types.go).
  endpoints.sort((a, b) => Number(a.conditions?.ready === false) - Number(b.conditions?.ready === false));
  const out: PodRef[] = [];
  for (const e of endpoints) {
    const ref = {namespace: e.targetRef.namespace ?? svc.namespace, name: e.targetRef.name as string};
    if (!out.some((r) => r.namespace === ref.namespace && r.name === ref.name)) out.push(ref);
    if (out.length >= MAX_SERVING_PODS) break;
  }
  return out;
}

/** The Secrets a pod mounts (secret volumes and projected secret sources). */
export function podSecretRefs(pod: KubeObject): SecretRef[] {
  const out: SecretRef[] = [];
  const add = (name: string | undefined, items: {key?: string}[] | undefined) => {
    if (!name) return;
    const keys = items?.map((i) => i.key ?? '').filter(Boolean);
    const prev = out.find((r) => r.name === name);
    if (!prev) out.push({namespace: ns(pod), name, ...(keys ? {keys} : {})});
    else if (prev.keys) prev.keys = keys ? [...prev.keys, ...keys] : undefined;
  };
  for (const v of (pod.spec?.volumes ?? []) as KubeObject[]) {
    if (v.secret) add(v.secret.secretName, v.secret.items);
    for (const s of (v.projected?.sources ?? []) as KubeObject[]) if (s.secret) add(s.secret.name, s.secret.items);
  }
  return out;
}

/** The skipped entry's check name when the serving certificate cannot be read. */
export const SERVING_CERT_CHECK = 'gmsa/webhook-serving-cert';
