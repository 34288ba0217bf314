// -o json and -o yaml: the report envelope, data only, always parseable.
import type {Report} from '../report/types.js';
import {yamlArrayHead, yamlMember, yamlMemberItem} from '../util/yaml-block.js';

export function renderData(report: Report, format: 'json' | 'yaml'): string {
  return [...dataChunks(report, format)].join('');
}

/** A document of a report's data, written member by member (JsonDocument, YamlDocument). */
export interface DataDocument {
  /** One member, whole (a non-empty array a slice at a time). */
  member(key: string, value: unknown): Generator<string>;
  /** Starts an array member; its members follow with add(), then closeArray(). */
  openArray(key: string): void;
  /** More members of the open array; yields each chunk that fills. */
  add(values: readonly unknown[]): Generator<string>;
  /** Ends the open array. */
  closeArray(): void;
  /** The rest of the document, closed. */
  end(): string;
}

export function dataDocument(format: 'json' | 'yaml', chunkSize?: number): DataDocument {
  return format === 'json' ? new JsonDocument(chunkSize) : new YamlDocument(chunkSize);
}

/** A report in pieces of about `chunkSize` characters; joined, they are renderData's text. */
export function* dataChunks(report: Report, format: 'json' | 'yaml', chunkSize = 1 << 16): Generator<string> {
  const doc = dataDocument(format, chunkSize);
  for (const [key, value] of Object.entries(report as unknown as Record<string, unknown>)) yield* doc.member(key, value);
  yield doc.end();
}

/**
 * -o json in pieces of about `chunkSize` characters; joined, they are exactly
 * `JSON.stringify(report, null, 2) + '\n'`. On 10,000 pods that document is ~30 MB: built as one
 * string it was held twice at the end of a run (the string and the bytes written), the largest
 * single share of peak memory.
 */
export function jsonChunks(report: Report, chunkSize = 1 << 16): Generator<string> {
  return dataChunks(report, 'json', chunkSize);
}

/**
 * A JSON object written member by member, exactly as `JSON.stringify(object, null, 2) + '\n'` writes
 * it, in chunks of about `chunkSize` characters. A top-level array can be written a few members at a
 * time (openArray, add, closeArray), so its members need not all exist at once: -o json streams a
 * report's items as the analysis makes them (src/cli/item-stream.ts), a slice at a time (MemberSlices).
 */
export class JsonDocument implements DataDocument {
  private buf = '{';
  private members = 0;
  private arrayMembers = 0;
  private readonly slices: MemberSlices;

  constructor(private readonly chunkSize = 1 << 16) {
    this.slices = new MemberSlices((slice) => ({x: slice}), SLICE_HEAD, SLICE_TAIL, chunkSize);
  }

  /** One member, whole (a non-empty array a slice at a time). */
  *member(key: string, value: unknown): Generator<string> {
    // JSON.stringify's own omissions for object members.
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return;
    if (Array.isArray(value) && value.length > 0 && typeof (value as {toJSON?: unknown}).toJSON !== 'function') {
      this.openArray(key);
      yield* this.add(value);
      this.closeArray();
      return;
    }
    this.key(key);
    const json = JSON.stringify(value, null, 2);
    this.buf += json.includes('\n') ? json.replaceAll('\n', '\n  ') : json;
  }

  /** Starts an array member; its members follow with add(), then closeArray(). */
  openArray(key: string): void {
    this.key(key);
    this.arrayMembers = 0;
  }

  /** More members of the open array; yields each chunk that fills. */
  *add(values: readonly unknown[]): Generator<string> {
    for (let i = 0; i < values.length;) {
      const end = Math.min(values.length, i + this.slices.size);
      this.buf += (this.arrayMembers === 0 ? '[\n' : ',\n') + this.slices.text(values.slice(i, end));
      this.arrayMembers += end - i;
      i = end;
      if (this.buf.length >= this.chunkSize) yield this.take();
    }
  }

