// Versions as nodes report them: kubeletVersion "v1.29.4-eks-1", containerRuntimeVersion
// "containerd://1.7.13+azure-1", "docker://20.10.9", "cri-o://1.28.1".

interface SemVer {
  major: number;
  minor: number;
  patch: number;
}

export function parseSemver(text: string | undefined | null): SemVer | undefined {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec((text ?? '').trim());
  return m ? {major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3] ?? 0)} : undefined;
}

function atLeast(v: SemVer, major: number, minor: number): boolean {
  return v.major > major || (v.major === major && v.minor >= minor);
}

interface RuntimeVersion {
  /** containerd, docker, cri-o, ... */
  name: string;
  version: string;
  semver?: SemVer;
}

export function parseRuntime(text: string | undefined | null): RuntimeVersion | undefined {
  const t = (text ?? '').trim();
  if (t === '') return undefined;
  const i = t.indexOf('://');
  const name = i >= 0 ? t.slice(0, i) : t;
  const version = i >= 0 ? t.slice(i + 3) : '';
  return {name, version, semver: parseSemver(version)};
}

/**
 * HostProcess containers need containerd 1.6 or newer and kubelet 1.23 or newer (beta and on by
 * default from 1.23; GA in 1.26): kubernetes/website tasks/configure-pod-container/create-hostprocess-pod.md.
 */
export function hostProcessSupport(kubeletVersion: string | undefined, containerRuntimeVersion: string | undefined): {capable: boolean; reason: string} {
  const reasons: string[] = [];
  const kubelet = parseSemver(kubeletVersion);
  if (!kubelet) reasons.push(`kubelet version ${kubeletVersion ? `"${kubeletVersion}" ` : ''}unknown`);
  else if (!atLeast(kubelet, 1, 23)) reasons.push(`kubelet ${kubeletVersion} is older than 1.23`);
  const runtime = parseRuntime(containerRuntimeVersion);
  if (!runtime) reasons.push('container runtime unknown');
  else if (runtime.name !== 'containerd') reasons.push(`container runtime ${containerRuntimeVersion} is not containerd`);
  else if (!runtime.semver) reasons.push(`containerd version "${runtime.version}" unknown`);
  else if (!atLeast(runtime.semver, 1, 6)) reasons.push(`containerd ${runtime.version} is older than 1.6`);
  return reasons.length === 0
    ? {capable: true, reason: `kubelet ${kubeletVersion} >= 1.23 and containerd ${runtime!.version} >= 1.6`}
    : {capable: false, reason: reasons.join('; ')};
}
