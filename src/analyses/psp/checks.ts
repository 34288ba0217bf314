// The findings `kubectl win psp readiness` can report (ids are stable; docs/checks.md is generated from these).
import {defineChecks} from '../../report/catalogue.js';

const PSA = 'kubernetes/pod-security-admission policy/check_*.go';
const MIGRATE = 'kubernetes/website tasks/configure-pod-container/migrate-from-psp.md';
const MAPPING = 'kubernetes/website reference/access-authn-authz/psp-to-pod-security-standards.md';

export const PSP_CHECKS = defineChecks([
  {
    id: 'psp/violates-enforce',
    severity: 'error',
    title: "A pod or template violates its namespace's current enforce level: PSA rejects its (next) pods",
    source: PSA,
  },
  {id: 'psp/blocks-baseline', severity: 'warning', title: 'A pod or template does not meet baseline: its namespace can only enforce privileged', source: PSA},
  {
    id: 'psp/blocks-restricted',
    severity: 'info',
    title: 'A pod or template meets baseline but not restricted: it keeps its namespace from enforcing restricted',
    source: PSA,
  },
  {
    id: 'psp/windows-missing-os',
    severity: 'warning',
    title: 'A Windows pod lacks spec.os.name: windows and gets the Linux rules; with it, it would meet a stricter level',
    source: 'kubernetes/pod-security-admission policy/check_allowPrivilegeEscalation.go (v1.25 Windows exemption)',
  },
  {
    id: 'psp/windows-hostprocess',
    severity: 'info',
    title: 'A HostProcess pod needs enforce=privileged (or an exemption) in its namespace',
    source: 'kubernetes/website concepts/security/pod-security-standards.md',
  },
  {
    id: 'psp/windows-run-as-non-root',
    severity: 'warning',
    title: 'runAsNonRoot=true on a Windows pod: the kubelet refuses ContainerAdministrator',
    source: 'kubernetes/kubernetes pkg/kubelet/kuberuntime/security_context_windows.go verifyRunAsNonRoot',
  },
  {
    id: 'psp/label-invalid',
    severity: 'error',
    title: 'A pod-security.kubernetes.io label has an invalid value',
    source: 'kubernetes/pod-security-admission api/helpers.go PolicyToEvaluate',
  },
  {id: 'psp/no-enforce-label', severity: 'info', title: 'The namespace enforces no Pod Security level (the cluster default applies)', source: MIGRATE},
  {id: 'psp/can-tighten', severity: 'info', title: 'Every pod and template in the namespace meets a stricter level than the one enforced', source: MIGRATE},
  {id: 'psp/policy-level', severity: 'info', title: 'The Pod Security Standards level a PodSecurityPolicy corresponds to', source: MAPPING},
  {
    id: 'psp/policy-mutating',
    severity: 'warning',
    title: 'A PodSecurityPolicy mutates pods; Pod Security Admission will not',
    source: 'kubernetes-sigs/pspmigrator pspmutating.go',
  },
  {
    id: 'psp/policy-unused',
    severity: 'info',
    title: 'No ServiceAccount, user or group is granted use of the PodSecurityPolicy',
    source: 'kubernetes/kubernetes plugin/pkg/admission/security/podsecuritypolicy/admission.go',
  },
  {
    id: 'psp/pod-psp-not-granted',
    severity: 'info',
    title: 'The pod was admitted under a PodSecurityPolicy its ServiceAccount is not granted (the creating user was)',
    source: 'kubernetes/kubernetes plugin/pkg/admission/security/podsecuritypolicy/admission.go',
  },
  {
    id: 'psp/pod-mutated',
    severity: 'warning',
    title: 'A pod admitted under a PodSecurityPolicy has security settings its template lacks (the PSP mutated it; PSA will not)',
    source: 'kubernetes/website tasks/configure-pod-container/migrate-from-psp.md',
  },
  {
    id: 'psp/server-dry-run-differs',
    severity: 'warning',
    title: "PSA's own server-side dry run disagrees with this tool's prediction for the namespace",
    source: 'kubernetes/pod-security-admission admission/admission.go EvaluatePodsInNamespace',
  },
] as const);
