// What the apiserver accepts but a Windows node will not run as written (warnings). Each one says
// why and what to change. Sources: kubernetes/website concepts/storage/windows-storage.md,
// concepts/windows/intro.md, tasks/configure-pod-container/create-hostprocess-pod.md, and the
// Windows kubelet (pkg/kubelet/kuberuntime/security_context_windows.go).
import type {V1Container, V1PodSpec} from '@kubernetes/client-node';
import type {Finding} from '../../report/types.js';
import type {KubeObject, Workload} from '../../source/types.js';
import {effectiveHostProcess, validateWindows, visitContainers, type ContainerRef} from '../../k8s/windows-validation.js';
import type {WindowsOptions} from '../../k8s/windows-security-context.js';
import {finding, specPatch} from './finding.js';
import {podSelectsNode} from '../../k8s/node-placement.js';
import {isWindowsNode, pinnedToWindowsNode, selectsOnlyWindows, type PodOsVerdict} from '../../k8s/windows-pod.js';
import {namesWindows} from '../../k8s/windows-image.js';

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

export interface RuntimeContext {
  w: Workload;
  intent: PodOsVerdict;
  /** Node inventory, when known (live, or --nodes). */
  nodes?: KubeObject[];
}

/** Every runtime warning for a pod that targets Windows. */
export function runtimeWarnings({w, intent, nodes}: RuntimeContext): Finding[] {
  if (intent.os !== 'windows') return [];
  const spec = w.spec;
  const sp = w.specPath;
  const out: Finding[] = [];
  const osUnset = spec.os === undefined || spec.os === null;
  const refs = visitContainers(spec, sp);

  // The pod only schedules to Windows but says nothing in spec.os.
  if (osUnset) {
    if (selectsOnlyWindows(spec) || pinnedToWindowsNode(spec, nodes)) {
      out.push(finding(w, 'lint/os-name-missing', `${sp}.os`,
        `spec.os.name is not set, but ${intent.reason}: Pod Security Admission applies its Linux rules to this pod and the apiserver does not reject Linux-only fields`,
        {text: 'Set spec.os.name: windows (then remove Linux-only fields such as seccompProfile, capabilities, runAsUser, which the apiserver rejects on Windows pods)', patch: specPatch(sp, {os: {name: 'windows'}})}));
    }
    // Linux-only fields: ignored by Windows; rejected once spec.os.name: windows is set.
    for (const e of validateWindows(spec, sp)) {
      const isTrue = (key: string) => e.field.endsWith(`.securityContext.${key}`) && refs.some((r) => e.field.startsWith(`${r.path}.`) && (r.container.securityContext as Record<string, unknown> | undefined)?.[key] === true);
      if (isTrue('readOnlyRootFilesystem')) {
        out.push(finding(w, 'lint/read-only-root-filesystem', e.field,
          'readOnlyRootFilesystem is not supported on Windows: containers always need write access to the registry and SAM database (read-only volumes are supported)',
          {text: 'Remove readOnlyRootFilesystem; mount the data that must stay read-only as a volume with readOnly: true'}));
      } else if (isTrue('privileged')) {
        out.push(finding(w, 'lint/privileged', e.field,
          'Windows has no privileged containers: privileged: true is ignored',
          {text: 'Remove privileged; for host access use a HostProcess pod (securityContext.windowsOptions.hostProcess: true with hostNetwork: true)'}));
      } else {
        out.push(finding(w, 'lint/linux-field-on-windows', e.field,
          `Linux-only field: Windows ignores it, and with spec.os.name: windows the apiserver rejects it (${e.type}: ${e.detail})`,
          {text: `Remove ${e.field.slice(sp.length + 1)} from this Windows pod`}));
      }
    }
  }

  for (const ref of refs) {
    const c = ref.container;
    const sc = c.securityContext as Sc | undefined;
    const user = effectiveUser(spec, sp, ref);

    if (effectiveHostProcess(spec, c) && user) {
      const v = user.value.toLowerCase();
      if (v.includes('\\') && !HOSTPROCESS_USERS.includes(v)) {
        out.push(finding(w, 'lint/hostprocess-user', user.field,
          `HostProcess container "${c.name}" runs as "${user.value}": HostProcess containers can run only as NT AUTHORITY\\SYSTEM, NT AUTHORITY\\Local service, NT AUTHORITY\\NetworkService, or a local group (a name without a domain)`,
          {text: 'Set runAsUserName to one of NT AUTHORITY\\SYSTEM, NT AUTHORITY\\Local service, NT AUTHORITY\\NetworkService, or the name of a local group'}));
      }
    }

    if (effectiveRunAsNonRoot(spec, ref)) {
      if (user && user.value.toLowerCase() === 'containeradministrator') {
        out.push(finding(w, 'lint/run-as-non-root-administrator', user.field,
          `container "${c.name}": runAsNonRoot is true and runAsUserName is ${user.value}, which the Windows kubelet regards as root: the container will not start (kubelet: "container's runAsUserName (${user.value}) which will be regarded as root identity and will break non-root policy")`,
          {text: 'Set runAsUserName: ContainerUser (or another non-administrator account), or drop runAsNonRoot'}));
      } else if (!user && c.image && /servercore|(^|\/)windows\/server(:|$)|(^|\/)windows:/i.test(c.image) && namesWindows(c.image)) {
        out.push(finding(w, 'lint/run-as-non-root-administrator', `${ref.path}.securityContext.runAsNonRoot`,
          `container "${c.name}": runAsNonRoot is true, no runAsUserName is set, and the default user of ${c.image} is ContainerAdministrator, which the Windows kubelet regards as root: the container will not start`,
          {text: 'Set securityContext.windowsOptions.runAsUserName: ContainerUser'}));
      }
    }

    (c.volumeMounts ?? []).forEach((m, j) => {
      const key = m.subPath ? 'subPath' : m.subPathExpr ? 'subPathExpr' : undefined;
      if (key) {
        out.push(finding(w, 'lint/subpath-mount', `${ref.path}.volumeMounts[${j}].${key}`,
          `volume mount "${m.name}" in container "${c.name}" uses ${key}: Windows mounts only whole volumes`,
          {text: 'Mount the whole volume at its own directory and point the application at the file inside it'}));
      }
    });

    if ((c.volumeDevices ?? []).length > 0) {
      out.push(finding(w, 'lint/block-volume', `${ref.path}.volumeDevices`,
        `container "${c.name}" uses volumeDevices: Windows nodes do not support raw block device mapping`,
        {text: 'Use a filesystem volume (volumeMounts with volumeMode: Filesystem) instead'}));
    }

    for (const kind of ['limits', 'requests'] as const) {
      for (const name of Object.keys(c.resources?.[kind] ?? {})) {
        if (name.startsWith('hugepages-')) {
          out.push(finding(w, 'lint/hugepages', `${ref.path}.resources.${kind}[${name}]`,
            `container "${c.name}" requests ${name}: huge pages are not implemented for Windows containers`,
            {text: `Remove the ${name} resource`}));
        }
      }
    }

    if (c.terminationMessagePath && c.terminationMessagePath !== DEFAULT_TERMINATION_MESSAGE_PATH) {
      out.push(finding(w, 'lint/termination-message-path', `${ref.path}.terminationMessagePath`,
        `container "${c.name}" writes its termination message to ${c.terminationMessagePath}: Windows cannot map single files, so the message is lost or the container fails to start`,
        {text: 'Remove terminationMessagePath (the default /dev/termination-log works on Windows) or use terminationMessagePolicy: FallbackToLogsOnError'}));
    }
  }

  // Volumes: the pod's, used by any container.
  const dockerNodes = nodes?.filter((n) => isWindowsNode(n) && podSelectsNode(spec, n) && /^docker:/.test(n.status?.nodeInfo?.containerRuntimeVersion ?? ''));
  (spec.volumes ?? []).forEach((v, i) => {
    const vp = `${sp}.volumes[${i}]`;
    if (v.nfs) {
      out.push(finding(w, 'lint/nfs-volume', `${vp}.nfs`, `volume "${v.name}" is an NFS volume: Windows nodes have no NFS volume support`,
        {text: 'Use an SMB/CIFS CSI driver (csi-driver-smb) or another storage class that supports Windows'}));
    }
    if (v.emptyDir?.medium === 'Memory') {
      out.push(finding(w, 'lint/memory-emptydir', `${vp}.emptyDir.medium`, `volume "${v.name}" is a memory-backed emptyDir: Windows does not support memory as a storage medium`,
        {text: 'Remove medium: Memory (use the node disk)'}));
    }
    // A hostPath of a file type mounts one file. configMap/secret/projected `items` do not: they
    // choose the files inside a directory mount (every pod's kube-api-access volume has items).
    const fileType = v.hostPath?.type && SINGLE_FILE_HOSTPATH_TYPES.has(v.hostPath.type) ? v.hostPath.type : undefined;
    if (fileType && (nodes === undefined || (dockerNodes?.length ?? 0) > 0)) {
      const where = nodes === undefined ? 'Windows nodes that run Docker (dockershim, Kubernetes 1.23 and older)' : `Docker Windows node${dockerNodes!.length > 1 ? 's' : ''} ${dockerNodes!.map((n) => n.metadata?.name).join(', ')}`;
      out.push(finding(w, 'lint/single-file-mount', `${vp}.hostPath.type`,
        `volume "${v.name}" is a hostPath of type ${fileType}, a single file: on ${where} volume mounts can target only directories, not single files (containerd is not affected)`,
        {text: 'Mount the directory that holds the file, or run the Windows nodes on containerd'}));
    }
  });

  (spec.hostAliases ?? []).forEach((h, i) => {
    if (isIPv6(h.ip)) {
      out.push(finding(w, 'lint/ipv6', `${sp}.hostAliases[${i}].ip`, `hostAlias ${h.ip} is an IPv6 address: Windows pods get IPv6 only with dual-stack l2bridge networking (win-overlay has no IPv6)`,
        {text: 'Check that the Windows nodes run dual-stack with an l2bridge CNI, or use an IPv4 address'}));
    }
  });
  (spec.dnsConfig?.nameservers ?? []).forEach((ns, i) => {
    if (isIPv6(ns)) {
      out.push(finding(w, 'lint/ipv6', `${sp}.dnsConfig.nameservers[${i}]`, `nameserver ${ns} is an IPv6 address: Windows pods get IPv6 only with dual-stack l2bridge networking (win-overlay has no IPv6)`,
        {text: 'Check that the Windows nodes run dual-stack with an l2bridge CNI, or use an IPv4 nameserver'}));
    }
  });
  return out;
}
