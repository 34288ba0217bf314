// Checks two analyses both report (doctor shows the first of each pair once), and the findings
// without those repeats: for the whole list (-o json, wide) and one finding at a time (the summary).
import type {Finding} from '../../report/types.js';

/**
 * Checks of two analyses that report the same rule on the same object. Each command alone needs its
 * own; doctor shows the first of a pair once (the second is left out when the first is on the same
 * object and, for `field` pairs, the same field; `object` pairs name different fields for one fix,
 * such as spec.os and spec.os.name). Each analysis's row in `items` counts only the one listed.
 */
export const SAME_RULE: ReadonlyArray<readonly [kept: string, dropped: string, on: 'field' | 'object']> = [
  ['lint/gmsa-credential-spec-name-invalid', 'gmsa/credspec-name-invalid', 'field'],
  ['lint/windows-pod-resources', 'qos/windows-pod-level-resources', 'field'],
  // Both ask for spec.os.name: windows on a pod that is a Windows pod by src/k8s/windows-pod.ts.
  ['lint/os-name-missing', 'psp/windows-missing-os', 'object'],
  // Both are the Windows kubelet refusing ContainerAdministrator under runAsNonRoot.
  ['lint/run-as-non-root-administrator', 'psp/windows-run-as-non-root', 'object'],
  // A manifest the apiserver rejects: lint's error, not again qos's (several lint rules, one qos check).
  ['lint/undecodable', 'qos/undecodable', 'field'],
  ['lint/undecodable', 'qos/invalid-quantity', 'field'],
  ['lint/resource-name-invalid', 'qos/invalid-resources', 'field'],
  ['lint/resource-quantity-invalid', 'qos/invalid-resources', 'field'],
  ['lint/resource-requests-limits', 'qos/invalid-resources', 'field'],
  ['lint/hugepages-without-cpu-memory', 'qos/invalid-resources', 'field'],
  ['lint/pod-resources-invalid', 'qos/invalid-resources', 'field'],
];

/** The findings without the second of each SAME_RULE pair where the first is there. */
export function withoutRepeats(findings: Finding[]): Finding[] {
  const repeats = new Repeats();
  for (const f of findings) repeats.see(f);
  return findings.filter((f) => !repeats.isRepeat(f));
}

type On = 'field' | 'object';

const at = (id: string, f: Finding, on: On) =>
  `${id}\u0000${f.object?.kind}\u0000${f.object?.namespace}\u0000${f.object?.name}${on === 'field' ? `\u0000${f.field}` : ''}`;

// One dropped check may repeat several kept ones (qos/invalid-resources: each lint resource rule).
const DROPPED = new Map<string, Array<{k: string; on: On}>>();
for (const [k, d, on] of SAME_RULE) DROPPED.set(d, [...(DROPPED.get(d) ?? []), {k, on}]);
const KEPT = new Map(SAME_RULE.map(([k, , on]) => [k, on]));

/**
 * The kept side of each SAME_RULE pair, seen one finding at a time; whether a finding repeats one is
 * known once every finding was seen (a kept one may come after the one it repeats).
 */
export class Repeats {
  private readonly kept = new Set<string>();

  see(f: Finding): void {
    const on = KEPT.get(f.id);
    if (on) this.kept.add(at(f.id, f, on));
  }

  /** The kept findings of another run too (doctor's analyses each see their own). */
  merge(other: Repeats): void {
    for (const k of other.kept) this.kept.add(k);
  }

  /** A finding whose check is the dropped side of a pair: it may turn out to repeat another. */
  static mayRepeat(f: Finding): boolean {
    return DROPPED.has(f.id);
  }

  isRepeat(f: Finding): boolean {
    const keepers = DROPPED.get(f.id);
    return keepers !== undefined && keepers.some(({k, on}) => this.kept.has(at(k, f, on)));
  }
}
