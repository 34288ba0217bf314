// The demo's loopback registry (`npm run demo`): the images examples/upgrade names, mirrored from
// Microsoft's registry under the same paths (mcr.microsoft.com/windows/servercore:ltsc2019 is
// 127.0.0.1:5425/windows/servercore:ltsc2019), pushed by crane as Docker manifest lists (the format MCR
// serves) whose windows/amd64 entry carries the os.version of the tag's build, so `upgrade-plan --registry`
// reads on the demo what it would read from MCR, with no network. The port is fixed because the example manifests name it;
// the e2e test (test/e2e/upgrade-plan-demo.test.ts) fills its own registry from the same list.
import type {PushPlatform} from './registry.js';

export const DEMO_REGISTRY = '127.0.0.1:5425';

const windows = (build: string): PushPlatform => ({os: 'windows', architecture: 'amd64', osVersion: `10.0.${build}`});

/**
 * Each mirrored image: its path and tag under the registry host, the image it mirrors, and its
 * platforms. servercore:ltsc2025 is the image the plan's fix for legacy-2019 names, so the fix, once
 * applied, reads from the registry too.
 */
export const DEMO_IMAGES: ReadonlyArray<{path: string; mirrorOf: string; platforms: PushPlatform[]}> = [
  {path: 'windows/servercore:ltsc2019', mirrorOf: 'mcr.microsoft.com/windows/servercore:ltsc2019', platforms: [windows('17763.6893')]},
  {
    path: 'windows/servercore/iis:windowsservercore-ltsc2022',
    mirrorOf: 'mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022',
    platforms: [windows('20348.3207')],
  },
  {path: 'windows/nanoserver:ltsc2022', mirrorOf: 'mcr.microsoft.com/windows/nanoserver:ltsc2022', platforms: [windows('20348.3207')]},
  {path: 'windows/servercore:ltsc2025', mirrorOf: 'mcr.microsoft.com/windows/servercore:ltsc2025', platforms: [windows('26100.2894')]},
];

/** Pushes every demo image to `host` (the demo's registry, or a test's); resolves to the references pushed. */
export async function fillDemoRegistry(
  reg: {pushIndex(ref: string, platforms: PushPlatform[], opts?: {format?: 'docker' | 'oci'}): Promise<string>},
  host: string,
): Promise<string[]> {
  const refs: string[] = [];
  for (const image of DEMO_IMAGES) {
    const ref = `${host}/${image.path}`;
    await reg.pushIndex(ref, image.platforms, {format: 'docker'});
    refs.push(ref);
  }
  return refs;
}

/** The demo's `upgrade-plan` command line with the registry, as the demo prints it for pasting. */
export function demoRegistryPlanArgs(caFile: string): string[] {
  return ['upgrade-plan', '--to', '2025', '-n', 'upgrade', '--registry', '--registry-ca', caFile];
}
