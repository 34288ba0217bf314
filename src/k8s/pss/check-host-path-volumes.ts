// hostPathVolumes (baseline): no hostPath volumes. Replaced by restrictedVolumes in restricted.
// kubernetes/pod-security-admission policy/check_hostPathVolumes.go (v1.0)
import {joinQuote, pluralize, v1} from './helpers.js';
import {ALLOWED, type Check, type CheckPodFn} from './types.js';

export const HOST_PATH_VOLUMES_ID = 'hostPathVolumes';

const hostPathVolumes_1_0: CheckPodFn = (_meta, spec) => {
  const names = (spec.volumes ?? []).filter((v) => v.hostPath != null).map((v) => v.name);
  if (names.length === 0) return ALLOWED;
  return {allowed: false, forbiddenReason: 'hostPath volumes', forbiddenDetail: `${pluralize('volume', 'volumes', names.length)} ${joinQuote(names)}`};
};

export const checkHostPathVolumes: Check = {
  id: HOST_PATH_VOLUMES_ID,
  level: 'baseline',
  versions: [{minimumVersion: v1(0), checkPod: hostPathVolumes_1_0}],
};
