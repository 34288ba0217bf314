// Projected clusterTrustBundle sources (gate ClusterTrustBundleProjection: beta and off in v1.34 to
// v1.36, GA and on in v1.37; kubernetes/kubernetes pkg/features/kube_features.go). Up to v1.36.3 the
// apiserver sets each clusterTrustBundle to nil before validating (pkg/api/pod/util.go
// dropDisabledClusterTrustBundleProjection, v1.36.3:1533), so the pod is accepted without it; from
// v1.37.2 the clusterTrustBundle branch of validateProjectionSources
// (pkg/apis/core/validation/validation.go v1.37.2:1245-1308) validates it.
import {forbidden, invalid, required, type FieldError} from './field-error.js';
import {goJsonString} from './go-quote.js';
import {isQualifiedName, isValidLabelValue} from './name-validation.js';
import {signerNameErrors} from './pod-certificate.js';
import {localNonReservedPath, tagged, userFieldErrors, type ProjectionPaths} from './projected-paths.js';
import {isDNS1123Subdomain, type TaggedFieldError} from './windows-security-context.js';
import {pushAll} from '../util/arrays.js';

/** ClusterTrustBundleProjection is GA and on from v1.37: clusterTrustBundle sources are kept and validated. */
export const CLUSTER_TRUST_BUNDLE_MINOR = 37;

const RULE = 'cluster-trust-bundle';

type Obj = Record<string, unknown>;
const isSet = (v: unknown): boolean => v !== undefined && v !== null;
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const asList = (v: unknown): Obj[] => (Array.isArray(v) ? (v as Obj[]) : []);
const tag = (e: FieldError): TaggedFieldError => tagged(e, RULE);
const jsonOrNull = (v: unknown, render: (x: never) => string): string => (isSet(v) ? render(v as never) : 'null');

/** json.Marshal of a metav1.LabelSelector: matchLabels (keys sorted), matchExpressions, each omitted when empty. */
function labelSelectorJson(sel: Obj): string {
  const parts: string[] = [];
  const labels = (sel.matchLabels ?? {}) as Record<string, unknown>;
  const keys = Object.keys(labels).sort();
  if (keys.length > 0) parts.push(`"matchLabels":{${keys.map((k) => `${goJsonString(k)}:${goJsonString(str(labels[k]))}`).join(',')}}`);
  const exprs = asList(sel.matchExpressions);
  if (exprs.length > 0) {
    const each = exprs.map((e) => {
      const values = Array.isArray(e.values) && e.values.length > 0 ? `,"values":[${(e.values as unknown[]).map((v) => goJsonString(str(v))).join(',')}]` : '';
      return `{"key":${goJsonString(str(e.key))},"operator":${goJsonString(str(e.operator))}${values}}`;
    });
    parts.push(`"matchExpressions":[${each.join(',')}]`);
  }
  return `{${parts.join(',')}}`;
}

/** json.Marshal of the internal core.ClusterTrustBundleProjection (no json tags: Go's field names). */
function projectionJson(ctb: Obj, userKept: boolean): string {
  const user = userKept && typeof ctb.user === 'number' ? String(ctb.user) : 'null';
  return (
    `{"Name":${jsonOrNull(ctb.name, (v: string) => goJsonString(v))},"SignerName":${jsonOrNull(ctb.signerName, (v: string) => goJsonString(v))},` +
    `"LabelSelector":${jsonOrNull(ctb.labelSelector, labelSelectorJson)},"Optional":${jsonOrNull(ctb.optional, String)},` +
    `"Path":${goJsonString(str(ctb.path))},"User":${user}}`
  );
}

/** ValidateClusterTrustBundleName (names.go v1.37.2:114) with the signer its name implies (extractSignerNameFromClusterTrustBundleName). */
function nameMessages(name: string): string[] {
  const split = name.lastIndexOf(':');
  if (split === -1) return isDNS1123Subdomain(name);
  const signerName = name.slice(0, split).replaceAll(':', '/');
  const prefix = `${signerName.replaceAll('/', ':')}:`;
  if (!name.startsWith(prefix)) return [`ClusterTrustBundle for signerName ${signerName} must be named with prefix ${prefix}`];
  return isDNS1123Subdomain(name.slice(prefix.length));
}

