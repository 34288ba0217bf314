// procMount (baseline): /proc keeps its default masks. kubernetes/pod-security-admission
// policy/check_procMount_baseline.go. v1.0: any procMount other than "Default" fails (an explicit
// empty string too). v1.35: any value is allowed for pods in a user namespace (hostUsers: false).
import {containersPhrase, inUserNamespace, joinQuote, sortedSet, v1, visitContainers} from './helpers.js';
import {ALLOWED, type Check, type CheckPodFn} from './types.js';

export const PROC_MOUNT_ID = 'procMount';

/** procMount_1_0: also the restricted check from v1.35 (policy/check_procMount_restricted.go). */
export const procMount_1_0: CheckPodFn = (_meta, spec) => {
  const bad: string[] = [];
  const types: string[] = [];
  visitContainers(spec, (c) => {
    const pm = c.securityContext?.procMount;
    if (pm === undefined || pm === null) return;
    if (pm !== 'Default') {
      bad.push(c.name);
      types.push(pm);
    }
  });
  if (bad.length === 0) return ALLOWED;
  return {
    allowed: false,
    forbiddenReason: 'procMount',
    forbiddenDetail: `${containersPhrase(bad)} must not set securityContext.procMount to ${joinQuote(sortedSet(types))}`,
  };
};

const procMount_1_35_baseline: CheckPodFn = (meta, spec) => (inUserNamespace(spec) ? ALLOWED : procMount_1_0(meta, spec));

export const checkProcMount: Check = {
  id: PROC_MOUNT_ID,
  level: 'baseline',
  versions: [
    {minimumVersion: v1(0), checkPod: procMount_1_0},
    {minimumVersion: v1(35), checkPod: procMount_1_35_baseline},
  ],
};
