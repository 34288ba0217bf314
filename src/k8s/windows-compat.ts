// Which Windows Server host builds run which container image builds, per isolation mode, exactly as
// Microsoft's "Windows container version compatibility" page tables them (MicrosoftDocs/
// Virtualization-Documentation virtualization/windowscontainers/deploy-containers/version-compatibility.md,
// "Windows Server host OS compatibility", ms.date 01/23/2025):
//
//   host 2025: image 2025 process+Hyper-V; 2022 process+Hyper-V; 2019, 2016 Hyper-V only
//   host 2022: image 2022 process+Hyper-V; 2019, 2016 Hyper-V only
//   host 2019: image 2022 neither; 2019 process+Hyper-V; 2016 Hyper-V only
//   host 2016: image 2016 only
//
// and in words for every other pair (the page's "Build number" section and its earlier editions'
// tables for the SAC releases): process isolation needs the same build; Hyper-V isolation runs an
// image of the host's build or an older one, never a newer one. The page's own text ("with the
// exception of WS2022 + Windows 11, ... blocked when the build number ... is different") predates
// its 2025 table; the table is what is followed here.
import {releaseForBuild} from './windows-builds.js';

export type Isolation = 'process' | 'hyperv';

/** Process isolation across builds, beyond the same build: the 2025 table's one exception. */
const PROCESS_ACROSS_BUILDS: ReadonlyArray<{host: number; image: number}> = [{host: 26100, image: 20348}];

/** Whether a host of `hostBuild` runs a container image of `imageBuild` under `isolation`. */
export function hostRunsImage(hostBuild: number, imageBuild: number, isolation: Isolation): boolean {
  if (hostBuild === imageBuild) return true;
  if (isolation === 'hyperv') return imageBuild < hostBuild;
  return PROCESS_ACROSS_BUILDS.some((p) => p.host === hostBuild && p.image === imageBuild);
}

/** What `--to` names: a release name (2019, 2022, 23H2, 2025) or a build ("26100", "10.0.26100"). */
const TARGETS: Record<string, number> = {'2019': 17763, '2022': 20348, '23h2': 25398, '2025': 26100};

/** The build `--to` names, or undefined when it names none this tool knows. */
export function parseTargetBuild(text: string): number | undefined {
  const t = text.trim().toLowerCase();
  if (t in TARGETS) return TARGETS[t];
  const m = /^(?:10\.0\.)?(\d{5})$/.exec(t);
  if (!m) return undefined;
  const build = Number(m[1]);
  return releaseForBuild(build) ? build : undefined;
}

/** The release names `--to` accepts (completion offers them). */
export const TARGET_NAMES = ['2019', '2022', '23H2', '2025'] as const;

/** The words `--to` accepts, for its help and its error. */
export const TARGET_WORDS = [...TARGET_NAMES, 'BUILD (e.g. 10.0.26100)'];

/** The tag token of Microsoft's base images for a build (servercore:ltsc2025), when it has one. */
const LTSC_TAG: Record<number, string> = {17763: 'ltsc2019', 20348: 'ltsc2022', 26100: 'ltsc2025'};
const TAG_TOKENS = /(^|[-_.])(ltsc20(?:16|19|22|25)|1809|20h2)(?=$|[-_.])/i;

/** The image reference with its Windows build tag token replaced by the target's (ltsc2019 -> ltsc2025); undefined when either has none. */
export function retaggedImage(image: string, targetBuild: number): string | undefined {
  const token = LTSC_TAG[targetBuild];
  if (!token || image.includes('@')) return undefined;
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  if (colon <= slash) return undefined;
  const tag = image.slice(colon + 1);
  if (!TAG_TOKENS.test(tag)) return undefined;
  return `${image.slice(0, colon + 1)}${tag.replace(TAG_TOKENS, (_m, sep: string) => `${sep}${token}`)}`;
}