  /** Ends the open array (`[]` when it had no members, as JSON.stringify writes an empty one). */
  closeArray(): void {
    this.buf += this.arrayMembers === 0 ? '[]' : '\n  ]';
  }

  /** The rest of the document, closed. */
  end(): string {
    this.buf += this.members === 0 ? '}\n' : '\n}\n';
    return this.take();
  }

  private key(key: string): void {
    this.buf += `${this.members++ === 0 ? '' : ','}\n  ${JSON.stringify(key)}: `;
  }

  private take(): string {
    const chunk = this.buf;
    this.buf = '';
    return chunk;
  }
}

/** What JSON.stringify({x: [...]}, null, 2) puts around the members of a non-empty array. */
const SLICE_HEAD = '{\n  "x": [\n';
const SLICE_TAIL = '\n  ]\n}';

/**
 * An array's members stringified a slice at a time at the depth they have in their document:
 * `wrap` puts a slice where the array stands (`{x: slice}` for a top-level member), so
 * JSON.stringify's own indentation is the document's, and `head` and `tail`, what it writes around
 * the members, are cut off. A slice is one member at first, then as many as fill about one chunk.
 */
export class MemberSlices {
  /** How many members the next slice should hold. */
  size = 1;

  constructor(
    private readonly wrap: (slice: unknown[]) => unknown,
    private readonly head: string,
    private readonly tail: string,
    private readonly chunkSize: number,
  ) {}

  /** The members of a non-empty slice as the document writes them, `,\n` apart, with nothing before the first. */
  text(slice: unknown[]): string {
    const json = JSON.stringify(this.wrap(slice), null, 2);
    const members = json.slice(this.head.length, json.length - this.tail.length);
    this.size = Math.max(1, Math.floor((this.chunkSize * slice.length) / Math.max(1, members.length)));
    return members;
  }
}

/**
 * A report as `stringify(report, {lineWidth: 0, aliasDuplicateObjects: false})` (the yaml library)
 * writes it, member by member and an array's items one at a time (util/yaml-block.ts), so -o yaml
 * streams as -o json does: the library's own Document of the whole report took 690 MB and 5.5 s for
 * `qos -A -o yaml` on 10,000 pods. A block map's members and a block sequence's items are each
 * written on lines of their own, at an indent set by their depth alone, so the pieces join to the
 * whole.
 */
export class YamlDocument implements DataDocument {
  private buf = '';
  private members = 0;
  private array?: {head: string; items: number};

  constructor(private readonly chunkSize = 1 << 16) {}

  *member(key: string, value: unknown): Generator<string> {
    if (Array.isArray(value) && value.length > 0 && typeof (value as {toJSON?: unknown}).toJSON !== 'function' && yamlArrayHead(key) !== undefined) {
      this.openArray(key);
      yield* this.add(value);
      this.closeArray();
      return;
    }
    const text = yamlMember(key, value);
    if (text === '') return;
    this.buf += text;
    this.members++;
    if (this.buf.length >= this.chunkSize) yield this.take();
  }

  openArray(key: string): void {
    const head = yamlArrayHead(key);
    if (head === undefined) throw new Error(`internal error: the YAML array member ${JSON.stringify(key)} cannot be written an item at a time`);
    this.array = {head, items: 0};
  }

  *add(values: readonly unknown[]): Generator<string> {
    const array = this.array;
    if (!array) throw new Error('internal error: a YAML array member was added to before it was opened');
    for (const value of values) {
      if (array.items++ === 0) this.buf += array.head;
      this.buf += yamlMemberItem(value);
      if (this.buf.length >= this.chunkSize) yield this.take();
    }
  }

  closeArray(): void {
    const array = this.array;
    if (!array) throw new Error('internal error: a YAML array member was closed before it was opened');
    if (array.items === 0) this.buf += `${array.head.slice(0, -1)} []\n`;
    this.members++;
    this.array = undefined;
  }

  end(): string {
    if (this.members === 0) this.buf += '{}\n';
    return this.take();
  }

  private take(): string {
    const chunk = this.buf;
    this.buf = '';
    return chunk;
  }
}
