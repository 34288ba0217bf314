// capabilities_restricted (restricted): drop ALL, add at most NET_BIND_SERVICE. Replaces
// capabilities_baseline in restricted. kubernetes/pod-security-admission policy/check_capabilities_restricted.go
// v1.22; v1.25: pods with spec.os.name=windows are exempt (capabilities are forbidden on them).
import {CAPABILITIES_BASELINE_ID} from './check-capabilities-baseline.js';
import {containersPhrase, isWindowsPod, joinQuote, sortedSet, v1, visitContainers} from './helpers.js';
import {ALLOWED, type Check, type CheckPodFn} from './types.js';

const capabilitiesRestricted_1_22: CheckPodFn = (_meta, spec) => {
  const missingDropAll: string[] = [];
  const addingForbidden: string[] = [];
  const forbiddenCaps: string[] = [];
  visitContainers(spec, (c) => {
    const caps = c.securityContext?.capabilities;
    if (caps == null) {
      missingDropAll.push(c.name);
      return;
    }
    if (!(caps.drop ?? []).includes('ALL')) missingDropAll.push(c.name);
    let addedForbidden = false;
    for (const cap of caps.add ?? []) {
      if (cap !== 'NET_BIND_SERVICE') {
        addedForbidden = true;
        forbiddenCaps.push(cap);
      }
    }
    if (addedForbidden) addingForbidden.push(c.name);
  });
  const details: string[] = [];
  if (missingDropAll.length > 0) details.push(`${containersPhrase(missingDropAll)} must set securityContext.capabilities.drop=["ALL"]`);
  if (addingForbidden.length > 0) {
    details.push(`${containersPhrase(addingForbidden)} must not include ${joinQuote(sortedSet(forbiddenCaps))} in securityContext.capabilities.add`);
  }
  if (details.length === 0) return ALLOWED;
  return {allowed: false, forbiddenReason: 'unrestricted capabilities', forbiddenDetail: details.join('; ')};
};

const capabilitiesRestricted_1_25: CheckPodFn = (meta, spec) => (isWindowsPod(spec) ? ALLOWED : capabilitiesRestricted_1_22(meta, spec));

export const checkCapabilitiesRestricted: Check = {
  id: 'capabilities_restricted',
  level: 'restricted',
  versions: [
    {minimumVersion: v1(22), checkPod: capabilitiesRestricted_1_22, overrideCheckIDs: [CAPABILITIES_BASELINE_ID]},
    {minimumVersion: v1(25), checkPod: capabilitiesRestricted_1_25, overrideCheckIDs: [CAPABILITIES_BASELINE_ID]},
  ],
};
