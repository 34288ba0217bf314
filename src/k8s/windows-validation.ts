// The Windows-related rules of kube-apiserver's ValidatePodSpec (v1.34.3 to v1.37.2), in the order the apiserver
// reports them: kubernetes/kubernetes pkg/apis/core/validation/validation.go
//   ValidateVolumes -> validateImageVolumeSource (from v1.35; minor-pod-rules.ts), podCertificate
//     projections (from v1.37; projection-sources.ts), volume by volume
//   validateContainers / validateInitContainers / validateEphemeralContainers -> ValidateSecurityContext
//     -> ValidateEnv: env valueFrom sources and fileKeyRef (env-file-key-ref.ts), then
//     validateWindowsSecurityContextOptions (containers, then initContainers, then ephemeralContainers),
//     then each container's restart rules (from v1.35; minor-pod-rules.ts)
//   validatePodResources (PodLevelResources, beta and on in 1.34): spec.resources on a windows pod
//   validatePodSpecSecurityContext -> shareProcessNamespace with hostPID (to v1.36), then
//     validateWindowsSecurityContextOptions (pod level); validateShareProcessNamespace (from v1.37)
//   validateWindowsHostProcessPod
//   validatePodHostName: hostnameOverride (from v1.35)
//   validateOS, then validateLinux or validateWindows only when validateOS found nothing.
//   validateFileKeyRefVolumes: each fileKeyRef names an emptyDir volume (from v1.35).
// Only these rules: everything else ValidatePodSpec checks is out of scope. Not modelled: the
// `hostProcess containers are disallowed by cluster policy` error (depends on --allow-privileged,
// which a client cannot see) and lifecycle.stopSignal (gate ContainerStopSignals, alpha and off in
// 1.34, so the apiserver drops the field before validating).
import type {V1Container, V1PodSpec} from '@kubernetes/client-node';
import {forbidden, invalid, notSupported, required} from './field-error.js';
import {LATEST_MINOR} from './minor-versions.js';
import {envValueFromErrors, fileKeyRefVolumeErrors} from './env-file-key-ref.js';
import {projectionSourceErrors} from './projection-sources.js';
import {tolerationErrors} from './tolerations.js';
import {
  containerRestartErrors,
  hostnameOverrideErrors,
  hostUsersErrors,
  IMAGE_VOLUME_MINOR,
  imageVolumeErrors,
  resizePolicyErrors,
  shareProcessNamespaceErrors,
} from './minor-pod-rules.js';
import {validateWindowsSecurityContextOptions, type TaggedFieldError, type WindowsOptions} from './windows-security-context.js';
import {pushAll} from '../util/arrays.js';

type AnyContainer = V1Container & {securityContext?: V1Container['securityContext'] & Record<string, unknown>};

/** One container and where it sits. */
export class ContainerRef {
  constructor(
    readonly kind: 'initContainers' | 'containers' | 'ephemeralContainers',
    readonly index: number,
    readonly container: AnyContainer,
    private readonly specPath: string,
  ) {}

  /** spec.initContainers[0]. Made when asked: most containers never need it (only findings do). */
  get path(): string {
    return `${this.specPath}.${this.kind}[${this.index}]`;
  }
}

/** podshelper.VisitContainersWithPath order: init, regular, ephemeral. */
export function visitContainers(spec: V1PodSpec, specPath: string): ContainerRef[] {
  const out: ContainerRef[] = [];
  for (const kind of ['initContainers', 'containers', 'ephemeralContainers'] as const) {
    const list = (spec[kind] ?? []) as AnyContainer[];
    for (let index = 0; index < list.length; index++) out.push(new ContainerRef(kind, index, list[index], specPath));
  }
  return out;
}

const isSet = (v: unknown): boolean => v !== undefined && v !== null;

/**
 * Rules ValidatePodSpec applies besides the Windows ones, at the places it applies them: `container`
 * runs in validateContainerCommon before the security context, `podResources` replaces
 * validatePodResources for pods that are not windows pods (src/k8s/pod-validation.ts).
 */
interface OtherPodRules {
  container(kind: ContainerRef['kind'], index: number, path: string): TaggedFieldError[];
  podResources(): TaggedFieldError[];
}

/**
 * Per container, in validation order (containers, init, ephemeral: not the visitor's order): the
 * common rules (env, resources, then the security context), then the restart rules of `minor`.
 */
