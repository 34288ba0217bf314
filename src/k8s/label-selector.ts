// metav1.LabelSelector evaluation, as the apiserver does it for aggregated ClusterRoles and for
// admission webhooks' namespaceSelector/objectSelector.
// kubernetes/kubernetes staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/helpers.go LabelSelectorAsSelector
// and staging/src/k8s.io/apimachinery/pkg/labels/selector.go (Requirement.Matches).

export interface LabelSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

/**
 * True when `labels` satisfy `selector`. A null/undefined selector matches nothing (LabelSelectorAsSelector
 * returns labels.Nothing()); an empty selector `{}` matches everything. An invalid operator matches
 * nothing (the apiserver rejects such objects, so this is only reached with hand-written manifests).
 */
export function matchesLabelSelector(selector: LabelSelector | null | undefined, labels: Record<string, string> | undefined): boolean {
  if (selector === null || selector === undefined) return false;
  const l = labels ?? {};
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) {
    if (!(k in l) || l[k] !== v) return false;
  }
  for (const r of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    const values = r.values ?? [];
    switch (r.operator) {
      case 'In':
        if (!has || !values.includes(l[r.key])) return false;
        break;
      case 'NotIn':
        // A missing key satisfies NotIn (labels/selector.go: `if !ls.Has(r.key) { return true }`).
        if (has && values.includes(l[r.key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}
