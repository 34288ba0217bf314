// What the apiserver accepts but a Windows node will not run as written (warnings). Each one says
// why and what to change. Sources: kubernetes/website concepts/storage/windows-storage.md,
// concepts/windows/intro.md, tasks/configure-pod-container/create-hostprocess-pod.md, and the
// Windows kubelet (pkg/kubelet/kuberuntime/security_context_windows.go).
import type {V1Container, V1PodSpec} from '@kubernetes/client-node';
import type {Finding} from '../../report/types.js';
import type {KubeObject} from '../../k8s/object.js';
import type {Workload} from '../../k8s/snapshot.js';
import {effectiveHostProcess, validateWindows, visitContainers, type ContainerRef} from '../../k8s/windows-validation.js';
import type {WindowsOptions} from '../../k8s/windows-security-context.js';
import {finding, objectRef} from './finding.js';
import {findingAtLowerSeverity} from '../../report/finding.js';
import {osWindowsChange, podSpecRemedy} from '../remedy/pod-spec.js';
import {podSelectsNode} from '../../k8s/node-placement.js';
import {isWindowsNode, keptOnWindows, type PodOsVerdict} from '../../k8s/windows-pod.js';
import {defaultsToContainerAdministrator} from '../../k8s/windows-image.js';
import {CleanMemo} from '../../util/clean-memo.js';

/** hostPath types that name one file rather than a directory (core/v1 HostPathType). */
const SINGLE_FILE_HOSTPATH_TYPES = new Set(['File', 'FileOrCreate', 'Socket', 'CharDevice', 'BlockDevice']);

const HOSTPROCESS_USERS = ['nt authority\\system', 'nt authority\\local service', 'nt authority\\networkservice'];
const DEFAULT_TERMINATION_MESSAGE_PATH = '/dev/termination-log';

type Sc = NonNullable<V1Container['securityContext']>;
const wo = (sc: {windowsOptions?: unknown} | undefined) => sc?.windowsOptions as WindowsOptions | undefined;

/** Effective runAsUserName of a container, with the path of the field that sets it. */
function effectiveUser(spec: V1PodSpec, specPath: string, ref: ContainerRef): {value: string; field: string} | undefined {
  const own = wo(ref.container.securityContext)?.runAsUserName;
  if (typeof own === 'string') return {value: own, field: `${ref.path}.securityContext.windowsOptions.runAsUserName`};
  const pod = wo(spec.securityContext)?.runAsUserName;
  if (typeof pod === 'string') return {value: pod, field: `${specPath}.securityContext.windowsOptions.runAsUserName`};
  return undefined;
}

function effectiveRunAsNonRoot(spec: V1PodSpec, ref: ContainerRef): boolean {
  const own = (ref.container.securityContext as Sc | undefined)?.runAsNonRoot;
  if (typeof own === 'boolean') return own;
  return spec.securityContext?.runAsNonRoot === true;
}

const isIPv6 = (s: string | undefined) => !!s && s.includes(':');

// The apiserver defaults defaultMode to 0644 (420) on secret, configMap, projected and downwardAPI
// volumes (pkg/apis/core/v1/defaults.go), so only another value is the manifest's own choice.
const DEFAULT_MODE = 420;
const octal = (mode: number) => `0${mode.toString(8)}`;
type VolumeLike = NonNullable<V1PodSpec['volumes']>[number];

