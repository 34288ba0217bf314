// Projected podCertificate sources (gate PodCertificateRequest: alpha in v1.34, beta and off in
// v1.35 and v1.36, GA and on in v1.37; kubernetes/kubernetes pkg/features/kube_features.go). Up to
// v1.36.3 the apiserver sets each podCertificate to nil before validating
// (pkg/api/pod/util.go dropDisabledPodCertificateProjection: v1.34.3:1440, v1.36.3:1576) and a
// projection source left empty is accepted, so the pod is accepted without it. From v1.37.2
// validateProjectionSources (pkg/apis/core/validation/validation.go v1.37.2:1310-1378) validates it;
// projection-sources.ts walks the sources and calls podCertificateSourceErrors for this one.
import {invalid, notSupported, required, tooLong, type FieldError} from './field-error.js';
import {byteLength, goQuote} from './go-quote.js';
import {isDNS1123Label, isQualifiedName} from './name-validation.js';
import {localNonReservedPath, tagged, userFieldErrors, type ProjectionPaths} from './projected-paths.js';
import {DNS1123_SUBDOMAIN_MAX_LENGTH, isDNS1123Subdomain, type TaggedFieldError} from './windows-security-context.js';
import {pushAll} from '../util/arrays.js';

/** PodCertificateRequest is GA and on from v1.37: podCertificate sources are kept and validated. */
export const POD_CERTIFICATE_MINOR = 37;

const RULE = 'pod-certificate';

type Obj = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const tag = (e: FieldError): TaggedFieldError => tagged(e, RULE);

const KEY_TYPES = ['RSA3072', 'RSA4096', 'ECDSAP256', 'ECDSAP384', 'ECDSAP521', 'ED25519'];
const MIN_EXPIRATION_SECONDS = 3600;
// pkg/apis/certificates/types.go: MaxMaxExpirationSeconds, KubernetesMaxMaxExpirationSeconds.
const MAX_EXPIRATION_SECONDS = 91 * 24 * 60 * 60;
const KUBERNETES_MAX_EXPIRATION_SECONDS = 24 * 60 * 60;
const DNS1123_LABEL_MAX_LENGTH = 63;
// k8s.io/apimachinery pkg/api/validation/objectmeta.go TotalAnnotationSizeLimitB.
const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

/** IsKubernetesSignerName (pkg/apis/core/validation/names.go). */
const isKubernetesSignerName = (signerName: string): boolean => {
  const host = signerName.split('/')[0];
  return host === 'kubernetes.io' || host.endsWith('.kubernetes.io');
};

/** ValidateSignerName (pkg/apis/core/validation/names.go, the same v1.34.3 to v1.37.2), its errors tagged `rule`. */
export function signerNameErrors(path: string, signerName: string, rule: string = RULE): TaggedFieldError[] {
  const t = (e: FieldError) => tagged(e, rule);
  if (signerName.length === 0) return [t(required(path))];
  const segments = signerName.split('/');
  if (segments.length !== 2)
    return [t(invalid(path, {go: 'string', value: signerName}, "must be a fully qualified domain and path of the form 'example.com/signer-name'"))];
  const errs: TaggedFieldError[] = [];
  const [domain, name] = segments;
  if (byteLength(domain) > DNS1123_SUBDOMAIN_MAX_LENGTH) errs.push(t(tooLong(path, DNS1123_SUBDOMAIN_MAX_LENGTH)));
  const domainLabels = domain.split('.');
  // Only the first bad label: the others' messages would repeat it.
  for (const label of domainLabels) {
    const msgs = isDNS1123Label(label);
    for (const msg of msgs) errs.push(t(invalid(path, {go: 'string', value: domain}, `validating label ${goQuote(label)}: ${msg}`)));
    if (msgs.length > 0) break;
  }
  if (domainLabels.length < 2) errs.push(t(invalid(path, {go: 'string', value: domain}, 'should be a domain with at least two segments separated by dots')));
  for (const label of name.split('.')) {
    const msgs = isDNS1123Subdomain(label);
    for (const msg of msgs) errs.push(t(invalid(path, {go: 'string', value: name}, `validating label ${goQuote(label)}: ${msg}`)));
    if (msgs.length > 0) break;
  }
  const max = DNS1123_SUBDOMAIN_MAX_LENGTH + (DNS1123_SUBDOMAIN_MAX_LENGTH + DNS1123_LABEL_MAX_LENGTH + 1) + 1;
  if (byteLength(signerName) > max) errs.push(t(tooLong(path, max)));
  return errs;
}

