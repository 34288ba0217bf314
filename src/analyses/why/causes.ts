// The decoder catalogue: the raw strings Windows pods fail with, what each means, the fix, and the
// kubectl-win check that proves the cause from the spec where one exists. Every entry names where
// the string was seen in public (`sources`: an upstream file, or an issue quoted word for word; a
// unit test holds each pattern to each quote). Order matters: the most specific entry comes first,
// so "attach namespace failed" wins over the generic sandbox-network failure that wraps it. The
// scheduler lists a reason per node: a selector excludes the nodes the pod does not want (Linux
// ones), so the taint or the capacity of the nodes it does want is the cause, the selector only alone.
import type {WhyCheckId} from './checks.js';

/** The capacity cause's words for what ran out, replaced by the resources a scheduler message names. */
export const CAPACITY_RESOURCES = 'cpu, memory, hugepages or extended resources';

export type CauseFamily = 'admission' | 'scheduling' | 'image-host' | 'network' | 'process' | 'gmsa' | 'storage' | 'pull' | 'exit-code';

interface CauseSource {
  /** `owner/repo#N` (an issue or pull request) or `owner/repo path` (an upstream file). */
  ref: string;
  /** The string as it appears there (format verbs such as %s, %q stand for values). */
  quote: string;
}

/**
 * A public source for what an entry's cause or fix says beyond the failure's own words (the reading
 * of a code, a setting's name and place): `claim` is the words of the cause or fix it backs.
 */
interface CauseBasis {
  url: string;
  /** What the source says, word for word. */
  says: string;
  claim: string;
}

export interface CauseEntry {
  id: WhyCheckId;
  family: CauseFamily;
  /** Matched against the message of each Warning event and container or pod status. */
  pattern?: RegExp;
  /** Matched against a terminated container's exit code, read as an unsigned 32-bit number. */
  exitCode?: number;
  /** Why it happens, in words. */
  cause: string;
  fix: string;
  /** The kubectl-win check whose finding on this pod proves the cause from its spec or its node. */
  check?: string;
  sources: readonly CauseSource[];
  basis?: readonly CauseBasis[];
}

/** The NTSTATUS or Win32 name of an exit code, for the hex/decimal line. */
interface ExitCodeMeaning {
  code: number;
  name: string;
  meaning: string;
}

