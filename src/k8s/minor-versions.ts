// The Kubernetes minors kubectl-win knows, in one place, so `latest` and every range mean the same
// for every analysis and command (the --k8s-version parser is src/cli/k8s-version.ts).

/** The minors the test suite runs against a real kube-apiserver. A live server outside is said out loud. */
export const TESTED_MINORS = {oldest: 34, newest: 37} as const;

/**
 * What `latest` means everywhere: the newest minor whose rules are confirmed in every analysis, by
 * the differential suites against a real kube-apiserver of that minor (harness/minors.ts).
 */
export const LATEST_MINOR = 37;

export interface MinorRange {
  oldest: number;
  newest: number;
}

/**
 * The analyses whose rules follow a Kubernetes minor, and the minors each implements. A unit test
 * holds these to the analyses' own constants (OLDEST_SUPPORTED_MINOR, the PSS evaluator's newest).
 * - qos: kubernetes/kubernetes pkg/apis/core/helper/qos/qos.go, from v1.20 (src/k8s/qos.ts).
 * - psp: Pod Security policy versions back to v1.0, as PSA accepts them in `enforce-version` labels
 *   (kubernetes/pod-security-admission api/helpers.go ParseVersion).
 * - lint: kube-apiserver's validation and decoding messages, v1.34 to v1.37, each proven by the lint
 *   differential suites against that release (src/k8s/lint-minor.ts).
 */
export const VERSIONED_ANALYSES = {
  qos: {oldest: 20, newest: 37},
  lint: {oldest: 34, newest: 37},
  psp: {oldest: 0, newest: 37},
} as const satisfies Record<string, MinorRange>;

export type VersionedAnalysis = keyof typeof VERSIONED_ANALYSES;

export function isVersioned(name: string): name is VersionedAnalysis {
  return Object.hasOwn(VERSIONED_ANALYSES, name);
}

/** The minor in range nearest to `minor`: the rules an analysis uses for a server it does not know. */
export function nearestKnown(minor: number, range: MinorRange): number {
  return Math.min(range.newest, Math.max(range.oldest, minor));
}
