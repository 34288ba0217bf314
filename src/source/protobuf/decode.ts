// Decodes kube-apiserver's protobuf responses (`application/vnd.kubernetes.protobuf`) into exactly the
// objects JSON.parse would make of the same response in JSON: same keys, same values, the same
// omitted and null fields (a few sub-messages that repeat from pod to pod are shared and frozen:
// SHARED). The apiserver writes a pod list as protobuf about 3.5x faster than as JSON, and the
// bytes are a third as many. The schema (schema.generated.ts) is read from the Go
// types by tools/protoschema; the JSON rules follow encoding/json on those types:
//  - omitempty drops false, 0, "" and empty slices and maps; a non-pointer struct is always printed;
//  - a nil slice, map, []byte or pointer without omitempty prints as null;
//  - metav1.Time prints as RFC 3339 in seconds, null when zero (omitzero drops it);
//    MicroTime with microseconds; Quantity as its canonical string; IntOrString as a number or
//    string; RawExtension and FieldsV1 as the JSON they hold.
// Wire format: k8s.io/apimachinery/pkg/runtime/serializer/protobuf/protobuf.go (the "k8s\0" prefix
// and runtime.Unknown envelope) and the gogo-generated marshallers in k8s.io/api/*/generated.pb.go.
// A field the schema does not know (a newer server) throws ProtobufDecodeError rather than dropping
// it (as does a malformed response): the caller then reads that list as JSON.
import type {ResourceType} from '../../k8s/resources.js';
import {MESSAGES} from './schema.generated.js';
import {frozenDeep} from '../../util/frozen.js';

/** A response this client cannot decode exactly; the caller reads it again as JSON. */
export class ProtobufDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtobufDecodeError';
  }
}

const enum T {
  String,
  Bool,
  Int32,
  Int64,
  Uint,
  Double,
  Float,
  Bytes,
  Quantity,
  Time,
  MicroTime,
  IntOrString,
  Raw,
  Message,
}

interface Field {
  readonly name: string;
  readonly type: T;
  readonly message?: Message;
  readonly repeated: boolean;
  readonly map: boolean;
  readonly inline: boolean;
  /** The LEAVE_OUT_* bit of a field a decode may skip (managedFields unless asked for, a Pod's status when asked to); 0 for the others. */
  readonly leaveOut: number;
  /** A zero value is left out (omitempty on a scalar or slice, omitzero). */
  readonly dropZero: boolean;
  readonly omitZero: boolean;
  /** The wire type this field's values come in (a repeated number may also come packed, as 2). */
  readonly wire: number;
}

interface Message {
  readonly name: string;
  /** Fields by protobuf number. */
  readonly byNumber: Array<Field | undefined>;
  /** Fields printed as null when absent from the wire (no omitempty, and nil-able). */
  readonly nullWhenAbsent: string[];
  /** Names of the repeated fields. */
  readonly repeated: string[];
  /** Makes this message's objects (see shaped()). */
  readonly make: () => Record<string, unknown>;
  /** A SHARED type's objects by their bytes (sharedMessage). */
  readonly seen?: Map<string, Record<string, unknown>>;
}

/**
 * A maker of plain objects for one message type. `{}` has room for four properties and moves the rest
 * to a separate, growing array; objects made by `new` of a constructor get room for what earlier
 * objects of that constructor held (V8's slack tracking), as JSON.parse sizes its objects. The
 * prototype is Object.prototype, so they are ordinary objects in every way.
 */
function shaped(): () => Record<string, unknown> {
  const Make = function (this: Record<string, unknown>) {} as unknown as new () => Record<string, unknown>;
  Make.prototype = Object.prototype;
  return () => new Make();
}

const TYPES: Record<string, T> = {
  string: T.String,
  bool: T.Bool,
  int32: T.Int32,
  int64: T.Int64,
  uint32: T.Uint,
  uint64: T.Uint,
  double: T.Double,
  float: T.Float,
  bytes: T.Bytes,
  quantity: T.Quantity,
  time: T.Time,
  microtime: T.MicroTime,
  intorstring: T.IntOrString,
  raw: T.Raw,
};

