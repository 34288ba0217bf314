// validateProjectionSources (kubernetes/kubernetes pkg/apis/core/validation/validation.go
// v1.37.2:1167) as far as it changed between v1.34.3 and v1.37.2. Up to v1.36 the apiserver drops
// every clusterTrustBundle and podCertificate source before validating (their gates are off), so
// what is left is what v1.34 validated; from v1.37 both are kept, validated, counted among a source's
// volume types and claim paths beside the other sources. So lint validates at every minor the paths
// the sources claim and one volume type per source, counting the gated sources from v1.37, and from
// v1.37 their own rules (cluster-trust-bundle.ts, pod-certificate.ts) and the alpha `user` fields
// that survive the drop of AtomicWriteVolumeUserFields. The other sources' own rules (secret and configMap names
// and items, downwardAPI files, serviceAccountToken expiry and path) are the same at every minor and
// not modelled. serviceAccountToken.expirationSeconds is Required from v1.37 only in the internal
// type: v1 defaulting sets it to 3600 first (pkg/apis/core/v1/defaults.go), so no request meets it.
import {forbidden} from './field-error.js';
import {CLUSTER_TRUST_BUNDLE_MINOR, clusterTrustBundleSourceErrors} from './cluster-trust-bundle.js';
import {POD_CERTIFICATE_MINOR, podCertificateSourceErrors} from './pod-certificate.js';
import {PROJECTED_SOURCES_RULE, ProjectionPaths, tagged, userFieldErrors} from './projected-paths.js';
import type {TaggedFieldError} from './windows-security-context.js';
import {pushAll} from '../util/arrays.js';
import {CleanMemo} from '../util/clean-memo.js';

type Obj = Record<string, unknown>;
const isSet = (v: unknown): boolean => v !== undefined && v !== null;
const asList = (v: unknown): Obj[] => (Array.isArray(v) ? (v as Obj[]) : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** AtomicWriteVolumeUserFields (alpha, off) exists from v1.37: before, `user` is an unknown field, dropped by decoding. */
export const USER_FIELDS_MINOR = 37;
/** The first minor that keeps each gated kind. */
const GATED_FROM: Partial<Record<SourceKind, number>> = {clusterTrustBundle: CLUSTER_TRUST_BUNDLE_MINOR, podCertificate: POD_CERTIFICATE_MINOR};

/** The kinds in the order dropDisabledAtomicWriteVolumeUserFields' switch tests them (pkg/api/pod/util.go v1.37.2:1680). */
const USER_DROP_ORDER = ['secret', 'downwardAPI', 'configMap', 'serviceAccountToken', 'clusterTrustBundle', 'podCertificate'] as const;
type SourceKind = (typeof USER_DROP_ORDER)[number];

/** The source as the apiserver of `minor` validates it: without the kinds whose gate is off there. */
function keptAt(source: Obj, minor: number): Obj {
  const gatedOff = (k: SourceKind) => isSet(source[k]) && (GATED_FROM[k] ?? 0) > minor;
  // Tested before any list is made: it runs for the service-account volume of every pod, which keeps all.
  if (!USER_DROP_ORDER.some(gatedOff)) return source;
  const kept = {...source};
  for (const k of USER_DROP_ORDER) if (gatedOff(k)) delete kept[k];
  return kept;
}

/**
 * The one kind of a source whose `user` fields v1.37 drops (gate AtomicWriteVolumeUserFields, alpha
 * and off): its switch stops at the first kind set, so a source that also sets a later kind keeps
 * that kind's `user` and validates it.
 */
export function droppedUserKind(source: Obj): SourceKind | undefined {
  return USER_DROP_ORDER.find((k) => isSet(source[k]));
}

/**
 * The items of a secret or configMap (validateKeyToPath at each item, then its path claimed, printed
 * as the source's name) or the files of a downwardAPI (validateDownwardAPIVolumeFile at the source,
 * then the path): of their own rules only the `user` is modelled.
 */
function itemErrors(source: Obj, kind: 'secret' | 'configMap' | 'downwardAPI', at: string, paths: ProjectionPaths, userKept: boolean): TaggedFieldError[] {
  const errs: TaggedFieldError[] = [];
  const s = source[kind] as Obj;
  asList(s.items).forEach((item, i) => {
    // Only a kept numeric `user` can be wrong (userFieldErrors): its path is written only then, not for every item of every pod.
    if (userKept && typeof item.user === 'number')
      pushAll(errs, userFieldErrors(item.user, kind === 'downwardAPI' ? `${at}.${kind}.user` : `${at}.${kind}.items[${i}].user`, userKept));
    const p = str(item.path);
    if (p.length > 0) pushAll(errs, paths.claim(p, kind === 'downwardAPI' ? p : str(s.name)));
  });
  return errs;
}

/** How many volume types a source sets. */
function volumeTypes(source: Obj): number {
  let n = 0;
  for (const k of USER_DROP_ORDER) if (isSet(source[k])) n++;
  return n;
}

/** One source, as kept at `minor`, its errors in the apiserver's order. */
function sourceErrors(source: Obj, at: string, paths: ProjectionPaths, minor: number): TaggedFieldError[] {
  const errs: TaggedFieldError[] = [];
  const dropped = droppedUserKind(source);
  const kept = (kind: SourceKind) => minor >= USER_FIELDS_MINOR && dropped !== kind;
  for (const kind of ['secret', 'configMap', 'downwardAPI'] as const) {
    if (!isSet(source[kind])) continue;
    pushAll(errs, itemErrors(source, kind, at, paths, kept(kind)));
  }
  const token = source.serviceAccountToken as Obj | null | undefined;
  if (isSet(token)) pushAll(errs, userFieldErrors(token!.user, `${at}.serviceAccountToken.user`, kept('serviceAccountToken')));
  const ctb = source.clusterTrustBundle as Obj | null | undefined;
  if (isSet(ctb)) pushAll(errs, clusterTrustBundleSourceErrors(ctb!, `${at}.clusterTrustBundle`, paths, kept('clusterTrustBundle')));
  const pc = source.podCertificate as Obj | null | undefined;
  if (isSet(pc)) pushAll(errs, podCertificateSourceErrors(pc!, `${at}.podCertificate`, paths, kept('podCertificate')));
  if (volumeTypes(source) > 1) errs.push(tagged(forbidden(at, 'may not specify more than 1 volume type per source'), PROJECTED_SOURCES_RULE));
  return errs;
}

/** The errors of one projected volume at `minor` that lint models (see the top of this file). */
export function projectionSourceErrors(volume: Obj, volumePath: string, minor: number): TaggedFieldError[] {
  const projected = volume.projected as Obj | null | undefined;
  if (!isSet(projected) || CLEAN.has(projected, minor)) return [];
  const projectedPath = `${volumePath}.projected`;
  const paths = new ProjectionPaths(projectedPath);
  const errs: TaggedFieldError[] = [];
  asList(projected!.sources).forEach((source, j) => pushAll(errs, sourceErrors(keptAt(source ?? {}, minor), `${projectedPath}.sources[${j}]`, paths, minor)));
  if (errs.length === 0) CLEAN.note(projected, minor);
  return errs;
}

/** Projections found clean: every pod of a namespace carries the same service-account token volume. */
const CLEAN = new CleanMemo();
