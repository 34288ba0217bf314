// Where a field of a manifest object is in its file (issue 22; docs/architecture.md decision 40).
// Nothing is kept while the files are read but where each object is: its YAML document's offsets
// (or, in a JSON file, nothing) and its path inside that document (`items[3]` in a List). A
// finding's field is resolved only afterwards, for the objects that have findings: a YAML document
// is composed again from its slice of the text, a JSON file is scanned once for all its paths. So a
// 70,000-pod file keeps a few numbers per object, never a node or a range per field.
import {Composer, isAlias, isMap, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap} from 'yaml';
import {kubectlParser, kubectlTags} from './kubectl-yaml.js';

/** An object's place in its file: its YAML document's slice (absent in JSON), and its path in it. */
export interface ObjectPlace {
  /** Offsets of the YAML document the object is in: [start of its first line, end). */
  doc?: readonly [start: number, end: number];
  /** The object's path inside the document: empty, or `items`, N for a member of a List. */
  within: readonly string[];
}

/** One field of one placed object to find. */
export interface PlaceQuery {
  place: ObjectPlace;
  /** Field path segments (parseFieldPath); empty for the object itself. */
  path: readonly string[];
}

/** Where a query's field is: offsets in the text; `found` is how many of its segments exist. */
export interface PlaceAnswer {
  start: number;
  end: number;
  found: number;
}

/**
 * A Kubernetes field path as the apiserver prints it, as segments: `spec.containers[0].resources.limits[hugepages-2Mi]`
 * is spec, containers, 0, resources, limits, hugepages-2Mi. A bracket holds a list index or a map key
 * (dots and all); which one depends on the node it meets. Undefined for a path that does not parse.
 */
export function parseFieldPath(field: string): string[] | undefined {
  const out: string[] = [];
  let i = 0;
  while (i < field.length) {
    if (field[i] === '[') {
      const close = field.indexOf(']', i);
      if (close < 0) return undefined;
      out.push(field.slice(i + 1, close));
      i = close + 1;
      if (field[i] === '.') i++;
      continue;
    }
    const m = /^[^.[\]]+/.exec(field.slice(i));
    if (!m) return undefined;
    out.push(m[0]);
    i += m[0].length;
    if (field[i] === '.') i++;
  }
  return out;
}

/** The path segments of `parseFieldPath` back as a field path (for the nearest ancestor's name). */
export function fieldPathOf(segments: readonly string[]): string {
  let out = '';
  for (const s of segments) out += /^\d+$/.test(s) || /[.[\]]/.test(s) || s.includes('/') ? `[${s}]` : out === '' ? s : `.${s}`;
  return out;
}

/** Answers the queries against one file's text (each query's place is in this file). */
export function resolvePlaces(text: string, queries: readonly PlaceQuery[]): Array<PlaceAnswer | undefined> {
  const answers: Array<PlaceAnswer | undefined> = new Array(queries.length);
  const json: number[] = [];
  const byDoc = new Map<number, number[]>();
  queries.forEach((q, i) => {
    if (!q.place.doc) json.push(i);
    else {
      const list = byDoc.get(q.place.doc[0]);
      if (list) list.push(i);
      else byDoc.set(q.place.doc[0], [i]);
    }
  });
  for (const indices of byDoc.values()) {
    const [start, end] = queries[indices[0]].place.doc!;
    const doc = composeSlice(text.slice(start, end));
    for (const i of indices) answers[i] = doc ? resolveInYaml(doc, [...queries[i].place.within, ...queries[i].path], start) : undefined;
  }
  if (json.length > 0) {
    const paths = json.map((i) => [...queries[i].place.within, ...queries[i].path]);
    const found = resolveInJson(text, paths);
    json.forEach((qi, k) => (answers[qi] = found[k]));
  }
  return answers;
}

/** One YAML document composed again from its text, as the reader composed it. */
function composeSlice(slice: string): Document.Parsed | undefined {
  const composer = new Composer({uniqueKeys: false, merge: true, customTags: kubectlTags});
  const docs = [...composer.compose(kubectlParser().parse(slice))];
  return docs.find((d) => d.contents !== null) ?? docs[0];
}

/** Follows the path through maps (merge keys too), lists and aliases; stops at the first segment that is not there. */
function resolveInYaml(doc: Document.Parsed, path: readonly string[], base: number): PlaceAnswer | undefined {
  let node = doc.contents as Node | null;
  if (!node?.range) return undefined;
  let range: [number, number] = [node.range[0], node.range[1]];
  let found = 0;
  for (const seg of path) {
    node = isAlias(node) ? (node.resolve(doc) ?? null) : node;
    if (isMap(node)) {
      const pair = pairOf(node, seg, doc);
      if (!pair) break;
      const key = pair.key as Node;
      const value = pair.value as Node | null;
      range = [key.range![0], value?.range ? value.range[1] : key.range![1]];
      node = value;
    } else if (isSeq(node) && /^\d+$/.test(seg) && Number(seg) < node.items.length) {
      const item = node.items[Number(seg)] as Node;
      if (!item?.range) break;
      range = [item.range[0], item.range[1]];
      node = item;
    } else break;
    found++;
  }
  return {start: base + range[0], end: base + range[1], found};
}

