// A cache keyed by several values at once, as nested Maps: a lookup hashes each key (strings keep
// their hash, objects go by identity) instead of building and hashing one joined key string, which
// cost as much as making the value. For values many findings share (the same words for every pod of
// a namespace), so they are made and kept once.
export class NestedCache<V> {
  private root = new Map<unknown, unknown>();
  private entries = 0;

  constructor(private readonly max = 10_000) {}

  get(keys: readonly unknown[], make: () => V): V {
    // Bounded: start afresh rather than grow without end on a pathological input.
    if (this.entries >= this.max) {
      this.root = new Map();
      this.entries = 0;
    }
    let level = this.root;
    const last = keys.length - 1;
    for (let i = 0; i < last; i++) {
      let next = level.get(keys[i]) as Map<unknown, unknown> | undefined;
      if (!next) level.set(keys[i], (next = new Map()));
      level = next;
    }
    if (level.has(keys[last])) return level.get(keys[last]) as V;
    const value = make();
    level.set(keys[last], value);
    this.entries++;
    return value;
  }
}
