// Hints to the garbage collector, for the release executable only. JavaScriptCore (Bun) lets
// short-lived objects pile up while a long loop runs, where V8 (Node) collects them promptly (there
// these do nothing). On 10,000 pods, at the same speed:
// - writing 30 MB of -o json raised peak RSS by ~60 MB: qos -A 233 -> 174 MB with a hint every 640 KB;
// - the pod stream: doctor -A 218 -> 201 MB with a hint every 4 pages (ClusterSource), and on
//   100,000 pods 279-318 -> 239-246 MB with a full collection every 40 pages;
// - a full collection before writing a large report: doctor -A ~15 MB less, for ~30 ms.
import {getHeapSpaceStatistics, setFlagsFromString} from 'node:v8';

const bun = (globalThis as {Bun?: {gc(force: boolean): void}}).Bun;

export function collectGarbageSoon(): void {
  bun?.gc(false);
}

/** A full collection now (Bun only): before a large document is written, what the pass left behind goes first. */
export function collectGarbageNow(): void {
  bun?.gc(true);
}

/** The young generation's size (both semi-spaces) after start-up, and at the end of a 1,000-pod run. */
const YOUNG_GENERATION_BYTES = 16 << 20;
let youngGenerationHeld = false;

/**
 * Node, during a long pass (a list of more than 25,000 objects): the young generation stops growing
 * once it is at the size it has after start-up. V8 doubles it when enough has survived its
 * collections since the last growth, which a pass of 100,000 pods always reaches, whatever it keeps:
 * 16 MB more of peak RSS for `doctor -A` (160 -> 148 MB at 5% more CPU, docs/architecture.md,
 * decision 62). V8 reads the growth factor each time it would grow it, so it can be set now.
 */
export function holdYoungGeneration(): void {
  if (bun || youngGenerationHeld) return;
  const young = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
  if (!young || young.space_size < YOUNG_GENERATION_BYTES) return;
  setFlagsFromString('--semi-space-growth-factor=1');
  youngGenerationHeld = true;
}
