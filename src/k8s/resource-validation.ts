// The resource rules of kube-apiserver's ValidatePodSpec (v1.34.3 to v1.37.2), kubernetes/kubernetes
// pkg/apis/core/validation/validation.go:
//   validateContainerCommon -> ValidateContainerResourceRequirements -> validateResourceRequirements
//     (validateContainerResourceName, ValidateResourceQuantityValue, validateResourceQuantityHugePageValue,
//     requests <= limits, requests == limits for resources that cannot be overcommitted (hugepages,
//     extended resources), "HugePages require cpu or memory")
//   validatePodResources (gate PodLevelResources, on in 1.34) -> validatePodResourceRequirements
//     (validatePodResourceName) and validatePodResourceConsistency.
// Validation sees the object after defaulting (pkg/apis/core/v1/defaults.go): a Pod's requests are
// defaulted from its limits, every quantity is rounded up to milli. Templates get the rounding only.
// The apiserver walks each ResourceList as a Go map, so with several errors in one list its order
// varies from request to request; ours is the order of the keys in the object.
// Not modelled: container resource claims (validateResourceClaimNames), pod overhead.
import {
  applyPodDefaults,
  aggregateContainers,
  defaultPodLevelResources,
  type ContainerResources,
  type PodResources,
  type ResourceList,
} from './pod-defaults.js';
import {forbidden, invalid, notSupported, required} from './field-error.js';
import {Quantity, roundUpToMilli} from './quantity.js';
import {
  isExtendedResourceName,
  isHugePages,
  isIntegerResourceName,
  isNativeResource,
  isOvercommitAllowed,
  resourceQualifiedName,
  isStandardContainerResourceName,
  isStandardResourceName,
} from './resource-names.js';
import type {TaggedFieldError} from './windows-security-context.js';
import {LATEST_MINOR} from './minor-versions.js';
import {pushAll} from '../util/arrays.js';

type ResourceRule = 'resource-name' | 'resource-quantity' | 'resource-request-limit' | 'hugepages-cpu-memory' | 'pod-resources';

const SUPPORTED_POD_LEVEL = ['cpu', 'hugepages-', 'memory'];

/** What validation sees at `minor`: a Pod defaulted as on create, a template only rounded. */
export function defaultedForValidation(raw: PodResources, template: boolean, minor: number = LATEST_MINOR): PodResources {
  // From v1.37 pod-level requests and limits are defaulted in PrepareForCreate, before validation.
  if (!template) return defaultPodLevelResources(applyPodDefaults(raw, minor).resources, minor).resources;
  const round = (l: ResourceList | undefined) => (l ? new Map([...l].map(([k, v]) => [k, roundUpToMilli(v)])) : undefined);
  return {
    containers: raw.containers.map((c) => ({...c, requests: round(c.requests), limits: round(c.limits)})),
    pod: raw.pod ? {requests: round(raw.pod.requests), limits: round(raw.pod.limits)} : undefined,
  };
}

const tag =
  (rule: ResourceRule) =>
  (e: ReturnType<typeof invalid>): TaggedFieldError => ({...e, rule});

/** validateResourceName. */
function resourceNameErrors(name: string, path: string, minor: number): TaggedFieldError[] {
  const value = {go: 'json-string', value: name} as const;
  const errs = resourceQualifiedName(name, minor).map((m) => invalid(path, value, m));
  if (errs.length === 0 && !name.includes('/') && !isStandardResourceName(name))
    errs.push(invalid(path, value, 'must be a standard resource type or fully qualified'));
  return errs.map(tag('resource-name'));
}

/** validateContainerResourceName. */
function containerResourceNameErrors(name: string, path: string, minor: number): TaggedFieldError[] {
  const errs = resourceNameErrors(name, path, minor);
  const value = {go: 'json-string', value: name} as const;
  if (!name.includes('/')) {
    if (!isStandardContainerResourceName(name)) return [...errs, tag('resource-name')(invalid(path, value, 'must be a standard resource for containers'))];
  } else if (!isNativeResource(name) && !isExtendedResourceName(name)) {
    errs.push(tag('resource-name')(invalid(path, value, "doesn't follow extended resource name standard")));
  }
  return errs;
}

/** validatePodResourceName. */
function podResourceNameErrors(name: string, path: string, minor: number): TaggedFieldError[] {
  const errs = resourceNameErrors(name, path, minor);
  if (errs.length > 0) return errs;
  if (name === 'cpu' || name === 'memory' || isHugePages(name)) return [];
  return [tag('resource-name')(notSupported(path, {go: 'json-string', value: name}, SUPPORTED_POD_LEVEL))];
}

/** ValidateResourceQuantityValue, then validateResourceQuantityHugePageValue for hugepages. */
function quantityErrors(name: string, q: Quantity, path: string): TaggedFieldError[] {
  const errs: TaggedFieldError[] = [];
  if (q.sign() < 0) errs.push(tag('resource-quantity')(invalid(path, {go: 'string', value: q.toString()}, 'must be greater than or equal to 0')));
  if (isIntegerResourceName(name) && q.milliValue() % 1000n !== 0n)
    errs.push(tag('resource-quantity')(invalid(path, {go: 'json-string', value: q.toString()}, 'must be an integer')));
  return errs;
}

/** helper.IsHugePageResourceValueDivisible. */
function hugePageDivisible(name: string, q: Quantity): boolean {
  const pageSize = Quantity.tryParse(name.slice('hugepages-'.length));
  if (!pageSize || pageSize.sign() <= 0 || pageSize.milliValue() % 1000n !== 0n) return false;
  return q.value() % pageSize.value() === 0n;
}