export const CATALOGUE: readonly CauseEntry[] = [
  // ---- Admission: no pod at all, or the owner's FailedCreate.
  {
    id: 'why/podsecurity-forbidden',
    family: 'admission',
    pattern: /violates PodSecurity "([^"]+)"/,
    cause:
      'The namespace enforces a Pod Security level the pod template breaks, so the controller cannot create any pod (HostProcess pods need the privileged level).',
    fix: 'Change the template to meet the level (kubectl win psp readiness shows what breaks it), or label the namespace pod-security.kubernetes.io/enforce with the level the workload needs.',
    check: 'psp/violates-enforce',
    sources: [
      {ref: 'kubernetes/pod-security-admission admission/admission.go', quote: 'violates PodSecurity %q: %s'},
      {
        ref: 'redhat-developer/odo#6847',
        quote:
          'Error creating: pods "nodejs-app-8665bd77fb-2dd4n" is forbidden: violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false (container "runtime" must set securityContext.allowPrivilegeEscalation=false)',
      },
    ],
  },
  {
    id: 'why/gmsa-use-denied',
    family: 'gmsa',
    pattern: /is not authorized (?:to )?`?use`? g?MSA cred spec/i,
    cause: "The windows-gmsa validating webhook checked that the pod's ServiceAccount may `use` the GMSACredentialSpec, and RBAC said no.",
    fix: 'Bind a Role granting `use` on that gmsacredentialspecs.windows.k8s.io to the ServiceAccount (kubectl win gmsa check prints it).',
    check: 'gmsa/rbac-use-denied',
    sources: [{ref: 'kubernetes-sigs/windows-gmsa admission-webhook/webhook.go', quote: 'service account %q is not authorized to `use` GMSA cred spec %q'}],
  },
  {
    id: 'why/gmsa-credspec-missing',
    family: 'gmsa',
    pattern: /cred spec \S+ does not exist/i,
    cause: 'The pod names a GMSACredentialSpec that does not exist, so the gMSA webhook refuses it.',
    fix: 'Create the GMSACredentialSpec, or correct gmsaCredentialSpecName in the template.',
    check: 'gmsa/credspec-missing',
    sources: [{ref: 'kubernetes-sigs/windows-gmsa admission-webhook/webhook.go', quote: 'cred spec %s does not exist'}],
  },
  {
    id: 'why/webhook-denied',
    family: 'admission',
    pattern: /admission webhook "[^"]+" denied the request|failed calling webhook "[^"]+"/,
    cause: 'An admission webhook refused the pod, or could not be reached while its failurePolicy is Fail.',
    fix: 'Read the webhook\'s reason after "denied the request:"; when it could not be called, check its Service and pods (kubectl win gmsa check does for the gMSA webhook).',
    check: 'gmsa/webhook-no-endpoints',
    sources: [
      {ref: 'kubernetes/apiserver pkg/admission/plugin/webhook/errors/statuserror.go', quote: 'admission webhook %q denied the request: %s'},
      {
        ref: 'CrowdStrike/falcon-helm#281',
        quote: 'Error creating: Internal error occurred: failed calling webhook "falcon-sensor-injector.falcon-system.svc": failed to call webhook',
      },
    ],
  },
  // ---- Scheduling: the kube-scheduler's FailedScheduling message (and the PodScheduled condition).
  {
    id: 'why/unschedulable-taint',
    family: 'scheduling',
    pattern: /node\(s\) had (?:untolerated taint|taint) \{[^}]*\}|node\(s\) had (?:untolerated taint\(s\)|taints that the pod didn't tolerate)/,
    cause:
      'Every node that could take the pod has a NoSchedule taint it does not tolerate; Windows nodes are usually tainted os=windows:NoSchedule so that Linux pods stay off them.',
    fix: "Add the toleration for the Windows nodes' taint to the template (tolerations: key os, value windows, effect NoSchedule).",
    check: 'lint/windows-toleration-missing',
    sources: [
      {ref: 'kubernetes/kubernetes pkg/scheduler/framework/plugins/tainttoleration/taint_toleration.go', quote: 'node(s) had untolerated taint {%s: %s}'},
      {
        ref: 'kubernetes/kubernetes pkg/scheduler/framework/plugins/tainttoleration/taint_toleration.go',
        quote: "node(s) had taints that the pod didn't tolerate",
      },
    ],
  },
  {
    id: 'why/unschedulable-capacity',
    family: 'scheduling',
    // Any resource NodeResourcesFit counts: cpu, memory, ephemeral-storage, hugepages-<size>, an
    // extended resource (example.com/gpu); a full node's pod count is "Too many pods".
    pattern: /Insufficient \S|Too many pods/,
    cause: `The nodes that fit the pod have too little allocatable ${CAPACITY_RESOURCES} left for its requests; Windows nodes keep more memory back for the system (capacity minus allocatable), so they fill sooner.`,
    fix: "Lower the requests, or add Windows nodes that have the resource (kubectl win nodes shows each node's allocatable and reserve).",
    sources: [
      {ref: 'kubernetes/kubernetes pkg/scheduler/framework/plugins/noderesources/fit.go', quote: 'Insufficient %v'},
      {ref: 'kubernetes/kubernetes pkg/scheduler/framework/plugins/noderesources/fit.go', quote: 'Too many pods'},
    ],
  },
  {
    id: 'why/unschedulable-selector',
    family: 'scheduling',
    pattern: /node\(s\) didn't match (?:Pod's )?node (?:affinity\/selector|selector)/,
    cause:
      "No node carries the labels the pod's nodeSelector or required node affinity asks for (a Windows build label, a pool label, or kubernetes.io/os=windows without Windows nodes).",
    fix: 'Correct the selector to labels the Windows nodes carry (kubectl win nodes lists them), or add the nodes.',
    check: 'lint/windows-node-selector-missing',
    sources: [
      {ref: 'kubernetes/kubernetes pkg/scheduler/framework/plugins/nodeaffinity/node_affinity.go', quote: "node(s) didn't match Pod's node affinity/selector"},
    ],
  },
  // ---- Image against host build.
  {
    id: 'why/image-os-mismatch',
    family: 'image-host',
    pattern:
      /container operating system does not match the host operating system|operating system of the container does not match the operating system of the host|0xc0370101/i,
    cause:
      "A process-isolated Windows container must run the same Windows build as its host: the image was built for another Windows Server release than the node's.",
    fix: "Use the image tag of the node's release (ltsc2019 for 10.0.17763, ltsc2022 for 10.0.20348), or select nodes of the image's build with node.kubernetes.io/windows-build.",
    check: 'lint/image-os-version-mismatch',
    sources: [
      {
        ref: 'microsoft/dotnet-framework-docker#1265',
        quote:
          'hcsshim::CreateComputeSystem f0e8722996e015f45c72a2baf0e772ddf28ae6b37bbd5ed93af03358298acdbf: The container operating system does not match the host operating system.',
      },
      {
        ref: 'MicrosoftDocs/Virtualization-Documentation#765',
        quote: 'The operating system of the container does not match the operating system of the host. (0xc0370101)',
      },
    ],
  },
  {
    id: 'why/no-matching-manifest',
    family: 'image-host',
    pattern: /no matching manifest for windows\/amd64(?: (10\.0\.\d+))?/,
    cause: "The image's manifest list has no Windows variant for the node's build, so containerd cannot pick one.",
    fix: "Use a tag published for the node's Windows release, or a multi-arch image that lists it; or select nodes whose build the image has.",
    check: 'lint/image-os-version-mismatch',
    sources: [{ref: 'docker-archive-public/docker.kitematic#5236', quote: 'no matching manifest for windows/amd64 10.0.17763 in the manifest list entries'}],
  },
  {
    id: 'why/windows-image-on-linux',
    family: 'image-host',
    pattern: /image operating system "windows" cannot be used on this platform/,
    cause: 'The pod landed on a Linux node: nothing in its spec keeps a Windows image on Windows nodes.',
    fix: "Set spec.os.name: windows and nodeSelector kubernetes.io/os: windows (with the Windows taint's toleration).",
    check: 'lint/os-name-missing',
    sources: [
      {
        ref: 'dotnet-architecture/eShopModernizing#13',
        quote: 'rpc error: code = Unknown desc = image operating system "windows" cannot be used on this platform',
      },
    ],
  },
  {
    id: 'why/linux-image-on-windows',
    family: 'image-host',
    pattern: /image operating system "linux" cannot be used on this platform/,
    cause:
      'A Linux image was scheduled onto a Windows node: the pod can land there (it tolerates the Windows taint, or the nodes are not tainted) and nothing keeps it on Linux.',
    fix: 'Set nodeSelector kubernetes.io/os: linux on the workload, and taint the Windows nodes os=windows:NoSchedule.',
    check: 'lint/linux-workload-on-windows-nodes',
    sources: [{ref: 'microsoft/mindaro#53', quote: 'rpc error: code = Unknown desc = image operating system "linux" cannot be used on this platform'}],
  },
  // ---- HNS and CNI: most specific first; the generic sandbox failure wraps them.
  {
    id: 'why/hns-endpoint',
    family: 'network',
    pattern: /HNS failed with error : Element not found|ProvisionEndpoint\(.*\): Element not found/i,
    cause:
      'The Host Networking Service lost the network or endpoint the CNI plugin asked for (after an HNS restart, a node reboot or a leaked endpoint); new pods on that node fail while the node still reports Ready.',
    fix: "On that node: restart the CNI's node agent, or drain and reboot the node (Get-HnsNetwork / Get-HnsEndpoint show what HNS has); when several nodes do it, upgrade the CNI plugin and the node's Windows update.",
    sources: [
      {ref: 'Azure/aks-engine#853', quote: 'network: Failed to create endpoint: HNS failed with error : Element not found.'},
      {
        ref: 'kubernetes/kubernetes#75421',
        quote:
          'error while ProvisionEndpoint(09370920b7a896b81560cbedc127a629621c5cdb5d53e1c504af4a181d8869a4_l2bridge,990998DF-0CAD-4F52-B347-1961D26C3F85,09370920b7a896b81560cbedc127a629621c5cdb5d53e1c504af4a181d8869a4): Element not found.',
      },
    ],
  },
  {
    id: 'why/hcs-attach-namespace',
    family: 'network',
    pattern: /The requested operation for attach namespace failed/,
    cause: "The container could not be attached to the pod sandbox's HNS namespace: the CNI configuration on the node is wrong or an endpoint was left behind.",
    fix: "Check the node's CNI configuration (the network name and subnet), then drain and reboot the node to clear stale HNS endpoints.",
    sources: [
      {
        ref: 'containerd/containerd#5729',
        quote: 'Error: failed to create containerd task: hcsshim::CreateComputeSystem windows-server-iis: The requested operation for attach namespace failed.',
      },
      {
        ref: 'containerd/nerdctl#2412',
        quote:
          'failed to create shim task: hcs::CreateComputeSystem af3db010db23180681e63f7ecfe60eefacf121517b61050416bcdce5c0eabc8e: The requested operation for attach namespace failed.: unknown',
      },
    ],
  },
  {
    id: 'why/eks-windows-ipam',
    family: 'network',
    pattern: /pod does not have label vpc\.amazonaws\.com\/PrivateIPv4Address/,
    cause:
      "On EKS, the Windows CNI plugin reads the pod's IP address from its vpc.amazonaws.com/PrivateIPv4Address label, and the pod has none: Windows IP address management is not enabled for the cluster.",
    fix: 'Enable Windows IPAM: set enable-windows-ipam: "true" in the amazon-vpc-cni ConfigMap in kube-system, then recreate the pod.',
    basis: [
      {
        url: 'https://docs.aws.amazon.com/eks/latest/userguide/windows-support.html',
        says: 'Update the VPC CNI ConfigMap to enable Windows IPAM: ... apiVersion: v1 kind: ConfigMap metadata: name: amazon-vpc-cni namespace: kube-system data: enable-windows-ipam: "true"',
        claim: 'Enable Windows IPAM: set enable-windows-ipam: "true" in the amazon-vpc-cni ConfigMap in kube-system',
      },
    ],
    sources: [
      {ref: 'kubernetes/kubernetes#78429', quote: 'network: failed to parse Kubernetes args: pod does not have label vpc.amazonaws.com/PrivateIPv4Address'},
      {ref: 'aws/containers-roadmap#1082', quote: 'failed to parse Kubernetes args: pod does not have label vpc.amazonaws.com/PrivateIPv4Address'},
    ],
  },
  {
    id: 'why/cni-sandbox',
    family: 'network',
    pattern: /failed to (?:setup|set up) network for sandbox|NetworkPlugin cni failed to set up pod|failed to set up sandbox container ".*" network/i,
    cause: "The CNI plugin on the node failed while it set up the pod sandbox's network; the text after the plugin name says why.",
    fix: "Read the plugin's reason in the event; check the CNI agent pod on that node (Calico, Flannel, Azure CNI) and its configuration for Windows.",
    sources: [
      {
        ref: 'kubernetes-sigs/cluster-api-provider-azure#3227',
        quote:
          'failed to setup network for sandbox "6587e3b5ab2f01bbc40aef99de40539a4b7c77e9579efcdec323a404ce7baafc": plugin type="calico" failed (add): global strict affinity should not be false for Windows node',
      },
    ],
  },
  // ---- Process start.
  {
    id: 'why/hostprocess-command',
    family: 'process',
    pattern: /failed to get application name from commandline/,
    cause:
      'A HostProcess container runs on the host: its command is looked up on the node (or in %CONTAINER_SANDBOX_MOUNT_POINT%), not at a path inside the image, and was not found.',
    fix: "Start the command from the image's files through %CONTAINER_SANDBOX_MOUNT_POINT% (for example $env:CONTAINER_SANDBOX_MOUNT_POINT\\app.exe), or use a program that exists on the host.",
    check: 'lint/hostprocess-mismatch',
    sources: [
      {
        ref: 'kubernetes/website#29924',
        quote:
          'Error: failed to start containerd task "win-container": failed to get application name from commandline "/usr/local/bin/azure-cns.exe": failed to find executable "\\\\usr\\\\local\\\\bin\\\\azure-cns.exe": unknown',
      },
    ],
  },
  {
    id: 'why/working-dir-invalid',
    family: 'process',
    pattern: /The directory name is invalid|\(0x10b\)/,
    cause:
      "Windows could not start the process in its working directory: workingDir (or the image's WORKDIR) does not exist in the container, or is not a Windows path.",
    fix: 'Set workingDir to a directory that exists in the image, as a Windows path (C:\\app), or remove it.',
    sources: [
      {
        ref: 'docker/for-win#3131',
        quote: 'encountered an error during CreateProcess: failure in a Windows system call: El nombre del directorio no es válido. (0x10b)',
      },
      {ref: 'containerd/containerd#10347', quote: 'Windows: failed to create shim task: hcs::CreateComputeSystem: The directory name is invalid.: unknown'},
    ],
  },
  {
    id: 'why/command-not-found',
    family: 'process',
    pattern: /CreateProcess[\s\S]*(?:The system cannot find the file specified|80070002)/,
    cause: "The container's command (or its entrypoint) is not in the image: a Linux path, a missing .exe, or PowerShell in a nanoserver image.",
    fix: 'Correct command/args to an executable in the image (cmd.exe exists in servercore and nanoserver, powershell.exe only in servercore; nanoserver has pwsh only if installed).',
    sources: [
      {ref: 'microsoft/hcsshim#1363', quote: 'ctr: hcs::System::CreateProcess test: The system cannot find the file specified.: unknown'},
      {
        ref: 'microsoft/hcsshim#674',
        quote: 'hcsshim::ComputeSystem::CreateProcess - Begin Operation: Error 80070002 ("The system cannot find the file specified")',
      },
    ],
  },
  // ---- gMSA at container start.
  {
    id: 'why/gmsa-credspec-empty',
    family: 'gmsa',
    pattern: /winapi error #3489660941/,
    cause:
      'The container runtime refused the gMSA credential spec the container was handed (an empty or incomplete one): 3489660941 is 0xD000000D, HRESULT_FROM_NT of 0xC000000D, STATUS_INVALID_PARAMETER.',
    fix: 'Check the GMSACredentialSpec content (kubectl win gmsa check), and that the CRD keeps credspec unpruned (x-kubernetes-preserve-unknown-fields).',
    check: 'gmsa/credspec-no-content',
    sources: [
      {
        ref: 'kubernetes-sigs/windows-gmsa#31',
        quote:
          'Error response from daemon: hcsshim::CreateComputeSystem fac722f8b45378cf2fde4986234c6c41c26dd265afa04b422419c5eed45f30ff: winapi error #3489660941',
      },
    ],
    basis: [
      // 3489660941 = 0xD000000D = 0xC000000D | 0x10000000 (FACILITY_NT_BIT = 268435456).
      {
        url: 'https://learn.microsoft.com/en-us/windows/win32/api/winerror/nf-winerror-hresult_from_nt',
        says: '#define HRESULT_FROM_NT(x) ((HRESULT) ((x) | FACILITY_NT_BIT))',
        claim: 'HRESULT_FROM_NT',
      },
      {
        url: 'https://docs.rs/windows-sys/0.36.1/windows_sys/Win32/System/Diagnostics/Debug/constant.FACILITY_NT_BIT.html',
        says: 'pub const FACILITY_NT_BIT: FACILITY_CODE = 268435456u32;',
        claim: '0xD000000D',
      },
      {
        url: 'https://docs.rs/windows-sys/0.36.1/windows_sys/Win32/Foundation/constant.STATUS_INVALID_PARAMETER.html',
        says: 'pub const STATUS_INVALID_PARAMETER: NTSTATUS = -1073741811i32;',
        claim: '0xC000000D, STATUS_INVALID_PARAMETER',
      },
    ],
  },
  // ---- Storage.
  {
    id: 'why/csi-driver-missing',
    family: 'storage',
    pattern: /driver name (\S+) not found in the list of registered CSI drivers/,
    cause: "The volume's CSI driver has no node plugin registered on this node: its Windows DaemonSet is not running there, or csi-proxy is missing.",
    fix: "Install the driver's Windows node DaemonSet and csi-proxy on the Windows nodes (for smb.csi.k8s.io: windows.enabled=true in its chart), then recreate the pod.",
    sources: [
      {
        ref: 'kubernetes-csi/csi-driver-smb#594',
        quote:
          'MountVolume.MountDevice failed for volume "pv" : kubernetes.io/csi: attacher.MountDevice failed to create newCsiDriverClient: driver name smb.csi.k8s.io not found in the list of registered CSI drivers',
      },
    ],
  },
  // ---- Image pulls.
  {
    id: 'why/image-pull-timeout',
    family: 'pull',
    pattern: /(?:Failed to pull image|pulling image|PullImage)[\s\S]*(?:context deadline exceeded|DeadlineExceeded|code = 4 desc)/i,
    cause: "The pull did not finish in time: Windows base images are several gigabytes, and extracting them alone can exceed the runtime's progress deadline.",
    fix: "Pre-pull the base image on the Windows nodes (a DaemonSet, or the node image), raise the runtime's image pull progress timeout, or use a smaller base (nanoserver).",
    sources: [
      {ref: 'cri-o/cri-o#189', quote: 'Failed to pull image "nginx": rpc error: code = 4 desc = context deadline exceeded'},
      {ref: 'kubernetes/minikube#15626', quote: 'Failed to pull image "noyandocker/authservice": rpc error: code = Unknown desc = context deadline exceeded'},
    ],
  },
  {
    id: 'why/image-pull-failed',
    family: 'pull',
    pattern: /Failed to pull image|Back-off pulling image|ErrImagePull|ImagePullBackOff|ErrImageNeverPull/,
    cause: 'The image cannot be pulled: a wrong name or tag, missing registry credentials, or a registry the node cannot reach.',
    fix: 'Check the image reference and imagePullSecrets; the event\'s text after "rpc error" says which.',
    sources: [{ref: 'cri-o/cri-o#189', quote: 'Back-off pulling image "nginx"'}],
  },
  // ---- Exit codes (terminated containers), most with an NTSTATUS meaning.
  {
    id: 'why/exit-dll-not-found',
    family: 'exit-code',
    exitCode: 0xc0000135,
    cause: 'The program needs a DLL the image does not have (a Visual C++ runtime, a .NET Framework part, or a DLL of Server Core missing from nanoserver).',
    fix: 'Install the runtime in the image (for example the VC++ redistributable), or build on servercore instead of nanoserver.',
    sources: [{ref: 'microsoft/WinAppDriver#448', quote: 'WinAppDriver exited unexpectedly with code 3221225781.'}],
  },
  {
    id: 'why/exit-ctrl-c',
    family: 'exit-code',
    exitCode: 0xc000013a,
    cause:
      'The process was ended by a console control event (Ctrl+C, close or shutdown): the container was stopped, usually by a failed liveness probe or a pod deletion, not by a crash.',
    fix: "Look at the probe events (Unhealthy) and the pod's deletion; give the process a longer startup or terminationGracePeriodSeconds.",
    sources: [
      {ref: 'microsoft/dotnet-framework-docker#431', quote: 'Exited (3221225786)'},
      {ref: 'kubernetes/kubernetes#72696', quote: '-1073741510'},
    ],
  },
  {
    id: 'why/exit-access-violation',
    family: 'exit-code',
    exitCode: 0xc0000005,
    cause: 'The process crashed reading or writing memory it does not own (an access violation).',
    fix: "Read the container's logs (kubectl logs --previous); check native dependencies built for another Windows version or architecture.",
    sources: [{ref: 'moby/moby#40328', quote: 'The exit code of the container is now 3221225477'}],
  },
  {
    id: 'why/exit-stack-overrun',
    family: 'exit-code',
    exitCode: 0xc0000409,
    cause: 'The process failed fast (a stack buffer overrun check, or an unhandled .NET exception that ends in a fail-fast).',
    fix: "Read the container's logs (kubectl logs --previous) for the exception.",
    sources: [{ref: 'moby/moby#40328', quote: 'what does exitCode=3221226505 means when container die?'}],
  },
  {
    id: 'why/exit-process-aborted',
    family: 'exit-code',
    exitCode: 1067,
    cause: 'A Windows service host (ServiceMonitor, a service wrapper) ended because the service it watches terminated unexpectedly.',
    fix: "Read the service's own logs or the Application event log in the container (LogMonitor forwards them to kubectl logs).",
    sources: [{ref: 'winsw/winsw#702', quote: 'the service was running with error 1067'}],
  },
];

