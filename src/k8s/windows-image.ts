// The Windows build an image is made for, from its tag (ltsc2019, 1809, 20H2, 10.0.17763...), and
// whether a node's build can run it under process isolation, the only isolation Kubernetes uses on
// Windows. Microsoft Learn virtualization/windowscontainers/deploy-containers/version-compatibility:
// the host and image builds must match, except that Windows Server 2025 hosts also run Windows
// Server 2022 images.
import {releaseForBuild} from './windows-builds.js';

const LTSC: Record<string, number> = {ltsc2016: 14393, ltsc2019: 17763, ltsc2022: 20348, ltsc2025: 26100};
const SAC: Record<string, number> = {'1607': 14393, '1809': 17763, '1903': 18362, '1909': 18363, '2004': 19041, '20h2': 19042, '21h2': 20348, '24h2': 26100};

/** The tag of an image reference: after the last ':' of the last path segment, without a digest. */
export function imageTag(image: string): string {
  const noDigest = image.split('@')[0];
  const last = noDigest.slice(noDigest.lastIndexOf('/') + 1);
  const i = last.lastIndexOf(':');
  return i >= 0 ? last.slice(i + 1) : '';
}

const WINDOWS_NAME = /(^|\/)windows(\/|:|$)|servercore|nanoserver/i;

/** Whether the image reference itself says Windows (mcr.microsoft.com/windows/..., servercore, nanoserver). */
export function namesWindows(image: string): boolean {
  return WINDOWS_NAME.test(image.split('@')[0]);
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
  if (hostBuild === imageBuild) return true;
  return hostBuild === 26100 && imageBuild === 20348;
}

/** "LTSC 2019 (10.0.17763)" or "10.0.12345". */
export function describeBuild(build: number): string {
  const r = releaseForBuild(build);
  return r ? `${r.name} (10.0.${build})` : `10.0.${build}`;
}
