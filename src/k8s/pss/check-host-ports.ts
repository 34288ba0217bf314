// hostPorts (baseline): no container port may set a hostPort.
// kubernetes/pod-security-admission policy/check_hostPorts.go (v1.0). The ports are a sorted set of
// strings ("443" sorts before "80"), as Go's sets.String gives them.
import {containersPhrase, pluralize, sortedSet, v1, visitContainers} from './helpers.js';
import {ALLOWED, type Check, type CheckPodFn} from './types.js';

const hostPorts_1_0: CheckPodFn = (_meta, spec) => {
  const bad: string[] = [];
  const ports: string[] = [];
  visitContainers(spec, (c) => {
    let valid = true;
    for (const p of c.ports ?? []) {
      if (p.hostPort != null && p.hostPort !== 0) {
        valid = false;
        ports.push(String(p.hostPort));
      }
    }
    if (!valid) bad.push(c.name);
  });
  if (bad.length === 0) return ALLOWED;
  const distinct = sortedSet(ports);
  return {
    allowed: false,
    forbiddenReason: 'hostPort',
    forbiddenDetail: `${containersPhrase(bad)} ${pluralize('uses', 'use', bad.length)} ${pluralize('hostPort', 'hostPorts', distinct.length)} ${distinct.join(', ')}`,
  };
};

export const checkHostPorts: Check = {
  id: 'hostPorts',
  level: 'baseline',
  versions: [{minimumVersion: v1(0), checkPod: hostPorts_1_0}],
};