/** Non-default defaultMode and item modes of a volume, with their paths. */
function fileModes(v: VolumeLike, vp: string): Array<{field: string; what: string; mode: number}> {
  const out: Array<{field: string; what: string; mode: number}> = [];
  for (const key of ['secret', 'configMap', 'projected', 'downwardAPI'] as const) {
    const src = v[key] as {defaultMode?: number; items?: Array<{mode?: number}>; sources?: Array<Record<string, {items?: Array<{mode?: number}>}>>} | undefined;
    if (!src || NO_MODES.has(src)) continue;
    const before = out.length;
    if (typeof src.defaultMode === 'number' && src.defaultMode !== DEFAULT_MODE)
      out.push({field: `${vp}.${key}.defaultMode`, what: 'defaultMode', mode: src.defaultMode});
    (src.items ?? []).forEach((it, i) => {
      if (typeof it?.mode === 'number') out.push({field: `${vp}.${key}.items[${i}].mode`, what: 'an item mode', mode: it.mode});
    });
    (src.sources ?? []).forEach((s, i) => {
      for (const [kind, proj] of Object.entries(s ?? {})) {
        (proj?.items ?? []).forEach((it, j) => {
          if (typeof it?.mode === 'number') out.push({field: `${vp}.${key}.sources[${i}].${kind}.items[${j}].mode`, what: 'an item mode', mode: it.mode});
        });
      }
    });
    if (out.length === before) NO_MODES.note(src);
  }
  return out;
}

/** Volume sources without a mode of their own: every pod's service-account token volume is one, shared. */
const NO_MODES = new CleanMemo();

interface RuntimeContext {
  w: Workload;
  intent: PodOsVerdict;
  /** Node inventory, when known (live, or --nodes). */
  nodes?: KubeObject[];
  /** RuntimeClasses read (live, or among the -f files). */
  runtimeClasses?: KubeObject[];
}

/** What every runtime check of one pod reads. */
interface PodScope {
  w: Workload;
  spec: V1PodSpec;
  sp: string;
  intent: PodOsVerdict;
  nodes?: KubeObject[];
  runtimeClasses?: KubeObject[];
  refs: ContainerRef[];
  /** The Windows nodes the pod can use that run Docker (known only with nodes): single-file and subPath mounts fail only there. */
  dockerNodes?: KubeObject[];
  /** Where those mounts fail, in words. */
  dockerWhere: string;
}

// The Windows nodes that run Docker, found once per node list: each pod is then matched only
// against them (usually none), not against every node of the cluster.
// (Keyed by the list and its length, as splitByOs in scheduling.ts is.)
const dockerNodesOf = new WeakMap<readonly KubeObject[], {size: number; nodes: KubeObject[]}>();

function windowsDockerNodes(nodes: readonly KubeObject[]): KubeObject[] {
  let found = dockerNodesOf.get(nodes);
  if (found === undefined || found.size !== nodes.length) {
    found = {size: nodes.length, nodes: nodes.filter((n) => isWindowsNode(n) && /^docker:/.test(n.status?.nodeInfo?.containerRuntimeVersion ?? ''))};
    dockerNodesOf.set(nodes, found);
  }
  return found.nodes;
}

/** Every runtime warning for a pod that targets Windows. */
export function runtimeWarnings({w, intent, nodes, runtimeClasses}: RuntimeContext): Finding[] {
  if (intent.os !== 'windows') return [];
  const spec = w.spec;
  const dockerNodes = nodes && windowsDockerNodes(nodes).filter((n) => podSelectsNode(spec, n));
  const dockerWhere =
    nodes === undefined
      ? 'Windows nodes that run Docker (dockershim, Kubernetes 1.23 and older)'
      : `Docker Windows node${dockerNodes!.length > 1 ? 's' : ''} ${dockerNodes!.map((n) => n.metadata?.name).join(', ')}`;
  const p: PodScope = {w, spec, sp: w.specPath, intent, nodes, runtimeClasses, refs: visitContainers(spec, w.specPath), dockerNodes, dockerWhere};
  return [...hostNetworkWarnings(p), ...osUnsetWarnings(p), ...p.refs.flatMap((ref) => containerWarnings(p, ref)), ...volumeWarnings(p), ...ipv6Warnings(p)];
}

