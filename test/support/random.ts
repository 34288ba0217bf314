// The one seeded random source of the generated (differential and property) tests: reproducible
// from a seed that each suite prints.

/** mulberry32: small, fast, seeded. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Choices drawn from a seeded source. */
export class Gen {
  constructor(readonly rnd: () => number) {}
  int(n: number): number {
    return Math.floor(this.rnd() * n);
  }
  chance(p: number): boolean {
    return this.rnd() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }
  /** undefined with probability `none`, else one of xs. */
  maybe<T>(none: number, xs: readonly T[]): T | undefined {
    return this.chance(none) ? undefined : this.pick(xs);
  }
  /** Between min and max distinct picks. */
  some<T>(xs: readonly T[], min = 1, max = 2): T[] {
    const n = min + this.int(max - min + 1);
    const out: T[] = [];
    for (let i = 0; i < n; i++) {
      const x = this.pick(xs);
      if (!out.includes(x)) out.push(x);
    }
    return out;
  }
  str(alphabet: readonly string[], len: number): string {
    let s = '';
    for (let i = 0; i < len; i++) s += this.pick(alphabet);
    return s;
  }
}
