// Hints to the garbage collector, for the release executable only. JavaScriptCore (Bun) lets
// short-lived objects pile up while a long loop runs, where V8 (Node) collects them promptly (there
// these do nothing). On 10,000 pods, at the same speed:
// - writing 30 MB of -o json raised peak RSS by ~60 MB: qos -A 233 -> 174 MB with a hint every 640 KB;
// - the pod stream: doctor -A 218 -> 201 MB with a hint every 4 pages (ClusterSource), and on
//   100,000 pods 279-318 -> 239-246 MB with a full collection every 40 pages;
// - a full collection before writing a large report: doctor -A ~15 MB less, for ~30 ms.
const bun = (globalThis as {Bun?: {gc(force: boolean): void}}).Bun;

export function collectGarbageSoon(): void {
  bun?.gc(false);
}

/** A full collection now (Bun only): before a large document is written, what the pass left behind goes first. */
export function collectGarbageNow(): void {
  bun?.gc(true);
}