/** Exit codes the generic entry still names, beyond the catalogue's own. */
const EXIT_CODE_NAMES: readonly ExitCodeMeaning[] = [
  {code: 0xc0000135, name: 'STATUS_DLL_NOT_FOUND', meaning: 'a DLL was not found'},
  {code: 0xc000013a, name: 'STATUS_CONTROL_C_EXIT', meaning: 'ended by Ctrl+C or close'},
  {code: 0xc0000005, name: 'STATUS_ACCESS_VIOLATION', meaning: 'access violation'},
  {code: 0xc0000409, name: 'STATUS_STACK_BUFFER_OVERRUN', meaning: 'fail fast'},
  {code: 0xc0000142, name: 'STATUS_DLL_INIT_FAILED', meaning: 'a DLL failed to initialise'},
  {code: 0xc00000fd, name: 'STATUS_STACK_OVERFLOW', meaning: 'stack overflow'},
  {code: 0xc0000017, name: 'STATUS_NO_MEMORY', meaning: 'out of memory'},
  {code: 0xe0434352, name: 'CLR exception', meaning: 'an unhandled .NET Framework exception'},
  {code: 1067, name: 'ERROR_PROCESS_ABORTED', meaning: 'the process terminated unexpectedly'},
  {code: 1, name: '', meaning: 'a generic failure reported by the program'},
];

