// seccompProfile_restricted (restricted, from v1.19): the pod, or every container, must set
// seccompProfile.type RuntimeDefault or Localhost. Replaces seccompProfile_baseline in restricted.
// kubernetes/pod-security-admission policy/check_seccompProfile_restricted.go. v1.25: pods with
// spec.os.name=windows are exempt (seccomp is forbidden on them).
import {SECCOMP_BASELINE_ID, validSeccompType} from './check-seccomp-profile-baseline.js';
import {containersPhrase, isWindowsPod, joinQuote, sortedSet, v1, visitContainers} from './helpers.js';
import {ALLOWED, type Check, type CheckPodFn} from './types.js';

const seccompProfileRestricted_1_19: CheckPodFn = (_meta, spec) => {
  const badSetters: string[] = [];
  const badValues: string[] = [];
  let podSeccompSet = false;
  const pod = spec.securityContext?.seccompProfile;
  if (pod != null) {
    if (!validSeccompType(pod.type)) {
      badSetters.push('pod');
      badValues.push(pod.type ?? '');
    } else {
      podSeccompSet = true;
    }
  }
  const explicitlyBad: string[] = [];
  const implicitlyBad: string[] = [];
  visitContainers(spec, (c) => {
    const p = c.securityContext?.seccompProfile;
    if (p != null) {
      if (!validSeccompType(p.type)) {
        explicitlyBad.push(c.name);
        badValues.push(p.type ?? '');
      }
    } else if (!podSeccompSet) {
      implicitlyBad.push(c.name);
    }
  });
  if (explicitlyBad.length > 0) badSetters.push(containersPhrase(explicitlyBad));
  if (badSetters.length > 0) {
    return {
      allowed: false,
      forbiddenReason: 'seccompProfile',
      forbiddenDetail: `${badSetters.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote(sortedSet(badValues))}`,
    };
  }
  if (implicitlyBad.length > 0) {
    return {
      allowed: false,
      forbiddenReason: 'seccompProfile',
      forbiddenDetail: `pod or ${containersPhrase(implicitlyBad)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`,
    };
  }
  return ALLOWED;
};

const seccompProfileRestricted_1_25: CheckPodFn = (meta, spec) => (isWindowsPod(spec) ? ALLOWED : seccompProfileRestricted_1_19(meta, spec));

export const checkSeccompProfileRestricted: Check = {
  id: 'seccompProfile_restricted',
  level: 'restricted',
  versions: [
    {minimumVersion: v1(19), checkPod: seccompProfileRestricted_1_19, overrideCheckIDs: [SECCOMP_BASELINE_ID]},
    {minimumVersion: v1(25), checkPod: seccompProfileRestricted_1_25, overrideCheckIDs: [SECCOMP_BASELINE_ID]},
  ],
};
