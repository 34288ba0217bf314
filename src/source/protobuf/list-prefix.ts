// A protobuf list response's continue token, read from the first bytes of the response, before its
// items have arrived: listPages asks for the next page with it while this one is still coming in.
// The wire layout is the one decode.ts reads whole: the "k8s\0" prefix, then runtime.Unknown
// (typeMeta = 1, raw = 2), whose raw is the list message; gogo's marshallers write a list's fields
// in field order, so its ListMeta (field 1) comes before the items (field 2), and ListMeta's
// `continue` is its field 3 (k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto). A prefix laid
// out any other way tells nothing, and the caller waits for the whole response.
import {MAGIC} from './decode.js';

/** The token once the list's metadata is whole ('' when it has none); `more` until then; `unknown` when the layout is not the usual one. */
export type ContinuePrefix = {token: string} | 'more' | 'unknown';

class Short extends Error {}
class Unusual extends Error {}

export function continueInPrefix(bytes: Uint8Array): ContinuePrefix {
  try {
    return read(bytes);
  } catch (err) {
    if (err instanceof Short) return 'more';
    if (err instanceof Unusual) return 'unknown';
    throw err;
  }
}

function read(bytes: Uint8Array): ContinuePrefix {
  for (let i = 0; i < MAGIC.length; i++) {
    if (i >= bytes.length) throw new Short();
    if (bytes[i] !== MAGIC[i]) throw new Unusual();
  }
  const r = new Reader(bytes, MAGIC.length);
  // runtime.Unknown: typeMeta (1) first, then raw (2), which holds the list.
  for (;;) {
    const tag = r.varint();
    if (tag === 18) break;
    if (tag !== 10) throw new Unusual();
    r.skip(r.varint());
  }
  r.varint(); // raw's length: the items end it, long after the metadata
  // The list's metadata (1) first.
  if (r.varint() !== 10) throw new Unusual();
  const length = r.varint();
  const end = r.pos + length;
  if (end > bytes.length) throw new Short();
  let token = '';
  while (r.pos < end) {
    const tag = r.varint();
    const wire = tag & 7;
    if (tag === 26) token = r.text(r.varint());
    else if (wire === 2) r.skip(r.varint());
    else if (wire === 0) r.varint();
    else throw new Unusual();
  }
  if (r.pos !== end) throw new Unusual();
  return {token};
}

class Reader {
  constructor(
    private readonly bytes: Uint8Array,
    public pos: number,
  ) {}

  varint(): number {
    let value = 0;
    for (let shift = 0; shift < 64; shift += 7) {
      if (this.pos >= this.bytes.length) throw new Short();
      const b = this.bytes[this.pos++];
      // Lengths and tags fit in 2^53: the multiplication keeps the high bits a shift would lose.
      value += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return value;
    }
    throw new Unusual();
  }

  skip(n: number): void {
    this.pos += n;
    if (this.pos > this.bytes.length) throw new Short();
  }

  text(n: number): string {
    const start = this.pos;
    this.skip(n);
    return Buffer.from(this.bytes.buffer, this.bytes.byteOffset + start, n).toString('utf8');
  }
}
