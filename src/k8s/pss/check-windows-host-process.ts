// windowsHostProcess (baseline): no HostProcess containers, at pod or container level.
// kubernetes/pod-security-admission policy/check_windowsHostProcess.go (v1.0)
import {containersPhrase, v1, visitContainers} from './helpers.js';
import {ALLOWED, type Check, type CheckPodFn} from './types.js';

const windowsHostProcess_1_0: CheckPodFn = (_meta, spec) => {
  const bad: string[] = [];
  visitContainers(spec, (c) => {
    if (c.securityContext?.windowsOptions?.hostProcess === true) bad.push(c.name);
  });
  const setters: string[] = [];
  if (spec.securityContext?.windowsOptions?.hostProcess === true) setters.push('pod');
  if (bad.length > 0) setters.push(containersPhrase(bad));
  if (setters.length === 0) return ALLOWED;
  return {
    allowed: false,
    forbiddenReason: 'hostProcess',
    forbiddenDetail: `${setters.join(' and ')} must not set securityContext.windowsOptions.hostProcess=true`,
  };
};

export const checkWindowsHostProcess: Check = {
  id: 'windowsHostProcess',
  level: 'baseline',
  versions: [{minimumVersion: v1(0), checkPod: windowsHostProcess_1_0}],
};
