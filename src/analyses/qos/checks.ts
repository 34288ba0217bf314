// The findings `kubectl win qos` can report (ids are stable; docs/checks.md is generated from these).
import {defineChecks} from '../../report/catalogue.js';

const QOS = 'kubernetes/kubernetes pkg/apis/core/helper/qos/qos.go';
const VALIDATION = 'kubernetes/kubernetes pkg/apis/core/validation/validation.go';
const WINDOWS_RESOURCES = 'kubernetes/website concepts/configuration/windows-resource-management.md';
const RESIZE = 'kubernetes/website tasks/configure-pod-container/resize-container-resources.md';

export const QOS_CHECKS = defineChecks([
  {
    id: 'qos/invalid-quantity',
    severity: 'error',
    title: 'A resource quantity the apiserver cannot parse: the object is rejected',
    source: 'kubernetes/apimachinery pkg/api/resource/quantity.go',
  },
  {
    id: 'qos/undecodable',
    severity: 'error',
    title: 'The apiserver cannot decode the object (a field has the wrong JSON type): it is rejected and has no QoS class',
    source: 'kubernetes-sigs/json internal/golang/encoding/json/decode.go',
  },
  {
    id: 'qos/invalid-resources',
    severity: 'error',
    title: 'Resources the apiserver rejects (a request above its limit, hugepages without cpu or memory, ...): the pod has no QoS class',
    source: `${VALIDATION} validateResourceRequirements`,
  },
  {
    id: 'qos/status-mismatch',
    severity: 'warning',
    title: "The pod's status.qosClass differs from the class computed for the chosen Kubernetes version",
    source: QOS,
  },
  {id: 'qos/windows-pod-level-resources', severity: 'error', title: 'Pod-level spec.resources on a Windows pod (forbidden from v1.34)', source: VALIDATION},
  {
    id: 'qos/windows-besteffort',
    severity: 'warning',
    title: 'A BestEffort pod on Windows: nothing caps its memory and it can starve a node without reserved memory',
    source: WINDOWS_RESOURCES,
  },
  {
    id: 'qos/windows-pod-on-linux-node',
    severity: 'warning',
    title: 'A Windows pod bound to a Linux node: the kubelet refuses it, so no Windows QoS guidance applies',
    source: 'kubernetes/kubernetes pkg/kubelet/lifecycle/predicate.go',
  },
  {
    id: 'qos/windows-no-memory-limit',
    severity: 'warning',
    title: 'A container of a Windows pod without a memory limit: no job-object cap and no OOM killer',
    source: WINDOWS_RESOURCES,
  },
  {
    id: 'qos/windows-memory-request-below-limit',
    severity: 'info',
    title: 'A Windows container whose memory request is below its limit (Windows guidance: request equal to limit)',
    source: WINDOWS_RESOURCES,
  },
  {
    id: 'qos/windows-cpu-limit-above-node',
    severity: 'info',
    title: "A Windows container's cpu limit exceeds the node's CPUs: CpuMaximum is clamped to the whole node",
    source: 'kubernetes/kubernetes pkg/kubelet/kuberuntime/kuberuntime_container_windows.go',
  },
  {
    id: 'qos/windows-resize-unsupported',
    severity: 'info',
    title: 'A Windows pod sets resizePolicy or has a resize requested: Windows pods cannot be resized in place',
    source: VALIDATION,
  },
  {id: 'qos/resize-infeasible', severity: 'warning', title: 'An in-place resize cannot be granted by the node (PodResizePending Infeasible)', source: RESIZE},
  {id: 'qos/resize-deferred', severity: 'info', title: 'An in-place resize waits for node resources (PodResizePending Deferred)', source: RESIZE},
  {id: 'qos/resize-in-progress', severity: 'info', title: 'An in-place resize is being applied by the kubelet (PodResizeInProgress)', source: RESIZE},
  {id: 'qos/resize-error', severity: 'warning', title: 'An in-place resize failed in the kubelet (PodResizeInProgress reason Error)', source: RESIZE},
] as const);

export type QosCheckId = (typeof QOS_CHECKS)[number]['id'];
