// The apiserver's rule for RBAC object names: kubernetes/kubernetes pkg/apis/rbac/validation/validation.go
// ValidateRBACName -> apimachinery pkg/api/validation/path ValidatePathSegmentName (not "." or "..",
// no "/" or "%"), and a name is required (ValidateObjectMeta).

/** The apiserver's message for a ClusterRole name it would reject, or undefined when valid. */
export function validRbacName(name: string): string | undefined {
  if (name === '') return 'name or generateName is required';
  if (name === '.' || name === '..') return `may not be '${name}'`;
  for (const bad of ['/', '%']) if (name.includes(bad)) return `may not contain '${bad}'`;
  return undefined;
}
