// Windows Server builds and their release names, as Windows nodes report them: the kubelet sets the
// label `node.kubernetes.io/windows-build` to "major.minor.build" (kubernetes/kubernetes
// pkg/kubelet/nodestatus/setters.go + pkg/kubelet/winstats/version.go, GetOSInfo), and
// status.nodeInfo.kernelVersion to "major.minor.build.revision". The names follow Microsoft's
// Windows Server release information and kubernetes/website
// `concepts/windows/intro.md` ("Windows OS version compatibility").

type WindowsChannel = 'LTSC' | 'SAC' | 'Annual';

interface WindowsRelease {
  /** The build number, the third part of 10.0.BUILD. */
  build: number;
  /** Short name, e.g. "LTSC 2022", "SAC 20H2". */
  name: string;
  /** Marketing name, e.g. "Windows Server 2022". */
  product: string;
  /** Marketing version (SAC) or year. */
  version: string;
  channel: WindowsChannel;
  /** Whether a current Kubernetes release still supports this version as a node OS. */
  supported: boolean;
}

export const WINDOWS_RELEASES: readonly WindowsRelease[] = [
  {build: 14393, name: 'LTSC 2016', product: 'Windows Server 2016', version: '1607', channel: 'LTSC', supported: false},
  {build: 17763, name: 'LTSC 2019', product: 'Windows Server 2019', version: '1809', channel: 'LTSC', supported: true},
  {build: 18362, name: 'SAC 1903', product: 'Windows Server, version 1903', version: '1903', channel: 'SAC', supported: false},
  {build: 18363, name: 'SAC 1909', product: 'Windows Server, version 1909', version: '1909', channel: 'SAC', supported: false},
  {build: 19041, name: 'SAC 2004', product: 'Windows Server, version 2004', version: '2004', channel: 'SAC', supported: false},
  {build: 19042, name: 'SAC 20H2', product: 'Windows Server, version 20H2', version: '20H2', channel: 'SAC', supported: false},
  {build: 20348, name: 'LTSC 2022', product: 'Windows Server 2022', version: '21H2', channel: 'LTSC', supported: true},
  // Annual Channel (Microsoft's Windows Server release information); AKS offers it as a Windows node OS.
  {build: 25398, name: 'Annual 23H2', product: 'Windows Server, version 23H2', version: '23H2', channel: 'Annual', supported: false},
  {build: 26100, name: 'LTSC 2025', product: 'Windows Server 2025', version: '24H2', channel: 'LTSC', supported: true},
];

interface WindowsVersion {
  major: number;
  minor: number;
  build: number;
  /** The update revision (UBR), when known (kernelVersion carries it, the label does not). */
  revision?: number;
}

/** Parses "10.0.17763", "10.0.17763.5329" or "10.0.17763.5329 (WinBuild...)"; undefined if not a Windows version. */
export function parseWindowsVersion(text: string | undefined | null): WindowsVersion | undefined {
  const m = /^\s*(\d+)\.(\d+)\.(\d+)(?:\.(\d+))?/.exec(text ?? '');
  if (!m) return undefined;
  const v: WindowsVersion = {major: Number(m[1]), minor: Number(m[2]), build: Number(m[3])};
  if (m[4] !== undefined) v.revision = Number(m[4]);
  // Windows 10 / Server 2016+ all report 10.0; a Linux kernel "5.15.0" would parse, so require it.
  return v.major === 10 && v.minor === 0 && v.build >= 10000 ? v : undefined;
}

export function formatWindowsVersion(v: WindowsVersion): string {
  return `${v.major}.${v.minor}.${v.build}${v.revision !== undefined ? `.${v.revision}` : ''}`;
}

/** The release of a build number, or undefined for a build not in the table (an Insider or client build). */
export function releaseForBuild(build: number): WindowsRelease | undefined {
  return WINDOWS_RELEASES.find((r) => r.build === build);
}

/** The release from the text an image or node carries: a version ("10.0.20348.1") or an osImage name. */
export function releaseFor(text: string | undefined | null): WindowsRelease | undefined {
  const v = parseWindowsVersion(text);
  if (v) return releaseForBuild(v.build);
  const t = (text ?? '').toLowerCase();
  // osImage: "Windows Server 2019 Datacenter", "Windows Server 2022 Datacenter", "Windows Server Datacenter" (SAC: no year).
  for (const year of ['2016', '2019', '2022', '2025']) {
    if (t.includes(`windows server ${year}`)) return WINDOWS_RELEASES.find((r) => r.product === `Windows Server ${year}`);
  }
  return undefined;
}

/** The label the kubelet sets on Windows nodes: value "10.0.BUILD". */
export const WINDOWS_BUILD_LABEL = 'node.kubernetes.io/windows-build';
