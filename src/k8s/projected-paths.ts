// What every source of a projected volume shares in validateProjectionSources
// (kubernetes/kubernetes pkg/apis/core/validation/validation.go v1.37.2:1167): the paths the sources
// claim, the check each path gets, and the alpha `user` field (gate AtomicWriteVolumeUserFields).
import {invalid, type FieldError} from './field-error.js';
import type {TaggedFieldError} from './windows-security-context.js';

/** The errors of the projection's shared rules: a path two sources claim, two volume types in one source, a `user` out of range. */
export const PROJECTED_SOURCES_RULE = 'projected-sources';

const MAX_USER_ID = 2147483647;

export const tagged = (e: FieldError, rule: string): TaggedFieldError => ({...e, rule});

/** ValidateLocalNonReservedPath (validation.go v1.37.2:1510): relative, no `..` part, not starting with `..`. */
export function localNonReservedPath(p: string, path: string, rule: string): TaggedFieldError[] {
  const errs: TaggedFieldError[] = [];
  const value = {go: 'string' as const, value: p};
  if (p.startsWith('/')) errs.push(tagged(invalid(path, value, 'must be a relative path'), rule));
  if (p.split('/').includes('..')) errs.push(tagged(invalid(path, value, "must not contain '..'"), rule));
  if (p.startsWith('..') && !p.startsWith('../')) errs.push(tagged(invalid(path, value, "must not start with '..'"), rule));
  return errs;
}

/** The paths every source of one projection claims (allPaths), in the order they are met. */
export class ProjectionPaths {
  private readonly seen = new Set<string>();
  constructor(private readonly projectedPath: string) {}
  /** `value` is what the apiserver prints: the secret's or configMap's name for their items, else the path. */
  claim(p: string, value: string): TaggedFieldError[] {
    if (!this.seen.has(p)) {
      this.seen.add(p);
      return [];
    }
    return [tagged(invalid(this.projectedPath, {go: 'string', value}, 'conflicting duplicate paths'), PROJECTED_SOURCES_RULE)];
  }
}

/**
 * validateUserField (validation.go v1.37.2:1801) for a `user` the apiserver kept: an integer from 0
 * to 2^31-1. `user` is nil unless `kept` (see keptUserKind in projection-sources.ts).
 */
export function userFieldErrors(user: unknown, path: string, kept: boolean): TaggedFieldError[] {
  if (!kept || typeof user !== 'number') return [];
  if (user >= 0 && user <= MAX_USER_ID) return [];
  return [tagged(invalid(path, {go: 'number', value: user}, `must be between 0 and ${MAX_USER_ID}, inclusive`), PROJECTED_SOURCES_RULE)];
}