/** hostNetwork outside HostProcess, and the DNS policy that goes with it. */
function hostNetworkWarnings({w, spec, sp, refs}: PodScope): Finding[] {
  const out: Finding[] = [];
  // A pod that asks for HostProcess anywhere (even inconsistently, which validation rejects) meant the host network.
  const hostProcessIntent = wo(spec.securityContext)?.hostProcess === true || refs.some((r) => wo(r.container.securityContext)?.hostProcess === true);
  if (spec.hostNetwork === true && !hostProcessIntent) {
    out.push(
      finding(
        w,
        'lint/host-network',
        `${sp}.hostNetwork`,
        'hostNetwork: true on a pod that is not a HostProcess pod: Windows nodes do not support host networking mode (only HostProcess pods use the host network; the WindowsHostNetwork kubelet gate for other pods was alpha in 1.26-1.32 and is deprecated, off by default, since 1.33)',
        {text: 'Remove hostNetwork, or make the pod a HostProcess pod (securityContext.windowsOptions.hostProcess: true) if it needs the host network'},
      ),
    );
  }
  if (spec.dnsPolicy === 'ClusterFirstWithHostNet') {
    out.push(
      finding(w, 'lint/dns-policy-host-network', `${sp}.dnsPolicy`, 'dnsPolicy ClusterFirstWithHostNet is not supported for pods that run on Windows nodes', {
        text: 'Use dnsPolicy: ClusterFirst (the default)',
      }),
    );
  }
  return out;
}

/** The pod only schedules to Windows but says nothing in spec.os. */
function osUnsetWarnings({w, spec, sp, intent, nodes, runtimeClasses, refs}: PodScope): Finding[] {
  if (spec.os !== undefined && spec.os !== null) return [];
  const out: Finding[] = [];
  if (keptOnWindows(spec, {nodes, runtimeClasses})) {
    out.push(
      finding(
        w,
        'lint/os-name-missing',
        `${sp}.os`,
        `spec.os.name is not set, but ${intent.reason}: Pod Security Admission applies its Linux rules to this pod and the apiserver does not reject Linux-only fields`,
        podSpecRemedy(
          w,
          'Set spec.os.name: windows and remove the Linux-only fields (seccompProfile, capabilities, runAsUser, ...) that the apiserver rejects on Windows pods and Windows ignores',
          osWindowsChange(spec),
        ),
      ),
    );
  }
  // Linux-only fields: ignored by Windows; rejected once spec.os.name: windows is set.
  for (const e of validateWindows(spec, sp)) {
    const isTrue = (key: string) =>
      e.field.endsWith(`.securityContext.${key}`) &&
      refs.some((r) => e.field.startsWith(`${r.path}.`) && (r.container.securityContext as Record<string, unknown> | undefined)?.[key] === true);
    if (isTrue('readOnlyRootFilesystem')) {
      out.push(
        finding(
          w,
          'lint/read-only-root-filesystem',
          e.field,
          'readOnlyRootFilesystem is not supported on Windows: containers always need write access to the registry and SAM database (read-only volumes are supported)',
          {text: 'Remove readOnlyRootFilesystem; mount the data that must stay read-only as a volume with readOnly: true'},
        ),
      );
    } else if (isTrue('privileged')) {
      const ref = refs.find((r) => e.field.startsWith(`${r.path}.`));
      out.push(
        ref && effectiveHostProcess(spec, ref.container)
          ? finding(
              w,
              'lint/privileged',
              e.field,
              `container "${ref.container.name}" is a HostProcess container, which already runs on the host with its access: privileged: true is redundant (Windows ignores it, and with spec.os.name: windows the apiserver rejects it)`,
              {text: 'Remove privileged: hostProcess: true is what gives the container host access'},
            )
          : finding(w, 'lint/privileged', e.field, 'Windows has no privileged containers: privileged: true is ignored', {
              text: 'Remove privileged; for host access use a HostProcess pod (securityContext.windowsOptions.hostProcess: true with hostNetwork: true)',
            }),
      );
    } else {
      out.push(
        finding(
          w,
          'lint/linux-field-on-windows',
          e.field,
          `Linux-only field: Windows ignores it, and with spec.os.name: windows the apiserver rejects it (${e.type}: ${e.detail})`,
          {text: `Remove ${e.field.slice(sp.length + 1)} from this Windows pod`},
        ),
      );
    }
  }
  return out;
}

