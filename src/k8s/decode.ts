// Decoding a manifest as kube-apiserver v1.34 to v1.37 decodes a request body (from v1.35 a type
// error's path also names embedded structs: embedded-fields.ts): the JSON serializer
// (k8s.io/apimachinery pkg/runtime/serializer/json/json.go) unmarshals into the versioned Go type
// with sigs.k8s.io/json (internal/golang/encoding/json/decode.go and kubernetes_patch.go: case
// sensitive, strict field tracking), and the create handler wraps a failure as
// `<Kind> in version "<version>" cannot be handled as a <Kind>: <error>`
// (k8s.io/apiserver pkg/endpoints/handlers/rest.go transformDecodeError). Unknown fields follow the
// request's fieldValidation (handlers/create.go): Strict (kubectl's default, --validate=strict) rejects
// the object with `strict decoding error: unknown field "<path>", ...` (apimachinery
// pkg/runtime/error.go strictDecodingError) before validation; Warn (the apiserver's default) makes each
// a warning `unknown field "<path>"` (addStrictDecodingWarnings); Ignore drops them silently.
//
// The decoder's rules, which this walk follows over the parsed object:
// - a wrong JSON type is an UnmarshalTypeError; the first one is kept and decoding goes on:
//   `json: cannot unmarshal <object|array|string|number|number <literal>|bool> into Go struct field
//   <innermost Go struct>.<JSON names from the root, no indexes> of type <Go type>`;
// - a type that decodes itself (Quantity, IntOrString, Time) stops decoding at its first error, and
//   that error wins over a kept type error; Quantity's is ParseQuantity's message, IntOrString's and
//   Time's come from plain encoding/json and are printed with the field's context (`... into Go
//   struct field TCPSocketAction.spec.containers.livenessProbe.tcpSocket.port of type int32`);
// - null is accepted anywhere; an unknown field's value is skipped (nothing under it is reported);
// - keys are met in Go's sorted order (byte-wise), because that is the order kubectl sends them in: it
//   reads a manifest into a map and encodes it with encoding/json, which sorts map keys. So the first
//   type error and the order of unknown fields are those of a manifest sent by kubectl (or any client
//   that sends an unstructured object), whatever the order in the file.
// The field types are generated from the k8s.io/api Go types of v1.34 (json-types.generated.ts) and
// how each later minor differs (json-types-minors.generated.ts): unknown fields and type errors follow
// the minor (decodeByMinor).
// Not modelled: the text of a JSON number as sent (the parsed object has lost it: `1.0` is 1 here),
// time strings that do not parse as RFC 3339, invalid base64 in byte fields, duplicate keys: kubectl
// reads a manifest into a map (the last of two keys wins, sigs.k8s.io/yaml YAMLToJSON and JSON alike)
// and sends that, so the apiserver's `duplicate field` never fires for it; this tool reads them the same.
import {Quantity, QuantityError} from './quantity.js';
import {ROOTS, STRUCTS, TYPES} from './json-types.generated.js';
import {SINCE_OLDEST} from './json-types-minors.generated.js';
import {VERSIONED_ANALYSES} from './minor-versions.js';
import {EMBEDDED_FIELD_PATH_MINOR, embeddedStructOf} from './embedded-fields.js';
import {goCompare} from './pss/helpers.js';

export interface DecodeFailure {
  /** The decoder's error, as the apiserver prints it after "cannot be handled as a Pod: ". */
  error: string;
  /** Where it happened (indexes and map keys included), for the finding's field. */
  field: string;
  /** From v1.35 (embedded-fields.ts), when it differs: the error with embedded structs named in its path. */
  errorV135?: string;
}

/** The decoder's error as the apiserver of `minor` prints it. */
export function decodeErrorAt(failure: DecodeFailure, minor: number): string {
  return minor >= EMBEDDED_FIELD_PATH_MINOR && failure.errorV135 !== undefined ? failure.errorV135 : failure.error;
}

interface DecodeResult {
  /** Set when the apiserver rejects the object (400 Bad Request). */
  failure?: DecodeFailure;
  /** Strict field validation: the paths of unknown fields, in decoding order (at most 100, as upstream). */
  unknownFields: string[];
  /** Set when a field that some other minor knows differently was met: decode again at each minor for its unknown fields. */
  minorDependent?: boolean;
}

const MAX_STRICT_ERRORS = 100;

/** `<Kind> in version "<version>" cannot be handled as a <Kind>: <error>` (transformDecodeError). */
export function cannotBeHandled(kind: string, apiVersion: string, error: string): string {
  const version = apiVersion.split('/').pop() ?? apiVersion;
  return `${kind} in version "${version}" cannot be handled as a ${kind}: ${error}`;
}

