// The findings `kubectl win gmsa check` and `kubectl win gmsa nltest` can report (ids are stable).
import {defineChecks} from '../../report/catalogue.js';

const WEBHOOK = 'kubernetes-sigs/windows-gmsa admission-webhook/webhook.go';
const KUBE_CLIENT = 'kubernetes-sigs/windows-gmsa admission-webhook/kube_client.go';
const DEPLOY = 'kubernetes-sigs/windows-gmsa admission-webhook/deploy/gmsa-webhook.yml.tpl';
const CRD = 'kubernetes-sigs/windows-gmsa admission-webhook/deploy/gmsa-crd.yml';
const DOCS = 'kubernetes/website tasks/configure-pod-container/configure-gmsa.md';
const CLIENT = 'kubernetes/kubernetes staging/src/k8s.io/apiserver/pkg/util/webhook/client.go';
const CREDSPEC = 'MicrosoftDocs/Virtualization-Documentation virtualization/windowscontainers/manage-containers/manage-serviceaccounts.md (credential spec)';

export const GMSA_CHECKS = defineChecks([
  {id: 'gmsa/crd-missing', severity: 'error', title: 'The GMSACredentialSpec CRD (gmsacredentialspecs.windows.k8s.io) is not installed', source: CRD},
  {id: 'gmsa/crd-version', severity: 'warning', title: 'The GMSACredentialSpec CRD does not serve v1, the version the current webhook reads', source: CRD},
  {
    id: 'gmsa/webhook-missing',
    severity: 'error',
    title: 'The windows-gmsa mutating or validating webhook configuration is missing: credential specs are not inlined or not authorized',
    source: DEPLOY,
  },
  {id: 'gmsa/webhook-rules', severity: 'error', title: 'The windows-gmsa webhook does not intercept pod CREATE', source: DEPLOY},
  {
    id: 'gmsa/webhook-service-missing',
    severity: 'error',
    title: "The webhook's Service does not exist",
    source: 'kubernetes/kubernetes staging/src/k8s.io/apiserver/pkg/util/webhook/client.go',
  },
  {
    id: 'gmsa/webhook-no-endpoints',
    severity: 'error',
    title: "The webhook's Service has no ready endpoints (EndpointSlices): pod creation fails or skips the webhook",
    source: 'kubernetes/kubernetes staging/src/k8s.io/apiserver/pkg/util/webhook/client.go',
  },
  {
    id: 'gmsa/webhook-cabundle-missing',
    severity: 'error',
    title: 'The webhook has no caBundle: the apiserver cannot verify its serving certificate',
    source: DEPLOY,
  },
  {id: 'gmsa/webhook-cabundle-invalid', severity: 'error', title: 'The webhook caBundle is not a PEM certificate', source: DEPLOY},
  {id: 'gmsa/webhook-cert-expired', severity: 'error', title: 'A certificate in the webhook caBundle has expired', source: DEPLOY},
  {id: 'gmsa/webhook-cert-expiring', severity: 'warning', title: 'A certificate in the webhook caBundle expires within 30 days', source: DEPLOY},
  {
    id: 'gmsa/webhook-serving-cert-expired',
    severity: 'error',
    title: "The certificate the webhook's pods serve (tls.crt / tls_certificate of the Secret they mount) has expired",
    source: CLIENT,
  },
  {id: 'gmsa/webhook-serving-cert-expiring', severity: 'warning', title: "The certificate the webhook's pods serve expires within 30 days", source: CLIENT},
  {
    id: 'gmsa/webhook-serving-cert-untrusted',
    severity: 'error',
    title: "The certificate the webhook's pods serve is not signed by the caBundle: the apiserver cannot call the webhook",
    source: CLIENT,
  },
  {
    id: 'gmsa/webhook-serving-cert-name',
    severity: 'error',
    title: "The certificate the webhook's pods serve does not name SERVICE.NAMESPACE.svc in its subjectAltName",
    source: CLIENT,
  },
  {
    id: 'gmsa/webhook-serving-cert-invalid',
    severity: 'error',
    title: "The webhook's serving certificate Secret does not hold a PEM certificate",
    source: CLIENT,
  },
  {
    id: 'gmsa/webhook-failure-policy-ignore',
    severity: 'warning',
    title: 'failurePolicy Ignore: when the webhook is down, pods are admitted without their credential spec',
    source: DEPLOY,
  },
  {
    id: 'gmsa/webhook-not-covering',
    severity: 'error',
    title: "The webhook's namespaceSelector/objectSelector skips a workload that references a credential spec (e.g. gmsa-webhook: disabled)",
    source: DEPLOY,
  },
  {
    id: 'gmsa/credspec-name-invalid',
    severity: 'error',
    title: 'A gmsaCredentialSpecName is not a lowercase RFC 1123 subdomain: the apiserver rejects the pod',
    source: 'kubernetes/kubernetes pkg/apis/core/validation/validation.go validateWindowsSecurityContextOptions',
  },
  {id: 'gmsa/credspec-missing', severity: 'error', title: 'A referenced GMSACredentialSpec does not exist', source: KUBE_CLIENT},
  {
    id: 'gmsa/credspec-inline-without-name',
    severity: 'error',
    title: 'gmsaCredentialSpec is set without gmsaCredentialSpecName: the webhook rejects the pod',
    source: WEBHOOK,
  },
  {
    id: 'gmsa/credspec-contents-mismatch',
    severity: 'error',
    title:
      'An inline gmsaCredentialSpec does not match the contents of the GMSACredentialSpec it names (compared as JSON objects): the webhook rejects the pod',
    source: `${WEBHOOK} validateCreateRequest, compareCredSpecContents`,
  },
  {
    id: 'gmsa/init-container-not-covered',
    severity: 'warning',
    title:
      "An init container sets its own gMSA windowsOptions: the webhook reads only the pod's and spec.containers' options, so they are neither authorized nor inlined",
    source: `${WEBHOOK} iterateOverWindowsSecurityOptions`,
  },
  {id: 'gmsa/credspec-no-content', severity: 'error', title: 'The GMSACredentialSpec has no credspec key', source: KUBE_CLIENT},
  {id: 'gmsa/credspec-domain', severity: 'error', title: 'The credential spec DomainJoinConfig lacks DnsName or NetBiosName', source: CREDSPEC},
  {
    id: 'gmsa/credspec-domain-names',
    severity: 'warning',
    title: 'DnsName and NetBiosName look swapped or malformed (DNS: dotted FQDN; NetBIOS: up to 15 characters, no dots)',
    source: CREDSPEC,
  },
  {
    id: 'gmsa/credspec-no-account',
    severity: 'error',
    title: 'The credential spec names no GroupManagedServiceAccounts entry (Name and Scope)',
    source: CREDSPEC,
  },
  {
    id: 'gmsa/credspec-account-mismatch',
    severity: 'warning',
    title: "MachineAccountName is not among the gMSA entries, or an entry's Scope is neither the DNS nor the NetBIOS domain",
    source: CREDSPEC,
  },
  {
    id: 'gmsa/credspec-host-account',
    severity: 'warning',
    title: 'HostAccountConfig (non-domain-joined nodes) is incomplete: PluginGUID and PluginInput are needed',
    source: DOCS,
  },
  {
    id: 'gmsa/credspec-domain-joined-nodes',
    severity: 'info',
    title: 'No HostAccountConfig: the Windows nodes must be domain-joined for this credential spec',
    source: DOCS,
  },
  {
    id: 'gmsa/service-account-missing',
    severity: 'error',
    title: "The workload's ServiceAccount does not exist: its pods cannot be created, and nothing can grant it `use`",
    source: 'kubernetes/kubernetes plugin/pkg/admission/serviceaccount/admission.go',
  },
  {
    id: 'gmsa/rbac-use-denied',
    severity: 'error',
    title: "The pod's service account may not `use` the credential spec (the webhook's LocalSubjectAccessReview says no)",
    source: KUBE_CLIENT,
  },
  {id: 'gmsa/nltest-failed', severity: 'error', title: 'The domain trust check inside the pod failed (nltest)', source: DOCS},
  {
    id: 'gmsa/nltest-tools-missing',
    severity: 'warning',
    title: 'The image lacks nltest.exe or PowerShell: the troubleshooting steps cannot run there',
    source: DOCS,
  },
  {id: 'gmsa/nltest-timeout', severity: 'warning', title: 'A step inside the pod did not answer within --timeout', source: DOCS},
] as const);

export type GmsaCheckId = (typeof GMSA_CHECKS)[number]['id'];
