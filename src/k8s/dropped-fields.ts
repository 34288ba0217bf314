// Fields the apiserver of a minor removes from a new pod before validating it, because the feature
// gate that owns them is off there (kubernetes/kubernetes pkg/api/pod/util.go dropDisabledFields at
// that tag; a pod that does not already use the field, which a new one never does). The pod is
// created without them and nothing says so: lint does.
import type {V1PodSpec} from '@kubernetes/client-node';
import {CONTAINER_RESTART_RULES_MINOR, HOSTNAME_OVERRIDE_MINOR, IMAGE_VOLUME_MINOR} from './minor-pod-rules.js';
import {ENV_FILES_MINOR} from './env-file-key-ref.js';
import {POD_CERTIFICATE_MINOR} from './pod-certificate.js';
import {CLUSTER_TRUST_BUNDLE_MINOR} from './cluster-trust-bundle.js';
import {droppedUserKind, USER_FIELDS_MINOR} from './projection-sources.js';
import {offGateFields} from './dropped-alpha-fields.js';
import {CleanMemo} from '../util/clean-memo.js';

interface DroppedField {
  /** Where it was: spec.containers[0].restartPolicy. */
  field: string;
  /** The feature gate that is off at the minor. */
  gate: string;
  /** The first minor that keeps it; undefined: no minor kubectl-win knows (an alpha gate, off in each). */
  keptFrom?: number;
}

type Obj = Record<string, unknown>;
const isSet = (v: unknown): boolean => v !== undefined && v !== null;
const asList = (v: unknown): Obj[] => (Array.isArray(v) ? (v as Obj[]) : []);
const KINDS = ['initContainers', 'containers', 'ephemeralContainers'] as const;

const RESTART_RULES_GATE = {gate: 'ContainerRestartRules', keptFrom: CONTAINER_RESTART_RULES_MINOR};

/** dropContainerRestartRules (v1.34.3 util.go:1732): init containers keep restartPolicy Always. */
function restartRules(spec: V1PodSpec, specPath: string, out: DroppedField[]): void {
  for (const kind of KINDS) {
    const list = asList(spec[kind]);
    for (let i = 0; i < list.length; i++) {
      const c = list[i];
      const policy = isSet(c.restartPolicy) && !(kind === 'initContainers' && c.restartPolicy === 'Always');
      const rules = isSet(c.restartPolicyRules);
      if (!policy && !rules) continue;
      const at = `${specPath}.${kind}[${i}]`;
      if (policy) out.push({field: `${at}.restartPolicy`, ...RESTART_RULES_GATE});
      if (rules) out.push({field: `${at}.restartPolicyRules`, ...RESTART_RULES_GATE});
    }
  }
}

/** dropImageVolumes (v1.34.3 util.go:1519): the volume, and every volumeMount naming it. */
function imageVolumes(spec: V1PodSpec, specPath: string, out: DroppedField[]): void {
  const gate = {gate: 'ImageVolume', keptFrom: IMAGE_VOLUME_MINOR};
  const names = new Set<unknown>();
  asList(spec.volumes).forEach((v, i) => {
    if (!isSet(v.image)) return;
    names.add(v.name);
    out.push({field: `${specPath}.volumes[${i}]`, ...gate});
  });
  if (names.size === 0) return;
  for (const kind of KINDS) {
    asList(spec[kind]).forEach((c, i) => {
      asList(c.volumeMounts).forEach((m, j) => {
        if (names.has(m.name)) out.push({field: `${specPath}.${kind}[${i}].volumeMounts[${j}]`, ...gate});
      });
    });
  }
}

/** dropFileKeyRefInUse (v1.34.3 util.go:799). */
function fileKeyRefs(spec: V1PodSpec, specPath: string, out: DroppedField[]): void {
  for (const kind of KINDS) {
    asList(spec[kind]).forEach((c, i) => {
      asList(c.env).forEach((ev, j) => {
        const from = ev.valueFrom as Obj | null | undefined;
        if (isSet(from) && isSet(from!.fileKeyRef))
          out.push({field: `${specPath}.${kind}[${i}].env[${j}].valueFrom.fileKeyRef`, gate: 'EnvFiles', keptFrom: ENV_FILES_MINOR});
      });
    });
  }
}

