// The fields a corrected manifest leaves out: those no supported apiserver knows. kubectl sends a
// manifest with --validate=strict by default, and the apiserver refuses an unknown field under Strict
// (k8s.io/apiserver pkg/endpoints/handlers/create.go); under Warn and Ignore it drops the field, so
// the object it stores never has it. A printed fix that kept such a field would be refused when
// pasted; without it, it is the object every fieldValidation stores.
// A field only some minors know stays: on those minors it is a real field of the user's object.
import type {Workload} from './snapshot.js';

/** The unknown-field paths (decode.ts, e.g. `spec.containers[0].bogus`) of `w` at every supported minor. */
export function unknownAtEveryMinor(w: Pick<Workload, 'unknownFields' | 'unknownFieldsAt'>): string[] {
  const later = Object.values(w.unknownFieldsAt ?? {});
  return (w.unknownFields ?? []).filter((path) => later.every((paths) => paths.includes(path)));
}

type Json = Record<string, unknown> | unknown[];

/**
 * `obj` without the fields at `paths`, copied along each path (the rest shared). A path's map keys
 * may hold dots (decode.ts joins them with `.`), so each step takes the key of the object that the
 * path continues with; a path that does not resolve is left alone.
 */
export function withoutPaths<T extends Record<string, unknown>>(obj: T, paths: readonly string[]): T {
  let out: Json = obj;
  for (const path of paths) out = without(out, path) ?? out;
  return out as T;
}

/** A copy of `node` without the field at `rest`, or undefined when `rest` names nothing in it. */
function without(node: Json, rest: string): Json | undefined {
  if (Array.isArray(node)) {
    const m = /^\[(\d+)\]/.exec(rest);
    if (!m) return undefined;
    const i = Number(m[1]);
    const after = rest.slice(m[0].length).replace(/^\./, '');
    if (i >= node.length || after === '') return undefined;
    const child = node[i];
    const changed = isJson(child) ? without(child, after) : undefined;
    if (!changed) return undefined;
    const copy = node.slice();
    copy[i] = changed;
    return copy;
  }
  for (const key of Object.keys(node)) {
    if (!rest.startsWith(key)) continue;
    const after = rest.slice(key.length);
    if (after === '') {
      const copy = {...node};
      delete copy[key];
      return copy;
    }
    if (after[0] !== '.' && after[0] !== '[') continue;
    const child = node[key];
    const changed = isJson(child) ? without(child, after[0] === '.' ? after.slice(1) : after) : undefined;
    if (changed) return {...node, [key]: changed};
  }
  return undefined;
}

function isJson(v: unknown): v is Json {
  return typeof v === 'object' && v !== null;
}
