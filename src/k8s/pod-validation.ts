// The part of kube-apiserver's ValidatePodSpec (v1.34.3 to v1.37.2, per minor) this tool answers for, in the apiserver's
// order: the Windows rules (windows-validation.ts) and the resource rules (resource-validation.ts),
// on the object as validation sees it (defaulted). Only for objects that decode (decode.ts): the
// apiserver never validates one that does not.
import type {V1PodSpec} from '@kubernetes/client-node';
import {containerListField, readPodResources, type PodResources} from './pod-defaults.js';
import {defaultedForValidation, validateContainerResources, validatePodLevelResources} from './resource-validation.js';
import type {TaggedFieldError} from './windows-security-context.js';
import {validateWindowsPodSpec} from './windows-validation.js';
import {LATEST_MINOR} from './minor-versions.js';
import {errorString} from './field-error.js';
import {pushAll} from '../util/arrays.js';

/**
 * From v1.37 the workload strategies (pods, templates, every controller kind) embed
 * rest.DeclarativeValidation, whose ValidateDeclarativelyWithMigrationChecks always passes the
 * handwritten errors through validate.FilterCoveredHandwrittenErrors -> ErrorList.Filter ->
 * ToAggregate, which keeps the first of identical errors (same field, type, value and detail):
 * kubernetes/apiserver v0.37.2 pkg/registry/rest/validate.go:386-427 (and create.go ValidateCreate),
 * kubernetes/apimachinery v0.37.2 pkg/api/validate/errors.go:50-68, pkg/util/validation/field/errors.go:501-535.
 * So "Limit must be set for non overcommitable resources", once per request without a limit up to
 * v1.36.3, comes once per container from v1.37.2. v1.36.3 filters only with declarative enforcement,
 * which no workload strategy asks for.
 */
const IDENTICAL_ERRORS_ONCE_MINOR = 37;

function onceEachAt(errs: TaggedFieldError[], minor: number): TaggedFieldError[] {
  if (minor < IDENTICAL_ERRORS_ONCE_MINOR || errs.length < 2) return errs;
  const seen = new Set<string>();
  return errs.filter((e) => {
    const key = errorString(e);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function resourceRules(resources: PodResources, spec: V1PodSpec, specPath: string, minor: number = LATEST_MINOR) {
  const byPath = new Map(resources.containers.map((c) => [`${containerListField(c.type)}[${c.index}]`, c]));
  return {
    container(kind: string, index: number, path: string): TaggedFieldError[] {
      const c = byPath.get(`${kind}[${index}]`);
      return c ? validateContainerResources(c, path, minor) : [];
    },
    podResources(): TaggedFieldError[] {
      const claims = (spec as {resources?: {claims?: unknown}}).resources?.claims;
      return validatePodLevelResources(resources, claims !== undefined && claims !== null, specPath, minor);
    },
  };
}

/**
 * The errors the apiserver's validation reports for this pod spec: the Windows rules, and the
 * resource rules unless `resources` is false (objects the apiserver already validated: about 55 us a
 * pod, half a second per 10,000, spent on an answer known in advance).
 */
export function validatePodSpec(spec: V1PodSpec, specPath: string, template: boolean, resources = true, minor: number = LATEST_MINOR): TaggedFieldError[] {
  if (!resources) return onceEachAt(validateWindowsPodSpec(spec, specPath, undefined, minor), minor);
  const defaulted = defaultedForValidation(readPodResources(spec, specPath), template, minor);
  return onceEachAt(validateWindowsPodSpec(spec, specPath, resourceRules(defaulted, spec, specPath, minor), minor), minor);
}

/**
 * Only the resource errors (containers in validation order, then pod-level resources unless the pod
 * is a windows pod, which has its own error): what decides whether a QoS class can exist at all.
 */
export function validatePodResourceRules(
  spec: V1PodSpec,
  specPath: string,
  template: boolean,
  raw = readPodResources(spec, specPath),
  minor: number = LATEST_MINOR,
): TaggedFieldError[] {
  const rules = resourceRules(defaultedForValidation(raw, template, minor), spec, specPath, minor);
  const errs: TaggedFieldError[] = [];
  for (const kind of ['containers', 'initContainers', 'ephemeralContainers'] as const) {
    const n = (spec[kind] ?? []).length;
    for (let i = 0; i < n; i++) pushAll(errs, rules.container(kind, i, `${specPath}.${kind}[${i}]`));
  }
  if (spec.os?.name !== 'windows') pushAll(errs, rules.podResources());
  return onceEachAt(errs, minor);
}