/** unversionedvalidation.ValidateLabelSelector (k8s.io/apimachinery v0.37.2 pkg/apis/meta/v1/validation), invalid label values refused. */
function labelSelectorErrors(sel: Obj, path: string): TaggedFieldError[] {
  const errs: TaggedFieldError[] = [];
  // Go visits matchLabels in random order: the generators give at most one bad label.
  for (const [k, v] of Object.entries((sel.matchLabels ?? {}) as Record<string, unknown>)) {
    for (const msg of isQualifiedName(k, true)) errs.push(tag(invalid(`${path}.matchLabels`, {go: 'string', value: k}, msg)));
    for (const msg of isValidLabelValue(str(v), true)) errs.push(tag(invalid(`${path}.matchLabels`, {go: 'string', value: str(v)}, msg)));
  }
  asList(sel.matchExpressions).forEach((e, i) => {
    const at = `${path}.matchExpressions[${i}]`;
    const values = Array.isArray(e.values) ? (e.values as unknown[]).map(str) : [];
    const operator = str(e.operator);
    if (operator === 'In' || operator === 'NotIn') {
      if (values.length === 0) errs.push(tag(required(`${at}.values`, "must be specified when `operator` is 'In' or 'NotIn'")));
    } else if (operator === 'Exists' || operator === 'DoesNotExist') {
      if (values.length > 0) errs.push(tag(forbidden(`${at}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'")));
    } else errs.push(tag(invalid(`${at}.operator`, {go: 'json-string', value: operator}, 'not a valid selector operator')));
    for (const msg of isQualifiedName(str(e.key), true)) errs.push(tag(invalid(`${at}.key`, {go: 'string', value: str(e.key)}, msg)));
    values.forEach((v, j) => {
      for (const msg of isValidLabelValue(v, true)) errs.push(tag(invalid(`${at}.values[${j}]`, {go: 'string', value: v}, msg)));
    });
  });
  return errs;
}

/** Which bundle it names: by name, or by signerName and labels, never both (validation.go v1.37.2:1252-1294). */
function selectionErrors(ctb: Obj, at: string, userKept: boolean): TaggedFieldError[] {
  const usingName = isSet(ctb.name);
  const usingSignerName = isSet(ctb.signerName);
  if (usingName && usingSignerName)
    return [tag(invalid(at, {go: 'json', value: projectionJson(ctb, userKept)}, 'only one of name and signerName may be used'))];
  const errs: TaggedFieldError[] = [];
  if (usingName) {
    const name = str(ctb.name);
    if (name === '') errs.push(tag(required(`${at}.name`, 'must be a valid object name')));
    for (const msg of nameMessages(name)) errs.push(tag(invalid(`${at}.name`, {go: 'string', value: name}, `not a valid clustertrustbundlename: ${msg}`)));
    if (isSet(ctb.labelSelector))
      errs.push(
        tag(
          invalid(`${at}.labelSelector`, {go: 'json', value: labelSelectorJson(ctb.labelSelector as Obj)}, 'labelSelector must be unset if name is specified'),
        ),
      );
    return errs;
  }
  if (!usingSignerName) return [tag(required(at, 'either name or signerName must be specified'))];
  const signerName = str(ctb.signerName);
  if (signerName === '') errs.push(tag(required(`${at}.signerName`, 'must be a valid signer name')));
  pushAll(errs, signerNameErrors(`${at}.signerName`, signerName, RULE));
  if (isSet(ctb.labelSelector)) pushAll(errs, labelSelectorErrors(ctb.labelSelector as Obj, `${at}.labelSelector`));
  return errs;
}

/** The clusterTrustBundle branch of validateProjectionSources. `userKept`: see keptUserKind (projection-sources.ts). */
export function clusterTrustBundleSourceErrors(ctb: Obj, at: string, paths: ProjectionPaths, userKept: boolean): TaggedFieldError[] {
  const errs = selectionErrors(ctb, at, userKept);
  const path = str(ctb.path);
  if (path === '') errs.push(tag(required(`${at}.path`)));
  pushAll(errs, userFieldErrors(ctb.user, `${at}.user`, userKept));
  pushAll(errs, localNonReservedPath(path, `${at}.path`, RULE));
  // Claimed even when empty: two sources without a path conflict.
  pushAll(errs, paths.claim(path, path));
  return errs;
}
