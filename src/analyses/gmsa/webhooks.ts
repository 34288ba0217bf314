// The windows-gmsa webhook configurations: where they are, whether they can answer, and whether
// they intercept a given pod. kubernetes-sigs/windows-gmsa admission-webhook/deploy/gmsa-webhook.yml.tpl;
// matching per kubernetes/kubernetes staging/src/k8s.io/apiserver/pkg/admission/plugin/webhook/predicates
// (namespace: namespaceSelector on the namespace's labels; object: objectSelector on the pod's labels;
// rules: operations and resources).
import {X509Certificate} from 'node:crypto';
import {matchesLabelSelector, type LabelSelector} from '../../k8s/label-selector.js';
import {shellQuote} from '../../report/remedy.js';
import type {Finding} from '../../report/types.js';
import type {KubeObject} from '../../k8s/object.js';
import {finding} from '../../report/finding.js';
import type {GmsaCheckId} from './checks.js';

export {GMSA_WEBHOOK_NAME, findGmsaWebhooks, type GmsaWebhook, type WebhookKind} from '../../k8s/gmsa-webhook.js';
import {coversPods, type GmsaWebhook} from '../../k8s/gmsa-webhook.js';
export const CERT_WARN_DAYS = 30;

/** The apiserver's v1 defaults: failurePolicy Fail, selectors match everything. */
export function failurePolicy(w: GmsaWebhook): string {
  return w.webhook.failurePolicy ?? 'Fail';
}

export interface Coverage {
  covers: boolean;
  why?: string;
}

const COVERS: Coverage = Object.freeze({covers: true});

/**
 * The part of webhookCovers that depends only on the webhook and the namespace: its rules and its
 * namespaceSelector. The same for every pod of a namespace, so callers may keep it per namespace.
 */
export function webhookCoversNamespace(w: GmsaWebhook, namespaceLabels: Record<string, string>): Coverage {
  if (!coversPods(w.webhook.rules, 'CREATE')) return {covers: false, why: 'its rules do not include pod CREATE'};
  const nsSel = (w.webhook.namespaceSelector ?? {}) as LabelSelector;
  if (!matchesLabelSelector(nsSel, namespaceLabels))
    return {covers: false, why: `its namespaceSelector ${JSON.stringify(nsSel)} does not match the namespace labels ${JSON.stringify(namespaceLabels)}`};
  return COVERS;
}

/** The pod's part: the webhook's objectSelector. */
export function webhookCoversObject(w: GmsaWebhook, podLabels: Record<string, string>): Coverage {
  const objSel = (w.webhook.objectSelector ?? {}) as LabelSelector;
  if (!matchesLabelSelector(objSel, podLabels))
    return {covers: false, why: `its objectSelector ${JSON.stringify(objSel)} does not match the pod labels ${JSON.stringify(podLabels)}`};
  return COVERS;
}

/** Does this webhook intercept a pod with these labels in a namespace with these labels? */
export function webhookCovers(w: GmsaWebhook, namespaceLabels: Record<string, string>, podLabels: Record<string, string>): Coverage {
  const ns = webhookCoversNamespace(w, namespaceLabels);
  return ns.covers ? webhookCoversObject(w, podLabels) : ns;
}

/** PEM certificates in a caBundle (base64 of PEM text, as the API serves it). */
export function parseCaBundle(caBundle: string): {certs: X509Certificate[]; error?: string} {
  let pem: string;
  try {
    pem = Buffer.from(caBundle, 'base64').toString('utf8');
  } catch (err) {
    return {certs: [], error: (err as Error).message};
  }
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) return {certs: [], error: 'no PEM CERTIFICATE block'};
  const certs: X509Certificate[] = [];
  for (const b of blocks) {
    try {
      certs.push(new X509Certificate(b));
    } catch (err) {
      return {certs, error: (err as Error).message};
    }
  }
  return {certs};
}

interface WebhookHealthInput {
  services?: KubeObject[];
  endpointslices?: KubeObject[];
  now: Date;
}

type Add = (id: GmsaCheckId, field: string, message: string, remedy?: Finding['remedy']) => void;

