// One manifest file's text into Kubernetes objects: JSON, or multi-document YAML parsed one document
// at a time (each composed document is let go once its objects are taken, so memory follows the
// largest document, not the file), under limits that turn hostile or broken input into an input
// error naming the file and line instead of exhausting the stack or the heap. A document that
// cannot be read is a problem of its own (file, line, reason): the documents around it still read,
// as kubectl goes on past a file it cannot read. YAML is read as kubectl reads it (kubectl-yaml.ts).
import {yamlErrorReason} from './yaml-error.js';
import {Composer, isScalar, LineCounter, visit, type CST, type Document} from 'yaml';
import {InputError} from '../errors.js';
import {goMapKey, kubectlParser, kubectlTags, nonFinite, resolvePlainScalar} from './kubectl-yaml.js';
import type {KubeObject} from '../k8s/object.js';
import type {Origin} from '../k8s/snapshot.js';
import type {ObjectPlace} from './positions.js';

export interface ManifestObject {
  object: KubeObject;
  origin: Origin;
  /** Where in its file the object is, to find a finding's field afterwards (positions.ts). */
  place: ObjectPlace;
}

/** The reader's limits (docs/architecture.md, "Manifest input"). */
interface ManifestLimits {
  maxDepth: number;
  maxAliasCount: number;
  maxYamlDocumentBytes: number;
}

export const MANIFEST_LIMITS: Readonly<ManifestLimits> = {
  /** Collections nested in one another; real manifests nest a few dozen levels at most. */
  maxDepth: 256,
  /** yaml's maxAliasCount: alias expansions per document, weighted by the size of what they repeat. */
  maxAliasCount: 1000,
  /** One YAML document (a JSON file is not limited: JSON.parse needs a fraction of the memory). */
  maxYamlDocumentBytes: 64 * 1024 * 1024,
};

const MiB = 1024 * 1024;

/** A document (or a whole file) that cannot be read: where, and the parser's reason. */
export interface ManifestProblem {
  file: string;
  line: number;
  reason: string;
}

/** One file's objects, and the documents in it that could not be read. */
interface ManifestRead {
  objects: ManifestObject[];
  problems: ManifestProblem[];
}

/** The one line a problem is told in: `error: FILE:LINE: REASON`. */
export const problemLine = (p: ManifestProblem) => `error: ${p.file}:${p.line}: ${p.reason}`;