function containerErrors(spec: V1PodSpec, specPath: string, other: OtherPodRules | undefined, minor: number): TaggedFieldError[] {
  const errs: TaggedFieldError[] = [];
  for (const kind of ['containers', 'initContainers', 'ephemeralContainers'] as const) {
    const list = (spec[kind] ?? []) as AnyContainer[];
    for (let i = 0; i < list.length; i++) {
      const path = `${specPath}.${kind}[${i}]`;
      pushAll(errs, envValueFromErrors(list[i] as unknown as Record<string, unknown>, path, minor));
      if (other) pushAll(errs, other.container(kind, i, path));
      if (kind !== 'ephemeralContainers') pushAll(errs, resizePolicyErrors(list[i] as unknown as Record<string, unknown>, path, spec.restartPolicy, minor));
      const wo = list[i].securityContext?.windowsOptions as WindowsOptions | undefined;
      pushAll(errs, validateWindowsSecurityContextOptions(wo, `${path}.securityContext.windowsOptions`));
      pushAll(errs, containerRestartErrors(kind, list[i] as unknown as Record<string, unknown>, path, minor));
    }
  }
  return errs;
}

const podWindowsOptions = (spec: V1PodSpec) => spec.securityContext?.windowsOptions as WindowsOptions | undefined;

const HOST_PROCESS_MESSAGES = {
  mixed: 'If pod contains any hostProcess containers then all containers must be HostProcess containers',
  hostNetwork: 'hostNetwork must be true if pod contains any hostProcess containers',
  mismatch: (pod: boolean) => `pod hostProcess value must be identical if both are specified, was ${pod}`,
} as const;

/** Effective hostProcess of each container (its own value, else the pod's). */
export function effectiveHostProcess(spec: V1PodSpec, c: AnyContainer): boolean {
  const own = (c.securityContext?.windowsOptions as WindowsOptions | undefined)?.hostProcess;
  if (typeof own === 'boolean') return own;
  return podWindowsOptions(spec)?.hostProcess === true;
}

/** validateWindowsHostProcessPod. */
export function validateWindowsHostProcessPod(spec: V1PodSpec, specPath: string): TaggedFieldError[] {
  const errs: TaggedFieldError[] = [];
  const podHP = podWindowsOptions(spec)?.hostProcess;
  const podSet = typeof podHP === 'boolean';
  let count = 0;
  let hpCount = 0;
  for (const ref of visitContainers(spec, specPath)) {
    count++;
    const own = (ref.container.securityContext?.windowsOptions as WindowsOptions | undefined)?.hostProcess;
    const ownSet = typeof own === 'boolean';
    if (podSet && ownSet && podHP !== own) {
      errs.push({
        ...invalid(`${ref.path}.securityContext.windowsOptions.hostProcess`, {go: 'bool', value: own!}, HOST_PROCESS_MESSAGES.mismatch(podHP!)),
        rule: 'hostprocess-mismatch',
      });
    }
    if ((ownSet && own) || (!ownSet && podHP === true)) hpCount++;
  }
  if (hpCount > 0) {
    if (hpCount !== count) errs.push({...invalid(specPath, {go: 'string', value: ''}, HOST_PROCESS_MESSAGES.mixed), rule: 'hostprocess-mixed'});
    const hostNetwork = spec.hostNetwork === true;
    if (!hostNetwork) {
      errs.push({...invalid(`${specPath}.hostNetwork`, {go: 'bool', value: false}, HOST_PROCESS_MESSAGES.hostNetwork), rule: 'hostprocess-host-network'});
    }
  }
  return errs;
}

const VALID_OS = ['linux', 'windows'] as const;
export const WINDOWS_FORBIDDEN = 'cannot be set for a windows pod';
const LINUX_WINDOWS_OPTIONS = 'windows options cannot be set for a linux pod';

/** validateOS: only when spec.os is set. */
export function validateOS(spec: V1PodSpec, specPath: string): TaggedFieldError[] {
  const os = spec.os;
  if (!os) return [];
  const name = typeof os.name === 'string' ? os.name : '';
  if (name.length === 0) return [{...required(`${specPath}.os.name`), rule: 'os-name-invalid'}];
  if (!(VALID_OS as readonly string[]).includes(name)) {
    // os.Name is core.OSName, a named string type: json.Marshal renders it.
    return [{...notSupported(`${specPath}.os`, {go: 'json-string', value: name}, VALID_OS), rule: 'os-name-invalid'}];
  }
  return [];
}

