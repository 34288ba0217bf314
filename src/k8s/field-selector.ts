// Field selectors (`--field-selector spec.nodeName=akswin000001`) as kube-apiserver parses and
// evaluates them: the grammar of k8s.io/apimachinery pkg/fields/selector.go (terms split on
// unescaped commas; `!=`, `==` or `=` at the first place one occurs; `\\`, `\,` and `\=` the only
// escapes in a value), the pod field labels of pkg/apis/core/v1/conversion.go (with `spec.host`,
// the old name of spec.nodeName), and their values as pkg/registry/core/pod/strategy.go
// (PodToSelectableFields) computes them from a stored, hence defaulted, pod.

interface FieldRequirement {
  field: string;
  /** `!=` is false; `=` and `==` are true. */
  equals: boolean;
  value: string;
}

/** The labels every kind's list accepts (generic ObjectMeta fields). */
const META_FIELDS = new Set(['metadata.name', 'metadata.namespace']);

const POD_FIELDS = new Set([
  ...META_FIELDS,
  'spec.nodeName',
  'spec.restartPolicy',
  'spec.schedulerName',
  'spec.serviceAccountName',
  'spec.hostNetwork',
  'status.phase',
  'status.podIP',
  'status.podIPs',
  'status.nominatedNodeName',
]);

export class FieldSelectorError extends Error {}

function splitTerms(selector: string): string[] {
  const terms: string[] = [];
  let start = 0;
  let escaped = false;
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i];
    if (escaped) escaped = false;
    else if (c === '\\') escaped = true;
    else if (c === ',') {
      terms.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(selector.slice(start));
  return terms;
}

function unescapeValue(value: string): string {
  let out = '';
  let escaped = false;
  for (const c of value) {
    if (escaped) {
      if (c !== '\\' && c !== ',' && c !== '=') throw new FieldSelectorError(`invalid field selector: invalid escape sequence: ${value}`);
      out += c;
      escaped = false;
    } else if (c === '\\') escaped = true;
    else if (c === ',' || c === '=') throw new FieldSelectorError(`invalid field selector: unescaped character in value: ${value}`);
    else out += c;
  }
  if (escaped) throw new FieldSelectorError(`invalid field selector: invalid escape sequence: ${value}`);
  return out;
}

const OPERATORS = ['!=', '==', '='];

/** The requirements of a field selector; a malformed one throws with the apiserver's words. */
export function parseFieldSelector(selector: string): FieldRequirement[] {
  const out: FieldRequirement[] = [];
  for (const term of splitTerms(selector)) {
    if (term === '') continue;
    let split: [string, string, string] | undefined;
    for (let i = 0; i < term.length && !split; i++) {
      const op = OPERATORS.find((o) => term.startsWith(o, i));
      if (op) split = [term.slice(0, i), op, term.slice(i + op.length)];
    }
    if (!split) throw new FieldSelectorError(`invalid selector: '${selector}'; can't understand '${term}'`);
    const [lhs, op, rhs] = split;
    out.push({field: lhs === 'spec.host' ? 'spec.nodeName' : lhs, equals: op !== '!=', value: unescapeValue(rhs)});
  }
  return out;
}

/** Every field a pod list accepts, or the apiserver's "field label not supported". */
export function checkPodFields(requirements: FieldRequirement[]): void {
  const bad = requirements.find((r) => !POD_FIELDS.has(r.field));
  if (bad) throw new FieldSelectorError(`field label not supported: ${bad.field}`);
}

/** Whether a kind other than Pod can be asked with these requirements (only metadata fields). */
export function onlyMetadataFields(requirements: FieldRequirement[]): boolean {
  return requirements.every((r) => META_FIELDS.has(r.field));
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === 'object' ? (v as Json) : {});
const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Offline, status.podIPs is refused rather than guessed: its stored value is not the manifest's list. */
export const OFFLINE_UNEVALUATED = new Set(['status.podIPs']);

/** PodToSelectableFields over a pod manifest, with the defaults the apiserver would have stored. */
export function podFieldValues(pod: Json, defaultNamespace: string): Record<string, string> {
  const meta = obj(pod.metadata);
  const spec = obj(pod.spec);
  const status = obj(pod.status);
  const podIPs = Array.isArray(status.podIPs) ? (status.podIPs as unknown[]).map((p) => text(obj(p).ip)) : [];
  const podIP = text(status.podIP) || podIPs[0] || '';
  return {
    'metadata.name': text(meta.name),
    'metadata.namespace': text(meta.namespace) || defaultNamespace,
    'spec.nodeName': text(spec.nodeName),
    'spec.restartPolicy': text(spec.restartPolicy) || 'Always',
    'spec.schedulerName': text(spec.schedulerName) || 'default-scheduler',
    'spec.serviceAccountName': text(spec.serviceAccountName),
    'spec.hostNetwork': String(spec.hostNetwork === true),
    'status.phase': text(status.phase),
    'status.podIP': podIP,
    'status.nominatedNodeName': text(status.nominatedNodeName),
  };
}

export function matchesFields(requirements: FieldRequirement[], values: Record<string, string>): boolean {
  return requirements.every((r) => (values[r.field] === r.value) === r.equals);
}
