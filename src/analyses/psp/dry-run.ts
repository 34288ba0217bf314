// The server-side dry run (live only): label the namespace with --dry-run=server and compare PSA's
// own warnings for the pods in it (not templates) with what this tool predicts.
import {compareLevels, levelVersionString, sameVersion, type LevelVersion, type Policy, type Version} from '../../k8s/pss/api.js';
import {finding} from '../../report/finding.js';
import type {Finding, Skipped} from '../../report/types.js';
import type {Capabilities} from '../../k8s/snapshot.js';
import {labelCommand} from './labels.js';
import {byCodeUnit} from '../../util/text-order.js';

export interface DryRunResult {
  labels: Record<string, string>;
  /** PSA's warnings, as the apiserver returned them. */
  warnings: string[];
  /** What this tool expected PSA to say (the same format). */
  expected: string[];
  agrees: boolean;
  /** PSA said the namespace is exempt (PodSecurityConfiguration exemptions.namespaces): nothing is enforced there. */
  exempt?: boolean;
}

/** Each Pod's ForbiddenReason at baseline and restricted. */
export interface PodReason {
  name: string;
  baseline: string;
  restricted: string;
}

/** PSA's dry-run warnings for pods (not templates), as admission.EvaluatePodsInNamespace words them. */
export function expectedDryRunWarnings(ns: string, lv: LevelVersion, pods: {name: string; reason: string}[]): string[] {
  const counts = new Map<string, {name: string; count: number}>();
  const order: string[] = [];
  for (const p of pods) {
    if (p.reason === '') continue;
    const c = counts.get(p.reason);
    if (!c) {
      counts.set(p.reason, {name: p.name, count: 1});
      order.push(p.reason);
    } else {
      c.count++;
      if (p.name < c.name) c.name = p.name;
    }
  }
  if (order.length === 0) return [];
  const decorated = order.map((w) => {
    const c = counts.get(w)!;
    return c.count === 1 ? `${c.name}: ${w}` : c.count === 2 ? `${c.name} (and 1 other pod): ${w}` : `${c.name} (and ${c.count - 1} other pods): ${w}`;
  });
  decorated.sort(byCodeUnit);
  return [`existing pods in namespace ${JSON.stringify(ns)} violate the new PodSecurity enforce level ${JSON.stringify(levelVersionString(lv))}`, ...decorated];
}

interface DryRunInput {
  ns: string;
  enforce: Policy['enforce'];
  version: Version;
  versionText: string;
  podReasons: PodReason[];
  /** -l was given: the pods read are a subset, so the warnings cannot be compared. */
  selector?: string;
  caps: Required<Pick<Capabilities, 'dryRunLabelNamespace'>>;
}

/** The dry run at baseline and restricted: its results, and a finding or a skipped entry where it disagrees or fails. */
export async function dryRunNamespace(input: DryRunInput, findings: Finding[], skipped: Skipped[]): Promise<DryRunResult[]> {
  const results: DryRunResult[] = [];
  const {ns, enforce, version, versionText} = input;
  for (const level of ['baseline', 'restricted'] as const) {
    const lv = {level, version};
    const labels = {'pod-security.kubernetes.io/enforce': level, 'pod-security.kubernetes.io/enforce-version': versionText};
    // PSA checks no pods when the enforce policy is unchanged, or relaxed at the same version.
    if (sameVersion(enforce.version, version) && compareLevels(level, enforce.level) < 1) continue;
    try {
      const warnings = await input.caps.dryRunLabelNamespace(ns, labels);
      const expected = expectedDryRunWarnings(
        ns,
        lv,
        input.podReasons.map((p) => ({name: p.name, reason: p[level]})),
      );
      const psaPart = warnings.filter((w) => !w.startsWith('new PodSecurity enforce level only checked'));
      // An exemption in the cluster's PodSecurityConfiguration (not readable through the API) shows here only.
      const exempt = warnings.some((w) => /^namespace ".*" is exempt from Pod Security, and the policy \(.*\) will be ignored$/.test(w));
      const agrees = input.selector || exempt ? true : JSON.stringify(psaPart) === JSON.stringify(expected);
      results.push({labels, warnings, expected, agrees, ...(exempt ? {exempt} : {})});
      if (!agrees) {
        findings.push(
          finding('psp/server-dry-run-differs', {
            object: {kind: 'Namespace', name: ns},
            field: 'metadata.labels',
            message: `PSA's dry run of ${levelVersionString(lv)} says: ${psaPart.join(' | ') || '(no warnings)'}; expected: ${expected.join(' | ') || '(no warnings)'}`,
            remedy: {text: 'PSA is the judge: please report the difference.', command: labelCommand(ns, labels, true)},
          }),
        );
      }
    } catch (err) {
      skipped.push({check: 'psp/server-dry-run', reason: `namespace "${ns}": ${(err as Error).message}`});
    }
  }
  return results;
}