const isMergeKey = (key: unknown) => isScalar(key) && (typeof key.value === 'symbol' || (key.value === '<<' && key.source === '<<'));

/** The pair of `key` in a map: the last one written (go-yaml v2 keeps the last), else a merged map's (the first source that has it). */
function pairOf(map: YAMLMap, key: string, doc: Document.Parsed, depth = 0): Pair | undefined {
  let own: Pair | undefined;
  const merges: Node[] = [];
  for (const pair of map.items) {
    if (isMergeKey(pair.key)) merges.push(pair.value as Node);
    else if (isScalar(pair.key) && String(pair.key.value) === key) own = pair;
  }
  if (own || depth > 8) return own;
  for (const m of merges) {
    const sources = isSeq(m) ? (m.items as Node[]) : [m];
    for (const s of sources) {
      const target = isAlias(s) ? s.resolve(doc) : s;
      const pair = isMap(target) ? pairOf(target, key, doc, depth + 1) : undefined;
      if (pair) return pair;
    }
  }
  return undefined;
}

/** A trie of the paths wanted in a JSON text, filled in by one scan. */
interface JsonTrie {
  children?: Map<string, JsonTrie>;
  start?: number;
  end?: number;
}

/** Every path's deepest existing node in one pass over valid JSON text (memory: the paths, not the text's nodes). */
function resolveInJson(text: string, paths: readonly (readonly string[])[]): Array<PlaceAnswer | undefined> {
  const root: JsonTrie = {};
  for (const path of paths) {
    let t = root;
    for (const seg of path) {
      t.children ??= new Map();
      let next = t.children.get(seg);
      if (!next) t.children.set(seg, (next = {}));
      t = next;
    }
  }
  const scan = new JsonScan(text);
  scan.skipSpace();
  root.start = scan.i;
  scan.value(root);
  root.end = scan.i;
  return paths.map((path) => {
    let t = root;
    let found = 0;
    let best: PlaceAnswer = {start: root.start!, end: root.end!, found: 0};
    for (const seg of path) {
      const next = t.children?.get(seg);
      if (next?.start === undefined) break;
      t = next;
      found++;
      best = {start: next.start, end: next.end!, found};
    }
    return best;
  });
}

/** A cursor over valid JSON text (JSON.parse has accepted it): descends into the trie's paths, skips the rest. */
class JsonScan {
  i = 0;
  constructor(private readonly text: string) {}

  skipSpace(): void {
    const t = this.text;
    while (this.i < t.length && (t[this.i] === ' ' || t[this.i] === '\n' || t[this.i] === '\r' || t[this.i] === '\t')) this.i++;
  }

  /** The value at the cursor; a trie node with children is descended into, any other value skipped. */
  value(trie: JsonTrie | undefined): void {
    const c = this.text[this.i];
    if (!trie?.children || (c !== '{' && c !== '[')) return this.skip();
    if (c === '{') this.members(trie.children);
    else this.elements(trie.children);
  }

  private members(children: Map<string, JsonTrie>): void {
    this.i++;
    this.skipSpace();
    while (this.text[this.i] === '"') {
      const keyStart = this.i;
      this.skipString();
      const raw = this.text.slice(keyStart, this.i);
      const key = raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1);
      this.skipSpace();
      this.i++; // ':'
      this.skipSpace();
      this.entry(children.get(key), keyStart);
      if (this.text[this.i] === ',') this.i++;
      this.skipSpace();
    }
    this.i++; // '}'
  }

  private elements(children: Map<string, JsonTrie>): void {
    this.i++;
    this.skipSpace();
    for (let n = 0; this.text[this.i] !== ']'; n++) {
      this.entry(children.get(String(n)), this.i);
      if (this.text[this.i] === ',') this.i++;
      this.skipSpace();
    }
    this.i++; // ']'
  }

  /** One member or element; a wanted one records where it is (the last of repeated keys wins, as JSON.parse). */
  private entry(child: JsonTrie | undefined, start: number): void {
    this.value(child);
    if (child) {
      child.start = start;
      child.end = this.i;
    }
    this.skipSpace();
  }

  private skipString(): void {
    const t = this.text;
    this.i++;
    while (t[this.i] !== '"') this.i += t[this.i] === '\\' ? 2 : 1;
    this.i++;
  }

  /** A whole value, without recursion (brackets counted, strings jumped over). */
  private skip(): void {
    const t = this.text;
    const c = t[this.i];
    if (c === '"') return this.skipString();
    if (c !== '{' && c !== '[') {
      while (this.i < t.length && !SCALAR_END.includes(t[this.i])) this.i++;
      return;
    }
    let depth = 0;
    do {
      const ch = t[this.i];
      if (ch === '"') {
        this.skipString();
        continue;
      }
      if (ch === '{' || ch === '[') depth++;
      else if (ch === '}' || ch === ']') depth--;
      this.i++;
    } while (depth > 0);
  }
}

const SCALAR_END = ',}] \n\r\t';
