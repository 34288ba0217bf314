// The files kubectl-win reads besides manifests (the config file, a baseline): one YAML document
// with `apiVersion: kubectl-win.io/v1` and a `kind`, strictly checked. Every problem is an input
// error naming the file and the line (exit 2), found before the command reads anything else.
import {readFileSync} from 'node:fs';
import {isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type YAMLMap} from 'yaml';
import {InputError} from '../errors.js';
import {yamlErrorReason} from './yaml-error.js';

const SETTINGS_API_VERSION = 'kubectl-win.io/v1';

/** A node of the document with what the messages need: the file and the line it is on. */
export class YamlPlace {
  constructor(
    readonly file: string,
    private readonly lines: LineCounter,
  ) {}

  lineOf(node: Node | null | undefined): number {
    return node?.range ? this.lines.linePos(node.range[0]).line : 1;
  }

  problem(node: Node | null | undefined, message: string): InputError {
    return new InputError(`error: ${this.file}:${this.lineOf(node)}: ${message}`);
  }

  /** A map's entries by key, refusing keys not in `known` (a typo must not quietly do nothing). */
  entries(map: YAMLMap, what: string, known: readonly string[]): Map<string, Node | null> {
    const out = new Map<string, Node | null>();
    for (const pair of map.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (key === undefined || !known.includes(key)) {
        throw this.problem(pair.key as Node, `unknown key ${JSON.stringify(key ?? String(pair.key))} in ${what}; known: ${known.join(', ')}`);
      }
      out.set(key, pair.value as Node | null);
    }
    return out;
  }

  string(node: Node | null | undefined, what: string): string {
    if (!isScalar(node) || typeof node.value !== 'string' || node.value.trim() === '') throw this.problem(node, `${what} must be a non-empty string`);
    return node.value;
  }

  /** A list of non-empty strings (a single string is taken as a list of one). */
  strings(node: Node | null | undefined, what: string): string[] {
    if (isScalar(node) && typeof node.value === 'string') return [this.string(node, what)];
    if (!isSeq(node) || node.items.length === 0) throw this.problem(node, `${what} must be a non-empty list of strings`);
    return node.items.map((item) => this.string(item as Node, `each of ${what}`));
  }

  map(node: Node | null | undefined, what: string): YAMLMap {
    if (!isMap(node)) throw this.problem(node, `${what} must be a mapping`);
    return node;
  }
}

/** The file's top-level mapping (`file`: its name in messages), after checking it is one YAML document of `kind` at our apiVersion. */
export function readSettingsFile(path: string, kind: string, known: readonly string[], file = path): {place: YamlPlace; top: Map<string, Node | null>} {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new InputError(`error: cannot read ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, {lineCounter: lines, uniqueKeys: true, prettyErrors: false});
  const place = new YamlPlace(file, lines);
  const err = doc.errors[0];
  if (err) throw new InputError(`error: ${file}:${lines.linePos(err.pos[0]).line}: ${yamlErrorReason(err, text)}`);
  if (doc.contents === null) throw new InputError(`error: ${file}: the file is empty; it needs apiVersion: ${SETTINGS_API_VERSION} and kind: ${kind}`);
  const top = place.entries(place.map(doc.contents as Node, 'the file'), 'the file', ['apiVersion', 'kind', ...known]);
  const apiVersion = top.get('apiVersion');
  if (!isScalar(apiVersion) || apiVersion.value !== SETTINGS_API_VERSION) {
    throw place.problem(apiVersion ?? (doc.contents as Node), `apiVersion must be ${SETTINGS_API_VERSION}`);
  }
  const k = top.get('kind');
  if (!isScalar(k) || k.value !== kind) throw place.problem(k ?? (doc.contents as Node), `kind must be ${kind}`);
  return {place, top};
}
