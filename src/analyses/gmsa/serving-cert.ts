// The certificate a webhook's pods actually serve, checked the way the apiserver's webhook client
// checks it (kubernetes/kubernetes staging/src/k8s.io/apiserver/pkg/util/webhook/client.go: TLS to
// `<service>.<namespace>.svc`, roots = clientConfig.caBundle; Go crypto/x509 Verify and
// VerifyHostname). The pods are the EndpointSlices' targetRefs; their serving certificate is in a
// Secret they mount: key `tls_certificate` for kubernetes-sigs/windows-gmsa deploy-gmsa-webhook.sh
// (admission-webhook/deploy/gmsa-webhook.yml.tpl), `tls.crt` for kubernetes.io/tls Secrets
// (cert-manager, the Helm chart). Pure: the pods and Secrets are read beforehand (the Source, asked for gmsaWebhookDetails).
import {X509Certificate} from 'node:crypto';
import type {Finding} from '../../report/types.js';
import type {KubeObject} from '../../k8s/object.js';
import {finding} from '../../report/finding.js';
import type {GmsaCheckId} from './checks.js';
import {CERT_WARN_DAYS, parseCaBundle, type GmsaWebhook} from './webhooks.js';

/** Secret keys that hold a serving certificate, in order of preference. */
const CERT_KEYS = ['tls.crt', 'tls_certificate'] as const;

export {MAX_SERVING_PODS, SERVING_CERT_CHECK, podSecretRefs, servingPodRefs, webhookService, type PodRef, type SecretRef} from '../../k8s/gmsa-webhook.js';
import {podSecretRefs, servingPodRefs, webhookService} from '../../k8s/gmsa-webhook.js';

const ns = (o: KubeObject | undefined) => o?.metadata?.namespace ?? 'default';

export interface ServingInput {
  /** Undefined: not read (the endpoints check says why). */
  endpointslices?: KubeObject[];
  /** The webhook pods read (live: those behind the Service; offline: the manifests' Pods). */
  pods?: KubeObject[];
  secrets?: KubeObject[];
  now: Date;
  /** offline: missing objects are "not in the manifests", not "could not be read". */
  offline: boolean;
}

interface ServingResult {
  findings: Finding[];
  /** Why the serving certificate could not be checked (then only the caBundle was). */
  skipped?: string;
}

interface Candidate {
  secret: string;
  key: string;
  pods: string[];
  pem: string;
}

function chainsTo(leaf: X509Certificate, intermediates: X509Certificate[], roots: X509Certificate[], depth = 0): boolean {
  const signs = (issuer: X509Certificate) => {
    try {
      return leaf.checkIssued(issuer) && leaf.verify(issuer.publicKey);
    } catch {
      return false;
    }
  };
  if (roots.some(signs)) return true;
  if (depth >= 4) return false;
  return intermediates.some(
    (i) =>
      i !== leaf &&
      signs(i) &&
      chainsTo(
        i,
        intermediates.filter((x) => x !== i),
        roots,
        depth + 1,
      ),
  );
}

/** The names Go's VerifyHostname would list: DNS and IP SANs (the CN is ignored since Go 1.15). */
function sanNames(c: X509Certificate): string[] {
  return (c.subjectAltName ?? '')
    .split(/,\s*/)
    .map((s) => s.match(/^(?:DNS|IP Address):(.*)$/)?.[1])
    .filter((s): s is string => !!s);
}

/** The certificates the pods mount from Secrets (each Secret and key once), and the Secrets not read. */
function servingCandidates(pods: KubeObject[], secrets: KubeObject[] | undefined): {candidates: Candidate[]; missingSecrets: string[]} {
  const candidates: Candidate[] = [];
  const missingSecrets: string[] = [];
  for (const pod of pods) {
    for (const ref of podSecretRefs(pod)) {
      const secret = secrets?.find((s) => ns(s) === ref.namespace && s.metadata?.name === ref.name);
      if (!secret) {
        missingSecrets.push(`"${ref.namespace}/${ref.name}"`);
        continue;
      }
      const key = CERT_KEYS.find((k) => (secret.data?.[k] !== undefined || secret.stringData?.[k] !== undefined) && (!ref.keys || ref.keys.includes(k)));
      if (!key) continue;
      const pem = secret.stringData?.[key] ?? Buffer.from(String(secret.data[key]), 'base64').toString('utf8');
      const name = `${ref.namespace}/${ref.name}`;
      const podName = `${ns(pod)}/${pod.metadata?.name}`;
      const prev = candidates.find((c) => c.secret === name && c.key === key);
      if (prev) {
        if (!prev.pods.includes(podName)) prev.pods.push(podName);
      } else candidates.push({secret: name, key, pods: [podName], pem});
    }
  }
  return {candidates, missingSecrets};
}

type Add = (id: GmsaCheckId, message: string, remedy: Finding['remedy']) => void;

interface ParsedCandidate {
  c: Candidate;
  certs?: X509Certificate[];
  error?: string;
}