/** The strict decoding warning for an unknown field (strictError.Error: strconv.Quote of the path). */
export function unknownFieldMessage(path: string): string {
  return `unknown field ${JSON.stringify(path)}`;
}

/** The request's fieldValidation (metav1.FieldValidationStrict, Warn, Ignore): kubectl --validate. */
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

/** strictDecodingError.Error() (apimachinery pkg/runtime/error.go): the prefix, then each error, comma-separated. */
export function strictDecodingError(errors: string[]): string {
  return `strict decoding error: ${errors.join(', ')}`;
}

class Abort {
  constructor(readonly failure: DecodeFailure) {}
}

const jsonKind = (v: unknown): string =>
  Array.isArray(v)
    ? 'array'
    : v === null
      ? 'null'
      : typeof v === 'object'
        ? 'object'
        : typeof v === 'boolean'
          ? 'bool'
          : typeof v === 'number'
            ? 'number'
            : 'string';

/** The kinds of json-types.generated.ts this decoder handles (a unit test checks it covers them all). */
export const DECODED_KINDS = new Set([
  'struct',
  'slice',
  'map',
  'quantity',
  'intorstring',
  'time',
  'duration',
  'raw',
  'string',
  'bool',
  'float32',
  'float64',
  'int8',
  'int16',
  'int32',
  'int64',
  'uint8',
  'uint16',
  'uint32',
  'uint64',
]);

