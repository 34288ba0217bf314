// env.valueFrom and its fileKeyRef source (gate EnvFiles: alpha and off in v1.34, beta and on from
// v1.35; kubernetes/kubernetes pkg/features/kube_features.go). v1.34 sets every fileKeyRef to nil
// before validating (pkg/api/pod/util.go v1.34.3:799 dropFileKeyRefInUse), so a valueFrom that held
// only a fileKeyRef is then rejected as naming no source, with v1.34's list of four sources.
// Only these rules of ValidateEnv: env names and the contents of the other four sources are out of
// scope (lint's generated pods do not carry them).
import type {V1PodSpec} from '@kubernetes/client-node';
import {invalid, notFound, required} from './field-error.js';
import {isDNS1123Label} from './name-validation.js';
import type {TaggedFieldError} from './windows-security-context.js';
import {pushAll} from '../util/arrays.js';

/** EnvFiles is beta and on from v1.35: fileKeyRef is kept, validated, and named among the sources. */
export const ENV_FILES_MINOR = 35;

type Obj = Record<string, unknown>;
const isSet = (v: unknown): boolean => v !== undefined && v !== null;
const asList = (v: unknown): Obj[] => (Array.isArray(v) ? (v as Obj[]) : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const tag = (e: ReturnType<typeof required>): TaggedFieldError => ({...e, rule: 'env-value-from'});

const OTHER_SOURCES = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef'] as const;
const NO_SOURCE_V134 = 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`';
const NO_SOURCE = 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef`, `secretKeyRef` or `fileKeyRef`';
// k8s.io/apimachinery pkg/util/validation/validation.go IsRelaxedEnvVarName (v0.35.4 to v0.37.2).
const RELAXED_ENV_VAR_NAME = "a valid environment variable name must consist only of printable ASCII characters other than '='";

/** Go's unicode.IsPrint restricted to ASCII, which is all IsRelaxedEnvVarName lets through. */
const isRelaxedEnvVarName = (key: string): boolean => [...key].every((ch) => ch.charCodeAt(0) >= 0x20 && ch.charCodeAt(0) < 0x7f && ch !== '=');

/** validateFileKeySelector (v1.35.4 validation.go:3056, v1.36.3 :3049, v1.37.2 :3128). */
function fileKeySelector(s: Obj, path: string): TaggedFieldError[] {
  const errs: TaggedFieldError[] = [];
  const key = str(s.key);
  if (key.length === 0) errs.push(tag(required(`${path}.key`)));
  else if (!isRelaxedEnvVarName(key)) errs.push(tag(invalid(`${path}.key`, {go: 'string', value: key}, RELAXED_ENV_VAR_NAME)));
  const volumeName = str(s.volumeName);
  if (volumeName.length === 0) errs.push(tag(required(`${path}.volumeName`)));
  else for (const msg of isDNS1123Label(volumeName)) errs.push(tag(invalid(`${path}.volumeName`, {go: 'string', value: volumeName}, msg)));
  const filePath = str(s.path);
  if (filePath.length === 0) errs.push(tag(required(`${path}.path`)));
  // validatePathNoBacksteps: one error however many `..` parts.
  else if (filePath.split('/').includes('..')) errs.push(tag(invalid(`${path}.path`, {go: 'string', value: filePath}, "must not contain '..'")));
  return errs;
}

/**
 * validateEnvVarValueFrom (v1.34.3 validation.go:2735, v1.35.4 :2810, v1.36.3 :2803, v1.37.2 :2882)
 * for one env var: the number of sources, and the fileKeyRef source.
 */
function envVarValueFrom(ev: Obj, path: string, minor: number): TaggedFieldError[] {
  const from = ev.valueFrom;
  if (from === null || typeof from !== 'object') return [];
  const errs: TaggedFieldError[] = [];
  let sources = OTHER_SOURCES.filter((k) => isSet((from as Obj)[k])).length;
  const fileKeyRef = minor >= ENV_FILES_MINOR ? ((from as Obj).fileKeyRef as Obj | null | undefined) : undefined;
  if (isSet(fileKeyRef)) {
    sources++;
    pushAll(errs, fileKeySelector(fileKeyRef!, `${path}.fileKeyRef`));
  }
  if (sources === 0) errs.push(tag(invalid(path, {go: 'string', value: ''}, minor >= ENV_FILES_MINOR ? NO_SOURCE : NO_SOURCE_V134)));
  else if (str(ev.value).length !== 0) errs.push(tag(invalid(path, {go: 'string', value: ''}, 'may not be specified when `value` is not empty')));
  else if (sources > 1) errs.push(tag(invalid(path, {go: 'string', value: ''}, 'may not have more than one field specified at a time')));
  return errs;
}

/** The valueFrom errors of one container's env, where ValidateEnv reports them (validateContainerCommon, before resources). */
export function envValueFromErrors(c: Obj, path: string, minor: number): TaggedFieldError[] {
  const errs: TaggedFieldError[] = [];
  asList(c.env).forEach((ev, i) => pushAll(errs, envVarValueFrom(ev, `${path}.env[${i}].valueFrom`, minor)));
  return errs;
}

/**
 * validateFileKeyRefVolumes (v1.35.4 validation.go:3962, v1.36.3 :3964, v1.37.2 :4083), the last
 * check of ValidatePodSpec: each fileKeyRef names an emptyDir volume of the pod, in
 * VisitContainersWithPath order (init, regular, ephemeral). Nothing at v1.34, which dropped them.
 */
export function fileKeyRefVolumeErrors(spec: V1PodSpec, specPath: string, minor: number): TaggedFieldError[] {
  if (minor < ENV_FILES_MINOR) return [];
  const volumes = new Map(asList(spec.volumes).map((v) => [str(v.name), v]));
  const errs: TaggedFieldError[] = [];
  for (const kind of ['initContainers', 'containers', 'ephemeralContainers'] as const) {
    asList(spec[kind]).forEach((c, i) => {
      asList(c.env).forEach((ev, j) => {
        const ref = (ev.valueFrom as Obj | null | undefined)?.fileKeyRef as Obj | null | undefined;
        if (!isSet(ref)) return;
        const name = str(ref!.volumeName);
        const at = `${specPath}.${kind}[${i}].env[${j}].valueFrom.fileKeyRef.volumeName`;
        const volume = volumes.get(name);
        if (!volume) errs.push(tag(notFound(at, {go: 'string', value: name})));
        else if (!isSet(volume.emptyDir)) errs.push(tag(invalid(at, {go: 'string', value: name}, 'referenced volume must be of type emptyDir')));
      });
    });
  }
  return errs;
}
