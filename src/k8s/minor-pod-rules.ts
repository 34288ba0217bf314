// Pod validation rules that changed between v1.34 and v1.37 because a feature gate turned on (the
// apiserver drops a gated field before validating it while the gate is off: pkg/api/pod/util.go
// dropDisabledFields) or because a check moved. Each rule names its first minor and the upstream
// line it follows (kubernetes/kubernetes pkg/apis/core/validation/validation.go at that tag); the
// lint differential suites prove both sides of each change against every minor's apiserver.
import type {V1PodSpec} from '@kubernetes/client-node';
import {duplicate, forbidden, invalid, notSupported, required, tooLong, tooMany} from './field-error.js';
import {byteLength} from './go-quote.js';
import {isDNS1123Subdomain, type TaggedFieldError} from './windows-security-context.js';

/** ContainerRestartRules is beta and on from v1.35 (off in v1.34: dropContainerRestartRules). */
export const CONTAINER_RESTART_RULES_MINOR = 35;
/** RestartAllContainersOnContainerExits is beta and on from v1.36: one more action, and rules on sidecars. */
const RESTART_ALL_CONTAINERS_MINOR = 36;
/** v1.35 words too many rules or exit codes as field.TooLong ("may not be more than 20 bytes"); field.TooMany from v1.36. */
const RESTART_RULES_TOO_MANY_MINOR = 36;
/** From v1.36 a non-sidecar init container may not resize with RestartContainer. */
export const INIT_RESIZE_RESTART_MINOR = 36;
/** ImageVolume is on from v1.35 (off in v1.34: dropImageVolumes drops the volume). */
export const IMAGE_VOLUME_MINOR = 35;
/** HostnameOverride is beta and on from v1.35 (off in v1.34: the field is set to nil). */
export const HOSTNAME_OVERRIDE_MINOR = 35;
/** From v1.36 the resizePolicy error of a pod with restartPolicy Never says "pod `restartPolicy`". */
const RESIZE_NEVER_POD_WORDING_MINOR = 36;
/** From v1.37 the shareProcessNamespace/hostPID conflict is reported at spec.shareProcessNamespace, after the pod security context. */
const SHARE_PROCESS_NAMESPACE_SPEC_MINOR = 37;

type Obj = Record<string, unknown>;
const isSet = (v: unknown): boolean => v !== undefined && v !== null;
const asList = (v: unknown): Obj[] => (Array.isArray(v) ? (v as Obj[]) : []);

// sets.List order (sorted): validation.go supportedContainerRestartPolicies, ...Operators, ...Actions.
const CONTAINER_RESTART_POLICIES = ['Always', 'Never', 'OnFailure'];
const RESTART_RULE_OPERATORS = ['In', 'NotIn'];
const MAX_RESTART_RULES = 20;
const MAX_EXIT_CODES = 255;
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];

const rulesRequirePolicy = (path: string): TaggedFieldError => ({
  ...required(`${path}.restartPolicy`, 'must specify restartPolicy when restart rules are used'),
  rule: 'container-restart-policy',
});

/**
 * validateContainerRestartPolicy (v1.35.4 validation.go:3683, v1.37.2 :3797): a container's own
 * restartPolicy and restartPolicyRules.
 */
function containerRestartPolicy(c: Obj, path: string, minor: number): TaggedFieldError[] {
  const errs: TaggedFieldError[] = [];
  const policy = c.restartPolicy;
  const rules = asList(c.restartPolicyRules);
  if (!isSet(policy)) {
    if (rules.length === 0) return errs;
    errs.push(rulesRequirePolicy(path));
  } else if (!CONTAINER_RESTART_POLICIES.includes(String(policy))) {
    errs.push({
      ...notSupported(`${path}.restartPolicy`, {go: 'json-string', value: String(policy)}, CONTAINER_RESTART_POLICIES),
      rule: 'container-restart-policy',
    });
  }
  if (rules.length > MAX_RESTART_RULES)
    errs.push({...tooManyItems(`${path}.restartPolicyRules`, rules.length, MAX_RESTART_RULES, minor), rule: 'container-restart-policy'});
  const actions = minor >= RESTART_ALL_CONTAINERS_MINOR ? ['Restart', 'RestartAllContainers'] : ['Restart'];
  rules.forEach((rule, i) => {
    const at = `${path}.restartPolicyRules[${i}]`;
    const action = typeof rule.action === 'string' ? rule.action : '';
    if (!actions.includes(action)) errs.push({...notSupported(`${at}.action`, {go: 'json-string', value: action}, actions), rule: 'container-restart-policy'});
    const exitCodes = rule.exitCodes as Obj | null | undefined;
    if (!isSet(exitCodes)) {
      errs.push({...required(`${at}.exitCodes`, 'must be specified'), rule: 'container-restart-policy'});
      return;
    }
    const operator = typeof exitCodes!.operator === 'string' ? exitCodes!.operator : '';
    if (!RESTART_RULE_OPERATORS.includes(operator)) {
      errs.push({...notSupported(`${at}.exitCodes.operator`, {go: 'json-string', value: operator}, RESTART_RULE_OPERATORS), rule: 'container-restart-policy'});
    }
    const values = Array.isArray(exitCodes!.values) ? exitCodes!.values.length : 0;
    if (values > MAX_EXIT_CODES) errs.push({...tooManyItems(`${at}.exitCodes.values`, values, MAX_EXIT_CODES, minor), rule: 'container-restart-policy'});
  });
  return errs;
}