/** Thrown inside the reader only: ends one document (or the file), caught into a ManifestProblem. */
class Unreadable extends Error {
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/** Parses one file's text: multi-document YAML or JSON, `List` kinds flattened; the first problem throws. */
export function parseManifests(text: string, file: string, limits: ManifestLimits = MANIFEST_LIMITS): ManifestObject[] {
  const read = readManifests(text, file, limits);
  if (read.problems.length > 0) throw new InputError(problemLine(read.problems[0]));
  return read.objects;
}

/** Reads one file's text, going on past each document that cannot be read. */
export function readManifests(text: string, file: string, limits: ManifestLimits = MANIFEST_LIMITS): ManifestRead {
  const read: ManifestRead = {objects: [], problems: []};
  try {
    parseText(text, file, limits, read);
  } catch (err) {
    read.problems.push(asProblem(err, file, 1));
  }
  return read;
}

function asProblem(err: unknown, file: string, line: number): ManifestProblem {
  if (err instanceof Unreadable) return {file, line: err.line, reason: err.reason};
  // A safety net under the depth limit: a stack overflow is still the input's doing.
  if (err instanceof RangeError && /call stack/i.test(err.message)) return {file, line, reason: 'too deeply nested to read'};
  throw err;
}

function parseText(text: string, file: string, limits: ManifestLimits, read: ManifestRead): void {
  // JSON (kubectl get -o json output, Lists of thousands of pods): JSON.parse is ~10x faster than
  // the YAML parser on the same text. Invalid JSON falls through to YAML, which reports the line.
  if (/^\s*[{[]/.test(text)) {
    const value = parseJson(text);
    if (value !== undefined) {
      const deep = deepJsonOffset(text, limits.maxDepth);
      if (deep >= 0) throw depthError(lineOf(text, deep), limits);
      if (value !== null) flatten(value, {file, line: 1}, {within: []}, read.objects);
      return;
    }
  }
  parseYaml(text, file, limits, read);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function parseYaml(text: string, file: string, limits: ManifestLimits, read: ManifestRead): void {
  const lineCounter = new LineCounter();
  checkDocumentSizes(text, limits);
  // go-yaml v2 takes a repeated key (the last one wins) and `<<` merge keys, as kubectl does.
  const composer = new Composer({uniqueKeys: false, merge: true, customTags: kubectlTags});
  const nonFiniteBefore = nonFinite.count;
  const badSeparators = badSeparatorLines(text, file, read);
  const goKeys = new Map<number, string>();
  const take = (doc: Document.Parsed) => {
    if (badSeparators.has(lineCounter.linePos(doc.range[0]).line)) return;
    try {
      if (goKeys.size > 0) applyGoKeys(doc, goKeys);
      takeDocument(doc, text, lineCounter, limits, read.objects, nonFinite.count > nonFiniteBefore, file);
    } catch (err) {
      read.problems.push(asProblem(err, file, lineCounter.linePos(doc.range[0]).line));
    }
  };
  for (const token of kubectlParser(lineCounter.addNewLine).parse(text)) {
    if (token.type === 'document') {
      try {
        checkStructure(token, lineCounter, limits, goKeys);
      } catch (err) {
        // Too deep to compose: the document is left out, the ones after it still read.
        read.problems.push(asProblem(err, file, lineCounter.linePos(token.offset).line));
        continue;
      }
    }
    for (const doc of composer.next(token)) take(doc);
  }
  for (const doc of composer.end()) take(doc);
  const streamError = composer.streamInfo().errors[0];
  if (streamError) read.problems.push({file, line: lineCounter.linePos(streamError.pos[0]).line, reason: yamlErrorReason(streamError, text)});
}

function takeDocument(
  doc: Document.Parsed,
  text: string,
  lineCounter: LineCounter,
  limits: ManifestLimits,
  out: ManifestObject[],
  mayHaveNonFinite: boolean,
  file: string,
): void {
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    throw new Unreadable(lineCounter.linePos(e.pos[0]).line, yamlErrorReason(e, text));
  }
  const line = doc.contents ? lineCounter.linePos(doc.contents.range[0]).line : lineCounter.linePos(doc.range[0]).line;
  if (mayHaveNonFinite) refuseNonFinite(doc, lineCounter);
  let value: unknown;
  try {
    value = doc.toJS({maxAliasCount: limits.maxAliasCount});
  } catch (err) {
    if (err instanceof ReferenceError && /Excessive alias count/.test(err.message)) {
      throw new Unreadable(
        line,
        `too many YAML alias expansions in one document (more than ${limits.maxAliasCount}, weighted by size): refusing what looks like an alias bomb`,
      );
    }
    if (err instanceof ReferenceError) throw new Unreadable(line, yamlErrorReason(err, text));
    // go-yaml v2 decode.go merge: the same refusal in its words.
    if (err instanceof Error && /^Merge sources must be/.test(err.message))
      throw new Unreadable(line, 'error converting YAML to JSON: yaml: map merge requires map or sequence of maps as the value');
    throw err;
  }
  if (value === null || value === undefined) return;
  // From the start of its first line, so columns counted in the slice are the file's.
  const start = text.lastIndexOf('\n', doc.range[0] - 1) + 1;
  flatten(value, {file, line}, {doc: [start, doc.range[2]], within: []}, out);
}

// apimachinery pkg/util/yaml/decoder.go YAMLReader.Read: a line starting `---` splits documents,
// and only blanks or a comment may follow it on that line.
const SEPARATOR_LINE = /^---(.*)$/gm;

/** kubectl's "invalid Yaml document separator": a problem, and the document it opens is not read. */
function badSeparatorLines(text: string, file: string, read: ManifestRead): Set<number> {
  const lines = new Set<number>();
  if (!text.includes('---')) return lines;
  for (const m of text.matchAll(SEPARATOR_LINE)) {
    const rest = m[1].trim();
    if (rest === '' || rest.startsWith('#')) continue;
    const line = lineOf(text, m.index);
    lines.add(line);
    read.problems.push({file, line, reason: `invalid Yaml document separator: ${rest}`});
  }
  return lines;
}

/** `.nan` and `.inf` resolve in go-yaml, but kubectl cannot turn them into JSON (sigs.k8s.io/yaml json.Marshal). */
function refuseNonFinite(doc: Document.Parsed, lineCounter: LineCounter): void {
  visit(doc, {
    Scalar(_, node) {
      if (typeof node.value === 'number' && !Number.isFinite(node.value)) {
        const line = node.range ? lineCounter.linePos(node.range[0]).line : 1;
        throw new Unreadable(
          line,
          `error converting YAML to JSON: json: unsupported value: ${Number.isNaN(node.value) ? 'NaN' : node.value > 0 ? '+Inf' : '-Inf'}`,
        );
      }
    },
  });
}

// A line that starts with `---` or `...` (then a blank or the end) always ends a document, even
// inside a scalar (YAML 1.2 c-forbidden), so the markers bound every document from above.
const DOCUMENT_MARKER = /^(?:---|\.\.\.)(?=[ \t\r\n]|$)/gm;

/** Refuses a YAML document above the size limit before the parser spends ~35x its size on it. */
function checkDocumentSizes(text: string, limits: ManifestLimits): void {
  const max = limits.maxYamlDocumentBytes;
  if (text.length <= max) return;
  let start = 0;
  const check = (end: number) => {
    const bytes = Buffer.byteLength(text.slice(start, end), 'utf8');
    if (bytes > max) {
      throw new Unreadable(
        lineOf(text, start),
        `a YAML document of ${formatMiB(bytes)}, more than the ${formatMiB(max)} this reader takes; split it into documents (---) or give it as JSON (kubectl get -o json)`,
      );
    }
  };
  for (const m of text.matchAll(DOCUMENT_MARKER)) {
    if (m.index - start > max) check(m.index);
    start = m.index;
  }
  if (text.length - start > max) check(text.length);
}

const formatMiB = (bytes: number) => (bytes >= MiB ? `${Math.ceil(bytes / MiB)} MiB` : `${bytes} bytes`);

/**
 * One CST document before it is composed, walked with an explicit stack (the composer recurses):
 * its nesting, its keys (checkKey) and the flow scalars go-yaml does not take (checkFlowScalar).
 */
function checkStructure(doc: CST.Document, lineCounter: LineCounter, limits: ManifestLimits, goKeys: Map<number, string>): void {
  const stack: Array<[CST.Token, number]> = doc.value ? [[doc.value, 0]] : [];
  while (stack.length > 0) {
    const [token, depth] = stack.pop()!;
    if (token.type !== 'block-map' && token.type !== 'block-seq' && token.type !== 'flow-collection') continue;
    if (depth + 1 > limits.maxDepth) throw depthError(lineCounter.linePos(token.offset).line, limits);
    for (const item of token.items as Array<{key?: CST.Token | null; value?: CST.Token}>) {
      if (item.key) checkKey(item.key, lineCounter, goKeys);
      if (token.type === 'flow-collection') {
        checkFlowScalar(item.key, lineCounter);
        checkFlowScalar(item.value, lineCounter);
      }
      if (item.key) stack.push([item.key, depth + 1]);
      if (item.value) stack.push([item.value, depth + 1]);
    }
  }
}

/**
 * Keys as kubectl turns them into JSON (sigs.k8s.io/yaml convertToJSONableObject): a collection
 * (go-yaml: invalid map key), a plain null or a uint64 are refused; a number whose Go key text is
 * not JavaScript's (a float as float32, a large integer exactly) is noted by offset for goKeys.
 */
function checkKey(key: CST.Token, lineCounter: LineCounter, keys: Map<number, string>): void {
  const line = () => lineCounter.linePos(key.offset).line;
  if (key.type === 'block-map' || key.type === 'block-seq' || key.type === 'flow-collection') {
    throw new Unreadable(line(), 'error converting YAML to JSON: yaml: invalid map key: a mapping or sequence');
  }
  if (key.type !== 'scalar') return;
  const goKey = goMapKey(key.source);
  if (goKey instanceof Error) throw new Unreadable(line(), `error converting YAML to JSON: ${goKey.message}`);
  if (goKey !== undefined && goKey !== String(resolvePlainScalar(key.source))) keys.set(key.offset, goKey);
}

/** go-yaml's scanner (scannerc.go): in a flow collection a `:` always starts a value, never a plain scalar. */
function checkFlowScalar(token: CST.Token | null | undefined, lineCounter: LineCounter): void {
  if (token?.type === 'scalar' && token.source.startsWith(':')) {
    throw new Unreadable(lineCounter.linePos(token.offset).line, 'error converting YAML to JSON: yaml: did not find expected node content');
  }
}

/** Number keys given the text kubectl gives them (see checkKey), before the document becomes JSON. */
function applyGoKeys(doc: Document.Parsed, keys: Map<number, string>): void {
  visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.key) && pair.key.range && keys.has(pair.key.range[0])) pair.key.value = keys.get(pair.key.range[0]);
    },
  });
}

function depthError(line: number, limits: ManifestLimits): Unreadable {
  return new Unreadable(line, `nested more than ${limits.maxDepth} levels deep, more than this reader takes`);
}

/** The offset of the first bracket nested deeper than `max` in valid JSON text, or -1. */
function deepJsonOffset(text: string, max: number): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return i;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return -1;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function flatten(value: unknown, origin: Origin, place: ObjectPlace, out: ManifestObject[]): void {
  if (typeof value !== 'object' || Array.isArray(value) || value === null) {
    throw new Unreadable(origin.line, 'not a Kubernetes object (expected a mapping with apiVersion and kind)');
  }
  const obj = value as KubeObject;
  if (typeof obj.kind !== 'string' || typeof obj.apiVersion !== 'string') {
    throw new Unreadable(origin.line, 'not a Kubernetes object: apiVersion and kind must be set');
  }
  if (obj.kind.endsWith('List') && Array.isArray(obj.items)) {
    obj.items.forEach((item: unknown, i: number) => flatten(item, origin, {...place, within: [...place.within, 'items', String(i)]}, out));
    return;
  }
  out.push({object: obj, origin, place});
}
