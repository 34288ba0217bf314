// sysctls (baseline): only the namespaced "safe" sysctls. kubernetes/pod-security-admission
// policy/check_sysctls.go. The allowed set grows: v1.0, v1.27, v1.29, v1.32, v1.37 (unreleased at
// the time of writing). Names are reported in spec order, not deduplicated.
import {v1} from './helpers.js';
import {ALLOWED, type Check, type CheckPodFn} from './types.js';

export const SYSCTLS_1_0: ReadonlySet<string> = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start',
]);
export const SYSCTLS_1_27: ReadonlySet<string> = new Set([...SYSCTLS_1_0, 'net.ipv4.ip_local_reserved_ports']);
export const SYSCTLS_1_29: ReadonlySet<string> = new Set([
  ...SYSCTLS_1_27,
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
]);
export const SYSCTLS_1_32: ReadonlySet<string> = new Set([...SYSCTLS_1_29, 'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem']);
export const SYSCTLS_1_37: ReadonlySet<string> = new Set([...SYSCTLS_1_32, 'net.ipv4.tcp_slow_start_after_idle', 'net.ipv4.tcp_notsent_lowat']);

function sysctls(allowed: ReadonlySet<string>): CheckPodFn {
  return (_meta, spec) => {
    const forbidden = (spec.securityContext?.sysctls ?? []).map((s) => s.name).filter((n) => !allowed.has(n));
    if (forbidden.length === 0) return ALLOWED;
    return {allowed: false, forbiddenReason: 'forbidden sysctls', forbiddenDetail: forbidden.join(', ')};
  };
}

export const checkSysctls: Check = {
  id: 'sysctls',
  level: 'baseline',
  versions: [
    {minimumVersion: v1(0), checkPod: sysctls(SYSCTLS_1_0)},
    {minimumVersion: v1(27), checkPod: sysctls(SYSCTLS_1_27)},
    {minimumVersion: v1(29), checkPod: sysctls(SYSCTLS_1_29)},
    {minimumVersion: v1(32), checkPod: sysctls(SYSCTLS_1_32)},
    {minimumVersion: v1(37), checkPod: sysctls(SYSCTLS_1_37)},
  ],
};
