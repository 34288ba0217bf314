// The findings `kubectl win nodes` can report (ids are stable; docs/checks.md is generated from these).
import {defineChecks} from '../../report/catalogue.js';

const WINDOWS_RESOURCES = 'kubernetes/website concepts/configuration/windows-resource-management.md';
const SKEW = 'kubernetes/website releases/version-skew-policy.md';
const DOCKERSHIM = 'kubernetes/website tasks/administer-cluster/migrating-from-dockershim/check-if-dockershim-removal-affects-you.md';
const HOSTPROCESS = 'kubernetes/website tasks/configure-pod-container/create-hostprocess-pod.md';

export const NODE_CHECKS = defineChecks([
  {id: 'nodes/no-windows-nodes', severity: 'info', title: 'The cluster has no Windows nodes', source: 'kubernetes/website concepts/windows/intro.md'},
  {
    id: 'nodes/not-ready',
    severity: 'warning',
    title: 'The node is not Ready: pods are not scheduled there',
    source: 'kubernetes/kubernetes pkg/kubelet/nodestatus/setters.go ReadyCondition',
  },
  {
    id: 'nodes/system-reserve-low',
    severity: 'warning',
    title: 'A Windows node reserves less than 2 GiB of memory for the system (capacity - allocatable)',
    source: WINDOWS_RESOURCES,
  },
  {
    id: 'nodes/besteffort-without-reserve',
    severity: 'warning',
    title: 'BestEffort pods run on a Windows node that reserves too little memory: they can starve the node',
    source: WINDOWS_RESOURCES,
  },
  {
    id: 'nodes/hostprocess-unsupported',
    severity: 'info',
    title: 'HostProcess pods cannot run on the node (needs containerd >= 1.6 and kubelet >= 1.23)',
    source: HOSTPROCESS,
  },
  {
    id: 'nodes/windows-build-unknown',
    severity: 'info',
    title: 'The Windows build is not a known Windows Server release',
    source: 'kubernetes/website concepts/windows/intro.md',
  },
  {
    id: 'nodes/kubelet-version-skew',
    severity: 'warning',
    title: 'The kubelet is more than three minors older than the apiserver, or newer than it: outside the supported version skew',
    source: SKEW,
  },
  {
    id: 'nodes/dockershim-runtime',
    severity: 'warning',
    title: 'The node runs Docker through dockershim (docker://), removed from the kubelet in v1.24',
    source: DOCKERSHIM,
  },
  {
    id: 'nodes/windows-build-unsupported',
    severity: 'warning',
    title: 'The Windows Server version is out of support for Windows nodes',
    source: 'kubernetes/website concepts/windows/intro.md',
  },
  {
    id: 'nodes/windows-end-of-support',
    severity: 'info',
    title: 'A Windows node pool runs a Windows Server version whose published end of support (or managed node image retirement) is within 12 months',
    // Microsoft's lifecycle dates are cited per row in src/k8s/windows-lifecycle.ts (learn.microsoft.com/lifecycle/products).
    source: 'Azure/AKS#4091; Azure/AKS#4168; Azure/AKS#5608',
  },
] as const);