function hugePageErrors(name: string, q: Quantity, path: string): TaggedFieldError[] {
  if (!isHugePages(name) || hugePageDivisible(name, q)) return [];
  return [tag('resource-quantity')(invalid(path, {go: 'string', value: q.toString()}, `${q.toString()} is not positive integer multiple of ${name}`))];
}

const CPU_OR_MEMORY = (name: string) => name === 'cpu' || name === 'memory';

/** validateResourceRequirements at `path` (...resources), with the resource-name rule of its caller. */
export function validateResourceRequirements(
  requests: ResourceList | undefined,
  limits: ResourceList | undefined,
  path: string,
  nameErrors: (name: string, path: string, minor: number) => TaggedFieldError[] = containerResourceNameErrors,
  minor: number = LATEST_MINOR,
): TaggedFieldError[] {
  const errs: TaggedFieldError[] = [];
  let cpuOrMemory = false;
  let hugePages = false;
  for (const [name, q] of limits ?? []) {
    const keyPath = `${path}.limits[${name}]`;
    pushAll(errs, [...nameErrors(name, keyPath, minor), ...quantityErrors(name, q, keyPath), ...hugePageErrors(name, q, keyPath)]);
    hugePages ||= isHugePages(name);
    cpuOrMemory ||= CPU_OR_MEMORY(name);
  }
  for (const [name, q] of requests ?? []) {
    const keyPath = `${path}.requests[${name}]`;
    pushAll(errs, [...nameErrors(name, keyPath, minor), ...quantityErrors(name, q, keyPath)]);
    const limit = limits?.get(name);
    const reqValue = {go: 'string', value: q.toString()} as const;
    if (limit !== undefined) {
      if (q.cmp(limit) !== 0 && !isOvercommitAllowed(name)) {
        errs.push(tag('resource-request-limit')(invalid(`${path}.requests`, reqValue, `must be equal to ${name} limit of ${limit.toString()}`)));
      } else if (q.cmp(limit) > 0) {
        errs.push(tag('resource-request-limit')(invalid(`${path}.requests`, reqValue, `must be less than or equal to ${name} limit of ${limit.toString()}`)));
      }
    } else if (!isOvercommitAllowed(name)) {
      // One per request without a limit; v1.37 reports identical errors once (pod-validation.ts).
      errs.push(tag('resource-request-limit')(required(`${path}.limits`, 'Limit must be set for non overcommitable resources')));
    }
    pushAll(errs, hugePageErrors(name, q, keyPath));
    hugePages ||= isHugePages(name);
    cpuOrMemory ||= CPU_OR_MEMORY(name);
  }
  if (!cpuOrMemory && hugePages) errs.push(tag('hugepages-cpu-memory')(forbidden(path, 'HugePages require cpu or memory')));
  return errs;
}

/** The resource errors of one container (validateContainerCommon's resources step). */
export function validateContainerResources(c: ContainerResources, containerPath: string, minor: number = LATEST_MINOR): TaggedFieldError[] {
  return validateResourceRequirements(c.requests, c.limits, `${containerPath}.resources`, containerResourceNameErrors, minor);
}

/**
 * validatePodResources for a pod that is not a windows pod (that case is one Forbidden error, in
 * windows-validation.ts): names and quantities, then the pod-level values against the containers'.
 */
export function validatePodLevelResources(p: PodResources, claimsSet: boolean, specPath: string, minor: number = LATEST_MINOR): TaggedFieldError[] {
  if (!p.pod) return [];
  const path = `${specPath}.resources`;
  const errs: TaggedFieldError[] = [];
  if (claimsSet) errs.push(tag('pod-resources')(forbidden(`${path}.claims`, 'claims may not be set for Resources at pod-level')));
  pushAll(errs, validateResourceRequirements(p.pod.requests, p.pod.limits, path, podResourceNameErrors, minor));
  // validatePodResourceConsistency (AggregateContainerRequests/Limits ignore ephemeral containers).
  for (const [name, sum] of aggregateContainers(p, 'requests')) {
    const podReq = p.pod.requests?.get(name);
    if (podReq !== undefined && sum.cmp(podReq) > 0) {
      errs.push(
        tag('pod-resources')(
          invalid(
            `${path}.requests[${name}]`,
            {go: 'string', value: podReq.toString()},
            `must be greater than or equal to aggregate container requests of ${sum.toString()}`,
          ),
        ),
      );
    }
  }
  for (const [name, sum] of aggregateContainers(p, 'limits')) {
    const podLim = p.pod.limits?.get(name);
    if (isHugePages(name) && podLim !== undefined && sum.cmp(podLim) > 0) {
      errs.push(
        tag('pod-resources')(
          invalid(
            `${path}.limits[${name}]`,
            {go: 'string', value: podLim.toString()},
            `must be greater than or equal to aggregate container limits of ${sum.toString()}`,
          ),
        ),
      );
    }
  }
  for (const c of p.containers) {
    if (c.type !== 'app') continue;
    for (const [name, limit] of c.limits ?? []) {
      const podLim = p.pod.limits?.get(name);
      if (podLim !== undefined && limit.cmp(podLim) > 0) {
        // upstream builds this path as resources.containers[i][name].limits
        errs.push(
          tag('pod-resources')(
            invalid(
              `${path}.containers[${c.index}][${name}].limits`,
              {go: 'string', value: limit.toString()},
              `must be less than or equal to pod limits of ${podLim.toString()}`,
            ),
          ),
        );
      }
    }
  }
  return errs;
}