/**
 * Sub-messages decoded once per distinct bytes and handed, frozen, to every object that carries the
 * same bytes (sharedMessage). The pods of a workload repeat them: on the 10,000-pod bench cluster
 * 30,000 tolerations were 3 objects, 10,000 service-account token volumes one, 10,000 containers'
 * resources 4. Decoding 10,000 pods took 103 ms instead of 135 (Bun), and checks of such an object
 * remember what they found clean by identity (src/util/clean-memo.ts). Not the types that differ in
 * every pod (a VolumeMount names the pod's own token volume) or hold a pod's own state (statuses).
 */
const SHARED = new Set([
  'core/v1.Toleration',
  'core/v1.ProjectedVolumeSource',
  'core/v1.PodSecurityContext',
  'core/v1.SecurityContext',
  'core/v1.ResourceRequirements',
  'core/v1.ContainerPort',
  'core/v1.Probe',
  'core/v1.EnvVar',
  'core/v1.Affinity',
  'meta/v1.OwnerReference',
]);
/** Distinct sub-messages kept per type (then it starts again): a list's pods come by name, so a workload's are together. */
const SHARED_MAX = 1024;

const compiled = new Map<string, Message>();

function wireOf(type: T | undefined): number {
  if (type === T.Bool || type === T.Int32 || type === T.Int64 || type === T.Uint) return 0;
  if (type === T.Double) return 1;
  if (type === T.Float) return 5;
  return 2; // strings, bytes, messages (the special types are messages too)
}

/** metadata.managedFields: server-side apply's bookkeeping, a third of a pod's bytes; no analysis reads it. */
const LEAVE_OUT_MANAGED_FIELDS = 1;
/** A Pod's status: a quarter of a running pod's bytes, which lint, psp readiness, gmsa check and upgrade-plan never read. */
const LEAVE_OUT_POD_STATUS = 2;

function leaveOutOf(message: string, field: string): number {
  if (message === 'meta/v1.ObjectMeta' && field === 'managedFields') return LEAVE_OUT_MANAGED_FIELDS;
  if (message === 'core/v1.Pod' && field === 'status') return LEAVE_OUT_POD_STATUS;
  return 0;
}

/** The LEAVE_OUT_* bits for a decode with these options. */
function leftOutBy(opts: {managedFields?: boolean; podStatus?: boolean}): number {
  return (opts.managedFields === true ? 0 : LEAVE_OUT_MANAGED_FIELDS) | (opts.podStatus === false ? LEAVE_OUT_POD_STATUS : 0);
}

function compile(name: string): Message {
  const have = compiled.get(name);
  if (have) return have;
  const spec = MESSAGES[name];
  if (!spec) throw new Error(`protobuf schema has no message ${name}`);
  const msg: Message = {name, byNumber: [], nullWhenAbsent: [], repeated: [], make: shaped(), ...(SHARED.has(name) ? {seen: new Map()} : {})};
  compiled.set(name, msg);
  try {
    for (const [num, json, type, flags] of spec) {
      const scalar = TYPES[type];
      const pointer = flags.includes('p');
      const repeated = flags.includes('r');
      const map = flags.includes('m');
      const omitempty = flags.includes('o');
      const field: Field = {
        name: json,
        type: scalar ?? T.Message,
        message: scalar === undefined ? compile(type) : undefined,
        repeated,
        map,
        inline: flags.includes('i'),
        leaveOut: leaveOutOf(name, json),
        // encoding/json's omitempty has no effect on structs, which is what the special types are in Go.
        dropZero: omitempty && !pointer && (repeated || map || (scalar !== undefined && scalar <= T.Bytes)),
        omitZero: flags.includes('z'),
        wire: wireOf(scalar),
      };
      if (field.omitZero && field.type !== T.Time && field.type !== T.MicroTime)
        throw new Error(`protobuf: omitzero on ${name}.${json} (${type}) is not supported`);
      msg.byNumber[num] = field;
      if (repeated) msg.repeated.push(json);
      if (!omitempty && (pointer || repeated || map || scalar === T.Bytes)) msg.nullWhenAbsent.push(json);
    }
  } catch (err) {
    // A schema this client cannot use (a type it has no decoder for): never keep it half-made.
    compiled.delete(name);
    throw err;
  }
  return msg;
}

