// The uids a list has handed on, so that a list read again from its start (after 410 Gone on a
// continue token, or as JSON after a protobuf page this client could not decode) hands on only
// the objects it did not hand on before. One read of a list holds each object once, so until a
// restart nothing needs looking up and the uids are only kept: 16 bytes each when the uid is a
// UUID in its usual form (kube-apiserver gives every object one), the text otherwise. A Set of
// the strings, kept from the start, held ~100 bytes a pod: ~10 MB at 100,000 pods, for a restart
// that rarely comes.
import {ResponseBytes} from './response-bytes.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Where each of a UUID's 32 hex digits is in its text. */
const DIGITS = [...Array(36).keys()].filter((i) => i !== 8 && i !== 13 && i !== 18 && i !== 23);

export class SeenUids {
  private packed = new ResponseBytes();
  /** One UUID's 16 bytes, made here and then appended to `packed`. */
  private readonly uuid = new Uint8Array(16);
  private texts: string[] = [];
  private lookup?: Set<string>;

  /** Whether an object with this uid is new here (and from now on seen). */
  add(uid: string): boolean {
    if (this.lookup) {
      if (this.lookup.has(uid)) return false;
      this.lookup.add(uid);
      return true;
    }
    if (UUID.test(uid)) this.pack(uid);
    else this.texts.push(uid);
    return true;
  }

  /** The list is read again from its start: from now on each uid is looked up among those seen. */
  restart(): void {
    if (this.lookup) return;
    const lookup = new Set(this.texts);
    const packed = this.packed.all();
    for (let at = 0; at < packed.length; at += 16) lookup.add(unpack(packed, at));
    this.lookup = lookup;
    this.packed = new ResponseBytes();
    this.texts = [];
  }

  private pack(uid: string): void {
    for (let b = 0; b < 16; b++) this.uuid[b] = (hex(uid.charCodeAt(DIGITS[2 * b])) << 4) | hex(uid.charCodeAt(DIGITS[2 * b + 1]));
    this.packed.add(this.uuid);
  }
}

function hex(code: number): number {
  return code <= 0x39 ? code - 0x30 : code - 0x57; // '0'-'9', 'a'-'f'
}

function unpack(packed: Buffer, at: number): string {
  const h = packed.toString('hex', at, at + 16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
