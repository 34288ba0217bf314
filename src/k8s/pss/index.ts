// Pod Security Standards, evaluated as kubernetes/pod-security-admission does.
export * from './api.js';
export * from './registry.js';
export type {Check, CheckResult, PodMeta, PodSpecLike, VersionedCheck} from './types.js';
export {DEFAULT_CHECKS} from './checks.js';
