// hostProbesAndHostLifecycle (baseline, from v1.34): probes and lifecycle handlers may not set a host.
// kubernetes/pod-security-admission policy/check_hostProbesAndhostLifecycle.go. Unlike most checks,
// both the containers and the hosts are sorted sets.
import {joinQuote, pluralize, sortedSet, v1, visitContainers} from './helpers.js';
import {ALLOWED, type Check, type CheckPodFn, type HandlerLike} from './types.js';
import {pushAll} from '../../util/arrays.js';

function forbiddenHosts(h: HandlerLike | null | undefined): string[] {
  if (h == null) return [];
  const out: string[] = [];
  if (h.httpGet != null && h.httpGet.host) out.push(h.httpGet.host);
  if (h.tcpSocket != null && h.tcpSocket.host) out.push(h.tcpSocket.host);
  return out;
}

const setsHost = (h: HandlerLike | null | undefined): boolean =>
  h != null && Boolean((h.httpGet != null && h.httpGet.host) || (h.tcpSocket != null && h.tcpSocket.host));

const hostProbesAndHostLifecycle_1_34: CheckPodFn = (_meta, spec) => {
  // Nearly every pod sets no host: that answer first, without the lists the detail needs.
  let any = false;
  visitContainers(spec, (c) => {
    any ||=
      setsHost(c.livenessProbe) || setsHost(c.readinessProbe) || setsHost(c.startupProbe) || setsHost(c.lifecycle?.postStart) || setsHost(c.lifecycle?.preStop);
  });
  if (!any) return ALLOWED;
  const badContainers = new Set<string>();
  const hosts: string[] = [];
  visitContainers(spec, (c) => {
    const handlers = [c.livenessProbe, c.readinessProbe, c.startupProbe, c.lifecycle?.postStart, c.lifecycle?.preStop];
    for (const h of handlers) {
      const found = forbiddenHosts(h);
      if (found.length > 0) {
        badContainers.add(c.name);
        pushAll(hosts, found);
      }
    }
  });
  if (badContainers.size === 0) return ALLOWED;
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