// The decoder's cursor and options. Decoding is synchronous, so module-level state serves every call.
let buf: Buffer = Buffer.alloc(0);
let pos = 0;
/** The LEAVE_OUT_* bits of this decode: fields with one of them are skipped. */
let leaving = 0;

function varint(): number {
  let b = buf[pos++];
  if (b < 0x80) return b;
  let r = b & 0x7f;
  b = buf[pos++];
  r |= (b & 0x7f) << 7;
  if (b < 0x80) return r;
  b = buf[pos++];
  r |= (b & 0x7f) << 14;
  if (b < 0x80) return r;
  b = buf[pos++];
  r |= (b & 0x7f) << 21;
  if (b < 0x80) return r >>> 0;
  // Past 28 bits: go on in floating point (exact up to 2^53; negatives are handled by int64()).
  let v = r >>> 0;
  let mul = 2 ** 28;
  for (let i = 0; i < 6; i++) {
    b = buf[pos++];
    v += (b & 0x7f) * mul;
    if (b < 0x80) return v;
    mul *= 128;
  }
  throw new Error('protobuf: varint longer than 10 bytes');
}

/**
 * A 64-bit varint, signed (two's complement: negative numbers take ten bytes) or not. From eight
 * bytes on (56 bits) the floating-point sum in varint() may round twice; BigInt gives the one
 * correctly rounded double that JSON.parse makes of the decimal the apiserver prints.
 */
function varint64(signed: boolean): number {
  const start = pos;
  const v = varint();
  if (pos - start < 8) return v;
  let big = 0n;
  for (let i = pos - 1; i >= start; i--) big = (big << 7n) | BigInt(buf[i] & 0x7f);
  return Number(signed ? BigInt.asIntN(64, big) : BigInt.asUintN(64, big));
}

const int64 = () => varint64(true);
const uint64 = () => varint64(false);

function int32(): number {
  return int64() | 0;
}

interface NodeSlices {
  utf8Slice(start: number, end: number): string;
  latin1Slice(start: number, end: number): string;
}
const nodeSlices = typeof (Buffer.prototype as unknown as Partial<NodeSlices>).utf8Slice === 'function';

// Short strings repeat across pods (keys, "TCP", "cpu", "True", namespace and node names): like
// JSON.parse, which internalizes short strings, hand out one copy of each. Halves a pod's heap.
const INTERN_MAX = 24;
// A direct-mapped table by hash (a newer string takes the slot of an older one that collides):
// an array index is cheaper than a Map lookup, and this runs for most strings of every pod.
const INTERN_SLOTS = 1 << 14;
const interned: Array<string | undefined> = new Array(INTERN_SLOTS).fill(undefined);

function str(len: number): string {
  const start = pos;
  const end = pos + len;
  pos = end;
  if (len === 0) return '';
  if (len <= INTERN_MAX) {
    let h = len;
    for (let i = start; i < end; i++) h = (Math.imul(h, 31) + buf[i]) | 0;
    const slot = h & (INTERN_SLOTS - 1);
    const have = interned[slot];
    if (have !== undefined && have.length === len && sameBytes(have, start, end)) return have;
    const s = decodeUtf8(start, end);
    // ASCII only (one char per byte), so the byte comparison above holds for it.
    if (s.length === len) interned[slot] = s;
    return s;
  }
  return decodeUtf8(start, end);
}