const INT_RANGE: Record<string, [bigint, bigint]> = {
  int8: [-(2n ** 7n), 2n ** 7n - 1n],
  int16: [-(2n ** 15n), 2n ** 15n - 1n],
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint8: [0n, 2n ** 8n - 1n],
  uint16: [0n, 2n ** 16n - 1n],
  uint32: [0n, 2n ** 32n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
};

/** strconv.ParseInt/ParseUint of the literal, then the overflow check of the target type. */
function fitsInteger(n: number, kind: string): boolean {
  if (!Number.isInteger(n)) return false;
  const [lo, hi] = INT_RANGE[kind];
  const b = BigInt(n);
  return b >= lo && b <= hi;
}

/** The keys of an object in the order kubectl sends them: encoding/json sorts map keys (strings.Compare). */
const kubectlKeyOrder = (o: Record<string, unknown>): string[] => Object.keys(o).sort(goCompare);

/** A JSON number's text as this tool would send it (JSON.stringify): the parsed object lost the original. */
const numberText = (n: number): string => String(n);

class Walker {
  constructor(private readonly minor: number) {}
  minorDependent = false;
  private struct = '';
  private readonly fieldStack: string[] = [];
  /** fieldStack with the Go names of embedded structs before the fields they promote (v1.35 on). */
  private readonly embeddedStack: string[] = [];
  private path = '';
  private saved?: DecodeFailure;
  readonly unknown: string[] = [];
  private readonly seen = new Set<string>();

  result(): DecodeFailure | undefined {
    return this.saved;
  }

  /** UnmarshalTypeError.Error() with the context addErrorContext gives it, before and from v1.35. */
  private unmarshalError(value: string, goType: string): {error: string; errorV135?: string} {
    const say = (stack: string[]) => {
      const where = this.struct !== '' || stack.length > 0 ? `Go struct field ${this.struct}.${stack.join('.')}` : 'Go value';
      return `json: cannot unmarshal ${value} into ${where} of type ${goType}`;
    };
    const error = say(this.fieldStack);
    const errorV135 = this.embeddedStack.length === this.fieldStack.length ? undefined : say(this.embeddedStack);
    return errorV135 === undefined ? {error} : {error, errorV135};
  }

  private typeError(value: string, typeKey: string): void {
    if (!this.saved) this.saved = {...this.unmarshalError(value, typeInfo(typeKey)[0]), field: this.path};
  }

  private abort(error: string | {error: string; errorV135?: string}): never {
    throw new Abort({...(typeof error === 'string' ? {error} : error), field: this.path});
  }

  /**
   * A plain encoding/json error from a type's own UnmarshalJSON (IntOrString into int32, Time and
   * Duration into string): it stops decoding, and the apiserver prints it with the field's context.
   */
  private abortType(value: string, goType: string): never {
    this.abort(this.unmarshalError(value, goType));
  }

  value(v: unknown, typeKey: string): void {
    if (v === null || v === undefined) return;
    const [, kind, detail] = typeInfo(typeKey);
    switch (kind) {
      case 'struct':
        return this.struct_(v, typeKey, detail);
      case 'slice':
        return this.slice(v, typeKey, detail);
      case 'map':
        return this.map(v, typeKey, detail);
      case 'quantity':
        return this.quantity(v);
      case 'intorstring':
        return this.intOrString(v);
      case 'time':
      case 'duration':
        // encoding/json into a string first (UnmarshalJSON of metav1.Time and Duration)
        if (typeof v !== 'string') this.abortType(jsonKind(v), 'string');
        return;
      case 'raw':
        return;
      default:
        return this.scalar(v, typeKey, kind);
    }
  }

  private scalar(v: unknown, typeKey: string, kind: string): void {
    const k = jsonKind(v);
    if (kind === 'string') {
      if (k !== 'string') this.typeError(k, typeKey);
    } else if (kind === 'bool') {
      if (k !== 'bool') this.typeError(k, typeKey);
    } else if (kind === 'float32' || kind === 'float64') {
      if (k !== 'number') this.typeError(k, typeKey);
    } else if (k !== 'number') {
      this.typeError(k, typeKey);
    } else if (!fitsInteger(v as number, kind)) {
      this.typeError(`number ${numberText(v as number)}`, typeKey);
    }
  }

  private quantity(v: unknown): void {
    // UnmarshalJSON: the raw bytes, quotes stripped, spaces trimmed, through ParseQuantity
    try {
      if (typeof v === 'string' || typeof v === 'number') Quantity.fromJSON(v);
      else Quantity.parse(typeof v === 'boolean' ? String(v) : JSON.stringify(v));
    } catch (err) {
      if (err instanceof QuantityError) this.abort(err.message);
      throw err;
    }
  }

  private intOrString(v: unknown): void {
    if (typeof v === 'string') return;
    const k = jsonKind(v);
    if (k === 'number') {
      if (!fitsInteger(v as number, 'int32')) this.abortType(`number ${numberText(v as number)}`, 'int32');
      return;
    }
    this.abortType(k, 'int32');
  }

  private struct_(v: unknown, typeKey: string, goName: string): void {
    const k = jsonKind(v);
    if (k !== 'object') return this.typeError(k, typeKey);
    const fields = fieldIndex(typeKey, this.minor);
    const changing = CHANGING_FIELDS.get(typeKey);
    const outerStruct = this.struct;
    const outerPath = this.path;
    const obj = v as Record<string, unknown>;
    for (const name of kubectlKeyOrder(obj)) {
      const child = obj[name];
      const fieldType = fields.get(name);
      if (changing?.has(name)) this.minorDependent = true;
      const childPath = outerPath === '' ? name : `${outerPath}.${name}`;
      if (fieldType === undefined) {
        this.unknownField(childPath);
        continue;
      }
      this.fieldStack.push(name);
      const embedded = embeddedStructOf(typeKey, name);
      if (embedded !== undefined) this.embeddedStack.push(embedded);
      this.embeddedStack.push(name);
      this.struct = goName;
      this.path = childPath;
      this.value(child, fieldType);
      this.fieldStack.pop();
      this.embeddedStack.pop();
      if (embedded !== undefined) this.embeddedStack.pop();
      this.struct = outerStruct;
      this.path = outerPath;
    }
  }

  private unknownField(path: string): void {
    if (this.unknown.length >= MAX_STRICT_ERRORS || this.seen.has(path)) return;
    this.seen.add(path);
    this.unknown.push(path);
  }

  private slice(v: unknown, typeKey: string, elem: string): void {
    if (!Array.isArray(v)) return this.typeError(jsonKind(v), typeKey);
    const outerPath = this.path;
    for (let i = 0; i < v.length; i++) {
      this.path = `${outerPath}[${i}]`;
      this.value(v[i], elem);
    }
    this.path = outerPath;
  }

  private map(v: unknown, typeKey: string, elem: string): void {
    const k = jsonKind(v);
    if (k !== 'object') return this.typeError(k, typeKey);
    const outerPath = this.path;
    const obj = v as Record<string, unknown>;
    for (const key of kubectlKeyOrder(obj)) {
      const child = obj[key];
      this.path = outerPath === '' ? key : `${outerPath}.${key}`;
      this.value(child, elem);
    }
    this.path = outerPath;
  }
}

const OLDEST_MINOR = VERSIONED_ANALYSES.lint.oldest;
const FIELD_INDEX = new Map<string, Map<string, string>>();

/**
 * The JSON fields of a struct as the apiserver of `minor` decodes it: the oldest minor's
 * (json-types.generated.ts) with that minor's additions and removals (json-types-minors.generated.ts).
 */
function fieldIndex(typeKey: string, minor: number): Map<string, string> {
  const at = minor <= OLDEST_MINOR ? undefined : SINCE_OLDEST[Math.min(minor, VERSIONED_ANALYSES.lint.newest)];
  const key = at ? `${minor} ${typeKey}` : typeKey;
  let m = FIELD_INDEX.get(key);
  if (!m) {
    m = new Map((STRUCTS[typeKey] ?? []).map(([name, type]) => [name, type] as [string, string]));
    for (const name of at?.removed[typeKey] ?? []) m.delete(name);
    for (const [name, type] of at?.fields[typeKey] ?? []) m.set(name, type);
    FIELD_INDEX.set(key, m);
  }
  return m;
}

/** A type's entry: the oldest minor's, or the first later minor that has it. */
function typeInfo(typeKey: string): readonly [string, string, string] {
  const t = TYPES[typeKey];
  if (t) return t;
  for (const delta of Object.values(SINCE_OLDEST)) if (delta.types[typeKey]) return delta.types[typeKey];
  throw new Error(`no JSON type for ${typeKey}`);
}

/** Per struct, the fields some minor adds or removes: meeting one makes the unknown fields depend on the minor. */
const CHANGING_FIELDS = (() => {
  const out = new Map<string, Set<string>>();
  const add = (typeKey: string, name: string) => (out.get(typeKey) ?? out.set(typeKey, new Set()).get(typeKey)!).add(name);
  for (const delta of Object.values(SINCE_OLDEST)) {
    for (const [typeKey, fields] of Object.entries(delta.fields)) for (const [name] of fields) add(typeKey, name);
    for (const [typeKey, names] of Object.entries(delta.removed)) for (const name of names) add(typeKey, name);
  }
  return out;
})();

/** The root type for an apiVersion and kind the apiserver serves, if this tool knows it. */
function rootType(apiVersion: string | undefined, kind: string | undefined): string | undefined {
  return ROOTS[`${apiVersion}/${kind}`];
}

/**
 * Decodes `obj` (a manifest object) as the apiserver would; undefined when its apiVersion/kind is
 * not one this tool has types for (the apiserver's answer is then unknown here).
 */
export function decodeObject(obj: Record<string, unknown>, minor: number = OLDEST_MINOR): DecodeResult | undefined {
  const root = rootType(obj.apiVersion as string | undefined, obj.kind as string | undefined);
  if (!root) return undefined;
  const w = new Walker(minor);
  try {
    w.value(obj, root);
  } catch (err) {
    if (err instanceof Abort)
      return w.minorDependent ? {failure: err.failure, unknownFields: [], minorDependent: true} : {failure: err.failure, unknownFields: []};
    throw err;
  }
  const failure = w.result();
  const result: DecodeResult = failure ? {failure, unknownFields: []} : {unknownFields: w.unknown};
  if (w.minorDependent) result.minorDependent = true;
  return result;
}

/** How a later minor decodes an object, when that differs from the oldest's (see decodeByMinor). */
interface DecodedAtMinors {
  /** Each later minor's unknown fields. */
  unknownFields: Record<number, string[]>;
  /**
   * Set when some later minor's decode failure differs from the oldest's: each later minor's failure
   * (null: that minor decodes the object). A wrong JSON type under a field only a later minor knows
   * fails there (the oldest skips the field as unknown), and one under a field a later minor no
   * longer has is skipped there.
   */
  failures?: Record<number, DecodeFailure | null>;
}

/**
 * How each later minor decodes the object, when a field whose presence changes between minors was
 * met (otherwise undefined: every minor decodes it as the oldest does). A field v1.34 does not know
 * can be one v1.37 decodes (and drops while its gate is off), and an alpha field can come and go.
 */
export function decodeByMinor(obj: Record<string, unknown>, oldest: DecodeResult): DecodedAtMinors | undefined {
  if (!oldest.minorDependent) return undefined;
  const out: DecodedAtMinors = {unknownFields: {}};
  const failures: Record<number, DecodeFailure | null> = {};
  let failuresDiffer = false;
  for (const minor of Object.keys(SINCE_OLDEST).map(Number)) {
    const r = decodeObject(obj, minor);
    out.unknownFields[minor] = r?.unknownFields ?? [];
    failures[minor] = r?.failure ?? null;
    if (JSON.stringify(failures[minor]) !== JSON.stringify(oldest.failure ?? null)) failuresDiffer = true;
  }
  if (failuresDiffer) out.failures = failures;
  return out;
}

/** The decode failure of the apiserver of `minor` for a workload (toWorkload decodes at each minor). */
export function undecodableAt(
  w: {undecodable?: DecodeFailure; undecodableAt?: Record<number, DecodeFailure | null>},
  minor: number,
): DecodeFailure | undefined {
  const at = w.undecodableAt?.[Math.min(minor, VERSIONED_ANALYSES.lint.newest)];
  return at === undefined ? w.undecodable : (at ?? undefined);
}
