// `kubectl win logs --preset`: Windows problems mapped to where Windows records them. Each preset
// names what the Node Log Query sends (`query`: an event provider, or a service that logs to a file
// under C:\var\log) and, for an event provider, the channel Windows writes its events to. The
// kubelet reads only the Application log on Windows (kubernetes/kubernetes
// pkg/kubelet/kubelet_server_journal_windows.go: Get-WinEvent -FilterHashtable
// @{LogName='Application'; ProviderName=...}), so a provider whose channel is its own is named
// with the command that reads that channel on the node.

export const PRESET_NAMES = ['gmsa', 'hns', 'hcs', 'containerd', 'kubelet'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

export interface Preset {
  /** The services sent as `query` (at most 4, the kubelet's maxServices). */
  query: string[];
  /** Where Windows writes these events; `Application` is the only log the query reads. */
  channel: string;
  /** What the preset is for, in one line (help and docs). */
  about: string;
  /** Where the provider and channel names come from. */
  source: string;
}

export const PRESETS: Record<PresetName, Preset> = {
  gmsa: {
    query: ['Microsoft-Windows-Containers-CCG'],
    channel: 'Microsoft-Windows-Containers-CCG/Admin',
    about: 'Container Credential Guard: "failed to fetch gmsa credentials" and the other gMSA retrieval errors',
    source:
      'MicrosoftDocs/Virtualization-Documentation virtualization/windowscontainers/manage-containers/gmsa-troubleshooting.md (Applications and Services Logs > Microsoft > Windows > Containers-CCG > Admin)',
  },
  hns: {
    query: ['Microsoft-Windows-Host-Network-Service'],
    channel: 'Microsoft-Windows-Host-Network-Service-Admin',
    about: 'Host Network Service: endpoint, network and load-balancer policy failures behind CNI errors',
    source: 'microsoft/SDN Kubernetes/windows/debug/detectHNSCrash.ps1 and CleanupContainerHostNetworking (Microsoft-Windows-Host-Network-Service-Admin.evtx)',
  },
  hcs: {
    query: ['Microsoft-Windows-Hyper-V-Compute'],
    channel: 'Microsoft-Windows-Hyper-V-Compute-Admin',
    about: 'Host Compute Service: "Creating compute system failed" and the other hcs:: errors of sandboxes and containers',
    source: 'MicrosoftDocs/Virtualization-Documentation virtualization/windowscontainers/troubleshooting.md (Microsoft-Windows-Hyper-V-Compute-Admin)',
  },
  containerd: {
    query: ['containerd'],
    channel: 'Application',
    about: "containerd's own log: it registers as an event source of the Application log when it runs as a Windows service",
    source: 'containerd/containerd cmd/containerd/command/service_windows.go (eventlog.InstallAsEventCreate, logs to the event log without --log-file)',
  },
  kubelet: {
    query: ['kubelet'],
    channel: 'C:\\var\\log\\kubelet\\kubelet.log',
    about: "the kubelet's log: a file under C:\\var\\log (kubelet, kubelet.log or kubelet\\kubelet.log), read whole: the kubelet takes no options for files",
    source: 'kubernetes/kubernetes pkg/kubelet/kubelet_server_journal.go (heuristicsCopyFileLogs; options refused for files)',
  },
};

/** The PowerShell line that reads a channel on the node itself, for a channel the query cannot reach. */
export function onNodeCommand(p: Preset, opts: {maxEvents?: number} = {}): string {
  return `Get-WinEvent -LogName '${p.channel}' -MaxEvents ${opts.maxEvents ?? 50} | Format-Table TimeCreated,Id,LevelDisplayName,Message -Wrap`;
}

/** The preset whose log holds the node side of a `why` cause, for causes that happen on the node. */
const CAUSE_PRESETS: Record<string, PresetName> = {
  'why/gmsa-credspec-empty': 'gmsa',
  'why/hns-endpoint': 'hns',
  'why/cni-sandbox': 'hns',
  'why/eks-windows-ipam': 'hns',
  'why/hcs-attach-namespace': 'hcs',
  'why/image-os-mismatch': 'containerd',
  'why/no-matching-manifest': 'containerd',
  'why/image-pull-timeout': 'containerd',
  'why/image-pull-failed': 'containerd',
  'why/command-not-found': 'containerd',
  'why/working-dir-invalid': 'containerd',
  'why/hostprocess-command': 'containerd',
};

/** `kubectl win logs NODE --preset P --since 1h` for a cause on a node, or undefined. */
export function logsCommandForCause(causeId: string, node: string | undefined): string | undefined {
  const preset = CAUSE_PRESETS[causeId];
  return preset && node ? logsCommand([node], preset) : undefined;
}

/** The command line that reads a preset on these nodes for the last hour. */
export function logsCommand(nodes: readonly string[], preset: PresetName): string {
  return `kubectl win logs ${nodes.join(' ')} --preset ${preset} --since 1h`;
}
