// Whether a PodSecurityPolicy mutates pods (Pod Security Admission never does, so pods admitted under
// a mutating PSP may change when it goes). kubernetes-sigs/pspmigrator pspmutating.go IsPSPMutating,
// and the migration guide's list of purely mutating fields
// (kubernetes/website tasks/configure-pod-container/migrate-from-psp.md, "Eliminate mutating PodSecurityPolicies").
import type {KubeObject} from '../object.js';
import {APPARMOR_DEFAULT_ANNOTATION, SECCOMP_DEFAULT_ANNOTATION} from './mapping.js';

interface MutatingField {
  field: string;
  reason: string;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- a PodSecurityPolicy spec is JSON with no type left in k8s.io/api (removed in v1.25) */
export function mutatingFields(psp: KubeObject): MutatingField[] {
  const spec = (psp.spec ?? {}) as Record<string, any>;
  const annotations = (psp.metadata?.annotations ?? {}) as Record<string, string>;
  const out: MutatingField[] = [];
  const add = (field: string, reason: string) => out.push({field, reason});
  if ((spec.defaultAddCapabilities ?? []).length > 0) add('spec.defaultAddCapabilities', 'adds capabilities to containers');
  if ((spec.requiredDropCapabilities ?? []).length > 0) add('spec.requiredDropCapabilities', 'adds the required drops to containers');
  for (const f of ['seLinux', 'runAsUser', 'supplementalGroups', 'fsGroup']) {
    const rule = spec[f]?.rule;
    if (rule === undefined || rule === 'RunAsAny') continue;
    // runAsUser MustRunAsNonRoot sets runAsNonRoot: true, not a user (kubernetes/kubernetes
    // pkg/security/podsecuritypolicy/provider.go, as of v1.24); MustRunAs sets the range's first id.
    if (f === 'runAsUser' && rule === 'MustRunAsNonRoot')
      add('spec.runAsUser.rule', 'MustRunAsNonRoot sets runAsNonRoot: true on pods that set neither runAsNonRoot nor runAsUser');
    else add(`spec.${f}.rule`, `${rule} sets ${f} on pods that leave it unset`);
  }
  if (spec.runAsGroup?.rule === 'MustRunAs') add('spec.runAsGroup.rule', 'MustRunAs sets runAsGroup on pods that leave it unset');
  if (spec.readOnlyRootFilesystem === true) add('spec.readOnlyRootFilesystem', 'sets readOnlyRootFilesystem=true on containers');
  if (spec.defaultAllowPrivilegeEscalation !== undefined && spec.defaultAllowPrivilegeEscalation !== null) {
    add('spec.defaultAllowPrivilegeEscalation', `sets allowPrivilegeEscalation=${spec.defaultAllowPrivilegeEscalation} on containers that leave it unset`);
  }
  if (spec.allowPrivilegeEscalation === false)
    add('spec.allowPrivilegeEscalation', 'false sets allowPrivilegeEscalation=false on containers that leave it unset');
  for (const a of [SECCOMP_DEFAULT_ANNOTATION, APPARMOR_DEFAULT_ANNOTATION]) {
    if (annotations[a] !== undefined) add(`metadata.annotations[${a}]`, `sets the default profile ${annotations[a]}`);
  }
  return out;
}
/* eslint-enable @typescript-eslint/no-explicit-any */