function sameBytes(s: string, start: number, end: number): boolean {
  for (let i = start, j = 0; i < end; i++, j++) if (s.charCodeAt(j) !== buf[i]) return false;
  return true;
}

function decodeUtf8(start: number, end: number): string {
  return nodeSlices ? (buf as unknown as NodeSlices).utf8Slice(start, end) : buf.toString('utf8', start, end);
}

function skip(wire: number): void {
  if (wire === 0) varint();
  else if (wire === 1) pos += 8;
  else if (wire === 2) {
    const len = varint();
    pos += len;
  } else if (wire === 5) pos += 4;
  else throw new Error(`protobuf: wire type ${wire} at ${pos}`);
}

const secondsText = new Map<number, string>();

/** RFC 3339 in UTC as Go prints it, with `digits` fractional digits (0: none). */
function rfc3339(seconds: number, nanos: number, digits: number): string {
  // Timestamps repeat (a pod's conditions, its managers): formatting each only once is most of the cost.
  let base = secondsText.get(seconds);
  if (base === undefined) {
    const iso = new Date(seconds * 1000).toISOString(); // 2006-01-02T15:04:05.000Z
    base = iso.slice(0, iso.length - 5);
    if (secondsText.size > 4096) secondsText.clear();
    secondsText.set(seconds, base);
  }
  if (!digits) return base + 'Z';
  return `${base}.${String(nanos).padStart(9, '0').slice(0, digits)}Z`;
}

/** A nested message's fields 1 and 2 as numbers (Timestamp: seconds and nanos). */
function timestamp(end: number): [number, number] | undefined {
  if (pos === end) return undefined;
  let seconds = 0;
  let nanos = 0;
  while (pos < end) {
    const tag = varint();
    if (tag === 8) seconds = int64();
    else if (tag === 16) nanos = int32();
    else skip(tag & 7);
  }
  return [seconds, nanos];
}

function special(type: T, end: number): unknown {
  const v = specialValue(type, end);
  if (pos !== end) throw new ProtobufDecodeError(`protobuf: a value of type ${type} overruns its length`);
  return v;
}

function specialValue(type: T, end: number): unknown {
  switch (type) {
    case T.Quantity: {
      let s = '0';
      while (pos < end) {
        const tag = varint();
        if (tag === 10) s = str(varint());
        else skip(tag & 7);
      }
      return s;
    }
    case T.Time: {
      const ts = timestamp(end);
      // metav1.Time keeps whole seconds (time_proto.go drops the nanoseconds).
      return ts ? rfc3339(ts[0], 0, 0) : null;
    }
    case T.MicroTime: {
      const ts = timestamp(end);
      return ts ? rfc3339(ts[0], ts[1], 6) : null;
    }
    case T.IntOrString: {
      let kind = 0;
      let i = 0;
      let s = '';
      while (pos < end) {
        const tag = varint();
        if (tag === 8) kind = varint();
        else if (tag === 16) i = int32();
        else if (tag === 26) s = str(varint());
        else skip(tag & 7);
      }
      return kind === 1 ? s : i;
    }
    case T.Raw: {
      let raw: unknown = null;
      while (pos < end) {
        const tag = varint();
        if (tag === 10) {
          const len = varint();
          raw = len ? JSON.parse(str(len)) : null;
        } else skip(tag & 7);
      }
      return raw;
    }
  }
  throw new Error(`protobuf: type ${type} is not a message`);
}

function scalar(type: T): unknown {
  switch (type) {
    case T.String:
      return str(varint());
    case T.Bool:
      return varint() !== 0;
    case T.Int32:
      return int32();
    case T.Int64:
      return int64();
    case T.Uint:
      return uint64();
    case T.Double: {
      const v = buf.readDoubleLE(pos);
      pos += 8;
      return v;
    }
    case T.Float: {
      const v = buf.readFloatLE(pos);
      pos += 4;
      return float32Json(v);
    }
    case T.Bytes: {
      const len = varint();
      const s = buf.toString('base64', pos, pos + len);
      pos += len;
      return s;
    }
  }
  throw new Error(`protobuf: type ${type} is not a scalar`);
}

