// Projected podCertificate sources (gate PodCertificateRequest: alpha in v1.34, beta and off in
// v1.35 and v1.36, GA and on in v1.37; kubernetes/kubernetes pkg/features/kube_features.go). Up to
// v1.36.3 the apiserver sets each podCertificate to nil before validating
// (pkg/api/pod/util.go dropDisabledPodCertificateProjection: v1.34.3:1440, v1.36.3:1576) and a
// projection source left empty is accepted, so the pod is accepted without it. From v1.37.2
// validateProjectionSources (pkg/apis/core/validation/validation.go v1.37.2:1167) validates it.
// Not modelled: userAnnotations and the alpha `user` field, the other sources' own rules (only
// their paths and their count are looked at here), and clusterTrustBundle (gate
// ClusterTrustBundleProjection, likewise dropped to v1.36.3 and validated from v1.37.2).
import {forbidden, invalid, notSupported, required, tooLong} from './field-error.js';
import {byteLength, goQuote} from './go-quote.js';
import {isDNS1123Label} from './name-validation.js';
import {DNS1123_SUBDOMAIN_MAX_LENGTH, isDNS1123Subdomain, type TaggedFieldError} from './windows-security-context.js';
import {pushAll} from '../util/arrays.js';

/** PodCertificateRequest is GA and on from v1.37: podCertificate sources are kept and validated. */
export const POD_CERTIFICATE_MINOR = 37;

