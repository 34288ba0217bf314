// The apimachinery name checks the CLI applies to its own input (label keys and values in -l,
// namespaces in -n, object names given as arguments), with their messages word for word.
// k8s.io/apimachinery pkg/util/validation/validation.go (v0.34.3): IsQualifiedName, IsValidLabelValue,
// IsDNS1123Label, MaxLenError, RegexError, EmptyError. Lengths are Go's len(s): UTF-8 bytes.
import {byteLength} from './go-quote.js';
import {DNS1123_SUBDOMAIN_MAX_LEN_MSG, DNS1123_SUBDOMAIN_MAX_LENGTH, isDNS1123Subdomain} from './windows-security-context.js';
import {pushAll} from '../util/arrays.js';
import {BoundedSet} from '../util/bounded-set.js';

export {isDNS1123Subdomain};

const QNAME_CHAR_FMT = '[A-Za-z0-9]';
const QNAME_EXT_CHAR_FMT = '[-A-Za-z0-9_.]';
const QUALIFIED_NAME_FMT = `(${QNAME_CHAR_FMT}${QNAME_EXT_CHAR_FMT}*)?${QNAME_CHAR_FMT}`;
const QUALIFIED_NAME_ERR_MSG = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const QUALIFIED_NAME_MAX_LENGTH = 63;
const QUALIFIED_NAME = new RegExp(`^${QUALIFIED_NAME_FMT}$`);

const LABEL_VALUE_FMT = `(${QUALIFIED_NAME_FMT})?`;
const LABEL_VALUE_ERR_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const LABEL_VALUE_MAX_LENGTH = 63;
const LABEL_VALUE = new RegExp(`^${LABEL_VALUE_FMT}$`);

const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_LABEL_ERR_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
const DNS1123_LABEL_MAX_LENGTH = 63;
const DNS1123_LABEL = new RegExp(`^${DNS1123_LABEL_FMT}$`);
const DNS1123_SUBDOMAIN = new RegExp(`^${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*$`);

const maxLenError = (length: number, unit: 'characters' | 'bytes' = 'characters'): string => `must be no more than ${length} ${unit}`;
const emptyError = (): string => 'must be non-empty';

function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  return `${msg} (e.g. ${examples.map((e) => `'${e}', `).join(' or ')}regex used for validation is '${fmt}')`;
}

// Lint asks about the same keys and values (toleration keys, label keys) for every pod: the valid
// ones, whose answer is no message in any wording, are remembered (a bounded set).
const VALID_QUALIFIED_NAMES = new BoundedSet();
const VALID_LABEL_VALUES = new BoundedSet();

/**
 * IsQualifiedName: a label key, `[prefix/]name`. `labelKeyWording`: the messages of
 * k8s.io/apimachinery v0.35 content.IsLabelKey ("a valid label key ...", lengths in bytes), which
 * IsQualifiedName became (kube-apiserver v1.35 on: src/k8s/resource-names.ts).
 */
export function isQualifiedName(value: string, labelKeyWording = false): string[] {
  if (VALID_QUALIFIED_NAMES.has(value)) return [];
  const errs = qualifiedNameErrors(value, labelKeyWording);
  if (errs.length === 0) VALID_QUALIFIED_NAMES.add(value);
  return errs;
}

function qualifiedNameErrors(value: string, labelKeyWording: boolean): string[] {
  const unit = labelKeyWording ? 'bytes' : 'characters';
  const errs: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) {
    name = parts[0];
  } else if (parts.length === 2) {
    const prefix = parts[0];
    name = parts[1];
    if (prefix.length === 0) errs.push(`prefix part ${emptyError()}`);
    else
      pushAll(
        errs,
        isDNS1123Subdomain(prefix).map(
          (m) => `prefix part ${labelKeyWording && m === DNS1123_SUBDOMAIN_MAX_LEN_MSG ? maxLenError(DNS1123_SUBDOMAIN_MAX_LENGTH, unit) : m}`,
        ),
      );
  } else {
    return [
      `${labelKeyWording ? 'a valid label key' : 'a qualified name'} ${regexError(QUALIFIED_NAME_ERR_MSG, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')}` +
        " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ];
  }
  if (name.length === 0) errs.push(`name part ${emptyError()}`);
  else if (byteLength(name) > QUALIFIED_NAME_MAX_LENGTH) errs.push(`name part ${maxLenError(QUALIFIED_NAME_MAX_LENGTH, unit)}`);
  if (!QUALIFIED_NAME.test(name)) errs.push(`name part ${regexError(QUALIFIED_NAME_ERR_MSG, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')}`);
  return errs;
}

/** IsValidLabelValue. `bytesWording`: v0.35+ content.IsLabelValue, which words the length in bytes. */
export function isValidLabelValue(value: string, bytesWording = false): string[] {
  if (VALID_LABEL_VALUES.has(value)) return [];
  const errs: string[] = [];
  if (byteLength(value) > LABEL_VALUE_MAX_LENGTH) errs.push(maxLenError(LABEL_VALUE_MAX_LENGTH, bytesWording ? 'bytes' : 'characters'));
  if (!LABEL_VALUE.test(value)) errs.push(regexError(LABEL_VALUE_ERR_MSG, LABEL_VALUE_FMT, 'MyValue', 'my_value', '12345'));
  if (errs.length === 0) VALID_LABEL_VALUES.add(value);
  return errs;
}

/** IsDNS1123Label: what a namespace name must be (ValidateNamespaceName). */
export function isDNS1123Label(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > DNS1123_LABEL_MAX_LENGTH) errs.push(maxLenError(DNS1123_LABEL_MAX_LENGTH));
  if (!DNS1123_LABEL.test(value)) {
    // A valid subdomain that is not a valid label: the length was checked, so it must be the dots.
    if (DNS1123_SUBDOMAIN.test(value)) errs.push('must not contain dots');
    else errs.push(regexError(DNS1123_LABEL_ERR_MSG, DNS1123_LABEL_FMT, 'my-name', '123-abc'));
  }
  return errs;
}
