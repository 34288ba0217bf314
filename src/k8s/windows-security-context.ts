// windowsOptions (pod and every container kind), exactly as kube-apiserver v1.34 validates them:
// kubernetes/kubernetes pkg/apis/core/validation/validation.go validateWindowsSecurityContextOptions (v1.34.3).
// It runs whatever spec.os says. Values are `*string` upstream, so they print through json.Marshal.
import {byteLength, wellFormed} from './go-quote.js';
import {invalid, type FieldError} from './field-error.js';
import {BoundedSet} from '../util/bounded-set.js';
import {CleanMemo} from '../util/clean-memo.js';

export interface WindowsOptions {
  gmsaCredentialSpecName?: string | null;
  gmsaCredentialSpec?: string | null;
  runAsUserName?: string | null;
  hostProcess?: boolean | null;
}

const MAX_GMSA_CREDENTIAL_SPEC_BYTES = 64 * 1024;
const MAX_RUN_AS_USERNAME_DOMAIN_BYTES = 256;
const MAX_RUN_AS_USERNAME_USER_BYTES = 104;

// Go's [[:cntrl:]] is ASCII only.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CTRL = /[\x00-\x1f\x7f]/;
// NetBIOS: 1 to 15 runes (Go counts runes; /u counts code points), not starting with a dot.
const NETBIOS = /^[^\\/:*?"<>|.][^\\/:*?"<>|]{0,14}$/u;
const DNS_LABEL = '[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?';
const DNS_DOMAIN = new RegExp(`^${DNS_LABEL}(?:\\.${DNS_LABEL})*$`);
const USER_FORBIDDEN_CHARS = /["/\\:;|=,+*?<>@[\]]/;
const USER_DOTS_SPACES = /^[. ]+$/;

// k8s.io/apimachinery pkg/util/validation/validation.go IsDNS1123Subdomain (v0.34.3).
const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1123_SUBDOMAIN = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);
export const DNS1123_SUBDOMAIN_MAX_LENGTH = 253;
export const DNS1123_SUBDOMAIN_MAX_LEN_MSG = `must be no more than ${DNS1123_SUBDOMAIN_MAX_LENGTH} characters`;
export const DNS1123_SUBDOMAIN_REGEX_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character" +
  ` (e.g. 'example.com', regex used for validation is '${DNS1123_SUBDOMAIN_FMT}')`;

// Every pod names the same few gMSA credential specs: the valid names are remembered.
const VALID_SUBDOMAINS = new BoundedSet();

/** IsDNS1123Subdomain: its messages, in order. */
export function isDNS1123Subdomain(value: string): string[] {
  if (VALID_SUBDOMAINS.has(value)) return [];
  const errs: string[] = [];
  if (byteLength(value) > DNS1123_SUBDOMAIN_MAX_LENGTH) errs.push(DNS1123_SUBDOMAIN_MAX_LEN_MSG);
  if (!DNS1123_SUBDOMAIN.test(value)) errs.push(DNS1123_SUBDOMAIN_REGEX_MSG);
  if (errs.length === 0) VALID_SUBDOMAINS.add(value);
  return errs;
}

export const RUN_AS_USERNAME_MESSAGES = {
  empty: 'runAsUserName cannot be an empty string',
  control: 'runAsUserName cannot contain control characters',
  backslashes: 'runAsUserName cannot contain more than one backslash',
  domainLength: `runAsUserName's Domain length must be under ${MAX_RUN_AS_USERNAME_DOMAIN_BYTES} characters`,
  domainFormat: "runAsUserName's Domain doesn't match the NetBios nor the DNS format",
  userEmpty: "runAsUserName's User cannot be empty",
  userLength: `runAsUserName's User length must not be longer than ${MAX_RUN_AS_USERNAME_USER_BYTES} characters`,
  userDotsSpaces: "runAsUserName's User cannot contain only periods or spaces",
  userChars: `runAsUserName's User cannot contain the following characters: "/\\:;|=,+*?<>@[]`,
} as const;

const GMSA_SPEC_MESSAGES = {
  empty: 'gmsaCredentialSpec cannot be an empty string',
  size: 'gmsaCredentialSpec size must be under 64 KiB',
} as const;

/** The runAsUserName messages for one value, in the apiserver's order (empty when valid). */
export function runAsUserNameErrors(raw: string): string[] {
  const v = wellFormed(raw);
  const M = RUN_AS_USERNAME_MESSAGES;
  if (v.length === 0) return [M.empty];
  if (CTRL.test(v)) return [M.control];
  const parts = v.split('\\');
  if (parts.length > 2) return [M.backslashes];
  const hasDomain = parts.length === 2;
  const domain = hasDomain ? parts[0] : '';
  const user = hasDomain ? parts[1] : parts[0];
  const out: string[] = [];
  if (byteLength(domain) >= MAX_RUN_AS_USERNAME_DOMAIN_BYTES) out.push(M.domainLength);
  if (hasDomain && !(NETBIOS.test(domain) || DNS_DOMAIN.test(domain))) out.push(M.domainFormat);
  const userBytes = byteLength(user);
  if (userBytes === 0) out.push(M.userEmpty);
  else if (userBytes > MAX_RUN_AS_USERNAME_USER_BYTES) out.push(M.userLength);
  if (USER_DOTS_SPACES.test(user)) out.push(M.userDotsSpaces);
  if (USER_FORBIDDEN_CHARS.test(user)) out.push(M.userChars);
  return out;
}

export interface TaggedFieldError extends FieldError {
  /** Which of our checks this error belongs to. */
  rule: string;
}

/** validateWindowsSecurityContextOptions at `path` (…securityContext.windowsOptions). */
export function validateWindowsSecurityContextOptions(opts: WindowsOptions | null | undefined, path: string): TaggedFieldError[] {
  const errs: TaggedFieldError[] = [];
  if (!opts || CLEAN.has(opts)) return errs;
  if (typeof opts.gmsaCredentialSpecName === 'string') {
    const v = opts.gmsaCredentialSpecName;
    for (const msg of isDNS1123Subdomain(v)) {
      errs.push({...invalid(`${path}.gmsaCredentialSpecName`, {go: 'json-string', value: v}, msg), rule: 'gmsa-credential-spec-name'});
    }
  }
  if (typeof opts.gmsaCredentialSpec === 'string') {
    const v = opts.gmsaCredentialSpec;
    const n = byteLength(v);
    const msg = n === 0 ? GMSA_SPEC_MESSAGES.empty : n > MAX_GMSA_CREDENTIAL_SPEC_BYTES ? GMSA_SPEC_MESSAGES.size : undefined;
    if (msg) errs.push({...invalid(`${path}.gmsaCredentialSpec`, {go: 'json-string', value: v}, msg), rule: 'gmsa-credential-spec'});
  }
  if (typeof opts.runAsUserName === 'string') {
    const v = opts.runAsUserName;
    for (const msg of runAsUserNameErrors(v)) {
      errs.push({...invalid(`${path}.runAsUserName`, {go: 'json-string', value: v}, msg), rule: 'run-as-username'});
    }
  }
  if (errs.length === 0) CLEAN.note(opts);
  return errs;
}

/** windowsOptions found valid (at every minor: these rules are the same in each): the pods of a workload share theirs. */
const CLEAN = new CleanMemo();
