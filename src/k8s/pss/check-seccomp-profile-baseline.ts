// seccompProfile_baseline (baseline): seccomp may not be Unconfined. Replaced by
// seccompProfile_restricted in restricted. kubernetes/pod-security-admission policy/check_seccompProfile_baseline.go
// v1.0: the alpha annotations (seccomp.security.alpha.kubernetes.io/pod, container.seccomp...);
// v1.19: the securityContext.seccompProfile.type fields (the annotations are no longer read).
import {containersPhrase, goQuote, joinQuote, pluralize, sortedSet, v1, visitContainers} from './helpers.js';
import {ALLOWED, type Check, type CheckPodFn} from './types.js';

export const SECCOMP_BASELINE_ID = 'seccompProfile_baseline';
const SECCOMP_POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CONTAINER_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';

export function validSeccompType(t: string | undefined): boolean {
  return t === 'Localhost' || t === 'RuntimeDefault';
}

function validAnnotationValue(v: string): boolean {
  return v === 'runtime/default' || v === 'docker/default' || v.startsWith('localhost/');
}

const seccompProfileBaseline_1_0: CheckPodFn = (meta, spec) => {
  const annotations = meta.annotations ?? {};
  const forbidden: string[] = [];
  if (Object.hasOwn(annotations, SECCOMP_POD_ANNOTATION)) {
    const v = String(annotations[SECCOMP_POD_ANNOTATION]);
    if (!validAnnotationValue(v)) forbidden.push(`${SECCOMP_POD_ANNOTATION}=${goQuote(v)}`);
  }
  visitContainers(spec, (c) => {
    const key = SECCOMP_CONTAINER_ANNOTATION_PREFIX + c.name;
    if (Object.hasOwn(annotations, key)) {
      const v = String(annotations[key]);
      if (!validAnnotationValue(v)) forbidden.push(`${key}=${goQuote(v)}`);
    }
  });
  const list = sortedSet(forbidden);
  if (list.length === 0) return ALLOWED;
  return {
    allowed: false,
    forbiddenReason: 'seccompProfile',
    forbiddenDetail: `forbidden ${pluralize('annotation', 'annotations', list.length)} ${list.join(', ')}`,
  };
};

const seccompProfileBaseline_1_19: CheckPodFn = (_meta, spec) => {
  const badSetters: string[] = [];
  const badValues: string[] = [];
  const pod = spec.securityContext?.seccompProfile;
  if (pod != null && !validSeccompType(pod.type)) {
    badSetters.push('pod');
    badValues.push(pod.type ?? '');
  }
  const bad: string[] = [];
  visitContainers(spec, (c) => {
    const p = c.securityContext?.seccompProfile;
    if (p != null && !validSeccompType(p.type)) {
      bad.push(c.name);
      badValues.push(p.type ?? '');
    }
  });
  if (bad.length > 0) badSetters.push(containersPhrase(bad));
  if (badSetters.length === 0) return ALLOWED;
  return {
    allowed: false,
    forbiddenReason: 'seccompProfile',
    forbiddenDetail: `${badSetters.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote(sortedSet(badValues))}`,
  };
};

export const checkSeccompProfileBaseline: Check = {
  id: SECCOMP_BASELINE_ID,
  level: 'baseline',
  versions: [
    {minimumVersion: v1(0), checkPod: seccompProfileBaseline_1_0},
    {minimumVersion: v1(19), checkPod: seccompProfileBaseline_1_19},
  ],
};
