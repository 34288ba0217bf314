// Object.freeze all the way down: what the protobuf decoder shares between the pods of a list
// (src/source/protobuf/decode.ts, SHARED) can then not be changed by one pod's reader for another.
export function frozenDeep<T>(v: T): T {
  if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) {
    for (const k in v) frozenDeep((v as Record<string, unknown>)[k]);
    Object.freeze(v);
  }
  return v;
}
