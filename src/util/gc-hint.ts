// Hints to the garbage collectors.
// The release executable: JavaScriptCore (Bun) lets short-lived objects pile up while a long loop
// runs, where V8 (Node) collects them promptly (there collectGarbageSoon/Now do nothing). On 10,000
// pods, at the same speed:
// - writing 30 MB of -o json raised peak RSS by ~60 MB: qos -A 233 -> 174 MB with a hint every 640 KB;
// - the pod stream: doctor -A 218 -> 201 MB with a hint every 4 pages (ClusterSource), and on
//   100,000 pods 279-318 -> 239-246 MB with a full collection every 40 pages;
// - a full collection before writing a large report: doctor -A ~15 MB less, for ~30 ms.
// Node, on a long pass only (a list past 25,000 objects): V8 sizes its heap for the pass it has
// seen, so the young generation is held at its start-up size and the old one is collected once
// before the analyses finish (holdYoungGeneration, collectAfterLongPass).
import {getHeapSpaceStatistics, setFlagsFromString} from 'node:v8';
import {runInNewContext} from 'node:vm';

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
/** A list past 25,000 objects was read (holdYoungGeneration). */
let longPass = false;

/**
 * Node, during a long pass (a list of more than 25,000 objects): the young generation stops growing
 * once it is at the size it has after start-up. V8 doubles it when enough has survived its
 * collections since the last growth, which a pass of 100,000 pods always reaches, whatever it keeps:
 * 16 MB more of peak RSS (`doctor -A` on 100,000 pods: 155-169 -> 142-145 MB, at 1-4% more CPU:
 * docs/architecture.md, decision 62). V8 reads the growth factor each time it would grow the young
 * generation, so it can be set now.
 */
export function holdYoungGeneration(): void {
  longPass = true;
  if (bun || youngGenerationHeld) return;
  const young = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
  if (!young || young.space_size < YOUNG_GENERATION_BYTES) return;
  setFlagsFromString('--semi-space-growth-factor=1');
  youngGenerationHeld = true;
}

/**
 * After a long pass, before the analyses finish: one full collection. What the pass left in the old
 * generation is mostly garbage by then (at 100,000 pods V8 had 27 MB there, 15 MB of it alive),
 * and Pod Security's finish, which makes each namespace's pods whole again while it works on them,
 * grew it by 11 MB more from there: `doctor -A` peaked at 141-152 MB, with this 128-134 MB, at the
 * same CPU (docs/architecture.md, decision 62). Node exposes its collector to a new context only.
 */
export function collectAfterLongPass(): void {
  // JavaScriptCore's full collection here raised the executable's peak instead (187 -> 192-198 MB).
  if (!longPass || bun) return;
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}