/** dropDisabledClusterTrustBundleProjection and dropDisabledPodCertificateProjection (v1.36.3 util.go:1533, :1576). */
function projections(spec: V1PodSpec, specPath: string, minor: number, out: DroppedField[]): void {
  asList(spec.volumes).forEach((v, i) => {
    const projected = v.projected as Obj | null | undefined;
    if (!isSet(projected) || NO_GATED_SOURCES.has(projected, minor)) return;
    const before = out.length;
    asList(projected!.sources).forEach((s, j) => {
      const at = `${specPath}.volumes[${i}].projected.sources[${j}]`;
      if (minor < CLUSTER_TRUST_BUNDLE_MINOR && isSet(s?.clusterTrustBundle))
        out.push({field: `${at}.clusterTrustBundle`, gate: 'ClusterTrustBundleProjection', keptFrom: CLUSTER_TRUST_BUNDLE_MINOR});
      if (minor < POD_CERTIFICATE_MINOR && isSet(s?.podCertificate))
        out.push({field: `${at}.podCertificate`, gate: 'PodCertificateRequest', keptFrom: POD_CERTIFICATE_MINOR});
    });
    if (out.length === before) NO_GATED_SOURCES.note(projected, minor);
  });
}

/** Projections with no source a minor drops: every pod of a namespace carries the same token volume. */
const NO_GATED_SOURCES = new CleanMemo();

const USER_GATE = {gate: 'AtomicWriteVolumeUserFields'};

/** The `user` of each item of a secret, configMap or downwardAPI at `at`. */
function itemUsers(src: Obj, at: string, out: DroppedField[]): void {
  asList(src.items).forEach((item, k) => {
    if (isSet(item.user)) out.push({field: `${at}.items[${k}].user`, ...USER_GATE});
  });
}

/**
 * dropDisabledAtomicWriteVolumeUserFields (v1.37.2 util.go:1657; before v1.37 the fields are unknown
 * and decoding drops them): each volume's first kind in the order secret, configMap, downwardAPI,
 * projected, and in a projection each source's first kind (droppedUserKind).
 */
function userFields(spec: V1PodSpec, specPath: string, out: DroppedField[]): void {
  asList(spec.volumes).forEach((v, i) => {
    const at = `${specPath}.volumes[${i}]`;
    const kind = (['secret', 'configMap', 'downwardAPI', 'projected'] as const).find((k) => isSet(v[k]));
    if (kind === undefined) return;
    const src = v[kind] as Obj;
    if (isSet(src.defaultUser)) out.push({field: `${at}.${kind}.defaultUser`, ...USER_GATE});
    if (kind !== 'projected') return itemUsers(src, `${at}.${kind}`, out);
    asList(src.sources).forEach((s, j) => {
      const first = droppedUserKind(s ?? {});
      if (first === undefined) return;
      const sat = `${at}.projected.sources[${j}].${first}`;
      const source = s[first] as Obj;
      if (first === 'secret' || first === 'configMap' || first === 'downwardAPI') itemUsers(source, sat, out);
      else if (isSet(source.user)) out.push({field: `${sat}.user`, ...USER_GATE});
    });
  });
}

/** The fields of this pod spec the apiserver of `minor` drops on create. */
export function droppedFields(spec: V1PodSpec, specPath: string, minor: number): DroppedField[] {
  const out: DroppedField[] = [];
  if (minor < HOSTNAME_OVERRIDE_MINOR && isSet((spec as {hostnameOverride?: unknown}).hostnameOverride)) {
    // v1.34.3 util.go:779
    out.push({field: `${specPath}.hostnameOverride`, gate: 'HostnameOverride', keptFrom: HOSTNAME_OVERRIDE_MINOR});
  }
  if (minor < IMAGE_VOLUME_MINOR) imageVolumes(spec, specPath, out);
  if (minor < CONTAINER_RESTART_RULES_MINOR) restartRules(spec, specPath, out);
  if (minor < ENV_FILES_MINOR) fileKeyRefs(spec, specPath, out);
  projections(spec, specPath, minor, out);
  if (minor >= USER_FIELDS_MINOR) userFields(spec, specPath, out);
  for (const f of offGateFields(spec, specPath, minor)) out.push(f);
  return out;
}