/** What a Windows node does not run as written in one container. */
function containerWarnings(p: PodScope, ref: ContainerRef): Finding[] {
  const user = effectiveUser(p.spec, p.sp, ref);
  return [
    ...hostProcessUserWarnings(p, ref, user),
    ...runAsNonRootAdministratorWarnings(p, ref, user),
    ...volumeMountWarnings(p, ref),
    ...blockVolumeWarnings(p, ref),
    ...hugepagesWarnings(p, ref),
    ...terminationMessagePathWarnings(p, ref),
  ];
}

type EffectiveUser = ReturnType<typeof effectiveUser>;

/** A HostProcess container that runs as a domain account other than the three it may use. */
function hostProcessUserWarnings({w, spec}: PodScope, ref: ContainerRef, user: EffectiveUser): Finding[] {
  const c = ref.container;
  if (!effectiveHostProcess(spec, c) || !user) return [];
  const v = user.value.toLowerCase();
  if (!v.includes('\\') || HOSTPROCESS_USERS.includes(v)) return [];
  return [
    finding(
      w,
      'lint/hostprocess-user',
      user.field,
      `HostProcess container "${c.name}" runs as "${user.value}": HostProcess containers can run only as NT AUTHORITY\\SYSTEM, NT AUTHORITY\\Local service, NT AUTHORITY\\NetworkService, or a local group (a name without a domain)`,
      {text: 'Set runAsUserName to one of NT AUTHORITY\\SYSTEM, NT AUTHORITY\\Local service, NT AUTHORITY\\NetworkService, or the name of a local group'},
    ),
  ];
}

/** runAsNonRoot with ContainerAdministrator (named, or the image's default user): the kubelet refuses to start it. */
function runAsNonRootAdministratorWarnings({w, spec}: PodScope, ref: ContainerRef, user: EffectiveUser): Finding[] {
  const c = ref.container;
  if (!effectiveRunAsNonRoot(spec, ref)) return [];
  if (user && user.value.toLowerCase() === 'containeradministrator') {
    return [
      finding(
        w,
        'lint/run-as-non-root-administrator',
        user.field,
        `container "${c.name}": runAsNonRoot is true and runAsUserName is ${user.value}, which the Windows kubelet regards as root: the container will not start (kubelet: "container's runAsUserName (${user.value}) which will be regarded as root identity and will break non-root policy")`,
        {text: 'Set runAsUserName: ContainerUser (or another non-administrator account), or drop runAsNonRoot'},
      ),
    ];
  }
  if (!user && defaultsToContainerAdministrator(c.image)) {
    return [
      finding(
        w,
        'lint/run-as-non-root-administrator',
        `${ref.path}.securityContext.runAsNonRoot`,
        `container "${c.name}": runAsNonRoot is true, no runAsUserName is set, and the default user of ${c.image} is ContainerAdministrator, which the Windows kubelet regards as root: the container will not start`,
        {text: 'Set securityContext.windowsOptions.runAsUserName: ContainerUser'},
      ),
    ];
  }
  return [];
}