/** The certificates the pods behind the Service mount, or why they cannot be found (the first thing missing). */
function servedCandidates(w: GmsaWebhook, svc: {namespace: string; name: string}, input: ServingInput): {candidates: Candidate[]} | {skipped: string} {
  const unread = (what: string) => (input.offline ? `no ${what} in the manifests` : `${what} not read`);
  if (!input.endpointslices) return {skipped: `${unread('endpointslices')}: the pods behind service "${svc.namespace}/${svc.name}" are unknown`};
  const refs = servingPodRefs(w, input.endpointslices);
  if (refs.length === 0)
    return {
      skipped: `no pod endpoints (targetRef kind Pod) behind service "${svc.namespace}/${svc.name}": its serving certificate cannot be found`,
    };
  const pods = refs.map((r) => input.pods?.find((p) => ns(p) === r.namespace && p.metadata?.name === r.name));
  const found = pods.filter((p): p is KubeObject => !!p);
  if (found.length === 0)
    return {
      skipped: `${unread(`pod ${refs.map((r) => `"${r.namespace}/${r.name}"`).join(', ')}`)}: the serving certificate of service "${svc.namespace}/${svc.name}" cannot be found`,
    };

  const {candidates, missingSecrets} = servingCandidates(found, input.secrets);
  if (candidates.length === 0) {
    const why =
      missingSecrets.length > 0 ? `${unread(`Secret ${[...new Set(missingSecrets)].join(', ')}`)}` : `no Secret they mount has ${CERT_KEYS.join(' or ')}`;
    return {skipped: `${why}: the serving certificate of the pods behind service "${svc.namespace}/${svc.name}" cannot be checked`};
  }
  return {candidates};
}

function parseCandidate(c: Candidate): ParsedCandidate {
  const blocks = c.pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  try {
    if (blocks.length === 0) throw new Error('no PEM CERTIFICATE block');
    return {c, certs: blocks.map((b) => new X509Certificate(b))};
  } catch (err) {
    return {c, error: (err as Error).message};
  }
}

/** Checks the certificate served by the pods behind one webhook's Service. */
export function servingCertFindings(w: GmsaWebhook, input: ServingInput): ServingResult {
  const svc = webhookService(w);
  if (!svc) return {findings: []};
  const host = `${svc.name}.${svc.namespace}.svc`;
  const served = servedCandidates(w, svc, input);
  if ('skipped' in served) return {findings: [], skipped: served.skipped};

  const findings: Finding[] = [];
  const object = {kind: w.kind, name: w.configName};
  const field = `webhooks[${w.index}].clientConfig.service`;
  const add: Add = (id, message, remedy) => {
    findings.push(finding(id, {object, field, message, remedy}));
  };
  const roots = w.webhook.clientConfig?.caBundle ? parseCaBundle(w.webhook.clientConfig.caBundle).certs : [];

  // Several Secrets with a certificate: those naming the Service are the serving ones.
  const parsed = served.candidates.map(parseCandidate);
  const naming = parsed.filter((p) => p.certs?.[0].checkHost(host, {subject: 'never', partialWildcards: false}) !== undefined);
  for (const p of naming.length > 0 ? naming : parsed) candidateFindings(p, host, roots, input.now, add);
  return {findings};
}

/** One Secret's serving certificate, checked as the apiserver's TLS handshake would: validity, chain to caBundle, host name. */
function candidateFindings(p: ParsedCandidate, host: string, roots: X509Certificate[], now: Date, add: Add): void {
  const where = `Secret "${p.c.secret}" key ${p.c.key} (served by pod ${p.c.pods.map((x) => `"${x}"`).join(', ')})`;
  if (!p.certs) {
    add('gmsa/webhook-serving-cert-invalid', `${where}: ${p.error}`, {text: `Store the PEM serving certificate under ${p.c.key}`});
    return;
  }
  const [leaf, ...chain] = p.certs;
  const subject = leaf.subject.replace(/\n/g, ', ');
  const end = new Date(leaf.validTo);
  const days = Math.floor((end.getTime() - now.getTime()) / 86_400_000);
  const fix = {
    text: `Renew the serving certificate in Secret "${p.c.secret}" (re-run deploy-gmsa-webhook.sh --overwrite, or let cert-manager rotate it), restart the webhook pods, and keep caBundle the CA that signs it`,
  };
  if (end.getTime() <= now.getTime()) {
    add(
      'gmsa/webhook-serving-cert-expired',
      `the serving certificate "${subject}" in ${where} expired on ${end.toISOString()}: the apiserver cannot call the webhook (x509: certificate has expired or is not yet valid)`,
      fix,
    );
  } else if (days < CERT_WARN_DAYS) {
    add('gmsa/webhook-serving-cert-expiring', `the serving certificate "${subject}" in ${where} expires on ${end.toISOString()} (in ${days} days)`, fix);
  }
  if (roots.length > 0 && !chainsTo(leaf, chain, roots)) {
    add(
      'gmsa/webhook-serving-cert-untrusted',
      `the serving certificate "${subject}" (issuer "${leaf.issuer.replace(/\n/g, ', ')}") in ${where} is not signed by any certificate in caBundle: the apiserver cannot call the webhook (x509: certificate signed by unknown authority)`,
      {
        text: `Set clientConfig.caBundle to the base64 PEM of the CA that signed the serving certificate, or re-issue the certificate from the caBundle's CA`,
      },
    );
  }
  if (leaf.checkHost(host, {subject: 'never', partialWildcards: false}) === undefined) {
    const names = sanNames(leaf);
    // Go crypto/x509 HostnameError.Error.
    const goMsg =
      names.length > 0
        ? `x509: certificate is valid for ${names.join(', ')}, not ${host}`
        : `x509: certificate is not valid for any names, but wanted to match ${host}`;
    add(
      'gmsa/webhook-serving-cert-name',
      `the serving certificate "${subject}" in ${where} does not name ${host} in its subjectAltName: the apiserver cannot call the webhook (${goMsg})`,
      {
        text: `Re-issue the serving certificate with DNS name ${host} (deploy-gmsa-webhook.sh does)`,
      },
    );
  }
}
