// hostNamespaces (baseline): no host network, PID or IPC namespace.
// kubernetes/pod-security-admission policy/check_hostNamespaces.go (v1.0)
import {v1} from './helpers.js';
import {ALLOWED, type Check, type CheckPodFn} from './types.js';

const hostNamespaces_1_0: CheckPodFn = (_meta, spec) => {
  const set: string[] = [];
  if (spec.hostNetwork) set.push('hostNetwork=true');
  if (spec.hostPID) set.push('hostPID=true');
  if (spec.hostIPC) set.push('hostIPC=true');
  if (set.length === 0) return ALLOWED;
  return {allowed: false, forbiddenReason: 'host namespaces', forbiddenDetail: set.join(', ')};
};

export const checkHostNamespaces: Check = {
  id: 'hostNamespaces',
  level: 'baseline',
  versions: [{minimumVersion: v1(0), checkPod: hostNamespaces_1_0}],
};
