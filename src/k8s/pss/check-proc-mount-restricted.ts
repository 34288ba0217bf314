// procMount_restricted (restricted, from v1.35): restricted keeps the unconditional procMount rule
// that baseline relaxed for user-namespace pods in v1.35, and overrides baseline's procMount.
// kubernetes/pod-security-admission policy/check_procMount_restricted.go
import {PROC_MOUNT_ID, procMount_1_0} from './check-proc-mount.js';
import {v1} from './helpers.js';
import type {Check} from './types.js';

export const checkProcMountRestricted: Check = {
  id: 'procMount_restricted',
  level: 'restricted',
  versions: [{minimumVersion: v1(35), checkPod: procMount_1_0, overrideCheckIDs: [PROC_MOUNT_ID]}],
};
