// The Kubernetes releases the differential suites run against, one per supported minor, and which of
// them a run uses (KUBECTL_WIN_MINORS). Each is built once by tools/k8s/build.sh (v1.34.3 is the full
// control plane's own build; the others have a module in tools/k8s/minors/, made by new-minor.sh).
import {TESTED_MINORS} from '../src/k8s/minor-versions.js';

/** The release served for each supported minor (the newest patch when each module was made). */
export const SERVED_RELEASES: Readonly<Record<number, string>> = {34: 'v1.34.3', 35: 'v1.35.4', 36: 'v1.36.3', 37: 'v1.37.2'};

/** What `npm test` covers: the oldest and the newest; `npm run test:minors` runs the middle two. */
export const DEFAULT_MINORS = [TESTED_MINORS.oldest, TESTED_MINORS.newest];

/**
 * The minors this run checks: KUBECTL_WIN_MINORS="34,37" (or "all"), else DEFAULT_MINORS. A minor
 * without a served release is a setup error, said at once rather than skipped.
 */
export function minorsUnderTest(env: string | undefined = process.env.KUBECTL_WIN_MINORS): number[] {
  if (env === undefined || env.trim() === '') return DEFAULT_MINORS;
  if (env.trim() === 'all') return Object.keys(SERVED_RELEASES).map(Number);
  const minors = env.split(',').map((s) => s.trim().replace(/^v?1\./, ''));
  return minors.map((m) => {
    const n = Number(m);
    if (!/^\d+$/.test(m) || SERVED_RELEASES[n] === undefined) {
      throw new Error(`KUBECTL_WIN_MINORS: ${JSON.stringify(m)} is not a served minor (${Object.keys(SERVED_RELEASES).join(', ')}, or all)`);
    }
    return n;
  });
}