/** v1.35.4 validation.go:3697 and :3716 (field.TooLong), v1.36.3 :3691 and :3710 (field.TooMany). */
function tooManyItems(field: string, actual: number, max: number, minor: number) {
  return minor >= RESTART_RULES_TOO_MANY_MINOR ? tooMany(field, actual, max) : tooLong(field, max);
}

/** validateInitContainerRestartPolicy (v1.35.4 validation.go:3317, v1.37.2 :3419). */
function initContainerRestartPolicy(c: Obj, path: string, minor: number): TaggedFieldError[] {
  const policy = c.restartPolicy;
  const rules = asList(c.restartPolicyRules);
  if (!isSet(policy)) return rules.length > 0 ? [rulesRequirePolicy(path)] : [];
  if (policy !== 'Always') return containerRestartPolicy(c, path, minor);
  if (minor >= RESTART_ALL_CONTAINERS_MINOR) return containerRestartPolicy(c, path, minor);
  if (rules.length === 0) return [];
  return [
    {
      ...forbidden(`${path}.restartPolicyRules`, 'restartPolicyRules are not allowed for init containers with restart policy Always'),
      rule: 'container-restart-policy',
    },
  ];
}

/**
 * The restart rules of one container at `minor`, where the apiserver reports them: after the
 * container's common validation (resources, security context). v1.34 drops container restartPolicy
 * (init containers: any but Always) and restartPolicyRules before validating, so it reports nothing.
 * From v1.36 a non-sidecar init container's resizePolicy may not say RestartContainer
 * (v1.36.3 validation.go:3867, v1.37.2 :3987).
 */
export function containerRestartErrors(kind: 'containers' | 'initContainers' | 'ephemeralContainers', c: Obj, path: string, minor: number): TaggedFieldError[] {
  if (minor < CONTAINER_RESTART_RULES_MINOR || kind === 'ephemeralContainers') return [];
  if (kind === 'containers') return containerRestartPolicy(c, path, minor);
  const errs = initContainerRestartPolicy(c, path, minor);
  if (minor >= INIT_RESIZE_RESTART_MINOR && c.restartPolicy !== 'Always') {
    asList(c.resizePolicy).forEach((p, j) => {
      if (p.restartPolicy === 'RestartContainer') {
        errs.push({
          ...invalid(
            `${path}.resizePolicy[${j}].restartPolicy`,
            {go: 'json-string', value: 'RestartContainer'},
            "must not be set to 'RestartContainer' for non-sidecar initContainers",
          ),
          rule: 'init-resize-policy',
        });
      }
    });
  }
  return errs;
}

/**
 * validateImageVolumeSource (v1.35.4 validation.go:9536, v1.37.2 :10018) for one volume: volumes are
 * validated before any container. v1.34 drops image volumes.
 */
export function imageVolumeErrors(volume: Obj, volumePath: string, minor: number): TaggedFieldError[] {
  const image = volume.image as Obj | null | undefined;
  if (minor < IMAGE_VOLUME_MINOR || !isSet(image)) return [];
  const errs: TaggedFieldError[] = [];
  const at = `${volumePath}.image`;
  const reference = typeof image!.reference === 'string' ? image!.reference : '';
  if (reference.length === 0) errs.push({...required(`${at}.reference`), rule: 'image-volume'});
  // validatePullPolicy: empty is defaulted before validation (IfNotPresent, or Always for :latest).
  const pull = image!.pullPolicy;
  if (typeof pull === 'string' && pull !== '' && !PULL_POLICIES.includes(pull)) {
    errs.push({...notSupported(`${at}.pullPolicy`, {go: 'json-string', value: pull}, PULL_POLICIES), rule: 'image-volume'});
  }
  return errs;
}

/**
 * validatePodHostName (v1.35.4 validation.go:3999, v1.37.2 :4120): hostnameOverride, reported after
 * the HostProcess rules. It may not be set with hostNetwork, so never on a HostProcess pod.
 */
export function hostnameOverrideErrors(spec: V1PodSpec, specPath: string, minor: number): TaggedFieldError[] {
  const value = (spec as {hostnameOverride?: unknown}).hostnameOverride;
  if (minor < HOSTNAME_OVERRIDE_MINOR || typeof value !== 'string') return [];
  const path = `${specPath}.hostnameOverride`;
  const errs: TaggedFieldError[] = [];
  if (spec.setHostnameAsFQDN === true) errs.push({...forbidden(path, 'may not be specified when setHostnameAsFQDN is true'), rule: 'hostname-override'});
  if (spec.hostNetwork === true) errs.push({...forbidden(path, 'may not be specified when hostNetwork is true'), rule: 'hostname-override'});
  if (byteLength(value) > 64) errs.push({...tooLong(path, 64), rule: 'hostname-override'});
  for (const msg of isDNS1123Subdomain(value)) errs.push({...invalid(path, {go: 'string', value}, msg), rule: 'hostname-override'});
  return errs;
}

