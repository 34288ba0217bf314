// The findings `kubectl win why` can report: one id per decoded cause (the decoder catalogue,
// causes.ts, says how each is recognised), plus the undecoded and per-node ones. Ids are stable;
// docs/checks.md is generated from this list. Each source is where the string was seen in public.
import {defineChecks} from '../../report/catalogue.js';

const TAINT = 'kubernetes/kubernetes pkg/scheduler/framework/plugins/tainttoleration/taint_toleration.go';
const AFFINITY = 'kubernetes/kubernetes pkg/scheduler/framework/plugins/nodeaffinity/node_affinity.go';
const FIT = 'kubernetes/kubernetes pkg/scheduler/framework/plugins/noderesources/fit.go';

export const WHY_CHECKS = defineChecks([
  // Admission: the pod was never created (the owner's FailedCreate) or the apiserver refused it.
  {
    id: 'why/podsecurity-forbidden',
    severity: 'error',
    title: 'Pod Security Admission refuses the pods (FailedCreate on the owner)',
    source: 'kubernetes/pod-security-admission admission/admission.go; redhat-developer/odo#6847',
  },
  {
    id: 'why/gmsa-use-denied',
    severity: 'error',
    title: 'The gMSA webhook refuses the pod: its ServiceAccount may not `use` the credential spec',
    source: 'kubernetes-sigs/windows-gmsa admission-webhook/webhook.go',
  },
  {
    id: 'why/gmsa-credspec-missing',
    severity: 'error',
    title: 'The gMSA webhook refuses the pod: the credential spec it names does not exist',
    source: 'kubernetes-sigs/windows-gmsa admission-webhook/webhook.go',
  },
  {
    id: 'why/webhook-denied',
    severity: 'error',
    title: 'An admission webhook denied or could not be called for the pod (FailedCreate on the owner)',
    source: 'kubernetes/apiserver pkg/admission/plugin/webhook/errors/statuserror.go; CrowdStrike/falcon-helm#281',
  },
  // Scheduling: the real kube-scheduler's FailedScheduling.
  {id: 'why/unschedulable-taint', severity: 'error', title: "No node: the pod does not tolerate a taint (the Windows nodes' os=windows taint)", source: TAINT},
  {id: 'why/unschedulable-selector', severity: 'error', title: "No node: no node matches the pod's node selector or affinity", source: AFFINITY},
  {
    id: 'why/unschedulable-capacity',
    severity: 'error',
    title: 'No node: not enough allocatable of a requested resource (cpu, memory, hugepages, an extended resource; Windows nodes reserve more for the system)',
    source: FIT,
  },
  // Image and host build.
  {
    id: 'why/image-os-mismatch',
    severity: 'error',
    title: "The image's Windows build does not match the node's (process isolation needs the same build)",
    source: 'microsoft/dotnet-framework-docker#1265; MicrosoftDocs/Virtualization-Documentation#765',
  },
  {
    id: 'why/no-matching-manifest',
    severity: 'error',
    title: "The image has no variant for the node's Windows build",
    source: 'docker-archive-public/docker.kitematic#5236',
  },
  {id: 'why/windows-image-on-linux', severity: 'error', title: 'A Windows image was sent to a Linux node', source: 'dotnet-architecture/eShopModernizing#13'},
  {id: 'why/linux-image-on-windows', severity: 'error', title: 'A Linux image was sent to a Windows node', source: 'microsoft/mindaro#53'},
  // HNS and CNI.
  {
    id: 'why/hns-endpoint',
    severity: 'error',
    title: "HNS could not create or find the pod's network endpoint (Element not found)",
    source: 'Azure/aks-engine#853; kubernetes/kubernetes#75421',
  },
  {
    id: 'why/hcs-attach-namespace',
    severity: 'error',
    title: "The container could not join the pod's network namespace (attach namespace failed)",
    source: 'containerd/containerd#5729; containerd/nerdctl#2412',
  },
  {
    id: 'why/eks-windows-ipam',
    severity: 'error',
    title: 'EKS: the pod got no IP label (Windows IP address management is not enabled)',
    source: 'kubernetes/kubernetes#78429; aws/containers-roadmap#1082',
  },
  {
    id: 'why/cni-sandbox',
    severity: 'error',
    title: "The CNI plugin could not set up the pod sandbox's network",
    source: 'kubernetes-sigs/cluster-api-provider-azure#3227',
  },
  // Process start.
  {
    id: 'why/working-dir-invalid',
    severity: 'error',
    title: "The container's working directory does not exist in the image (The directory name is invalid)",
    source: 'docker/for-win#3131; containerd/containerd#10347',
  },
  {
    id: 'why/command-not-found',
    severity: 'error',
    title: "The container's command is not in the image (The system cannot find the file specified)",
    source: 'microsoft/hcsshim#1363; microsoft/hcsshim#674',
  },
  {id: 'why/hostprocess-command', severity: 'error', title: "A HostProcess container's command was not found on the host", source: 'kubernetes/website#29924'},
  // gMSA at container start.
  {
    id: 'why/gmsa-credspec-empty',
    severity: 'error',
    title: 'The container started with an empty or unusable gMSA credential spec (winapi error #3489660941)',
    source: 'kubernetes-sigs/windows-gmsa#31',
  },
  // Storage.
  {
    id: 'why/csi-driver-missing',
    severity: 'error',
    title: 'The CSI driver is not registered on the node (no Windows node plugin or csi-proxy there)',
    source: 'kubernetes-csi/csi-driver-smb#594',
  },
  // Image pulls.
  {
    id: 'why/image-pull-timeout',
    severity: 'error',
    title: 'The image pull timed out (multi-gigabyte Windows images)',
    source: 'cri-o/cri-o#189; kubernetes/minikube#15626',
  },
  {id: 'why/image-pull-failed', severity: 'error', title: 'The image cannot be pulled', source: 'cri-o/cri-o#189'},
  // Exit codes, with their Windows meaning.
  {
    id: 'why/exit-dll-not-found',
    severity: 'error',
    title: 'The process exits with 0xC0000135 (3221225781, STATUS_DLL_NOT_FOUND): a DLL it needs is not in the image',
    source: 'microsoft/WinAppDriver#448',
  },
  {
    id: 'why/exit-ctrl-c',
    severity: 'error',
    title: 'The process exits with 0xC000013A (3221225786, STATUS_CONTROL_C_EXIT): it was stopped by Ctrl+C or closed',
    source: 'microsoft/dotnet-framework-docker#431; kubernetes/kubernetes#72696',
  },
  {
    id: 'why/exit-access-violation',
    severity: 'error',
    title: 'The process exits with 0xC0000005 (3221225477, STATUS_ACCESS_VIOLATION): it crashed',
    source: 'moby/moby#40328',
  },
  {
    id: 'why/exit-stack-overrun',
    severity: 'error',
    title: 'The process exits with 0xC0000409 (3221226505, STATUS_STACK_BUFFER_OVERRUN): it failed fast',
    source: 'moby/moby#40328',
  },
  {
    id: 'why/exit-process-aborted',
    severity: 'error',
    title: 'The process exits with 1067 (ERROR_PROCESS_ABORTED): a service host ended unexpectedly',
    source: 'winsw/winsw#702',
  },
  {
    id: 'why/exit-code',
    severity: 'error',
    title: 'The container keeps exiting with a code the catalogue does not name (shown in hex and decimal)',
    source: 'kubernetes/kubernetes#14283',
  },
  // What is left.
  {
    id: 'why/not-decoded',
    severity: 'warning',
    title: 'The pod does not start and its status or events match no catalogue entry: the evidence is quoted as is',
    source: 'kubernetes/kubernetes#14283',
  },
  {
    id: 'why/node-explains-many',
    severity: 'warning',
    title: 'One node explains many pods: they fail there with the same cause',
    source: 'kubernetes/kubernetes#75421',
  },
] as const);

export type WhyCheckId = (typeof WHY_CHECKS)[number]['id'];