/** An exit code as Windows reports it: unsigned, shown as decimal and 0x-hex (negative int32 codes folded). */
export function unsignedExitCode(code: number): number {
  return code >>> 0;
}

export function describeExitCode(code: number): string {
  const u = unsignedExitCode(code);
  const hex = `0x${u.toString(16).toUpperCase().padStart(8, '0')}`;
  const known = EXIT_CODE_NAMES.find((m) => m.code === u);
  const named = known ? ` (${known.name ? `${known.name}: ` : ''}${known.meaning})` : '';
  return u < 0x10000 ? `exit code ${u}${named}` : `exit code ${u} = ${hex}${named}`;
}

/** The entries in the order they are tried: a message matches the first entry whose pattern it contains. */
export function entryFor(text: string): CauseEntry | undefined {
  return CATALOGUE.find((e) => e.pattern?.test(text));
}

export function entryForExitCode(code: number): CauseEntry | undefined {
  const u = unsignedExitCode(code);
  return CATALOGUE.find((e) => e.exitCode === u);
}

/** The catalogue's rank of an id: lower is more specific. */
export function rankOf(id: string): number {
  const i = CATALOGUE.findIndex((e) => e.id === id);
  return i < 0 ? CATALOGUE.length : i;
}

/** The public address of a source: an issue's page, or the file on the default branch. */
export function sourceUrl(ref: string): string {
  const issue = /^([\w.-]+\/[\w.-]+)#(\d+)$/.exec(ref);
  if (issue) return `https://github.com/${issue[1]}/issues/${issue[2]}`;
  const [repo, path] = ref.split(' ');
  if (repo === 'kubernetes/pod-security-admission' || repo === 'kubernetes/apiserver') {
    return `https://github.com/kubernetes/kubernetes/blob/master/staging/src/k8s.io/${repo.split('/')[1]}/${path}`;
  }
  return `https://github.com/${repo}/blob/master/${path}`;
}
