// A node's versions against the cluster's: the kubelet within the supported skew of the apiserver
// (kubernetes/website releases/version-skew-policy.md: "kubelet must not be newer than
// kube-apiserver, and may be up to three minor versions older"), and no dockershim, which left
// the kubelet in v1.24 (tasks/administer-cluster/migrating-from-dockershim/check-if-dockershim-removal-affects-you.md).
import {finding} from '../../report/finding.js';
import type {Finding, ObjectRef} from '../../report/types.js';
import {parseRuntime, parseSemver} from './versions.js';

/** The oldest kubelet minor the policy supports below the apiserver's (three since v1.28). */
const KUBELET_MAX_MINORS_BEHIND = 3;

export function kubeletSkewFinding(object: ObjectRef, kubeletVersion: string, serverVersion: string | undefined): Finding | undefined {
  const kubelet = parseSemver(kubeletVersion);
  const server = parseSemver(serverVersion);
  if (!kubelet || !server || kubelet.major !== server.major) return undefined;
  const behind = server.minor - kubelet.minor;
  if (behind >= 0 && behind <= KUBELET_MAX_MINORS_BEHIND) return undefined;
  const how =
    behind > 0
      ? `${behind} minor versions older than the apiserver ${serverVersion} (at most ${KUBELET_MAX_MINORS_BEHIND} are supported)`
      : `newer than the apiserver ${serverVersion} (a kubelet must not be newer)`;
  return finding('nodes/kubelet-version-skew', {
    object,
    field: 'status.nodeInfo.kubeletVersion',
    message: `kubelet ${kubeletVersion} is ${how}: outside the Kubernetes version skew policy`,
    remedy: {
      text: `Upgrade the node's kubelet to v${server.major}.${server.minor - KUBELET_MAX_MINORS_BEHIND} or newer (at most ${serverVersion}), one minor at a time, or replace the node pool`,
    },
  });
}

export function dockershimFinding(object: ObjectRef, containerRuntime: string): Finding | undefined {
  if (parseRuntime(containerRuntime)?.name !== 'docker') return undefined;
  return finding('nodes/dockershim-runtime', {
    object,
    field: 'status.nodeInfo.containerRuntimeVersion',
    message: `the node runs ${containerRuntime} through dockershim, which was removed from the kubelet in v1.24: the node cannot be upgraded past v1.23 as it is, and HostProcess, single-file and subPath mounts behave differently there`,
    remedy: {text: 'Move the node pool to containerd (1.6 or newer) before upgrading it'},
  });
}
