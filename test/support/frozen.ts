// Frozen all the way down, as the protobuf decoder hands out a sub-message the pods of a workload
// share (src/source/protobuf/decode.ts, SHARED).
export function frozenDeep<T>(v: T): T {
  if (typeof v === 'object' && v !== null) {
    for (const k of Object.keys(v)) frozenDeep((v as Record<string, unknown>)[k]);
    Object.freeze(v);
  }
  return v;
}