type Obj = Record<string, unknown>;
const isSet = (v: unknown): boolean => v !== undefined && v !== null;
const asList = (v: unknown): Obj[] => (Array.isArray(v) ? (v as Obj[]) : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const tag = (e: ReturnType<typeof required>): TaggedFieldError => ({...e, rule: 'pod-certificate'});

const KEY_TYPES = ['RSA3072', 'RSA4096', 'ECDSAP256', 'ECDSAP384', 'ECDSAP521', 'ED25519'];
const MIN_EXPIRATION_SECONDS = 3600;
// pkg/apis/certificates/types.go: MaxMaxExpirationSeconds, KubernetesMaxMaxExpirationSeconds.
const MAX_EXPIRATION_SECONDS = 91 * 24 * 60 * 60;
const KUBERNETES_MAX_EXPIRATION_SECONDS = 24 * 60 * 60;
const DNS1123_LABEL_MAX_LENGTH = 63;

/** IsKubernetesSignerName (pkg/apis/core/validation/names.go). */
const isKubernetesSignerName = (signerName: string): boolean => {
  const host = signerName.split('/')[0];
  return host === 'kubernetes.io' || host.endsWith('.kubernetes.io');
};

/** ValidateSignerName (pkg/apis/core/validation/names.go, the same v1.34.3 to v1.37.2). */
function signerNameErrors(path: string, signerName: string): TaggedFieldError[] {
  if (signerName.length === 0) return [tag(required(path))];
  const segments = signerName.split('/');
  if (segments.length !== 2)
    return [tag(invalid(path, {go: 'string', value: signerName}, "must be a fully qualified domain and path of the form 'example.com/signer-name'"))];
  const errs: TaggedFieldError[] = [];
  const [domain, name] = segments;
  if (byteLength(domain) > DNS1123_SUBDOMAIN_MAX_LENGTH) errs.push(tag(tooLong(path, DNS1123_SUBDOMAIN_MAX_LENGTH)));
  const domainLabels = domain.split('.');
  // Only the first bad label: the others' messages would repeat it.
  for (const label of domainLabels) {
    const msgs = isDNS1123Label(label);
    for (const msg of msgs) errs.push(tag(invalid(path, {go: 'string', value: domain}, `validating label ${goQuote(label)}: ${msg}`)));
    if (msgs.length > 0) break;
  }
  if (domainLabels.length < 2) errs.push(tag(invalid(path, {go: 'string', value: domain}, 'should be a domain with at least two segments separated by dots')));
  for (const label of name.split('.')) {
    const msgs = isDNS1123Subdomain(label);
    for (const msg of msgs) errs.push(tag(invalid(path, {go: 'string', value: name}, `validating label ${goQuote(label)}: ${msg}`)));
    if (msgs.length > 0) break;
  }
  const max = DNS1123_SUBDOMAIN_MAX_LENGTH + (DNS1123_SUBDOMAIN_MAX_LENGTH + DNS1123_LABEL_MAX_LENGTH + 1) + 1;
  if (byteLength(signerName) > max) errs.push(tag(tooLong(path, max)));
  return errs;
}

/** ValidateLocalNonReservedPath (validation.go v1.37.2:1510): relative, no `..` part, not starting with `..`. */
function localNonReservedPath(p: string, path: string): TaggedFieldError[] {
  const errs: TaggedFieldError[] = [];
  const value = {go: 'string' as const, value: p};
  if (p.startsWith('/')) errs.push(tag(invalid(path, value, 'must be a relative path')));
  if (p.split('/').includes('..')) errs.push(tag(invalid(path, value, "must not contain '..'")));
  if (p.startsWith('..') && !p.startsWith('../')) errs.push(tag(invalid(path, value, "must not start with '..'")));
  return errs;
}

/** The paths every source of a projection claims (allPaths), in the order they are met. */
class ProjectionPaths {
  private readonly seen = new Set<string>();
  constructor(private readonly projectedPath: string) {}
  claim(p: string, value: string): TaggedFieldError[] {
    if (!this.seen.has(p)) {
      this.seen.add(p);
      return [];
    }
    return [tag(invalid(this.projectedPath, {go: 'string', value}, 'conflicting duplicate paths'))];
  }
}

/** The sources' own path claims before podCertificate: secret and configMap items, downwardAPI items (clusterTrustBundle's is not modelled). */
function otherSourceClaims(source: Obj, paths: ProjectionPaths): TaggedFieldError[] {
  const errs: TaggedFieldError[] = [];
  for (const kind of ['secret', 'configMap'] as const) {
    const s = source[kind] as Obj | null | undefined;
    if (!isSet(s)) continue;
    for (const item of asList(s!.items)) if (str(item.path).length > 0) pushAll(errs, paths.claim(str(item.path), str(s!.name)));
  }
  const downward = source.downwardAPI as Obj | null | undefined;
  if (isSet(downward)) for (const item of asList(downward!.items)) if (str(item.path).length > 0) pushAll(errs, paths.claim(str(item.path), str(item.path)));
  return errs;
}

/** The podCertificate branch of validateProjectionSources (validation.go v1.37.2:1337-1408). */
function podCertificate(pc: Obj, at: string, paths: ProjectionPaths): TaggedFieldError[] {
  const signerName = str(pc.signerName);
  const errs = signerNameErrors(`${at}.signerName`, signerName);
  const keyType = str(pc.keyType);
  if (!KEY_TYPES.includes(keyType)) errs.push(tag(notSupported(`${at}.keyType`, {go: 'string', value: keyType}, KEY_TYPES)));
  const max = pc.maxExpirationSeconds;
  if (typeof max === 'number') {
    if (max < MIN_EXPIRATION_SECONDS)
      errs.push(
        tag(invalid(`${at}.maxExpirationSeconds`, {go: 'number', value: max}, `if provided, maxExpirationSeconds must be >= ${MIN_EXPIRATION_SECONDS}`)),
      );
    const limit = isKubernetesSignerName(signerName) ? KUBERNETES_MAX_EXPIRATION_SECONDS : MAX_EXPIRATION_SECONDS;
    if (max > limit) errs.push(tag(invalid(`${at}.maxExpirationSeconds`, {go: 'number', value: max}, `if provided, maxExpirationSeconds must be <= ${limit}`)));
  }
  let numPaths = 0;
  for (const field of ['credentialBundlePath', 'keyPath', 'certificateChainPath'] as const) {
    const p = str(pc[field]);
    if (p.length === 0) continue;
    numPaths++;
    pushAll(errs, localNonReservedPath(p, `${at}.${field}`));
    pushAll(errs, paths.claim(p, p));
  }
  if (numPaths === 0) errs.push(tag(required(at, 'specify at least one of credentialBundlePath, keyPath, and certificateChainPath')));
  return errs;
}

const SOURCE_KINDS = ['secret', 'configMap', 'downwardAPI', 'serviceAccountToken', 'clusterTrustBundle'] as const;

/**
 * The podCertificate errors of each projected volume of the pod at `minor`, per source: its own,
 * then "may not specify more than 1 volume type per source". Nothing before v1.37, and nothing for a
 * projection without a podCertificate source (its other rules are out of scope).
 */
export function podCertificateErrors(volume: Obj, volumePath: string, minor: number): TaggedFieldError[] {
  if (minor < POD_CERTIFICATE_MINOR) return [];
  const projected = volume.projected as Obj | null | undefined;
  const sources = isSet(projected) ? asList(projected!.sources) : [];
  if (!sources.some((s) => isSet(s?.podCertificate))) return [];
  const projectedPath = `${volumePath}.projected`;
  const paths = new ProjectionPaths(projectedPath);
  const errs: TaggedFieldError[] = [];
  sources.forEach((source, j) => {
    const at = `${projectedPath}.sources[${j}]`;
    pushAll(errs, otherSourceClaims(source, paths));
    let count = SOURCE_KINDS.filter((k) => isSet(source[k])).length;
    if (isSet(source.podCertificate)) {
      count++;
      pushAll(errs, podCertificate(source.podCertificate as Obj, `${at}.podCertificate`, paths));
    }
    if (count > 1) errs.push(tag(forbidden(at, 'may not specify more than 1 volume type per source')));
  });
  return errs;
}
