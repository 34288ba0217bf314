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

const OPTIONS = {lineWidth: 0, sortMapEntries: true, aliasDuplicateObjects: false} as const;

/** A value this writer leaves to the library. */
class NotPlain extends Error {}

/** Strings that are plain in any position and that no core-schema tag reads as other than a string. */
const SAFE_PLAIN = /^[A-Za-z_/][A-Za-z0-9_./-]*$/;
const RESERVED = /^(?:~|[Nn]ull|NULL|[Tt]rue|TRUE|[Ff]alse|FALSE|\.(?:inf|Inf|INF|nan|NaN|NAN))$/;
// Past 1024 characters the library writes a key as an explicit `? key`.
const MAX_KEY = 1024;

const scalarCache = new Map<string, string>();
const keyCache = new Map<string, string>();

function scalarText(s: string): string {
  if (SAFE_PLAIN.test(s) && !RESERVED.test(s)) return s;
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
  if (k.length <= MAX_KEY && SAFE_PLAIN.test(k) && !RESERVED.test(k)) return k;
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

const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The keys whose values are defined, sorted as sortMapEntries sorts them. */
function keysOf(obj: Record<string, unknown>): string[] {
  const keys: string[] = [];
  for (const k of Object.keys(obj)) if (obj[k] !== undefined) keys.push(k);
  return keys.sort(byKey);
}

/** A collection's lines at `indent`, each ending in a newline; `first` starts its first line (`- ` of a parent item). */
function collectionText(v: unknown[] | Record<string, unknown>, indent: string, first: string): string {
  // One string grown by concatenation (V8 joins the pieces once, when it is read): cheaper than an
  // array of lines and a join, for a manifest per pod.
  let text = '';
  let lead = first;
  if (Array.isArray(v)) {
    const inner = `${indent}  `;
    for (const item of v) {
      if (item === undefined) throw new NotPlain();
      text += itemText(`${lead}- `, item, inner);
      lead = indent;
    }
    return text;
  }
  for (const k of keysOf(v)) {
    const value = v[k];
    const key = `${lead}${keyText(k)}:`;
    lead = indent;
    const leaf = leafText(value);
    if (leaf !== undefined) text += `${key} ${leaf}\n`;
    else if (isEmpty(value as object)) text += `${key} ${Array.isArray(value) ? '[]' : '{}'}\n`;
    else {
      const inner = `${indent}  `;
      text += `${key}\n${collectionText(value as unknown[] | Record<string, unknown>, inner, inner)}`;
    }
  }
  return text;
}

/** One sequence item: a scalar on its line, a collection starting on the `- ` line. */
function itemText(dash: string, item: unknown, indent: string): string {
  const leaf = leafText(item);
  if (leaf !== undefined) return `${dash}${leaf}\n`;
  if (isEmpty(item as object)) return `${dash}${Array.isArray(item) ? '[]' : '{}'}\n`;
  return collectionText(item as unknown[] | Record<string, unknown>, indent, dash);
}

function isEmpty(v: object): boolean {
  if (Array.isArray(v)) return v.length === 0;
  const obj = v as Record<string, unknown>;
  for (const k in obj) if (Object.hasOwn(obj, k) && obj[k] !== undefined) return false;
  return true;
}

/** stringify(value, {lineWidth: 0, sortMapEntries: true, aliasDuplicateObjects: false}), faster on JSON data. */
export function yamlBlock(value: unknown): string {
  try {
    const leaf = leafText(value);
    if (leaf !== undefined || isEmpty(value as object)) return stringify(value, OPTIONS);
    return collectionText(value as unknown[] | Record<string, unknown>, '', '');
  } catch (err) {
    if (err instanceof NotPlain) return stringify(value, OPTIONS);
    throw err;
  }
}
