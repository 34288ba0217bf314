// A tiny protobuf encoder for tests: builds the bytes kube-apiserver would send, field by field, so the
// decoder (src/source/protobuf/decode.ts) can be tested on hand-made messages. Wire format:
// https://protobuf.dev/programming-guides/encoding/ ; the envelope is the "k8s\0" prefix and a
// runtime.Unknown (k8s.io/apimachinery/pkg/runtime/serializer/protobuf/protobuf.go,
// runtime/generated.proto: 1 typeMeta {1 apiVersion, 2 kind}, 2 raw, 3 contentEncoding, 4 contentType).

export const WIRE = {varint: 0, fixed64: 1, bytes: 2, fixed32: 5} as const;

/** A varint of a non-negative number or bigint; negative values as ten-byte two's complement (int32/int64). */
export function varint(value: number | bigint): Buffer {
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v) b |= 0x80;
    out.push(b);
  } while (v);
  return Buffer.from(out);
}

export function tag(field: number, wire: number): Buffer {
  return varint((field << 3) | wire);
}

export function fixed64(v: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeDoubleLE(v);
  return b;
}

export function fixed32(v: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeFloatLE(v);
  return b;
}

/** One part of a message: [field number, wire type, value]. */
export type Part =
  | readonly [number, 0, number | bigint | boolean]
  | readonly [number, 1, number | Buffer]
  | readonly [number, 2, string | Buffer | Part[]]
  | readonly [number, 5, number | Buffer];

/** Bytes of a message made of `parts`, in order (a nested Part[] is a length-delimited sub-message). */
export function msg(parts: readonly Part[]): Buffer {
  const out: Buffer[] = [];
  for (const [num, wire, value] of parts) {
    out.push(tag(num, wire));
    if (wire === 0) out.push(varint(typeof value === 'boolean' ? (value ? 1 : 0) : (value as number | bigint)));
    else if (wire === 1) out.push(Buffer.isBuffer(value) ? value : fixed64(value as number));
    else if (wire === 5) out.push(Buffer.isBuffer(value) ? value : fixed32(value as number));
    else {
      const body = typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.isBuffer(value) ? value : msg(value as Part[]);
      out.push(varint(body.length), body);
    }
  }
  return Buffer.concat(out);
}

/** Shorthands for parts. */
export const str = (n: number, s: string): Part => [n, 2, s];
export const int = (n: number, v: number | bigint | boolean): Part => [n, 0, v];
export const sub = (n: number, parts: Part[]): Part => [n, 2, parts];
export const raw = (n: number, b: Buffer): Part => [n, 2, b];
/** A map<string, V> entry: key 1, value 2 (the value's part given with field number 2). */
export const entry = (n: number, key: string, value?: Part): Part => sub(n, value ? [str(1, key), value] : [str(1, key)]);
/** metav1.Time / MicroTime: google.protobuf.Timestamp-like {1 seconds, 2 nanos}; an empty part list is the zero time. */
export const time = (n: number, seconds?: number, nanos?: number): Part =>
  sub(n, seconds === undefined ? [] : nanos === undefined ? [int(1, seconds)] : [int(1, seconds), int(2, nanos)]);
/** resource.Quantity: {1 string}. */
export const quantity = (n: number, s: string): Part => sub(n, [str(1, s)]);
/** intstr.IntOrString: {1 type (0 int, 1 string), 2 intVal, 3 strVal}, all written as gogo does. */
export const intOrString = (n: number, v: number | string): Part =>
  sub(n, typeof v === 'number' ? [int(1, 0), int(2, v), str(3, '')] : [int(1, 1), int(2, 0), str(3, v)]);

export const PREFIX = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

/** A whole response: "k8s\0" + runtime.Unknown{typeMeta{apiVersion, kind}, raw, contentEncoding, contentType}. */
export function envelope(apiVersion: string, kind: string, object: Buffer | Part[], extra: {contentEncoding?: string; contentType?: string} = {}): Buffer {
  const rawBytes = Buffer.isBuffer(object) ? object : msg(object);
  return Buffer.concat([
    PREFIX,
    msg([sub(1, [str(1, apiVersion), str(2, kind)]), raw(2, rawBytes), str(3, extra.contentEncoding ?? ''), str(4, extra.contentType ?? '')]),
  ]);
}
