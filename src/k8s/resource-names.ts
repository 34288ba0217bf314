// Resource names as kube-apiserver classifies and validates them:
// kubernetes/kubernetes pkg/apis/core/helper/helpers.go (IsStandardResourceName,
// IsStandardContainerResourceName, IsNativeResource, IsExtendedResourceName, IsHugePageResourceName,
// IsIntegerResourceName, IsOvercommitAllowed), as of v1.34.3 (the same to v1.37.2); qualified names
// through name-validation.ts, worded per minor.
import {isQualifiedName} from './name-validation.js';

/**
 * From v1.35 the apiserver's IsQualifiedName is content.IsLabelKey (k8s.io/apimachinery v0.35.4
 * pkg/api/validate/content/kube.go): "a valid label key ..." and lengths in bytes.
 */
const LABEL_KEY_WORDING_MINOR = 35;

/** validateResourceName's IsQualifiedName as the apiserver of `minor` words it. */
export function resourceQualifiedName(value: string, minor: number): string[] {
  return isQualifiedName(value, minor >= LABEL_KEY_WORDING_MINOR);
}

const HUGEPAGES_PREFIX = 'hugepages-';
const REQUESTS_HUGEPAGES_PREFIX = 'requests.hugepages-';
const DEFAULT_NAMESPACE_PREFIX = 'kubernetes.io/';
const REQUESTS_PREFIX = 'requests.';

const STANDARD_CONTAINER = new Set(['cpu', 'memory', 'ephemeral-storage']);
const STANDARD = new Set([
  'cpu',
  'memory',
  'ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'pods',
  'resourcequotas',
  'services',
  'replicationcontrollers',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
  'storage',
  'requests.storage',
  'services.nodeports',
  'services.loadbalancers',
]);
const INTEGER = new Set([
  'pods',
  'resourcequotas',
  'services',
  'replicationcontrollers',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
  'services.nodeports',
  'services.loadbalancers',
]);

export const isHugePages = (name: string): boolean => name.startsWith(HUGEPAGES_PREFIX);
export const isNativeResource = (name: string): boolean => !name.includes('/') || name.includes(DEFAULT_NAMESPACE_PREFIX);
export const isOvercommitAllowed = (name: string): boolean => isNativeResource(name) && !isHugePages(name);
export const isStandardResourceName = (name: string): boolean => STANDARD.has(name) || isHugePages(name) || name.startsWith(REQUESTS_HUGEPAGES_PREFIX);
export const isStandardContainerResourceName = (name: string): boolean => STANDARD_CONTAINER.has(name) || isHugePages(name);

export function isExtendedResourceName(name: string): boolean {
  if (isNativeResource(name) || name.startsWith(REQUESTS_PREFIX)) return false;
  return isQualifiedName(`${REQUESTS_PREFIX}${name}`).length === 0;
}

export const isIntegerResourceName = (name: string): boolean => INTEGER.has(name) || isExtendedResourceName(name);
