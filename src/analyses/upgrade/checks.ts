// The findings `kubectl win upgrade-plan` can report (ids are stable; docs/checks.md is generated from these).
import {defineChecks} from '../../report/catalogue.js';

const COMPAT = 'Microsoft Learn virtualization/windowscontainers/deploy-containers/version-compatibility';
const BUILD_LABEL = 'kubernetes/kubernetes pkg/kubelet/nodestatus/setters.go';
const HOSTPROCESS = 'kubernetes/website tasks/configure-pod-container/create-hostprocess-pod.md';

export const UPGRADE_CHECKS = defineChecks([
  {
    id: 'upgrade/image-incompatible',
    severity: 'error',
    title: 'A container image cannot run on the target Windows Server build under the pod’s isolation (process isolation needs the same build)',
    source: COMPAT,
  },
  {
    id: 'upgrade/image-build-unknown',
    severity: 'warning',
    title: 'The Windows build of a container image is not known (a floating tag, a digest, or no build in the tag): it may not run on the target',
    source: COMPAT,
  },
  {
    id: 'upgrade/windows-build-pinned',
    severity: 'error',
    title: 'The pod’s nodeSelector or required node affinity pins node.kubernetes.io/windows-build to another build: it cannot schedule on the target pool',
    source: BUILD_LABEL,
  },
  {
    id: 'upgrade/runtimeclass-build-pinned',
    severity: 'error',
    title: 'A RuntimeClass’s scheduling.nodeSelector pins node.kubernetes.io/windows-build to another build: its pods cannot schedule on the target pool',
    source: `kubernetes/kubernetes plugin/pkg/admission/runtimeclass/admission.go; ${BUILD_LABEL}`,
  },
  {
    id: 'upgrade/pool-taint-not-tolerated',
    severity: 'error',
    title: 'The target pool’s nodes have a NoSchedule/NoExecute taint the workload does not tolerate',
    source: 'kubernetes/kubernetes pkg/scheduler/framework/plugins/tainttoleration/taint_toleration.go',
  },
  {
    id: 'upgrade/os-selector-missing',
    severity: 'warning',
    title: 'A pod that is not a Windows pod has no kubernetes.io/os selector and tolerates the Windows pools’ taints: it can land on the new Windows nodes',
    source: 'kubernetes/website concepts/windows/user-guide.md',
  },
  {
    id: 'upgrade/pause-image-no-2025',
    severity: 'error',
    title:
      'The pool’s sandbox (pause) image has no Windows Server 2025 manifest: Hyper-V isolated pods fail with HCS_E_IMAGE_MISMATCH on 2025 nodes (kubernetes-sigs/windows-testing#557)',
    source: `kubernetes-sigs/windows-testing#557; ${COMPAT}`,
  },
  {
    id: 'upgrade/hostprocess-volume-mounts',
    severity: 'warning',
    title: 'A HostProcess container mounts volumes and its pool moves from containerd < 1.7 to >= 1.7, where volume mounts land at their own path',
    // hcsshim#1344 brought bind mounts to HostProcess containers in containerd 1.7's shim; hcsshim#1699 is its
    // maintainers' statement that from containerd 1.7 mounts are bound, not symlinked as in 1.6.
    source: `microsoft/hcsshim#1344; microsoft/hcsshim#1699; ${HOSTPROCESS}`,
  },
  {
    id: 'upgrade/cni-no-2025-support',
    severity: 'error',
    title: 'A Windows CNI DaemonSet’s image names a CNI with no Windows Server 2025 support (Calico)',
    source: 'projectcalico/calico#11691',
  },
  {
    id: 'upgrade/pdb-blocks-drain',
    severity: 'error',
    title: 'A PodDisruptionBudget allows no disruption of the workload: draining its pool for the upgrade blocks',
    source: 'kubernetes/kubernetes pkg/controller/disruption/disruption.go',
  },
  {
    id: 'upgrade/single-replica',
    severity: 'warning',
    title: 'The workload runs one replica: it is down while its pod moves to the new pool',
    source: 'kubernetes/website tasks/run-application/configure-pdb.md',
  },
] as const);
