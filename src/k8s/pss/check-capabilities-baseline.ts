// capabilities_baseline (baseline): capabilities.add only from the default set.
// kubernetes/pod-security-admission policy/check_capabilities_baseline.go (v1.0)
import {containersPhrase, joinQuote, sortedSet, v1, visitContainers} from './helpers.js';
import {ALLOWED, type Check, type CheckPodFn} from './types.js';

export const CAPABILITIES_BASELINE_ID = 'capabilities_baseline';

/** The container runtime's default capabilities, the only ones baseline lets a container add. */
export const BASELINE_ALLOWED_CAPABILITIES: ReadonlySet<string> = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

const capabilitiesBaseline_1_0: CheckPodFn = (_meta, spec) => {
  const bad: string[] = [];
  const nonDefault: string[] = [];
  visitContainers(spec, (c) => {
    const caps = c.securityContext?.capabilities;
    if (caps == null) return;
    let valid = true;
    for (const cap of caps.add ?? []) {
      if (!BASELINE_ALLOWED_CAPABILITIES.has(cap)) {
        valid = false;
        nonDefault.push(cap);
      }
    }
    if (!valid) bad.push(c.name);
  });
  if (bad.length === 0) return ALLOWED;
  return {
    allowed: false,
    forbiddenReason: 'non-default capabilities',
    forbiddenDetail: `${containersPhrase(bad)} must not include ${joinQuote(sortedSet(nonDefault))} in securityContext.capabilities.add`,
  };
};

export const checkCapabilitiesBaseline: Check = {
  id: CAPABILITIES_BASELINE_ID,
  level: 'baseline',
  versions: [{minimumVersion: v1(0), checkPod: capabilitiesBaseline_1_0}],
};
