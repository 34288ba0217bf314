// The text `yaml`'s stringify(value, {lineWidth: 0, sortMapEntries: true, aliasDuplicateObjects:
// false}) writes for JSON data (plain objects, arrays, strings, numbers, booleans, null), byte for
// byte, without building its Document of nodes: a corrected manifest per bare pod made that library
// half of `qos -A`'s CPU time at 1,000 pods. The layout (block maps, sequences indented under their
// key, `{}` and `[]` when empty) is written here; how a scalar is written (plain or quoted, which of
// the core schema's tags would read it back as something else) stays the library's own answer,
// asked once per distinct scalar. Anything else (a multi-line string, a document marker, a long key,
// a value JSON would not carry) goes to the library whole. test/unit/util/yaml-block.test.ts
// compares the two on generated data.
import {stringify} from 'yaml';
import {byCodeUnit} from './text-order.js';

const OPTIONS = {lineWidth: 0, sortMapEntries: true, aliasDuplicateObjects: false} as const;

/** A value this writer leaves to the library. */
class NotPlain extends Error {}

/** Strings that are plain in any position and that no core-schema tag reads as other than a string: /^[A-Za-z_/][A-Za-z0-9_./-]*$/. */
const SAFE_FIRST = asciiTable('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_/');
const SAFE_REST = asciiTable('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_./-');
// Of the core schema's reserved words only these pass the character test above (~ and . do not).
const RESERVED = /^(?:[Nn]ull|NULL|[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
// Past 1024 characters the library writes a key as an explicit `? key`.
const MAX_KEY = 1024;

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

const scalarCache = new Map<string, string>();
const keyCache = new Map<string, string>();

function scalarText(s: string): string {
  if (isSafePlain(s)) return s;
  let text = scalarCache.get(s);
  if (text === undefined) {
    if (s.includes('\n') || s.includes('\r') || /^(%|---|\.\.\.)/m.test(s)) throw new NotPlain();
    text = stringify(s, OPTIONS).slice(0, -1);
    if (text.includes('\n')) throw new NotPlain();
    scalarCache.set(s, text);
  }
  return text;
}

function keyText(k: string): string {
  if (k.length <= MAX_KEY && isSafePlain(k)) return k;
  let text = keyCache.get(k);
  if (text === undefined) {
    if (k.length > MAX_KEY || k.includes('\n') || k.includes('\r') || /^(%|---|\.\.\.)/m.test(k)) throw new NotPlain();
    const pair = stringify({[k]: 0}, OPTIONS);
    if (pair.startsWith('? ') || !pair.endsWith(': 0\n') || pair.indexOf('\n') !== pair.length - 1) throw new NotPlain();
    text = pair.slice(0, -': 0\n'.length);
    keyCache.set(k, text);
  }
  return text;
}

function numberText(n: number): string {
  return Number.isSafeInteger(n) && !Object.is(n, -0) ? String(n) : stringify(n, OPTIONS).slice(0, -1);
}

function isPlainObject(v: object): v is Record<string, unknown> {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** A scalar's text, or undefined for a collection. */
function leafText(v: unknown): string | undefined {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string':
      return scalarText(v);
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
  /** The keys in sortMapEntries order, and each one's text, once an object of this shape is met. */
  sorted?: readonly string[];
  texts?: readonly string[];
}

// Bounded, for maps whose keys differ from object to object (annotations, say): past it, the tree starts again.
const MAX_SHAPES = 1 << 14;
let shapes: Shape = {next: new Map()};
let shapeCount = 0;

function shapeOf(obj: Record<string, unknown>): Shape {
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
  if (node.sorted === undefined) {
    const sorted = keys.sort(byCodeUnit);
    node.texts = sorted.map(keyText);
    node.sorted = sorted;
  }
  return node;
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
function sequenceLines(list: readonly unknown[], indent: string, first: string): void {
  const inner = `${indent}  `;
  let lead = first;
  for (const item of list) {
    if (item === undefined) throw new NotPlain();
    const dash = `${lead}- `;
    lead = indent;
    const leaf = leafText(item);
    if (leaf !== undefined) out += `${dash}${leaf}\n`;
    else if (Array.isArray(item)) {
      if (item.length === 0) out += `${dash}[]\n`;
      else sequenceLines(item, inner, dash);
    } else {
      const map = item as Record<string, unknown>;
      const shape = shapeOf(map);
      if (hasDefined(map, shape.sorted!)) mapLines(map, shape, inner, dash);
      else out += `${dash}{}\n`;
    }
  }
}

/** A map's lines (it has a defined value) at `indent`; `first` starts its first line. */
function mapLines(map: Record<string, unknown>, shape: Shape, indent: string, first: string): void {
  const keys = shape.sorted!;
  const texts = shape.texts!;
  let lead = first;
  for (let i = 0; i < keys.length; i++) {
    const value = map[keys[i]];
    if (value === undefined) continue;
    const key = `${lead}${texts[i]}:`;
    lead = indent;
    const leaf = leafText(value);
    if (leaf !== undefined) out += `${key} ${leaf}\n`;
    else if (Array.isArray(value)) {
      if (value.length === 0) out += `${key} []\n`;
      else {
        out += `${key}\n`;
        sequenceLines(value, `${indent}  `, `${indent}  `);
      }
    } else {
      const child = value as Record<string, unknown>;
      const childShape = shapeOf(child);
      if (hasDefined(child, childShape.sorted!)) {
        const inner = `${indent}  `;
        out += `${key}\n`;
        mapLines(child, childShape, inner, inner);
      } else out += `${key} {}\n`;
    }
  }
}

/** The lines of a collection with something to write, or undefined for one the library writes whole (a scalar, an empty one). */
function blockText(value: unknown): string | undefined {
  if (leafText(value) !== undefined) return undefined;
  out = '';
  if (Array.isArray(value)) {
    if (value.length === 0) return undefined;
    sequenceLines(value, '', '');
  } else {
    const map = value as Record<string, unknown>;
    const shape = shapeOf(map);
    if (!hasDefined(map, shape.sorted!)) return undefined;
    mapLines(map, shape, '', '');
  }
  const text = out;
  out = '';
  return text;
}

/** stringify(value, {lineWidth: 0, sortMapEntries: true, aliasDuplicateObjects: false}), faster on JSON data. */
export function yamlBlock(value: unknown): string {
  try {
    return blockText(value) ?? stringify(value, OPTIONS);
  } catch (err) {
    if (err instanceof NotPlain) return stringify(value, OPTIONS);
    throw err;
  }
}
