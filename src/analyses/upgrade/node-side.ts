// The node side of the move: the sandbox (pause) image the nodes report, the containerd change under
// HostProcess volume mounts, and CNI DaemonSets with no Windows Server 2025 support.
import type {KubeObject} from '../../k8s/object.js';
import {finding} from '../../report/finding.js';
import type {Finding} from '../../report/types.js';
import {parseRuntime} from '../nodes/versions.js';
import {objectOf, specPathOf} from './judged.js';
import type {FoldedWorkload} from './workloads.js';

const WS2025 = 26100;

/** The pause images a node holds (node.status.images names), e.g. registry.k8s.io/pause:3.10. */
export function pauseImages(node: KubeObject): string[] {
  const names: string[] = (node.status?.images ?? []).flatMap((i: {names?: string[]}) => i.names ?? []);
  return names.filter((n) => /(^|\/)pause:[^@]+$/.test(n));
}

// kubernetes-sigs/windows-testing#557 (a merged pull request that moves SIG Windows' Hyper-V test
// clusters to pause 3.10.2): these pause releases' manifest lists have no 10.0.26100 entry (3.10.2 adds it). Under Hyper-V isolation on a 2025 host the sandbox then boots a 2022 utility VM
// while the app's 2025 layers are chosen by the host's build: HCS_E_IMAGE_MISMATCH.
const PAUSE_WITHOUT_2025 = /^(registry\.k8s\.io|k8s\.gcr\.io)\/pause:3\.10(\.1)?$/;

/** `hyperv`: the Hyper-V isolated workloads that run (or would land) on the pool; process isolation runs the 2022 sandbox. */
export function pauseFinding(pool: string, nodes: readonly KubeObject[], target: number, hyperv: readonly string[]): Finding | undefined {
  if (target !== WS2025 || hyperv.length === 0) return undefined;
  const bad = [...new Set(nodes.flatMap(pauseImages))].filter((p) => PAUSE_WITHOUT_2025.test(p));
  if (bad.length === 0) return undefined;
  return finding('upgrade/pause-image-no-2025', {
    object: {kind: 'NodePool', name: pool},
    message:
      `the nodes hold sandbox image ${bad.join(', ')}, whose manifest list has no Windows Server 2025 (10.0.26100) entry, and ` +
      `${hyperv.length} Hyper-V isolated workload${hyperv.length === 1 ? '' : 's'} (${hyperv.slice(0, 3).join(', ')}${hyperv.length > 3 ? ', ...' : ''}) run here: ` +
      'SIG Windows’ test clusters (kubernetes-sigs/windows-testing#557) saw their pods fail with HCS_E_IMAGE_MISMATCH on 2025 hosts, although ' +
      'Microsoft’s table says a 2025 host runs older images under Hyper-V isolation',
    remedy: {text: 'Set the pool’s containerd sandbox_image to registry.k8s.io/pause:3.10.2 (it adds the Windows Server 2025 variant) before moving'},
  });
}

const atLeast17 = (containerd: string) => {
  const r = parseRuntime(containerd);
  return r?.name === 'containerd' && r.semver !== undefined && (r.semver.major > 1 || r.semver.minor >= 7);
};

/**
 * HostProcess containers that mount volumes, on pools moving from containerd < 1.7 to >= 1.7
 * (`targetRuntime`: the target pool's, or undefined when none exists: new Windows Server 2025 node
 * images ship containerd >= 1.7, so that is assumed and said).
 */
export function hostProcessMountFinding(f: FoldedWorkload, currentRuntimes: readonly string[], targetRuntime: string | undefined): Finding | undefined {
  const hostProcess =
    f.spec.securityContext?.windowsOptions?.hostProcess === true || f.spec.containers.some((c) => c.securityContext?.windowsOptions?.hostProcess);
  if (!hostProcess) return undefined;
  const mounting = [...(f.spec.initContainers ?? []), ...f.spec.containers].find((c) => (c.volumeMounts ?? []).length > 0);
  if (!mounting) return undefined;
  const old = currentRuntimes.filter((r) => r.startsWith('containerd://') && !atLeast17(r));
  if (old.length === 0 || (targetRuntime !== undefined && !atLeast17(targetRuntime))) return undefined;
  const to = targetRuntime ?? 'containerd >= 1.7 (assumed: no node of the target build was read)';
  return finding('upgrade/hostprocess-volume-mounts', {
    object: objectOf(f),
    field: `${specPathOf(f)}.containers[${f.spec.containers.indexOf(mounting)}].volumeMounts`,
    message:
      `HostProcess container "${mounting.name}" mounts volumes and moves from ${old.join(', ')} to ${to}: ` +
      'from containerd 1.7 a mount appears at its mountPath on the host, not under %CONTAINER_SANDBOX_MOUNT_POINT%',
    remedy: {
      text: 'Read the mounted files at their mountPath (not under $env:CONTAINER_SANDBOX_MOUNT_POINT) in the new pool, or keep both paths working during the move',
    },
  });
}

// CNIs whose Windows images have no Windows Server 2025 release (projectcalico/calico#11691).
const CNI_WITHOUT_2025 = /(^|\/)calico[/-](node-windows|cni-windows|windows)|(^|\/)calico\/(node|cni):.*windows/i;

export function cniFinding(f: FoldedWorkload, target: number): Finding | undefined {
  if (target !== WS2025 || f.kind !== 'DaemonSet') return undefined;
  const c = [...(f.spec.initContainers ?? []), ...f.spec.containers].find((x) => x.image && CNI_WITHOUT_2025.test(x.image));
  if (!c) return undefined;
  return finding('upgrade/cni-no-2025-support', {
    object: objectOf(f),
    field: `${specPathOf(f)}.containers`,
    message: `container "${c.name}" runs ${c.image}: Calico for Windows has no Windows Server 2025 support (projectcalico/calico#11691), so pods on 2025 nodes get no network`,
    remedy: {text: 'Keep this pool on its Windows Server version until the CNI supports Windows Server 2025, or move to a CNI that does (for AKS: Azure CNI)'},
  });
}
