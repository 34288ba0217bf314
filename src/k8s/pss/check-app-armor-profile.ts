// appArmorProfile (baseline): AppArmor may not be disabled or overridden except with allowed profiles.
// kubernetes/pod-security-admission policy/check_appArmorProfile.go (v1.0)
// Fields: pod and container securityContext.appArmorProfile.type (RuntimeDefault, Localhost, unset);
// annotations container.apparmor.security.beta.kubernetes.io/* ("", runtime/default, localhost/*).
import {containersPhrase, goCompare, goQuote, joinQuote, pluralize, sortedSet, v1, visitContainers} from './helpers.js';
import {ALLOWED, type Check, type CheckPodFn} from './types.js';
import {pushAll} from '../../util/arrays.js';

const ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

function allowedAnnotationValue(v: string): boolean {
  return v.length === 0 || v === 'runtime/default' || v.startsWith('localhost/');
}

function allowedProfileType(t: string | undefined): boolean {
  return t === 'RuntimeDefault' || t === 'Localhost';
}

const appArmorProfile_1_0: CheckPodFn = (meta, spec) => {
  const badSetters: string[] = [];
  const badValues = new Set<string>();
  const podProfile = spec.securityContext?.appArmorProfile;
  if (podProfile != null && !allowedProfileType(podProfile.type)) {
    badSetters.push('pod');
    badValues.add(podProfile.type ?? '');
  }
  const badContainers: string[] = [];
  visitContainers(spec, (c) => {
    const p = c.securityContext?.appArmorProfile;
    if (p != null && !allowedProfileType(p.type)) {
      badContainers.push(c.name);
      badValues.add(p.type ?? '');
    }
  });
  if (badContainers.length > 0) badSetters.push(containersPhrase(badContainers));
  const forbiddenAnnotations: string[] = [];
  for (const [k, v] of Object.entries(meta.annotations ?? {})) {
    if (k.startsWith(ANNOTATION_PREFIX) && !allowedAnnotationValue(String(v))) forbiddenAnnotations.push(`${k}=${goQuote(String(v))}`);
  }
  const badValueList = sortedSet(badValues);
  if (forbiddenAnnotations.length > 0) {
    forbiddenAnnotations.sort(goCompare);
    pushAll(badValueList, forbiddenAnnotations);
    badSetters.push(pluralize('annotation', 'annotations', forbiddenAnnotations.length));
  }
  if (badSetters.length === 0) return ALLOWED;
  return {
    allowed: false,
    forbiddenReason: pluralize('forbidden AppArmor profile', 'forbidden AppArmor profiles', badValueList.length),
    forbiddenDetail: `${badSetters.join(' and ')} must not set AppArmor profile type to ${joinQuote(badValueList)}`,
  };
};

export const checkAppArmorProfile: Check = {
  id: 'appArmorProfile',
  level: 'baseline',
  versions: [{minimumVersion: v1(0), checkPod: appArmorProfile_1_0}],
};