/** subPath mounts (on Docker nodes) and mount propagation, mount by mount. */
function volumeMountWarnings({w, nodes, dockerNodes, dockerWhere}: PodScope, ref: ContainerRef): Finding[] {
  const out: Finding[] = [];
  const c = ref.container;
  (c.volumeMounts ?? []).forEach((m, j) => {
    const key = m.subPath ? 'subPath' : m.subPathExpr ? 'subPathExpr' : undefined;
    if (key && (nodes === undefined || dockerNodes!.length > 0)) {
      out.push(
        finding(
          w,
          'lint/subpath-mount',
          `${ref.path}.volumeMounts[${j}].${key}`,
          `volume mount "${m.name}" in container "${c.name}" uses ${key}: on ${dockerWhere} only whole volumes can be mounted (containerd is not affected: the kubelet implements subPath on Windows)`,
          {
            text:
              nodes === undefined
                ? 'Check that the Windows nodes run containerd; on Docker nodes mount the whole volume and point the application at the file inside it'
                : 'Run the Windows nodes on containerd, or mount the whole volume and point the application at the file inside it',
          },
        ),
      );
    }
    if (m.mountPropagation && m.mountPropagation !== 'None') {
      out.push(
        finding(
          w,
          'lint/mount-propagation',
          `${ref.path}.volumeMounts[${j}].mountPropagation`,
          `volume mount "${m.name}" in container "${c.name}" sets mountPropagation: ${m.mountPropagation}: mount propagation is not supported on Windows`,
          {text: 'Remove mountPropagation from the Windows container'},
        ),
      );
    }
  });
  return out;
}

function blockVolumeWarnings({w}: PodScope, ref: ContainerRef): Finding[] {
  const c = ref.container;
  if ((c.volumeDevices ?? []).length === 0) return [];
  return [
    finding(
      w,
      'lint/block-volume',
      `${ref.path}.volumeDevices`,
      `container "${c.name}" uses volumeDevices: Windows nodes do not support raw block device mapping`,
      {text: 'Use a filesystem volume (volumeMounts with volumeMode: Filesystem) instead'},
    ),
  ];
}

/** Whether a resource list names a huge page size (tested without making lists: it runs for every container). */
function namesHugepages(list: object | undefined): boolean {
  for (const name in list) if (name.startsWith('hugepages-')) return true;
  return false;
}

// Once per container: a huge page size is usually both a limit and a request (they must be equal).
function hugepagesWarnings({w}: PodScope, ref: ContainerRef): Finding[] {
  const c = ref.container;
  if (!namesHugepages(c.resources?.limits) && !namesHugepages(c.resources?.requests)) return [];
  const hugepages = (['limits', 'requests'] as const).flatMap((kind) =>
    Object.keys(c.resources?.[kind] ?? {})
      .filter((n) => n.startsWith('hugepages-'))
      .map((name) => ({kind, name})),
  );
  if (hugepages.length === 0) return [];
  const names = [...new Set(hugepages.map((h) => h.name))];
  return [
    finding(
      w,
      'lint/hugepages',
      `${ref.path}.resources.${hugepages[0].kind}[${hugepages[0].name}]`,
      `container "${c.name}" requests ${names.join(', ')}: huge pages are not implemented for Windows containers`,
      {text: `Remove the ${names.join(', ')} resource${names.length > 1 ? 's' : ''} (limits and requests)`},
    ),
  ];
}

function terminationMessagePathWarnings({w}: PodScope, ref: ContainerRef): Finding[] {
  const c = ref.container;
  if (!c.terminationMessagePath || c.terminationMessagePath === DEFAULT_TERMINATION_MESSAGE_PATH) return [];
  return [
    finding(
      w,
      'lint/termination-message-path',
      `${ref.path}.terminationMessagePath`,
      `container "${c.name}" writes its termination message to ${c.terminationMessagePath}: Windows cannot map single files, so the message is lost or the container fails to start`,
      {text: 'Remove terminationMessagePath (the default /dev/termination-log works on Windows) or use terminationMessagePolicy: FallbackToLogsOnError'},
    ),
  ];
}

