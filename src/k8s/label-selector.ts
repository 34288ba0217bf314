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

/**
 * A `-l` selector string (kubectl's syntax: `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`,
 * `!a`, comma-separated) as the LabelSelector it means, so one matcher serves both. `a!=b` is
 * NotIn: a missing key satisfies it (labels/selector.go). Undefined when the string is malformed.
 */
export function parseLabelSelector(text: string): LabelSelector | undefined {
  const matchExpressions: LabelSelectorRequirement[] = [];
  for (const term of splitTerms(text)) {
    let m: RegExpMatchArray | null;
    if ((m = term.match(/^!\s*([^\s!=(),]+)$/))) matchExpressions.push({key: m[1], operator: 'DoesNotExist'});
    else if ((m = term.match(/^([^\s!=(),]+)\s*(==|=|!=)\s*([^\s!=(),]*)$/))) {
      matchExpressions.push({key: m[1], operator: m[2] === '!=' ? 'NotIn' : 'In', values: [m[3]]});
    } else if ((m = term.match(/^([^\s!=(),]+)\s+(in|notin)\s*\(([^()]*)\)$/))) {
      matchExpressions.push({key: m[1], operator: m[2] === 'in' ? 'In' : 'NotIn', values: m[3].split(',').map((v) => v.trim())});
    } else if ((m = term.match(/^([^\s!=(),]+)$/))) matchExpressions.push({key: m[1], operator: 'Exists'});
    else return undefined;
  }
  return {matchExpressions};
}

function splitTerms(text: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      terms.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim() !== '') terms.push(cur.trim());
  return terms;
}
