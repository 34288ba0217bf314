// Whether one PolicyRule allows a request.
// kubernetes/kubernetes pkg/apis/rbac/v1/evaluation_helpers.go (VerbMatches, APIGroupMatches,
// ResourceMatches, ResourceNameMatches, NonResourceURLMatches) and
// plugin/pkg/auth/authorizer/rbac/rbac.go (RuleAllows).
import type {PolicyRule, RequestAttributes} from './types.js';

const VERB_ALL = '*';
const API_GROUP_ALL = '*';
const RESOURCE_ALL = '*';
const NON_RESOURCE_ALL = '*';

export function verbMatches(rule: PolicyRule, verb: string): boolean {
  return (rule.verbs ?? []).some((v) => v === VERB_ALL || v === verb);
}

export function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  return (rule.apiGroups ?? []).some((g) => g === API_GROUP_ALL || g === group);
}

/** `*`, the exact `resource` or `resource/subresource`, or `*\/subresource`. */
export function resourceMatches(rule: PolicyRule, combinedResource: string, subresource: string): boolean {
  for (const r of rule.resources ?? []) {
    if (r === RESOURCE_ALL) return true;
    if (r === combinedResource) return true;
    if (subresource.length === 0) continue;
    if (r.length === subresource.length + 2 && r.startsWith('*/') && r.endsWith(subresource)) return true;
  }
  return false;
}

/** Empty resourceNames means any name; otherwise an exact, case-sensitive match. */
export function resourceNameMatches(rule: PolicyRule, name: string): boolean {
  const names = rule.resourceNames ?? [];
  if (names.length === 0) return true;
  return names.includes(name);
}

export function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  for (const u of rule.nonResourceURLs ?? []) {
    if (u === NON_RESOURCE_ALL) return true;
    if (u === path) return true;
    // strings.TrimRight(ruleURL, "*"): every trailing star goes.
    if (u.endsWith('*') && path.startsWith(u.replace(/\*+$/, ''))) return true;
  }
  return false;
}

export function ruleAllows(attrs: RequestAttributes, rule: PolicyRule): boolean {
  if (attrs.resourceRequest) {
    const sub = attrs.subresource ?? '';
    const combined = sub.length > 0 ? `${attrs.resource}/${sub}` : attrs.resource;
    return (
      verbMatches(rule, attrs.verb) && apiGroupMatches(rule, attrs.group) && resourceMatches(rule, combined, sub) && resourceNameMatches(rule, attrs.name ?? '')
    );
  }
  return verbMatches(rule, attrs.verb) && nonResourceURLMatches(rule, attrs.path);
}
