// One order for text that must not depend on the machine's locale (localeCompare does): UTF-16
// code units, which for the ASCII keys, names and messages sorted with it is also Go's byte order
// (sort.Strings).

/** A comparator for sort(): code-unit order. */
export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