/**
 * shareProcessNamespace: true with hostPID: true, and whether it comes before the pod-level
 * windowsOptions errors: v1.34.3 to v1.36.3 report it inside validatePodSpecSecurityContext, before
 * windowsOptions, at spec.securityContext.shareProcessNamespace (v1.34.3 validation.go:5430); v1.37.2
 * in validateShareProcessNamespace, after the whole security context, at spec.shareProcessNamespace
 * (v1.37.2 validation.go:5738).
 */
export function shareProcessNamespaceErrors(spec: V1PodSpec, specPath: string, minor: number): {beforeWindowsOptions: boolean; errors: TaggedFieldError[]} {
  const beforeWindowsOptions = minor < SHARE_PROCESS_NAMESPACE_SPEC_MINOR;
  if (spec.shareProcessNamespace !== true || spec.hostPID !== true) return {beforeWindowsOptions, errors: []};
  const path = beforeWindowsOptions ? `${specPath}.securityContext.shareProcessNamespace` : `${specPath}.shareProcessNamespace`;
  return {
    beforeWindowsOptions,
    errors: [
      {...invalid(path, {go: 'bool', value: true}, 'ShareProcessNamespace and HostPID cannot both be enabled'), rule: 'share-process-namespace-host-pid'},
    ],
  };
}

const RESIZE_RESOURCES = ['cpu', 'memory'];
const RESIZE_POLICIES = ['NotRequired', 'RestartContainer'];

/**
 * validateResizePolicy (v1.34.3 validation.go:3553, v1.37.2 :3743), in validateContainerCommon after
 * the resources and before the security context, for containers and init containers. Every
 * resizePolicy error is reported at the list's path, as upstream does.
 */
export function resizePolicyErrors(c: Obj, path: string, podRestartPolicy: unknown, minor: number): TaggedFieldError[] {
  const errs: TaggedFieldError[] = [];
  const at = `${path}.resizePolicy`;
  const seen = new Set<string>();
  const tag = (e: ReturnType<typeof required>): TaggedFieldError => ({...e, rule: 'resize-policy'});
  const never =
    minor >= RESIZE_NEVER_POD_WORDING_MINOR
      ? "must be 'NotRequired' when pod `restartPolicy` is 'Never'"
      : "must be 'NotRequired' when `restartPolicy` is 'Never'";
  asList(c.resizePolicy).forEach((p, i) => {
    const name = typeof p.resourceName === 'string' ? p.resourceName : '';
    const policy = typeof p.restartPolicy === 'string' ? p.restartPolicy : '';
    if (seen.has(name)) errs.push(tag(duplicate(`${at}[${i}]`, {go: 'json-string', value: name})));
    seen.add(name);
    if (name === '') errs.push(tag(required(at)));
    else if (!RESIZE_RESOURCES.includes(name)) errs.push(tag(notSupported(at, {go: 'json-string', value: name}, RESIZE_RESOURCES)));
    if (policy === '') errs.push(tag(required(at)));
    else if (!RESIZE_POLICIES.includes(policy)) errs.push(tag(notSupported(at, {go: 'json-string', value: policy}, RESIZE_POLICIES)));
    if (podRestartPolicy === 'Never' && policy !== 'NotRequired') errs.push(tag(invalid(at, {go: 'json-string', value: policy}, never)));
  });
  return errs;
}

/**
 * validateHostUsers (v1.34.3 validation.go, v1.37.2 :4085), after the HostProcess rules: with
 * `hostUsers: false` no host namespace (the user-namespace host-network gate is off at every minor),
 * and no volumeDevices. The PID and IPC paths are upstream's own ("spec.HostPID").
 */
export function hostUsersErrors(spec: V1PodSpec, specPath: string): TaggedFieldError[] {
  if (spec.hostUsers !== false) return [];
  const errs: TaggedFieldError[] = [];
  const tag = (path: string): TaggedFieldError => ({...forbidden(path, 'when `hostUsers` is false'), rule: 'host-users'});
  if (spec.hostNetwork === true) errs.push(tag(`${specPath}.hostNetwork`));
  if (spec.hostPID === true) errs.push(tag(`${specPath}.HostPID`));
  if (spec.hostIPC === true) errs.push(tag(`${specPath}.HostIPC`));
  for (const kind of ['initContainers', 'containers', 'ephemeralContainers'] as const) {
    asList(spec[kind]).forEach((c, i) => {
      if (asList(c.volumeDevices).length > 0) errs.push(tag(`${specPath}.${kind}[${i}].volumeDevices`));
    });
  }
  return errs;
}
