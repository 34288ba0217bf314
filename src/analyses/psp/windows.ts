// Windows facts Pod Security cares about: whether it is a HostProcess pod, and how runAsNonRoot meets
// Windows user names (whether it is a Windows pod at all: src/k8s/windows-pod.ts).
import type {PodSpecLike} from '../../k8s/pss/types.js';
import {defaultsToContainerAdministrator} from '../../k8s/windows-image.js';

/** A HostProcess pod: hostProcess=true on the pod or on any container. */
export function isHostProcess(spec: PodSpecLike): boolean {
  if (spec.securityContext?.windowsOptions?.hostProcess === true) return true;
  return [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])].some(
    (c) => c.securityContext?.windowsOptions?.hostProcess === true,
  );
}

const WINDOWS_ROOT_USER = 'ContainerAdministrator';

export interface RunAsNonRootNote {
  container: string;
  /** The effective runAsUserName (container over pod), or null when the image's default user applies. */
  runAsUserName: string | null;
  /** True when the kubelet will refuse the container (ContainerAdministrator named explicitly). */
  refused: boolean;
  /** No runAsUserName, and the image is a Windows Server Core based one, whose default user is ContainerAdministrator. */
  imageDefaultsToAdministrator: boolean;
  image?: string;
}

/** Server Core based images run as ContainerAdministrator by default (one rule with lint: src/k8s/windows-image.ts). */
export const imageDefaultsToAdministrator = defaultsToContainerAdministrator;

/**
 * For a Windows pod with runAsNonRoot=true (pod or container): each container's effective user.
 * kubernetes/kubernetes pkg/kubelet/kuberuntime/security_context_windows.go verifyRunAsNonRoot: a
 * runAsUserName equal (case-insensitively) to ContainerAdministrator fails with "container's
 * runAsUserName (ContainerAdministrator) which will be regarded as root identity and will break
 * non-root policy"; with none, the image's default user decides (servercore: ContainerAdministrator,
 * nanoserver: ContainerUser).
 */
export function runAsNonRootNotes(spec: PodSpecLike): RunAsNonRootNote[] {
  const podNonRoot = spec.securityContext?.runAsNonRoot;
  const podUser = spec.securityContext?.windowsOptions?.runAsUserName ?? null;
  const out: RunAsNonRootNote[] = [];
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
    const nonRoot = c.securityContext?.runAsNonRoot ?? podNonRoot;
    if (nonRoot !== true) continue;
    const user = c.securityContext?.windowsOptions?.runAsUserName ?? podUser;
    out.push({
      container: c.name,
      runAsUserName: user,
      refused: user !== null && user.toLowerCase() === WINDOWS_ROOT_USER.toLowerCase(),
      imageDefaultsToAdministrator: user === null && imageDefaultsToAdministrator(c.image),
      ...(c.image ? {image: c.image} : {}),
    });
  }
  return out;
}
