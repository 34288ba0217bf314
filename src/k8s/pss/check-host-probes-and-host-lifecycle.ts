// hostProbesAndHostLifecycle (baseline, from v1.34): probes and lifecycle handlers may not set a host.
// kubernetes/pod-security-admission policy/check_hostProbesAndhostLifecycle.go. Unlike most checks,
// both the containers and the hosts are sorted sets.
import {joinQuote, pluralize, sortedSet, v1, visitContainers} from './helpers.js';
import {ALLOWED, type Check, type CheckPodFn, type HandlerLike} from './types.js';

/** Adds the hosts `h` sets to `hosts`. */
function addForbiddenHosts(h: HandlerLike | null | undefined, hosts: string[]): void {
  if (h == null) return;
  if (h.httpGet != null && h.httpGet.host) hosts.push(h.httpGet.host);
  if (h.tcpSocket != null && h.tcpSocket.host) hosts.push(h.tcpSocket.host);
}

const hostProbesAndHostLifecycle_1_34: CheckPodFn = (_meta, spec) => {
  // The container set is made only for a pod that sets a host: nearly none does.
  let badContainers: Set<string> | undefined;
  const hosts: string[] = [];
  visitContainers(spec, (c) => {
    const before = hosts.length;
    // Each handler, not a list of them: this runs for every container of every pod.
    addForbiddenHosts(c.livenessProbe, hosts);
    addForbiddenHosts(c.readinessProbe, hosts);
    addForbiddenHosts(c.startupProbe, hosts);
    addForbiddenHosts(c.lifecycle?.postStart, hosts);
    addForbiddenHosts(c.lifecycle?.preStop, hosts);
    if (hosts.length > before) (badContainers ??= new Set()).add(c.name);
  });
  if (badContainers === undefined) return ALLOWED;
  const containers = sortedSet(badContainers);
  const distinct = sortedSet(hosts);
  return {
    allowed: false,
    forbiddenReason: 'probe or lifecycle host',
    forbiddenDetail: `${pluralize('container', 'containers', containers.length)} ${joinQuote(containers)} ${pluralize('uses', 'use', containers.length)} ${pluralize('probe or lifecycle host', 'probe or lifecycle hosts', distinct.length)} ${joinQuote(distinct)}`,
  };
};

export const checkHostProbesAndHostLifecycle: Check = {
  id: 'hostProbesAndHostLifecycle',
  level: 'baseline',
  versions: [{minimumVersion: v1(34), checkPod: hostProbesAndHostLifecycle_1_34}],
};
