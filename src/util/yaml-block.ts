// The text `yaml`'s stringify writes for JSON data (plain objects, arrays, strings, numbers, booleans,
// null, and objects with a toJSON), byte for byte, without building its Document of nodes: with
// {lineWidth: 0, sortMapEntries: true, aliasDuplicateObjects: false} for corrected manifests (a
// manifest per bare pod made that library half of `qos -A`'s CPU time at 1,000 pods), and with the
// keys in their own order for -o yaml (render/data.ts). The layout (block maps, sequences indented
// under their key, `{}` and `[]` when empty, a multi-line string as a literal block) is written here;
// how a scalar is written (plain or quoted, which of the core schema's tags would read it back as
// something else) stays the library's own answer, asked once per distinct scalar, except for the
// strings whose answer follows from its rules at a glance (stringifyString.js in yaml 2.8). Anything
// else (a string with control characters or leading blanks over lines, a document marker, a long
// key, a value JSON would not carry) goes to the library whole. test/unit/util/yaml-block.test.ts
// compares the two on generated data.
import {stringify} from 'yaml';
import {byCodeUnit} from './text-order.js';
import {flat} from './flat-string.js';

/** What corrected manifests are written with; a scalar's text is the same under either set. */
const SORTED = {lineWidth: 0, sortMapEntries: true, aliasDuplicateObjects: false} as const;
/** What -o yaml is written with: the keys as Object.keys lists them. */
export const AS_GIVEN = {lineWidth: 0, aliasDuplicateObjects: false} as const;

/** The order a map's keys are written in. */
export type KeyOrder = 'sorted' | 'as-given';

/** A value this writer leaves to the library. */
class NotPlain extends Error {}

