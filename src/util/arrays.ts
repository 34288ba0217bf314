// Array helpers for arrays of any length. `target.push(...items)` and `Math.max(...values)` put every
// element on the stack as an argument and throw RangeError ("Maximum call stack size exceeded") past
// about 120,000 elements: doctor's merge did at 100,000 pods (issue 23).

/** Appends every item to `target`, in order; returns `target`. */
export function pushAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}

/** The largest of `start` and every value (`start` when there are none). */
export function maxOf(start: number, values: Iterable<number>): number {
  let max = start;
  for (const v of values) if (v > max) max = v;
  return max;
}

/** The smallest of `start` and every value (`start` when there are none). */
export function minOf(start: number, values: Iterable<number>): number {
  let min = start;
  for (const v of values) if (v < min) min = v;
  return min;
}

/**
 * What a pass has made and not yet handed over: added to as it goes, taken whole (an analysis hands
 * its items and findings over while the stream runs, so memory holds only what came since).
 */
export class Pending<T> {
  private held: T[] = [];

  add(item: T): void {
    this.held.push(item);
  }

  addAll(items: Iterable<T>): void {
    pushAll(this.held, items);
  }

  /** Everything added since the last take; the caller owns the array. */
  take(): T[] {
    const taken = this.held;
    this.held = [];
    return taken;
  }
}
