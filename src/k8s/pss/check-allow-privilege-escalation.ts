// allowPrivilegeEscalation (restricted): every container must set allowPrivilegeEscalation=false.
// kubernetes/pod-security-admission policy/check_allowPrivilegeEscalation.go
// v1.8: unset or true fails. v1.25: pods with spec.os.name=windows are exempt (the field is
// forbidden on Windows pods by API validation).
import {containersPhrase, isWindowsPod, v1, visitContainers} from './helpers.js';
import {ALLOWED, type Check, type CheckPodFn} from './types.js';

const allowPrivilegeEscalation_1_8: CheckPodFn = (_meta, spec) => {
  const bad: string[] = [];
  visitContainers(spec, (c) => {
    const ape = c.securityContext?.allowPrivilegeEscalation;
    if (ape === undefined || ape === null || ape) bad.push(c.name);
  });
  if (bad.length === 0) return ALLOWED;
  return {
    allowed: false,
    forbiddenReason: 'allowPrivilegeEscalation != false',
    forbiddenDetail: `${containersPhrase(bad)} must set securityContext.allowPrivilegeEscalation=false`,
  };
};

const allowPrivilegeEscalation_1_25: CheckPodFn = (meta, spec) => (isWindowsPod(spec) ? ALLOWED : allowPrivilegeEscalation_1_8(meta, spec));

export const checkAllowPrivilegeEscalation: Check = {
  id: 'allowPrivilegeEscalation',
  level: 'restricted',
  versions: [
    {minimumVersion: v1(8), checkPod: allowPrivilegeEscalation_1_8},
    {minimumVersion: v1(25), checkPod: allowPrivilegeEscalation_1_25},
  ],
};