/** Strings that are plain in any position and that no core-schema tag reads as other than a string: /^[A-Za-z_/][A-Za-z0-9_./-]*$/. */
const SAFE_FIRST = asciiTable('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_/');
const SAFE_REST = asciiTable('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_./-');
// Of the core schema's reserved words only these pass the character test above (~ and . do not).
const RESERVED = /^(?:[Nn]ull|NULL|[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
// Past 1024 characters the library writes a key as an explicit `? key`.
const MAX_KEY = 1024;
// What plainString (yaml's stringifyString.js) will not write plain: an indicator first, `: ` or ` #`
// inside, a blank or `:` last, a lone `-` or `?`.
const NOT_PLAIN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;

// A line the library will not leave plain at the start of a document.
const DOCUMENT_MARKER = /^(%|---|\.\.\.)/m;

function asciiTable(chars: string): Uint8Array {
  const table = new Uint8Array(128);
  for (let i = 0; i < chars.length; i++) table[chars.charCodeAt(i)] = 1;
  return table;
}

/** A loop over a table, not a regular expression: it runs for every key and string of every manifest. */
function isSafePlain(s: string): boolean {
  const n = s.length;
  if (n === 0) return false;
  let c = s.charCodeAt(0);
  if (c > 127 || SAFE_FIRST[c] === 0) return false;
  for (let i = 1; i < n; i++) {
    c = s.charCodeAt(i);
    if (c > 127 || SAFE_REST[c] === 0) return false;
  }
  return !((n === 4 || n === 5) && RESERVED.test(s));
}

// A character the library quotes (control characters) or escapes: one regular expression scans a
// whole manifest faster than a loop over its characters, in both engines.
const NOT_PRINTABLE = /[^\x20-\x7e]/;
const NOT_PRINTABLE_OR_BREAK = /[^\x20-\x7e\n]/;

/** Printable ASCII, and line breaks when `lines`: no character makes the library quote (control characters) or escape. */
function isPrintableAscii(s: string, lines: boolean): boolean {
  return !(lines ? NOT_PRINTABLE_OR_BREAK : NOT_PRINTABLE).test(s);
}

/**
 * A one-line string with a space in it that plainString writes as it is: no core-schema tag (null,
 * bool, int, float) matches a string with a space, so only its indicator test decides. Messages and
 * reasons are such strings, mostly distinct, and the library's answer for each costs a Document.
 */
function isPlainSentence(s: string): boolean {
  return s.includes(' ') && isPrintableAscii(s, false) && !NOT_PLAIN.test(s) && !DOCUMENT_MARKER.test(s);
}

// Both bounded: reports carry strings that differ from object to object (messages naming them).
const MAX_CACHED = 1 << 14;
const scalarCache = new Map<string, string>();
const keyCache = new Map<string, string>();

function remember(cache: Map<string, string>, s: string, text: string): void {
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(s, text);
}

function scalarText(s: string, contentIndent: string): string {
  if (isSafePlain(s) || isPlainSentence(s)) return s;
  let text = scalarCache.get(s);
  if (text === undefined) {
    if (s.includes('\n')) return literalText(s, contentIndent);
    if (s.includes('\r') || DOCUMENT_MARKER.test(s)) throw new NotPlain();
    text = stringify(s, SORTED).slice(0, -1);
    if (text.includes('\n')) throw new NotPlain();
    remember(scalarCache, s, text);
  }
  return text;
}

/**
 * A multi-line string as blockString (stringifyString.js) writes it for a map value or a sequence
 * item: a literal block (`lineWidth: 0` never folds), `|` when it ends in one line break, `|-` when
 * in none, each line after its indent and blank lines left bare. The rest (leading blanks or breaks,
 * which take an indentation indicator; trailing blanks or breaks, which keep; control characters,
 * which force double quotes) goes to the library.
 */
function literalText(s: string, contentIndent: string): string {
  const n = s.length;
  const first = s.charCodeAt(0);
  if (first === 32 || first === 10 || first === 9 || !isPrintableAscii(s, true)) throw new NotPlain();
  const last = s.charCodeAt(n - 1);
  let chomp: string;
  let value: string;
  if (last === 10) {
    const before = s.charCodeAt(n - 2);
    if (before === 10 || before === 32 || before === 9) throw new NotPlain();
    chomp = '';
    value = s.slice(0, -1);
  } else {
    if (last === 32 || last === 9) throw new NotPlain();
    chomp = '-';
    value = s;
  }
  // A run of line breaks takes the indent once, after its last: blank lines are left bare.
  const lines = value.includes('\n\n') ? value.replace(/\n+/g, (breaks) => breaks + contentIndent) : value.replaceAll('\n', `\n${contentIndent}`);
  return `|${chomp}\n${contentIndent}${lines}`;
}

function keyText(k: string): string {
  if (k.length <= MAX_KEY && isSafePlain(k)) return k;
  let text = keyCache.get(k);
  if (text === undefined) {
    if (k.length > MAX_KEY || k.includes('\n') || k.includes('\r') || DOCUMENT_MARKER.test(k)) throw new NotPlain();
    const pair = stringify({[k]: 0}, SORTED);
    if (pair.startsWith('? ') || !pair.endsWith(': 0\n') || pair.indexOf('\n') !== pair.length - 1) throw new NotPlain();
    text = pair.slice(0, -': 0\n'.length);
    remember(keyCache, k, text);
  }
  return text;
}

function numberText(n: number): string {
  return Number.isSafeInteger(n) && !Object.is(n, -0) ? String(n) : stringify(n, SORTED).slice(0, -1);
}

function isPlainObject(v: object): v is Record<string, unknown> {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** What the library writes in place of a value: an object's toJSON() (createNode.js), when it has one. */
function asData(v: unknown): unknown {
  if (v === null || typeof v !== 'object' || typeof (v as {toJSON?: unknown}).toJSON !== 'function') return v;
  if (Array.isArray(v)) throw new NotPlain();
  const json: unknown = (v as {toJSON(): unknown}).toJSON();
  if (json === undefined || (json !== null && typeof json === 'object')) throw new NotPlain();
  return json;
}

/** A scalar's text (a multi-line string's with its lines at `contentIndent`), or undefined for a collection. */
function leafText(v: unknown, contentIndent: string): string | undefined {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string':
      return scalarText(v, contentIndent);
    case 'number':
      return numberText(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'object':
      if (Array.isArray(v) || isPlainObject(v)) return undefined;
      throw new NotPlain();
    default:
      throw new NotPlain();
  }
}

/**
 * One sequence of own keys, as Object.keys lists them, in a tree of the sequences met so far: the
 * objects of one kind (every container decoded from a pod list, say) share theirs, so the keys are
 * sorted, and their texts made, once per kind instead of once per object.
 */
interface Shape {
  readonly next: Map<string, Shape>;
  /** The keys in each order written so far, and each one's text, once an object of this shape is met. */
  sorted?: KeyTexts;
  'as-given'?: KeyTexts;
}

interface KeyTexts {
  readonly keys: readonly string[];
  readonly texts: readonly string[];
}

// Bounded, for maps whose keys differ from object to object (annotations, say): past it, the tree starts again.
const MAX_SHAPES = 1 << 14;
let shapes: Shape = {next: new Map()};
let shapeCount = 0;

function keysOf(obj: Record<string, unknown>, order: KeyOrder): KeyTexts {
  const keys = Object.keys(obj);
  let node = shapes;
  for (const k of keys) {
    let next = node.next.get(k);
    if (next === undefined) {
      if (++shapeCount > MAX_SHAPES) {
        shapes = {next: new Map()};
        shapeCount = 0;
      }
      next = {next: new Map()};
      node.next.set(k, next);
    }
    node = next;
  }
  let known = node[order];
  if (known === undefined) {
    if (order === 'sorted') keys.sort(byCodeUnit);
    known = node[order] = {keys, texts: keys.map(keyText)};
  }
  return known;
}

/** Whether a map has a key whose value is defined (the others are left out, as the library does). */
function hasDefined(obj: Record<string, unknown>, keys: readonly string[]): boolean {
  for (const k of keys) if (obj[k] !== undefined) return true;
  return false;
}

// The text being written. One string grown by concatenation (V8 joins the pieces once, when it is
// read): cheaper than an array of lines and a join, for a manifest per pod.
let out = '';

/** A non-empty sequence's lines at `indent`; `first` starts its first line (`- ` of a parent item, or a key's indent). */
function sequenceLines(list: readonly unknown[], indent: string, first: string, order: KeyOrder): void {
  const inner = `${indent}  `;
  let lead = first;
  for (const element of list) {
    if (element === undefined) throw new NotPlain();
    const item = asData(element);
    const dash = `${lead}- `;
    lead = indent;
    const leaf = leafText(item, inner);
    if (leaf !== undefined) out += `${dash}${leaf}\n`;
    else if (Array.isArray(item)) {
      if (item.length === 0) out += `${dash}[]\n`;
      else sequenceLines(item, inner, dash, order);
    } else {
      const map = item as Record<string, unknown>;
      const known = keysOf(map, order);
      if (hasDefined(map, known.keys)) mapLines(map, known, inner, dash, order);
      else out += `${dash}{}\n`;
    }
  }
}

/** A map's lines (it has a defined value) at `indent`; `first` starts its first line. */
function mapLines(map: Record<string, unknown>, {keys, texts}: KeyTexts, indent: string, first: string, order: KeyOrder): void {
  const inner = `${indent}  `;
  let lead = first;
  for (let i = 0; i < keys.length; i++) {
    const value = asData(map[keys[i]]);
    if (value === undefined) continue;
    const key = `${lead}${texts[i]}:`;
    lead = indent;
    const leaf = leafText(value, inner);
    if (leaf !== undefined) out += `${key} ${leaf}\n`;
    else if (Array.isArray(value)) {
      if (value.length === 0) out += `${key} []\n`;
      else {
        out += `${key}\n`;
        sequenceLines(value, inner, inner, order);
      }
    } else {
      const child = value as Record<string, unknown>;
      const known = keysOf(child, order);
      if (hasDefined(child, known.keys)) {
        out += `${key}\n`;
        mapLines(child, known, inner, inner, order);
      } else out += `${key} {}\n`;
    }
  }
}

/** `write`'s lines, or undefined when the writer leaves the value to the library. */
function written(write: () => void): string | undefined {
  out = '';
  try {
    write();
    return out;
  } catch (err) {
    if (err instanceof NotPlain) return undefined;
    throw err;
  } finally {
    out = '';
  }
}

/** The lines of a collection with something to write, or undefined for one the library writes whole (a scalar, an empty one). */
function blockText(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) return value.length === 0 ? undefined : written(() => sequenceLines(value, '', '', 'sorted'));
  if (!isPlainObject(value)) return undefined;
  return written(() => {
    const known = keysOf(value, 'sorted');
    if (!hasDefined(value, known.keys)) throw new NotPlain();
    mapLines(value, known, '', '', 'sorted');
  });
}

/**
 * stringify(value, {lineWidth: 0, sortMapEntries: true, aliasDuplicateObjects: false}), faster on
 * JSON data, as one flat string: a block is kept (a finding's corrected manifest, to the end of the run).
 */
export function yamlBlock(value: unknown): string {
  return flat(blockText(value) ?? stringify(value, SORTED));
}

/**
 * What stringify(map, AS_GIVEN) writes for one of a map's members: the lines of `key: value`, as in
 * `stringify({[key]: value}, AS_GIVEN)` (a block map's members are written one after the other, each
 * on lines of its own). Nothing for an undefined value, which the library leaves out.
 */
export function yamlMember(key: string, value: unknown): string {
  if (value === undefined) return '';
  const member = {[key]: value};
  return written(() => mapLines(member, keysOf(member, 'as-given'), '', '', 'as-given')) ?? stringify(member, AS_GIVEN);
}

/** The line that opens a top-level map's non-empty sequence member `key` (`key:`), or undefined for a key the library writes otherwise (a long one). */
export function yamlArrayHead(key: string): string | undefined {
  return written(() => (out = `${keyText(key)}:\n`));
}

/**
 * The lines an item of a top-level map's sequence member takes, as stringify({key: [...items]},
 * AS_GIVEN) writes them after the `key:` line: `  - ` and the item, each item on lines of its own.
 */
export function yamlMemberItem(item: unknown): string {
  const text = written(() => sequenceLines([item], '  ', '  ', 'as-given'));
  if (text !== undefined) return text;
  const whole = stringify({x: [item]}, AS_GIVEN);
  return whole.slice('x:\n'.length);
}
