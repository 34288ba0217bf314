// RBAC as kube-apiserver evaluates it, and the gMSA webhook's `use` question on top of it.
export * from './types.js';
export {ruleAllows, verbMatches, apiGroupMatches, resourceMatches, resourceNameMatches, nonResourceURLMatches} from './rules.js';
export {resolveClusterRoleRules} from './aggregation.js';
export {
  RbacAuthorizer,
  serviceAccountUsername,
  serviceAccountGroups,
  appliesTo,
  describeSubject,
  aggregateErrors,
  SYSTEM_MASTERS,
  type RbacObjects,
} from './authorizer.js';
export {
  gmsaUseReview,
  reviewAttributes,
  explainGmsaDenial,
  gmsaUseFixManifest,
  exactUseRole,
  gmsaUseBindingName,
  GMSA_GROUP,
  GMSA_RESOURCE,
  GMSA_REVIEW_VERSION,
  type DenialCause,
  type DenialKind,
  type RoleFix,
} from './gmsa-use.js';
