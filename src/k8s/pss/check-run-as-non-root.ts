// runAsNonRoot (restricted): the pod, or every container, must set runAsNonRoot=true.
// kubernetes/pod-security-admission policy/check_runAsNonRoot.go. v1.0; v1.35: pods in a user
// namespace (hostUsers: false) are exempt. Windows pods are NOT exempt at any version.
import {containersPhrase, inUserNamespace, v1, visitContainers} from './helpers.js';
import {ALLOWED, type Check, type CheckPodFn} from './types.js';

const runAsNonRoot_1_0: CheckPodFn = (_meta, spec) => {
  const badSetters: string[] = [];
  let podRunAsNonRoot = false;
  const podValue = spec.securityContext?.runAsNonRoot;
  if (podValue !== undefined && podValue !== null) {
    if (!podValue) badSetters.push('pod');
    else podRunAsNonRoot = true;
  }
  const explicitlyBad: string[] = [];
  const implicitlyBad: string[] = [];
  visitContainers(spec, (c) => {
    const v = c.securityContext?.runAsNonRoot;
    if (v !== undefined && v !== null) {
      if (!v) explicitlyBad.push(c.name);
    } else if (!podRunAsNonRoot) {
      implicitlyBad.push(c.name);
    }
  });
  if (explicitlyBad.length > 0) badSetters.push(containersPhrase(explicitlyBad));
  if (badSetters.length > 0) {
    return {
      allowed: false,
      forbiddenReason: 'runAsNonRoot != true',
      forbiddenDetail: `${badSetters.join(' and ')} must not set securityContext.runAsNonRoot=false`,
    };
  }
  if (implicitlyBad.length > 0) {
    return {
      allowed: false,
      forbiddenReason: 'runAsNonRoot != true',
      forbiddenDetail: `pod or ${containersPhrase(implicitlyBad)} must set securityContext.runAsNonRoot=true`,
    };
  }
  return ALLOWED;
};

const runAsNonRoot_1_35: CheckPodFn = (meta, spec) => (inUserNamespace(spec) ? ALLOWED : runAsNonRoot_1_0(meta, spec));

export const checkRunAsNonRoot: Check = {
  id: 'runAsNonRoot',
  level: 'restricted',
  versions: [
    {minimumVersion: v1(0), checkPod: runAsNonRoot_1_0},
    {minimumVersion: v1(35), checkPod: runAsNonRoot_1_35},
  ],
};