/**
 * encoding/json prints a float32 with the fewest digits that read back as the same float32 (0.1, not
 * the double 0.10000000149011612 it widens to); JSON.parse then makes the nearest double of those digits.
 */
function float32Json(v: number): number {
  if (!Number.isFinite(v) || v === 0) return v;
  for (let digits = 1; digits < 9; digits++) {
    const d = Number(v.toPrecision(digits));
    if (Math.fround(d) === v) return d;
  }
  return Number(v.toPrecision(9));
}

const isZero = (v: unknown) => v === '' || v === 0 || v === false;

/** The value of one occurrence of `f` at the cursor (its tag already read). */
function value(f: Field): unknown {
  if (f.type === T.Message) {
    const len = varint();
    const m = f.message!;
    if (m.seen) return sharedMessage(m, m.seen, pos + len);
    return message(m, pos + len, m.make());
  }
  if (f.type >= T.Quantity) {
    const len = varint();
    const end = pos + len;
    return special(f.type, end);
  }
  return scalar(f.type);
}

/**
 * The message at the cursor, the same object as for the same bytes before (keyed by the bytes, one
 * character each). Frozen, with everything in it: what one pod shares with others cannot change.
 */
function sharedMessage(m: Message, seen: Map<string, Record<string, unknown>>, end: number): Record<string, unknown> {
  const key = nodeSlices ? (buf as unknown as NodeSlices).latin1Slice(pos, end) : buf.toString('latin1', pos, end);
  const have = seen.get(key);
  if (have !== undefined) {
    pos = end;
    return have;
  }
  const obj = frozenDeep(message(m, end, m.make()));
  if (seen.size >= SHARED_MAX) seen.clear();
  seen.set(key, obj);
  return obj;
}

/** A map entry (key 1, value 2) into `into`. */
function mapEntry(f: Field, into: Record<string, unknown>): void {
  const len = varint();
  const end = pos + len;
  let key = '';
  let val: unknown;
  while (pos < end) {
    const tag = varint();
    if (tag === 10) key = str(varint());
    else if (tag >>> 3 === 2) val = value(f);
    else skip(tag & 7);
  }
  if (pos !== end) throw new ProtobufDecodeError(`protobuf: an entry of ${f.name} overruns its length`);
  // A Go map value that is absent on the wire is the type's zero value.
  if (val === undefined) val = f.type === T.String ? '' : f.type === T.Quantity ? '0' : f.type === T.Message ? finish(f.message!, f.message!.make()) : null;
  // JSON.parse makes "__proto__" an own key; an assignment would set the prototype instead (and drop
  // the value). Label keys cannot be "__proto__", but CSI volumeAttributes and flexVolume options can.
  if (key === '__proto__') Object.defineProperty(into, key, {value: val, writable: true, enumerable: true, configurable: true});
  else into[key] = val;
}

function finish(m: Message, obj: Record<string, unknown>): Record<string, unknown> {
  for (const name of m.nullWhenAbsent) if (!(name in obj)) obj[name] = null;
  return obj;
}

