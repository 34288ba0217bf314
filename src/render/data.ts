// -o json and -o yaml: the report envelope, data only, always parseable.
import {stringify} from 'yaml';
import type {Report} from '../report/types.js';

export function renderData(report: Report, format: 'json' | 'yaml'): string {
  if (format === 'json') return [...jsonChunks(report)].join('');
  return stringify(report, {lineWidth: 0, aliasDuplicateObjects: false});
}

/**
 * -o json in pieces of about `chunkSize` characters; joined, they are exactly
 * `JSON.stringify(report, null, 2) + '\n'`. On 10,000 pods that document is ~30 MB: built as one
 * string it was held twice at the end of a run (the string and the bytes written), the largest
 * single share of peak memory.
 */
export function* jsonChunks(report: Report, chunkSize = 1 << 16): Generator<string> {
  const doc = new JsonDocument(chunkSize);
  for (const [key, value] of Object.entries(report as unknown as Record<string, unknown>)) yield* doc.member(key, value);
  yield doc.end();
}

/**
 * A JSON object written member by member, exactly as `JSON.stringify(object, null, 2) + '\n'` writes
 * it, in chunks of about `chunkSize` characters. A top-level array can be written a few members at a
 * time (openArray, add, closeArray), so its members need not all exist at once: -o json streams a
 * report's items as the analysis makes them (src/cli/json-stream.ts). Each slice of members is
 * stringified as `{"x": slice}`, which puts them at the depth they have in the document, so
 * JSON.stringify's own indentation is the document's and only the wrapper is cut off.
 */
export class JsonDocument {
  private buf = '{';
  private members = 0;
  private arrayMembers = 0;
  /** Array members per slice: one at first, then as many as fill about one chunk. */
  private per = 1;

  constructor(private readonly chunkSize = 1 << 16) {}

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
      const end = Math.min(values.length, i + this.per);
      const json = JSON.stringify({x: values.slice(i, end)}, null, 2);
      const members = json.slice(SLICE_HEAD.length, json.length - SLICE_TAIL.length);
      this.buf += (this.arrayMembers === 0 ? '[\n' : ',\n') + members;
      this.arrayMembers += end - i;
      this.per = Math.max(1, Math.floor((this.chunkSize * (end - i)) / Math.max(1, members.length)));
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
