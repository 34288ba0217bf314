// privileged (baseline): no privileged containers.
// kubernetes/pod-security-admission policy/check_privileged.go (v1.0)
import {containersPhrase, v1, visitContainers} from './helpers.js';
import {ALLOWED, type Check, type CheckPodFn} from './types.js';

const privileged_1_0: CheckPodFn = (_meta, spec) => {
  const bad: string[] = [];
  visitContainers(spec, (c) => {
    if (c.securityContext?.privileged === true) bad.push(c.name);
  });
  if (bad.length === 0) return ALLOWED;
  return {allowed: false, forbiddenReason: 'privileged', forbiddenDetail: `${containersPhrase(bad)} must not set securityContext.privileged=true`};
};

export const checkPrivileged: Check = {
  id: 'privileged',
  level: 'baseline',
  versions: [{minimumVersion: v1(0), checkPod: privileged_1_0}],
};
