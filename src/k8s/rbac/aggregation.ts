// Aggregated ClusterRoles: the clusterrole-aggregation controller writes into `.rules` the union of
// the rules of every other ClusterRole matching any of `aggregationRule.clusterRoleSelectors`
// (sorted by name, duplicates dropped). Offline nobody runs the controller, so we do it ourselves.
// kubernetes/kubernetes pkg/controller/clusterroleaggregation/clusterroleaggregation_controller.go
import type {KubeObject} from '../object.js';
import {matchesLabelSelector, type LabelSelector} from '../label-selector.js';
import type {PolicyRule} from './types.js';

function sameRule(a: PolicyRule, b: PolicyRule): boolean {
  const eq = (x?: string[], y?: string[]) => JSON.stringify(x ?? []) === JSON.stringify(y ?? []);
  return (
    eq(a.verbs, b.verbs) &&
    eq(a.apiGroups, b.apiGroups) &&
    eq(a.resources, b.resources) &&
    eq(a.resourceNames, b.resourceNames) &&
    eq(a.nonResourceURLs, b.nonResourceURLs)
  );
}

/**
 * The effective rules of every ClusterRole, by name. An aggregated role gets the union of its
 * sources' rules; sources may themselves be aggregated, so we iterate to a fixpoint (the
 * controller reaches the same state by re-queueing roles as their sources change).
 */
export function resolveClusterRoleRules(clusterRoles: KubeObject[]): Map<string, PolicyRule[]> {
  const byName = new Map<string, KubeObject>();
  for (const cr of clusterRoles) if (cr.metadata?.name) byName.set(cr.metadata.name, cr);
  const rules = new Map<string, PolicyRule[]>();
  for (const [name, cr] of byName) rules.set(name, [...((cr.rules as PolicyRule[] | null) ?? [])]);
  const aggregated = [...byName.values()].filter((cr) => Array.isArray(cr.aggregationRule?.clusterRoleSelectors));
  const sorted = [...byName.values()].sort((a, b) => (a.metadata!.name! < b.metadata!.name! ? -1 : a.metadata!.name! > b.metadata!.name! ? 1 : 0));
  for (let round = 0; round <= aggregated.length; round++) {
    let changed = false;
    for (const cr of aggregated) {
      const name = cr.metadata!.name!;
      const union: PolicyRule[] = [];
      for (const sel of cr.aggregationRule.clusterRoleSelectors as LabelSelector[]) {
        for (const src of sorted) {
          if (src.metadata!.name === name) continue;
          if (!matchesLabelSelector(sel, src.metadata?.labels as Record<string, string> | undefined)) continue;
          for (const r of rules.get(src.metadata!.name!) ?? []) if (!union.some((u) => sameRule(u, r))) union.push(r);
        }
      }
      const before = rules.get(name) ?? [];
      if (before.length !== union.length || before.some((r, i) => !sameRule(r, union[i]))) {
        rules.set(name, union);
        changed = true;
      }
    }
    if (!changed) break;
  }
  return rules;
}