function message(m: Message, end: number, obj: Record<string, unknown>): Record<string, unknown> {
  let grown = false;
  while (pos < end) {
    const tag = varint();
    const wire = tag & 7;
    const f = m.byNumber[tag >>> 3];
    if (!f) throw new ProtobufDecodeError(`protobuf: ${m.name} has no field ${tag >>> 3} in this client's schema`);
    if (wire !== f.wire && !(wire === 2 && f.repeated && f.wire !== 2))
      throw new ProtobufDecodeError(`protobuf: ${m.name}.${f.name || '(inline)'} has wire type ${wire}, expected ${f.wire}`);
    if ((f.leaveOut & leaving) !== 0) {
      skip(wire);
      continue;
    }
    if (f.inline) {
      const len = varint();
      message(f.message!, pos + len, obj);
    } else if (f.map) {
      const into = (obj[f.name] as Record<string, unknown> | undefined) ?? (obj[f.name] = {});
      mapEntry(f, into);
    } else if (f.repeated) {
      // A list starts as a literal of one (most have one member) and is copied to its exact size at
      // the end if it grew: a pushed-to array keeps room for 16 more, which on a pod's dozen lists
      // was a third of its heap.
      const list = obj[f.name] as unknown[] | undefined;
      if (wire === 2 && f.type >= T.Bool && f.type <= T.Float) {
        // A packed run of numbers.
        const len = varint();
        const stop = pos + len;
        const into = list ?? (obj[f.name] = []);
        while (pos < stop) into.push(scalar(f.type));
        if (pos !== stop) throw new ProtobufDecodeError(`protobuf: packed ${m.name}.${f.name} overruns its length`);
        grown = true;
      } else if (list === undefined) obj[f.name] = [value(f)];
      else {
        list.push(value(f));
        grown = true;
      }
    } else {
      const v = value(f);
      if ((f.dropZero && isZero(v)) || (f.omitZero && v === null)) continue;
      obj[f.name] = v;
    }
  }
  // A field that ran past its message's end (a length larger than what is left): malformed, and the
  // bytes after it are no longer where they seem to be.
  if (pos !== end) throw new ProtobufDecodeError(`protobuf: a field of ${m.name} overruns its length`);
  if (grown) {
    for (const name of m.repeated) {
      const list = obj[name] as unknown[] | undefined;
      if (list && list.length > 1) obj[name] = list.slice();
    }
  }
  return finish(m, obj);
}

/** What every protobuf response starts with: "k8s\0". */
export const MAGIC = [0x6b, 0x38, 0x73, 0x00];

export function isProtobuf(body: Buffer): boolean {
  return body.length >= 4 && MAGIC.every((b, i) => body[i] === b);
}

interface DecodeOptions {
  /**
   * Decode metadata.managedFields too. Off by default: they are a third of a pod's bytes, and no
   * analysis reads them (server-side apply bookkeeping says nothing about how a pod runs).
   */
  managedFields?: boolean;
  /** false: leave each Pod's status out (SnapshotRequest.podStatusUnread). Decoded by default. */
  podStatus?: boolean;
  /** A list's items are left as bytes (UndecodedItems), to be decoded a slice at a time. */
  undecodedItems?: boolean;
}

/**
 * A list's items still as their bytes, decoded a slice at a time: a page of a thousand pods then
 * never lives decoded all at once, only the slice the caller is working on (and the page's bytes,
 * outside the JavaScript heap).
 */
export class UndecodedItems {
  constructor(
    private readonly body: Buffer,
    private readonly item: Message,
    /** Each item's start and end offset in `body`, in pairs. */
    private readonly spans: number[],
    /** The LEAVE_OUT_* bits of the response's decode. */
    private readonly leaving: number,
  ) {}

  get length(): number {
    return this.spans.length / 2;
  }

  /** Items [from, to) as JSON.parse would have made them; ProtobufDecodeError if one cannot be decoded exactly. */
  decode(from: number, to: number): Array<Record<string, unknown>> {
    const out: Array<Record<string, unknown>> = [];
    buf = this.body;
    leaving = this.leaving;
    try {
      for (let i = from; i < to && i < this.length; i++) {
        pos = this.spans[2 * i];
        out.push(message(this.item, this.spans[2 * i + 1], this.item.make()));
      }
    } catch (err) {
      if (err instanceof ProtobufDecodeError) throw err;
      throw new ProtobufDecodeError(`protobuf: cannot decode a ${this.item.name}: ${(err as Error).message}`);
    } finally {
      buf = Buffer.alloc(0);
    }
    return out;
  }
}