/** Readiness of one webhook's backend and certificate. */
export function webhookFindings(w: GmsaWebhook, input: WebhookHealthInput): Finding[] {
  const out: Finding[] = [];
  const object = {kind: w.kind, name: w.configName};
  const base = `webhooks[${w.index}]`;
  const add: Add = (id, field, message, remedy) => {
    out.push(finding(id, {object, field, message, remedy: remedy || undefined}));
  };
  const wh = w.webhook;
  if (!coversPods(wh.rules, 'CREATE'))
    add('gmsa/webhook-rules', `${base}.rules`, `webhook "${w.name}" does not intercept pod CREATE`, {
      text: 'Add the rule {operations: [CREATE], apiGroups: [""], apiVersions: [v1], resources: [pods]}',
    });

  const svc = wh.clientConfig?.service;
  if (svc) serviceFindings(w, svc.namespace ?? 'default', svc.name ?? '', input, add);

  const caBundle: string | undefined = wh.clientConfig?.caBundle;
  if (!caBundle) {
    if (svc)
      add('gmsa/webhook-cabundle-missing', `${base}.clientConfig.caBundle`, `webhook "${w.name}" has no caBundle`, {
        text: "Set clientConfig.caBundle to the base64 PEM of the CA that signed the webhook's serving certificate",
      });
  } else caBundleFindings(`${base}.clientConfig.caBundle`, caBundle, input.now, add);

  if (failurePolicy(w) === 'Ignore') {
    add(
      'gmsa/webhook-failure-policy-ignore',
      `${base}.failurePolicy`,
      `webhook "${w.name}" has failurePolicy Ignore: when it cannot be reached, pods are admitted without ${w.kind === 'MutatingWebhookConfiguration' ? 'their credential spec contents' : 'the RBAC use check'}`,
      {text: 'Use failurePolicy: Fail (the upstream default)'},
    );
  }
  return out;
}

/** The webhook's Service exists and has ready endpoints (when the Services and EndpointSlices were read). */
function serviceFindings(w: GmsaWebhook, ns: string, name: string, input: WebhookHealthInput, add: Add): void {
  if (!input.services) return;
  const field = `webhooks[${w.index}].clientConfig.service`;
  const found = input.services.find((s) => s.metadata?.name === name && (s.metadata?.namespace ?? 'default') === ns);
  if (!found) {
    add('gmsa/webhook-service-missing', field, `service "${name}" not found in namespace "${ns}"`, {
      text: 'Deploy the windows-gmsa webhook (deploy-gmsa-webhook.sh or the Helm chart) or point clientConfig.service at its Service',
    });
    return;
  }
  if (!input.endpointslices) return;
  const slices = input.endpointslices.filter((e) => (e.metadata?.namespace ?? 'default') === ns && e.metadata?.labels?.['kubernetes.io/service-name'] === name);
  // EndpointConditions.ready: nil means ready (discovery/v1 types.go).
  const ready = slices.flatMap((s) => (s.endpoints ?? []) as KubeObject[]).filter((e) => e.conditions?.ready !== false && (e.addresses ?? []).length > 0);
  if (ready.length === 0) {
    add(
      'gmsa/webhook-no-endpoints',
      field,
      `service "${name}" in namespace "${ns}" has no ready endpoints${failurePolicy(w) === 'Fail' ? ': with failurePolicy Fail every pod it intercepts is rejected' : ': with failurePolicy Ignore pods are admitted without the webhook'}`,
      {
        text: 'Check the webhook Deployment and its pods: the pods are the ones the Service selects; kubernetes.io/service-name labels only its EndpointSlices',
        command: webhookPodsCommand(ns, name, found.spec?.selector as Record<string, string> | undefined),
      },
    );
  }
}

/** The caBundle parses, and none of its certificates has expired or expires soon. */
function caBundleFindings(field: string, caBundle: string, now: Date, add: Add): void {
  const {certs, error} = parseCaBundle(caBundle);
  if (error)
    add('gmsa/webhook-cabundle-invalid', field, `caBundle: ${error}`, {
      text: 'Set clientConfig.caBundle to base64-encoded PEM certificates',
    });
  for (const c of certs) {
    const end = new Date(c.validTo);
    const days = Math.floor((end.getTime() - now.getTime()) / 86_400_000);
    const subject = c.subject.replace(/\n/g, ', ');
    if (end.getTime() <= now.getTime()) {
      add('gmsa/webhook-cert-expired', field, `certificate "${subject}" expired on ${end.toISOString()}`, {
        text: 'Renew the webhook certificate (re-run deploy-gmsa-webhook.sh or let cert-manager rotate it) and update caBundle',
      });
    } else if (days < CERT_WARN_DAYS) {
      add('gmsa/webhook-cert-expiring', field, `certificate "${subject}" expires on ${end.toISOString()} (in ${days} days)`, {
        text: 'Renew the webhook certificate before it expires and update caBundle',
      });
    }
  }
}

/** Commands that show the webhook's pods (by the Service's own selector) and its EndpointSlices (by the label the EndpointSlice controller sets). */
function webhookPodsCommand(ns: string, service: string, selector: Record<string, string> | undefined): string {
  const slices = `kubectl -n ${shellQuote(ns)} get endpointslices -l ${shellQuote(`kubernetes.io/service-name=${service}`)}`;
  const pairs = Object.entries(selector ?? {});
  if (pairs.length === 0) return slices;
  return `kubectl -n ${shellQuote(ns)} get pods -l ${shellQuote(pairs.map(([k, v]) => `${k}=${v}`).join(','))}\n${slices}`;
}
