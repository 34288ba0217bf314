// The findings `kubectl win lint` can report. Ids are stable; docs/checks.md is generated from these.
// Errors are what kube-apiserver rejects at the minor linted (v1.34 to v1.37; the message is its own); warnings are what it accepts
// but a Windows node will not run as written.
import {defineChecks} from '../../report/catalogue.js';

const VALIDATION = 'kubernetes/kubernetes pkg/apis/core/validation/validation.go';
const STORAGE = 'kubernetes/website concepts/storage/windows-storage.md';
const WINDOWS_INTRO = 'kubernetes/website concepts/windows/intro.md';
const HOSTPROCESS = 'kubernetes/website tasks/configure-pod-container/create-hostprocess-pod.md';
const SCHEDULING = 'kubernetes/website concepts/windows/user-guide.md';
const DNS = 'kubernetes/website concepts/services-networking/dns-pod-service.md (DNS resolution on Windows nodes)';

export const LINT_CHECKS = defineChecks([
  // --- what the apiserver rejects (error): message word for word, field = its path
  {
    id: 'lint/api-not-served',
    severity: 'error',
    title: 'The apiVersion/kind is not served by the target Kubernetes minor (removed API version): the object cannot be created at all',
    source: 'kubernetes/api */*/zz_generated.prerelease-lifecycle.go APILifecycleRemoved; kubernetes/apiserver pkg/server/deleted_kinds.go',
  },
  {
    id: 'lint/undecodable',
    severity: 'error',
    title:
      'The apiserver cannot decode the object: a field has the wrong JSON type (a string or an object where a list belongs, ...) or a quantity does not parse',
    source: 'kubernetes-sigs/json internal/golang/encoding/json/decode.go; kubernetes/apiserver pkg/endpoints/handlers/rest.go transformDecodeError',
  },
  {
    id: 'lint/unknown-field',
    severity: 'error',
    title:
      'A field the apiserver does not know (misspelt, wrong case or misplaced, such as windowsOptions or runAsUserName outside securityContext), in a manifest: rejected under --validate=strict (the default, as kubectl apply), a warning under --validate=warn (the field is dropped), nothing under --validate=ignore',
    source:
      'kubernetes-sigs/json internal/golang/encoding/json/kubernetes_patch.go (strict field validation); kubernetes/apiserver pkg/endpoints/handlers/create.go (fieldValidation); kubernetes/kubernetes staging/src/k8s.io/kubectl/pkg/cmd/util/helpers.go GetValidationDirective',
  },
  {
    id: 'lint/run-as-username-invalid',
    severity: 'error',
    title:
      'windowsOptions.runAsUserName is rejected: empty, control characters, several backslashes, bad NetBIOS/DNS domain, domain or user too long, forbidden characters, only dots or spaces',
    source: `${VALIDATION} validateWindowsSecurityContextOptions`,
  },
  {
    id: 'lint/gmsa-credential-spec-name-invalid',
    severity: 'error',
    title: 'windowsOptions.gmsaCredentialSpecName is not a lowercase DNS-1123 subdomain',
    source: `${VALIDATION} validateWindowsSecurityContextOptions`,
  },
  {
    id: 'lint/gmsa-credential-spec-invalid',
    severity: 'error',
    title: 'windowsOptions.gmsaCredentialSpec is empty or larger than 64 KiB',
    source: `${VALIDATION} validateWindowsSecurityContextOptions`,
  },
  {
    id: 'lint/hostprocess-mismatch',
    severity: 'error',
    title: 'A container sets windowsOptions.hostProcess to a different value than the pod',
    source: `${VALIDATION} validateWindowsHostProcessPod`,
  },
  {
    id: 'lint/hostprocess-mixed',
    severity: 'error',
    title: 'Some containers (init, regular or ephemeral) are HostProcess containers and others are not',
    source: `${VALIDATION} validateWindowsHostProcessPod`,
  },
  {
    id: 'lint/hostprocess-host-network',
    severity: 'error',
    title: 'A pod with HostProcess containers does not set hostNetwork: true',
    source: `${VALIDATION} validateWindowsHostProcessPod`,
  },
  {id: 'lint/os-name-invalid', severity: 'error', title: 'spec.os.name is empty or not one of linux, windows', source: `${VALIDATION} validateOS`},
  {
    id: 'lint/windows-forbidden-field',
    severity: 'error',
    title: 'A Linux-only field is set on a pod with spec.os.name: windows',
    source: `${VALIDATION} validateWindows`,
  },
  {
    id: 'lint/linux-windows-options',
    severity: 'error',
    title: 'windowsOptions is set on a pod with spec.os.name: linux',
    source: `${VALIDATION} validateLinux`,
  },
  {
    id: 'lint/windows-pod-resources',
    severity: 'error',
    title: 'Pod-level resources (spec.resources) are set on a windows pod',
    source: `${VALIDATION} validatePodResources`,
  },
  {
    id: 'lint/resource-name-invalid',
    severity: 'error',
    title:
      'A resource name in requests or limits is not a standard container resource, a hugepages size or a qualified extended resource (pod level: cpu, memory, hugepages-*)',
    source: `${VALIDATION} validateContainerResourceName, validatePodResourceName`,
  },
  {
    id: 'lint/resource-quantity-invalid',
    severity: 'error',
    title: 'A negative quantity, an extended resource that is not a whole number, or hugepages that are not a multiple of the page size',
    source: `${VALIDATION} ValidateResourceQuantityValue, validateResourceQuantityHugePageValue`,
  },
  {
    id: 'lint/resource-requests-limits',
    severity: 'error',
    title: 'A request above its limit, or a hugepages or extended resource request that is not equal to its limit (or has no limit)',
    source: `${VALIDATION} validateResourceRequirements`,
  },
  {
    id: 'lint/hugepages-without-cpu-memory',
    severity: 'error',
    title: 'hugepages are requested without a cpu or memory request or limit',
    source: `${VALIDATION} validateResourceRequirements`,
  },
  {
    id: 'lint/pod-resources-invalid',
    severity: 'error',
    title: "Pod-level resources below the containers' aggregate requests or limits, or with claims",
    source: `${VALIDATION} validatePodResources, validatePodResourceConsistency`,
  },
  {
    id: 'lint/container-restart-policy-invalid',
    severity: 'error',
    title:
      'A container restartPolicy or restartPolicyRules the apiserver rejects (from v1.35, gate ContainerRestartRules; v1.34 drops both fields): an unsupported policy, action or operator, rules without a policy, too many rules or exit codes',
    source: `${VALIDATION} validateContainerRestartPolicy, validateInitContainerRestartPolicy`,
  },
  {
    id: 'lint/init-resize-policy-invalid',
    severity: 'error',
    title: 'resizePolicy RestartContainer on an init container that is not a sidecar (from v1.36)',
    source: `${VALIDATION} validateInitContainers`,
  },
  {
    id: 'lint/image-volume-invalid',
    severity: 'error',
    title: 'An image volume without a reference or with an unsupported pullPolicy (from v1.35, gate ImageVolume; v1.34 drops image volumes)',
    source: `${VALIDATION} validateImageVolumeSource`,
  },
  {
    id: 'lint/hostname-override-invalid',
    severity: 'error',
    title:
      'spec.hostnameOverride with hostNetwork (so on every HostProcess pod) or setHostnameAsFQDN, longer than 64 bytes or not a lowercase DNS-1123 subdomain (from v1.35, gate HostnameOverride; v1.34 drops the field)',
    source: `${VALIDATION} validatePodHostName`,
  },
  {
    id: 'lint/share-process-namespace-host-pid',
    severity: 'error',
    title:
      'shareProcessNamespace and hostPID both true (reported at spec.securityContext.shareProcessNamespace to v1.36, at spec.shareProcessNamespace from v1.37)',
    source: `${VALIDATION} validatePodSpecSecurityContext (v1.34-v1.36), validateShareProcessNamespace (v1.37)`,
  },
  {
    id: 'lint/env-value-from-invalid',
    severity: 'error',
    title:
      'An env valueFrom with no source, more than one, or beside a value; a fileKeyRef without a key, path or volumeName, with .. in its path, or naming no emptyDir volume of the pod (gate EnvFiles, from v1.35; v1.34 drops fileKeyRef, leaving its valueFrom with no source)',
    source: `${VALIDATION} validateEnvVarValueFrom, validateFileKeySelector, validateFileKeyRefVolumes`,
  },
  {
    id: 'lint/pod-certificate-invalid',
    severity: 'error',
    title:
      'A projected podCertificate source with a bad signerName, keyType, maxExpirationSeconds, userAnnotations key or path, or no path (from v1.37, gate PodCertificateRequest; v1.34 to v1.36 drop it and accept the pod without it)',
    source: `${VALIDATION} validateProjectionSources, ValidateSignerName (names.go), ValidateUserAnnotations`,
  },
  {
    id: 'lint/resize-policy-invalid',
    severity: 'error',
    title:
      'A container resizePolicy entry with no, an unsupported or a repeated resourceName, no or an unsupported restartPolicy, or a restartPolicy other than NotRequired in a pod with restartPolicy Never (worded "pod `restartPolicy`" from v1.36)',
    source: `${VALIDATION} validateResizePolicy`,
  },
  {
    id: 'lint/host-users-host-namespaces',
    severity: 'error',
    title: 'hostUsers: false with hostNetwork, hostPID, hostIPC or a container with volumeDevices: a user namespace shares none of them',
    source: `${VALIDATION} validateHostUsers`,
  },
  {
    id: 'lint/toleration-invalid',
    severity: 'error',
    title:
      'A toleration with a bad key, no key but not operator Exists, tolerationSeconds without effect NoExecute, a value Equal or Exists refuses, an unsupported operator (Lt and Gt too: named from v1.35, refused with their gate off) or effect',
    source: `${VALIDATION} ValidateTolerations, validateTaintEffect`,
  },
  {
    id: 'lint/cluster-trust-bundle-invalid',
    severity: 'error',
    title:
      'A projected clusterTrustBundle source with both or neither of name and signerName, a bad name, signerName or labelSelector, a labelSelector beside a name, or no or a bad path (from v1.37, gate ClusterTrustBundleProjection; v1.34 to v1.36 drop it and accept the pod without it)',
    source: `${VALIDATION} validateProjectionSources, ValidateClusterTrustBundleName (names.go), k8s.io/apimachinery ValidateLabelSelector`,
  },
  {
    id: 'lint/projected-sources-invalid',
    severity: 'error',
    title:
      'Projected volume sources that conflict: two sources claim one path, or one source sets more than one volume type (clusterTrustBundle and podCertificate sources count from v1.37, where they are kept); from v1.37 also an alpha user field the apiserver keeps (in a source of two types) out of range',
    source: `${VALIDATION} validateProjectionSources, validateUserField; kubernetes/kubernetes pkg/api/pod/util.go dropDisabledAtomicWriteVolumeUserFields`,
  },
  // --- what the apiserver accepts but Windows will not run (warning)
  {
    id: 'lint/field-dropped',
    severity: 'warning',
    title:
      'A field the apiserver of this minor removes on create because its feature gate is off there (v1.34: hostnameOverride, image volumes and their mounts, container restartPolicy and restartPolicyRules, env fileKeyRef; to v1.36: projected podCertificate and clusterTrustBundle; v1.37: the alpha user and defaultUser fields of volumes, evictionResponders, httpGet.protocol, grpc.mode, emptyDir.mode, bindMountOptions; spec.workloadRef at v1.35, spec.schedulingGroup from v1.36, lifecycle.stopSignal at every minor): the pod is created without it. Not said of an object read from an apiserver that kept the field (its gate is on there), unless the rules of another minor are asked for',
    source: 'kubernetes/kubernetes pkg/api/pod/util.go dropDisabledFields',
  },
  {
    id: 'lint/os-name-missing',
    severity: 'warning',
    title: 'A pod that only schedules to Windows nodes has no spec.os.name: windows, so Pod Security and validation treat it as Linux',
    source: 'kubernetes/website concepts/security/pod-security-standards.md (OS-specific policy controls)',
  },
  {
    id: 'lint/linux-field-on-windows',
    severity: 'warning',
    title: 'A Linux-only field is set on a pod that targets Windows but has no spec.os.name: Windows ignores it',
    source: `${VALIDATION} validateWindows; ${WINDOWS_INTRO}`,
  },
  {
    id: 'lint/hostprocess-user',
    severity: 'warning',
    title: 'A HostProcess container runs as a user other than NT AUTHORITY\\SYSTEM, NT AUTHORITY\\Local service, NT AUTHORITY\\NetworkService or a local group',
    source: HOSTPROCESS,
  },
  {
    id: 'lint/run-as-non-root-administrator',
    severity: 'warning',
    title: 'runAsNonRoot: true with runAsUserName ContainerAdministrator: the Windows kubelet refuses to start the container',
    source: 'kubernetes/kubernetes pkg/kubelet/kuberuntime/security_context_windows.go verifyRunAsNonRoot',
  },
  {
    id: 'lint/subpath-mount',
    severity: 'warning',
    title:
      'A volume mount uses subPath or subPathExpr and the pod can land on a Windows node that runs Docker (dockershim, Kubernetes 1.23 and older), which mounts only whole volumes (containerd is not affected: the kubelet implements subPath on Windows)',
    source: `${STORAGE}; kubernetes/kubernetes pkg/volume/util/subpath/subpath_windows.go`,
  },
  {
    id: 'lint/single-file-mount',
    severity: 'warning',
    title:
      'A hostPath volume of a file type (File, FileOrCreate, Socket, device): single-file mounts fail on Windows nodes that run Docker (info offline, where the nodes are unknown)',
    source: STORAGE,
  },
  {
    id: 'lint/read-only-root-filesystem',
    severity: 'warning',
    title: 'readOnlyRootFilesystem on a Windows container: Windows needs write access to the registry and SAM database',
    source: STORAGE,
  },
  {id: 'lint/nfs-volume', severity: 'warning', title: 'An NFS volume on a Windows pod: Windows nodes have no NFS volume support', source: STORAGE},
  {
    id: 'lint/block-volume',
    severity: 'warning',
    title: 'volumeDevices (raw block volumes) on a Windows pod: block device mapping is not supported',
    source: STORAGE,
  },
  {
    id: 'lint/memory-emptydir',
    severity: 'warning',
    title: 'An emptyDir with medium: Memory on a Windows pod: memory-backed volumes are not supported',
    source: STORAGE,
  },
  {
    id: 'lint/hugepages',
    severity: 'warning',
    title: 'hugepages resources on a Windows container: huge pages are not implemented for Windows containers',
    source: WINDOWS_INTRO,
  },
  {
    id: 'lint/termination-message-path',
    severity: 'warning',
    title: 'A custom terminationMessagePath on a Windows container: Windows cannot map single files',
    source: WINDOWS_INTRO,
  },
  {
    id: 'lint/privileged',
    severity: 'warning',
    title:
      'privileged: true on a Windows container: Windows has no privileged containers (on a HostProcess pod the field is redundant; otherwise use a HostProcess pod)',
    source: WINDOWS_INTRO,
  },
  {
    id: 'lint/host-network',
    severity: 'warning',
    title:
      'hostNetwork: true on a Windows pod that is not a HostProcess pod: Windows nodes do not support host networking mode (the WindowsHostNetwork kubelet gate was alpha in 1.26-1.32, deprecated since 1.33)',
    source:
      'kubernetes/website concepts/services-networking/windows-networking.md (Limitations); kubernetes/website reference/command-line-tools-reference/feature-gates/WindowsHostNetwork.md',
  },
  {
    id: 'lint/dns-policy-host-network',
    severity: 'warning',
    title: 'dnsPolicy: ClusterFirstWithHostNet on a Windows pod: not supported on Windows nodes',
    source: `${DNS}; ${WINDOWS_INTRO}`,
  },
  {
    id: 'lint/mount-propagation',
    severity: 'warning',
    title: 'mountPropagation (HostToContainer or Bidirectional) on a Windows container: mount propagation is not supported on Windows',
    source: WINDOWS_INTRO,
  },
  {
    id: 'lint/volume-default-mode',
    severity: 'warning',
    title: 'A non-default defaultMode or item mode on a Windows pod volume: Windows has no POSIX file modes, so it is ignored',
    source: STORAGE,
  },
  {
    id: 'lint/removed-windows-feature',
    severity: 'warning',
    title:
      'A Windows feature Kubernetes removed: the Hyper-V isolation annotation (removed in v1.21), the alpha gMSA annotations (replaced by fields in v1.16)',
    source: 'kubernetes/kubernetes#95505; kubernetes/enhancements keps/sig-windows/689-windows-gmsa/README.md',
  },
  {
    id: 'lint/os-label-deprecated',
    severity: 'warning',
    title: 'beta.kubernetes.io/os in a nodeSelector or node affinity: the apiserver warns it is deprecated (the kubelet still sets it)',
    source: 'kubernetes/kubernetes pkg/api/pod/warnings.go; kubernetes/kubernetes pkg/api/node/util.go',
  },
  {
    id: 'lint/ipv6',
    severity: 'warning',
    title: 'A Windows pod uses IPv6 addresses (hostAliases, dnsConfig): IPv6 works on Windows only with dual-stack l2bridge networking, not overlay',
    source: 'kubernetes/website concepts/services-networking/windows-networking.md',
  },
  // --- scheduling (warning; live, or offline with --nodes)
  {
    id: 'lint/windows-node-selector-missing',
    severity: 'warning',
    title:
      'A Windows pod or template the scheduler places (no spec.nodeName, not yet running) has no nodeSelector or node affinity for kubernetes.io/os: windows, so it can be scheduled to a Linux node',
    source: SCHEDULING,
  },
  {
    id: 'lint/windows-toleration-missing',
    severity: 'warning',
    title:
      'A Windows pod or template the scheduler places does not tolerate the taints of any Windows node it selects (a DaemonSet: of some of them, where it then runs no pod)',
    source: SCHEDULING,
  },
  {
    id: 'lint/image-os-version-mismatch',
    severity: 'warning',
    title:
      'An image is built for a Windows version that some Windows node the pod can land on (or its spec.nodeName node) cannot run under process isolation: the scheduler ignores image builds',
    source: 'Microsoft Learn virtualization/windowscontainers/deploy-containers/version-compatibility',
  },
  {
    id: 'lint/linux-workload-on-windows-nodes',
    severity: 'warning',
    title:
      'A pod or template with no Windows intent can land on Windows nodes (no OS selection, and Windows nodes without a NoSchedule taint or a toleration for it): a Linux DaemonSet on a mixed cluster',
    source: `${SCHEDULING}; kubernetes/kubernetes#94366`,
  },
  {
    id: 'lint/hostprocess-node-unsupported',
    severity: 'warning',
    title: 'A HostProcess pod can land on (or is pinned to) a Windows node without containerd >= 1.6 and kubelet >= 1.23',
    source: HOSTPROCESS,
  },
] as const);

export type LintCheckId = (typeof LINT_CHECKS)[number]['id'];