/** Volumes: the pod's, used by any container. */
function volumeWarnings({w, spec, sp, nodes, dockerNodes, dockerWhere}: PodScope): Finding[] {
  const out: Finding[] = [];
  (spec.volumes ?? []).forEach((v, i) => {
    const vp = `${sp}.volumes[${i}]`;
    if (v.nfs) {
      out.push(
        finding(w, 'lint/nfs-volume', `${vp}.nfs`, `volume "${v.name}" is an NFS volume: Windows nodes have no NFS volume support`, {
          text: 'Use an SMB/CIFS CSI driver (csi-driver-smb) or another storage class that supports Windows',
        }),
      );
    }
    for (const m of fileModes(v, vp)) {
      out.push(
        finding(
          w,
          'lint/volume-default-mode',
          m.field,
          `volume "${v.name}" sets ${m.what} ${octal(m.mode)}: Windows has no POSIX file modes (they depend on UID/GID), so it is ignored`,
          {text: `Remove ${m.what}; control access with the volume's readOnly and the container's user instead`},
        ),
      );
    }
    if (v.emptyDir?.medium === 'Memory') {
      out.push(
        finding(
          w,
          'lint/memory-emptydir',
          `${vp}.emptyDir.medium`,
          `volume "${v.name}" is a memory-backed emptyDir: Windows does not support memory as a storage medium`,
          {text: 'Remove medium: Memory (use the node disk)'},
        ),
      );
    }
    // A hostPath of a file type mounts one file. configMap/secret/projected `items` do not: they
    // choose the files inside a directory mount (every pod's kube-api-access volume has items).
    const fileType = v.hostPath?.type && SINGLE_FILE_HOSTPATH_TYPES.has(v.hostPath.type) ? v.hostPath.type : undefined;
    if (fileType && nodes === undefined) {
      // Offline the runtime is unknown, and Docker nodes are rare since dockershim left in 1.24: a note, not a warning.
      out.push(
        findingAtLowerSeverity(
          'lint/single-file-mount',
          {
            object: objectRef(w),
            field: `${vp}.hostPath.type`,
            message: `volume "${v.name}" is a hostPath of type ${fileType}, a single file: a problem only if your nodes still run Docker (dockershim, Kubernetes 1.23 and older), where volume mounts can target only directories (containerd is not affected)`,
            remedy: {text: 'Nothing to do on containerd nodes; on Docker nodes mount the directory that holds the file (lint --nodes FILE checks your nodes)'},
          },
          'info',
        ),
      );
    } else if (fileType && (dockerNodes?.length ?? 0) > 0) {
      out.push(
        finding(
          w,
          'lint/single-file-mount',
          `${vp}.hostPath.type`,
          `volume "${v.name}" is a hostPath of type ${fileType}, a single file: on ${dockerWhere} volume mounts can target only directories, not single files (containerd is not affected)`,
          {text: 'Mount the directory that holds the file, or run the Windows nodes on containerd'},
        ),
      );
    }
  });
  return out;
}

/** IPv6 host aliases and nameservers. */
function ipv6Warnings({w, spec, sp}: PodScope): Finding[] {
  const out: Finding[] = [];
  (spec.hostAliases ?? []).forEach((h, i) => {
    if (isIPv6(h.ip)) {
      out.push(
        finding(
          w,
          'lint/ipv6',
          `${sp}.hostAliases[${i}].ip`,
          `hostAlias ${h.ip} is an IPv6 address: Windows pods get IPv6 only with dual-stack l2bridge networking (win-overlay has no IPv6)`,
          {text: 'Check that the Windows nodes run dual-stack with an l2bridge CNI, or use an IPv4 address'},
        ),
      );
    }
  });
  (spec.dnsConfig?.nameservers ?? []).forEach((ns, i) => {
    if (isIPv6(ns)) {
      out.push(
        finding(
          w,
          'lint/ipv6',
          `${sp}.dnsConfig.nameservers[${i}]`,
          `nameserver ${ns} is an IPv6 address: Windows pods get IPv6 only with dual-stack l2bridge networking (win-overlay has no IPv6)`,
          {text: 'Check that the Windows nodes run dual-stack with an l2bridge CNI, or use an IPv4 nameserver'},
        ),
      );
    }
  });
  return out;
}