/** validateLinux: windowsOptions on a linux pod. */
export function validateLinux(spec: V1PodSpec, specPath: string): TaggedFieldError[] {
  const errs: TaggedFieldError[] = [];
  if (isSet(spec.securityContext?.windowsOptions)) {
    errs.push({...forbidden(`${specPath}.securityContext.windowsOptions`, LINUX_WINDOWS_OPTIONS), rule: 'linux-windows-options'});
  }
  for (const ref of visitContainers(spec, specPath)) {
    if (isSet(ref.container.securityContext?.windowsOptions)) {
      errs.push({...forbidden(`${ref.path}.securityContext.windowsOptions`, LINUX_WINDOWS_OPTIONS), rule: 'linux-windows-options'});
    }
  }
  return errs;
}

/**
 * The Linux-only fields validateWindows forbids, in v1.34's order. `path` is relative to the spec; a
 * field counts when it is set (a pointer), except hostPID/hostIPC (plain bools: only when true) and
 * sysctls (only when non-empty). Internally hostPID, hostIPC, hostUsers and shareProcessNamespace
 * sit in the pod security context, which defaulting always creates, so they are always checked.
 */
export const WINDOWS_FORBIDDEN_POD_FIELDS: ReadonlyArray<{path: string; present: (spec: V1PodSpec) => boolean}> = [
  {path: 'securityContext.appArmorProfile', present: (s) => isSet(s.securityContext?.appArmorProfile)},
  {path: 'securityContext.seLinuxOptions', present: (s) => isSet(s.securityContext?.seLinuxOptions)},
  {path: 'hostUsers', present: (s) => isSet(s.hostUsers)},
  {path: 'hostPID', present: (s) => s.hostPID === true},
  {path: 'hostIPC', present: (s) => s.hostIPC === true},
  {path: 'securityContext.seccompProfile', present: (s) => isSet(s.securityContext?.seccompProfile)},
  {path: 'securityContext.fsGroup', present: (s) => isSet(s.securityContext?.fsGroup)},
  {path: 'securityContext.fsGroupChangePolicy', present: (s) => isSet(s.securityContext?.fsGroupChangePolicy)},
  {path: 'securityContext.sysctls', present: (s) => (s.securityContext?.sysctls?.length ?? 0) > 0},
  {path: 'shareProcessNamespace', present: (s) => isSet(s.shareProcessNamespace)},
  {path: 'securityContext.runAsUser', present: (s) => isSet(s.securityContext?.runAsUser)},
  {path: 'securityContext.runAsGroup', present: (s) => isSet(s.securityContext?.runAsGroup)},
  {path: 'securityContext.supplementalGroups', present: (s) => isSet(s.securityContext?.supplementalGroups)},
  {path: 'securityContext.supplementalGroupsPolicy', present: (s) => isSet(s.securityContext?.supplementalGroupsPolicy)},
  {path: 'securityContext.seLinuxChangePolicy', present: (s) => isSet(s.securityContext?.seLinuxChangePolicy)},
];

/** From v1.37 validateWindows checks the pod security context first, then hostUsers, hostPID, hostIPC and shareProcessNamespace on the spec. */
const WINDOWS_HOST_FIELDS_LAST_MINOR = 37;
const HOST_FIELDS = ['hostUsers', 'hostPID', 'hostIPC', 'shareProcessNamespace'];
const WINDOWS_FORBIDDEN_POD_FIELDS_V137 = [
  ...WINDOWS_FORBIDDEN_POD_FIELDS.filter((f) => !HOST_FIELDS.includes(f.path)),
  ...HOST_FIELDS.map((p) => WINDOWS_FORBIDDEN_POD_FIELDS.find((f) => f.path === p)!),
];

/**
 * The forbidden pod fields in the order the apiserver of `minor` reports them:
 * kubernetes/kubernetes pkg/apis/core/validation/validation.go validateWindows at v1.34.3 (the same
 * at v1.35.4 and v1.36.3) and at v1.37.2.
 */
function windowsForbiddenPodFields(minor: number = LATEST_MINOR): typeof WINDOWS_FORBIDDEN_POD_FIELDS {
  return minor >= WINDOWS_HOST_FIELDS_LAST_MINOR ? WINDOWS_FORBIDDEN_POD_FIELDS_V137 : WINDOWS_FORBIDDEN_POD_FIELDS;
}