/**
 * A list message whose `items` are only located (their spans), every other field decoded. The list's
 * other fields (metadata) come before the items on the wire, but any order is read.
 */
function listWithUndecodedItems(m: Message, end: number, obj: Record<string, unknown>): Record<string, unknown> {
  const itemsField = m.byNumber.find((f) => f?.name === 'items' && f.repeated && f.type === T.Message);
  if (!itemsField) return message(m, end, obj);
  const spans: number[] = [];
  while (pos < end) {
    const start = pos;
    const tag = varint();
    if (m.byNumber[tag >>> 3] === itemsField && (tag & 7) === 2) {
      const len = varint();
      spans.push(pos, pos + len);
      pos += len;
      continue;
    }
    skip(tag & 7);
    const fieldEnd = pos;
    pos = start;
    message(m, fieldEnd, obj);
  }
  if (pos !== end) throw new ProtobufDecodeError(`protobuf: a field of ${m.name} overruns its length`);
  finish(m, obj);
  obj.items = new UndecodedItems(buf, itemsField.message!, spans, leaving);
  return obj;
}

/**
 * One protobuf response (the "k8s\0" prefix, then a runtime.Unknown holding the object) as the object
 * the JSON response would have parsed to, `kind` and `apiVersion` included (and managedFields left
 * out unless asked for, a Pod's status when asked to).
 */
export function decodeResponse(body: Buffer, opts: DecodeOptions = {}): Record<string, unknown> {
  if (!isProtobuf(body)) throw new ProtobufDecodeError('protobuf: the response does not start with k8s\\0');
  buf = body;
  pos = 4;
  leaving = leftOutBy(opts);
  let apiVersion = '';
  let kind = '';
  try {
    // The envelope (runtime.Unknown) is read inside the try too: a truncated one is a ProtobufDecodeError,
    // never a RangeError (or a wrong object) for the caller.
    let raw: [number, number] | undefined;
    let contentEncoding = '';
    while (pos < body.length) {
      const tag = varint();
      if (tag === 10) {
        const len = varint();
        const end = pos + len;
        while (pos < end) {
          const t = varint();
          if (t === 10) apiVersion = str(varint());
          else if (t === 18) kind = str(varint());
          else skip(t & 7);
        }
        if (pos !== end) throw new ProtobufDecodeError('protobuf: the typeMeta overruns its length');
      } else if (tag === 18) {
        const len = varint();
        raw = [pos, pos + len];
        pos += len;
      } else if (tag === 26) contentEncoding = str(varint());
      else skip(tag & 7);
    }
    if (pos !== body.length) throw new ProtobufDecodeError('protobuf: the response is truncated');
    if (!raw) throw new ProtobufDecodeError('protobuf: the response holds no object');
    if (contentEncoding) throw new ProtobufDecodeError(`protobuf: content encoding ${contentEncoding} is not supported`);
    const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : 'core';
    const version = apiVersion.slice(apiVersion.indexOf('/') + 1);
    const name = kind === 'Status' ? 'meta/v1.Status' : `${group}/${version}.${kind}`;
    if (!MESSAGES[name]) throw new ProtobufDecodeError(`protobuf: this client has no schema for ${apiVersion} ${kind}`);
    const m = compile(name);
    const out: Record<string, unknown> = {kind, apiVersion};
    pos = raw[0];
    if (opts.undecodedItems && kind.endsWith('List')) return listWithUndecodedItems(m, raw[1], out);
    return message(m, raw[1], out);
  } catch (err) {
    if (err instanceof ProtobufDecodeError) throw err;
    throw new ProtobufDecodeError(`protobuf: cannot decode ${apiVersion} ${kind}: ${(err as Error).message}`);
  } finally {
    buf = Buffer.alloc(0);
  }
}

/** Whether this client decodes lists of `r` from protobuf. */
export function hasProtobufSchema(r: ResourceType): boolean {
  return `${r.group || 'core'}/${r.version}.${r.kind}List` in MESSAGES;
}
