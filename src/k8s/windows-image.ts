// The Windows build an image is made for, from its tag (ltsc2019, 1809, 20H2, 10.0.17763...), and
// whether a node's build can run it under process isolation, the only isolation Kubernetes uses on
// Windows. Microsoft Learn virtualization/windowscontainers/deploy-containers/version-compatibility:
// the host and image builds must match, except that Windows Server 2025 hosts also run Windows
// Server 2022 images.
import {releaseForBuild} from './windows-builds.js';
import {hostRunsImage} from './windows-compat.js';

const LTSC: Record<string, number> = {ltsc2016: 14393, ltsc2019: 17763, ltsc2022: 20348, ltsc2025: 26100};
const SAC: Record<string, number> = {'1607': 14393, '1809': 17763, '1903': 18362, '1909': 18363, '2004': 19041, '20h2': 19042, '21h2': 20348, '24h2': 26100};

/** The tag of an image reference: after the last ':' of the last path segment, without a digest. */
export function imageTag(image: string): string {
  const noDigest = image.split('@')[0];
  const last = noDigest.slice(noDigest.lastIndexOf('/') + 1);
  const i = last.lastIndexOf(':');
  return i >= 0 ? last.slice(i + 1) : '';
}

/** An image family that exists only for Windows, and where that is stated. */
interface WindowsImageFamily {
  /** Matched against the reference without its digest (repository and tag). */
  pattern: RegExp;
  what: string;
  source: string;
}

const BASE_IMAGES = 'Microsoft Learn virtualization/windowscontainers/manage-containers/container-base-images';

// The documented list of Windows-only images. A repository here has no Linux image in its manifest
// lists; a tag token here (servercore, nanoserver) names a Windows base image inside a multi-OS
// repository (mcr.microsoft.com/powershell:lts-nanoserver-ltsc2022, dotnet/aspnet:8.0-nanoserver-ltsc2022).
// Windows build tags (ltsc2022, 10.0.17763) are read by imageWindowsBuild below.
export const WINDOWS_ONLY_IMAGES: readonly WindowsImageFamily[] = [
  {pattern: /(^|\/)windows(\/|:|$)/i, what: 'a Windows base image (mcr.microsoft.com/windows/servercore, nanoserver, server, windows)', source: BASE_IMAGES},
  {pattern: /servercore|nanoserver/i, what: 'a Windows Server Core or Nano Server based image', source: BASE_IMAGES},
  {
    pattern: /(^|\/)dotnet\/framework(\/|:|$)|(^|\/)microsoft\/(dotnet-framework|aspnet|wcf)(:|$)/i,
    what: 'a .NET Framework image (Windows Server Core based)',
    source: 'microsoft/dotnet-framework-docker README.md',
  },
  {pattern: /(^|\/)microsoft\/iis(:|$)/i, what: 'the IIS image (Windows Server Core based)', source: 'microsoft/iis-docker README.md'},
  {
    pattern: /(^|\/)windows-host-process-containers-base-image(:|$)/i,
    what: 'the HostProcess container base image',
    source: 'microsoft/windows-host-process-containers-base-image README.md',
  },
];

/** The Windows-only family the image reference belongs to, if any. */
export function windowsImageFamily(image: string): WindowsImageFamily | undefined {
  const ref = image.split('@')[0];
  return WINDOWS_ONLY_IMAGES.find((f) => f.pattern.test(ref));
}

// Server Core based images (servercore, the full server and windows images, .NET Framework, IIS) run
// as ContainerAdministrator unless told otherwise; Nano Server based ones as ContainerUser
// (container-base-images, "Base image differences").
const SERVER_CORE_BASED =
  /servercore|(^|\/)windows\/(server|windows)(:|$)|(^|\/)windows(:|$)|(^|\/)dotnet\/framework(\/|:|$)|(^|\/)microsoft\/(iis|dotnet-framework|aspnet|wcf)(:|$)/i;

/** Whether the image's default user is ContainerAdministrator (a Server Core based image, not Nano Server). */
export function defaultsToContainerAdministrator(image: string | undefined): boolean {
  if (!image) return false;
  const ref = image.split('@')[0];
  return !/nanoserver/i.test(ref) && SERVER_CORE_BASED.test(ref);
}

/** Whether the image reference itself says Windows (see WINDOWS_ONLY_IMAGES). */
export function namesWindows(image: string): boolean {
  return windowsImageFamily(image) !== undefined;
}

/** The Windows build the image targets, or undefined when the reference does not say. */
export function imageWindowsBuild(image: string | undefined): number | undefined {
  if (!image) return undefined;
  const tag = imageTag(image).toLowerCase();
  if (tag === '') return undefined;
  const full = /(?:^|[-_.])10\.0\.(\d{5})(?:$|[-_.])/.exec(tag);
  if (full) return Number(full[1]);
  const tokens = tag.split(/[-_]/);
  for (const t of tokens) if (t in LTSC) return LTSC[t];
  // Bare SAC versions (1809, 20h2) are ordinary numbers too: trust them only on Windows images.
  if (namesWindows(image)) for (const t of tokens) if (t in SAC) return SAC[t];
  return undefined;
}

/** Whether a node of `hostBuild` runs an image built for `imageBuild` under process isolation. */
export function runsUnderProcessIsolation(hostBuild: number, imageBuild: number): boolean {
  return hostRunsImage(hostBuild, imageBuild, 'process');
}

/** "LTSC 2019 (10.0.17763)" or "10.0.12345". */
export function describeBuild(build: number): string {
  const r = releaseForBuild(build);
  return r ? `${r.name} (10.0.${build})` : `10.0.${build}`;
}
