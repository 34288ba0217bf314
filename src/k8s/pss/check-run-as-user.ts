// runAsUser (restricted, from v1.23): neither the pod nor a container may set runAsUser=0.
// kubernetes/pod-security-admission policy/check_runAsUser.go. v1.35: pods in a user namespace
// (hostUsers: false) are exempt.
import {containersPhrase, inUserNamespace, v1, visitContainers} from './helpers.js';
import {ALLOWED, type Check, type CheckPodFn} from './types.js';

const runAsUser_1_23: CheckPodFn = (_meta, spec) => {
  const badSetters: string[] = [];
  if (spec.securityContext?.runAsUser === 0) badSetters.push('pod');
  const bad: string[] = [];
  visitContainers(spec, (c) => {
    if (c.securityContext?.runAsUser === 0) bad.push(c.name);
  });
  if (bad.length > 0) badSetters.push(containersPhrase(bad));
  if (badSetters.length === 0) return ALLOWED;
  return {allowed: false, forbiddenReason: 'runAsUser=0', forbiddenDetail: `${badSetters.join(' and ')} must not set runAsUser=0`};
};

const runAsUser_1_35: CheckPodFn = (meta, spec) => (inUserNamespace(spec) ? ALLOWED : runAsUser_1_23(meta, spec));

export const checkRunAsUser: Check = {
  id: 'runAsUser',
  level: 'restricted',
  versions: [
    {minimumVersion: v1(23), checkPod: runAsUser_1_23},
    {minimumVersion: v1(35), checkPod: runAsUser_1_35},
  ],
};
