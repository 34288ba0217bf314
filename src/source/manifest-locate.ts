// Capabilities.locate for manifests: each finding's object found among the objects read (by kind,
// namespace and name), its field resolved in the file's text read again (positions.ts), the offsets
// turned into lines and columns. Files are read again one at a time, only those with findings.
import type {LocateTarget, SourceLocation} from '../k8s/snapshot.js';
import type {ManifestObject} from './manifest-parse.js';
import {fieldPathOf, parseFieldPath, resolvePlaces, type PlaceAnswer, type PlaceQuery} from './positions.js';
import {linesAndColumns} from '../util/text-positions.js';

/** The text a file had when it was read, or undefined when that text is gone (the file changed since). */
type TextAgain = (file: string) => string | undefined;

interface Candidate {
  target: number;
  object: ManifestObject;
  path: string[];
}

/** Every target's location; undefined for an object not in the manifests or a file whose text changed. */
export function locateInManifests(
  objects: readonly ManifestObject[],
  defaultNamespace: string,
  textAgain: TextAgain,
  targets: readonly LocateTarget[],
): Array<SourceLocation | undefined> {
  const index = objectIndex(objects, targets);
  const byFile = new Map<string, Candidate[]>();
  targets.forEach((t, i) => {
    const path = t.field !== undefined ? parseFieldPath(t.field) : [];
    if (!path) return;
    for (const object of index.get(`${t.kind}/${t.name}`) ?? []) {
      if (t.namespace !== undefined && (object.object.metadata?.namespace ?? defaultNamespace) !== t.namespace) continue;
      const list = byFile.get(object.origin.file);
      const candidate = {target: i, object, path};
      if (list) list.push(candidate);
      else byFile.set(object.origin.file, [candidate]);
    }
  });
  const out: Array<SourceLocation | undefined> = new Array(targets.length);
  const exact: boolean[] = new Array(targets.length);
  for (const [file, candidates] of byFile) {
    const text = textAgain(file);
    if (text === undefined) continue;
    const answers = resolvePlaces(
      text,
      candidates.map((c): PlaceQuery => ({place: c.object.place, path: c.path})),
    );
    const located = toLocations(text, file, candidates, answers);
    // The same kind, namespace and name in several documents: the first where the whole field is.
    candidates.forEach((c, k) => {
      const loc = located[k];
      if (!loc || exact[c.target] || (out[c.target] && loc.ancestor !== undefined)) return;
      out[c.target] = loc;
      exact[c.target] = loc.ancestor === undefined;
    });
  }
  return out;
}

/** The objects the targets name, by kind and name (a few per key at most). */
function objectIndex(objects: readonly ManifestObject[], targets: readonly LocateTarget[]): Map<string, ManifestObject[]> {
  const wanted = new Set(targets.map((t) => `${t.kind}/${t.name}`));
  const index = new Map<string, ManifestObject[]>();
  for (const o of objects) {
    const key = `${o.object.kind}/${o.object.metadata?.name}`;
    if (!wanted.has(key)) continue;
    const list = index.get(key);
    if (list) list.push(o);
    else index.set(key, [o]);
  }
  return index;
}

function toLocations(text: string, file: string, candidates: readonly Candidate[], answers: ReadonlyArray<PlaceAnswer | undefined>) {
  const ends = answers.map((a) => (a ? trimmedEnd(text, a.start, a.end) : 0));
  const offsets = answers.flatMap((a, k) => (a ? [a.start, ends[k]] : [0, 0]));
  const positions = linesAndColumns(text, offsets);
  return answers.map((a, k): SourceLocation | undefined => {
    if (!a) return undefined;
    const [from, to] = [positions[2 * k], positions[2 * k + 1]];
    const c = candidates[k];
    const found = a.found - c.object.place.within.length;
    const loc: SourceLocation = {file, line: from.line, column: from.column, endLine: to.line, endColumn: to.column};
    if (found < c.path.length) loc.ancestor = found > 0 ? fieldPathOf(c.path.slice(0, found)) : '';
    return loc;
  });
}

/** A node's end before the line breaks and blanks a block value's range takes in. */
function trimmedEnd(text: string, start: number, end: number): number {
  let e = end;
  while (e > start && /\s/.test(text[e - 1])) e--;
  return e;
}
