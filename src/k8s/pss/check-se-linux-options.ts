// seLinuxOptions (baseline): only the container SELinux types, and no user or role.
// kubernetes/pod-security-admission policy/check_seLinuxOptions.go. v1.0: "", container_t,
// container_init_t, container_kvm_t; v1.31 adds container_engine_t.
import {containersPhrase, joinQuote, pluralize, sortedSet, v1, visitContainers} from './helpers.js';
import {ALLOWED, type Check, type CheckPodFn, type SecurityContextLike} from './types.js';

const TYPES_1_0 = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t']);
const TYPES_1_31 = new Set([...TYPES_1_0, 'container_engine_t']);

function seLinuxOptions(allowedTypes: Set<string>): CheckPodFn {
  return (_meta, spec) => {
    const badSetters: string[] = [];
    const badTypes: string[] = [];
    let setUser = false;
    let setRole = false;
    const valid = (opts: NonNullable<SecurityContextLike['seLinuxOptions']>) => {
      let ok = true;
      const type = opts.type ?? '';
      if (!allowedTypes.has(type)) {
        ok = false;
        badTypes.push(type);
      }
      if ((opts.user ?? '').length > 0) {
        ok = false;
        setUser = true;
      }
      if ((opts.role ?? '').length > 0) {
        ok = false;
        setRole = true;
      }
      return ok;
    };
    const podOpts = spec.securityContext?.seLinuxOptions;
    if (podOpts != null && !valid(podOpts)) badSetters.push('pod');
    const bad: string[] = [];
    visitContainers(spec, (c) => {
      const o = c.securityContext?.seLinuxOptions;
      if (o != null && !valid(o)) bad.push(c.name);
    });
    if (bad.length > 0) badSetters.push(containersPhrase(bad));
    if (badSetters.length === 0) return ALLOWED;
    const data: string[] = [];
    const distinct = sortedSet(badTypes);
    if (distinct.length > 0) data.push(`${pluralize('type', 'types', distinct.length)} ${joinQuote(distinct)}`);
    if (setUser) data.push('user may not be set');
    if (setRole) data.push('role may not be set');
    return {
      allowed: false,
      forbiddenReason: 'seLinuxOptions',
      forbiddenDetail: `${badSetters.join(' and ')} set forbidden securityContext.seLinuxOptions: ${data.join('; ')}`,
    };
  };
}

export const checkSELinuxOptions: Check = {
  id: 'seLinuxOptions',
  level: 'baseline',
  versions: [
    {minimumVersion: v1(0), checkPod: seLinuxOptions(TYPES_1_0)},
    {minimumVersion: v1(31), checkPod: seLinuxOptions(TYPES_1_31)},
  ],
};