/**
 * ValidateUserAnnotations (validation.go v1.37.2:154): each key, lowercased, a label key with a
 * domain prefix (IsDomainPrefixedKey, k8s.io/apimachinery v0.37.2 pkg/util/validation), and all of
 * them within the annotation size limit. Go visits the map in random order: with two bad keys the
 * apiserver's order varies, so only one bad key is ever generated.
 */
function userAnnotationsErrors(annotations: unknown, path: string): TaggedFieldError[] {
  if (annotations === null || typeof annotations !== 'object') return [];
  const errs: TaggedFieldError[] = [];
  let size = 0;
  for (const [key, value] of Object.entries(annotations as Record<string, unknown>)) {
    size += byteLength(key) + byteLength(str(value));
    const k = key.toLowerCase();
    if (k.length === 0) {
      errs.push(tag(required(path)));
      continue;
    }
    const msgs = isQualifiedName(k, true);
    for (const msg of msgs) errs.push(tag(invalid(path, {go: 'string', value: k}, msg)));
    if (msgs.length === 0 && k.split('/').length !== 2)
      errs.push(tag(invalid(path, {go: 'string', value: k}, 'must be a domain-prefixed key (such as "acme.io/foo")')));
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT) errs.push(tag(tooLong(path, TOTAL_ANNOTATION_SIZE_LIMIT)));
  return errs;
}

function expirationErrors(max: unknown, signerName: string, path: string): TaggedFieldError[] {
  if (typeof max !== 'number') return [];
  const errs: TaggedFieldError[] = [];
  if (max < MIN_EXPIRATION_SECONDS)
    errs.push(tag(invalid(path, {go: 'number', value: max}, `if provided, maxExpirationSeconds must be >= ${MIN_EXPIRATION_SECONDS}`)));
  const limit = isKubernetesSignerName(signerName) ? KUBERNETES_MAX_EXPIRATION_SECONDS : MAX_EXPIRATION_SECONDS;
  if (max > limit) errs.push(tag(invalid(path, {go: 'number', value: max}, `if provided, maxExpirationSeconds must be <= ${limit}`)));
  return errs;
}

/** The podCertificate branch of validateProjectionSources (validation.go v1.37.2:1310-1378). `userKept`: see keptUserKind. */
export function podCertificateSourceErrors(pc: Obj, at: string, paths: ProjectionPaths, userKept: boolean): TaggedFieldError[] {
  const signerName = str(pc.signerName);
  const errs = signerNameErrors(`${at}.signerName`, signerName);
  if (pc.userAnnotations !== undefined && pc.userAnnotations !== null) pushAll(errs, userAnnotationsErrors(pc.userAnnotations, `${at}.userAnnotations`));
  pushAll(errs, userFieldErrors(pc.user, `${at}.user`, userKept));
  const keyType = str(pc.keyType);
  if (!KEY_TYPES.includes(keyType)) errs.push(tag(notSupported(`${at}.keyType`, {go: 'string', value: keyType}, KEY_TYPES)));
  pushAll(errs, expirationErrors(pc.maxExpirationSeconds, signerName, `${at}.maxExpirationSeconds`));
  let numPaths = 0;
  for (const field of ['credentialBundlePath', 'keyPath', 'certificateChainPath'] as const) {
    const p = str(pc[field]);
    if (p.length === 0) continue;
    numPaths++;
    pushAll(errs, localNonReservedPath(p, `${at}.${field}`, RULE));
    pushAll(errs, paths.claim(p, p));
  }
  if (numPaths === 0) errs.push(tag(required(at, 'specify at least one of credentialBundlePath, keyPath, and certificateChainPath')));
  return errs;
}