/** Container securityContext fields validateWindows forbids, in order (set = non-nil, even false). */
export const WINDOWS_FORBIDDEN_CONTAINER_FIELDS = [
  'appArmorProfile',
  'seLinuxOptions',
  'seccompProfile',
  'capabilities',
  'readOnlyRootFilesystem',
  'privileged',
  'allowPrivilegeEscalation',
  'procMount',
  'runAsUser',
  'runAsGroup',
] as const;

/** validateWindows: Linux-only fields on a windows pod. */
export function validateWindows(spec: V1PodSpec, specPath: string, minor: number = LATEST_MINOR): TaggedFieldError[] {
  const errs: TaggedFieldError[] = [];
  for (const f of windowsForbiddenPodFields(minor)) {
    if (f.present(spec)) errs.push({...forbidden(`${specPath}.${f.path}`, WINDOWS_FORBIDDEN), rule: 'windows-forbidden-field'});
  }
  for (const ref of visitContainers(spec, specPath)) {
    const sc = ref.container.securityContext as Record<string, unknown> | undefined;
    if (!sc) continue;
    for (const key of WINDOWS_FORBIDDEN_CONTAINER_FIELDS) {
      if (isSet(sc[key])) errs.push({...forbidden(`${ref.path}.securityContext.${key}`, WINDOWS_FORBIDDEN), rule: 'windows-forbidden-field'});
    }
  }
  return errs;
}

/** validatePodResources: pod-level resources are forbidden on windows pods. */
function validateWindowsPodResources(spec: V1PodSpec, specPath: string): TaggedFieldError[] {
  const resources = (spec as V1PodSpec & {resources?: unknown}).resources;
  if (isSet(resources) && spec.os?.name === 'windows') {
    return [{...forbidden(`${specPath}.resources`, 'may not be set for a windows pod'), rule: 'windows-pod-resources'}];
  }
  return [];
}

/** Every Windows-related error ValidatePodSpec reports for this spec (and `other`'s), in the apiserver's order. */
export function validateWindowsPodSpec(spec: V1PodSpec, specPath: string, other?: OtherPodRules, minor: number = LATEST_MINOR): TaggedFieldError[] {
  const errs: TaggedFieldError[] = [];
  // Before v1.35 image volumes are gone before validation (dropImageVolumes): the rest move up.
  const volumes = (spec.volumes ?? []).filter((v) => minor >= IMAGE_VOLUME_MINOR || !(v as {image?: unknown}).image);
  volumes.forEach((v, i) => {
    const volume = v as unknown as Record<string, unknown>;
    pushAll(errs, imageVolumeErrors(volume, `${specPath}.volumes[${i}]`, minor));
    pushAll(errs, projectionSourceErrors(volume, `${specPath}.volumes[${i}]`, minor));
  });
  pushAll(errs, containerErrors(spec, specPath, other, minor));
  const windowsResources = validateWindowsPodResources(spec, specPath);
  pushAll(errs, windowsResources);
  if (windowsResources.length === 0 && other) pushAll(errs, other.podResources());
  const shareProcessNamespace = shareProcessNamespaceErrors(spec, specPath, minor);
  if (shareProcessNamespace.beforeWindowsOptions) pushAll(errs, shareProcessNamespace.errors);
  pushAll(errs, validateWindowsSecurityContextOptions(podWindowsOptions(spec), `${specPath}.securityContext.windowsOptions`));
  if (!shareProcessNamespace.beforeWindowsOptions) pushAll(errs, shareProcessNamespace.errors);
  pushAll(errs, validateWindowsHostProcessPod(spec, specPath));
  pushAll(errs, hostUsersErrors(spec, specPath));
  pushAll(errs, hostnameOverrideErrors(spec, specPath, minor));
  pushAll(errs, tolerationErrors(spec, specPath, minor));
  if (spec.os) {
    const osErrs = validateOS(spec, specPath);
    if (osErrs.length > 0) pushAll(errs, osErrs);
    else if (spec.os.name === 'linux') pushAll(errs, validateLinux(spec, specPath));
    else if (spec.os.name === 'windows') pushAll(errs, validateWindows(spec, specPath, minor));
  }
  pushAll(errs, fileKeyRefVolumeErrors(spec, specPath, minor));
  return errs;
}
