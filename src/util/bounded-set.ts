// A set that starts again once it holds `max` strings: for answers remembered per distinct input
// (the valid names lint is asked about for every pod), where the inputs may be unbounded.
export class BoundedSet {
  private readonly items = new Set<string>();

  constructor(private readonly max = 4096) {}

  has(value: string): boolean {
    return this.items.has(value);
  }

  add(value: string): void {
    if (this.items.size >= this.max) this.items.clear();
    this.items.add(value);
  }
}
