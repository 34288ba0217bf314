// holdYoungGeneration changes how V8 sizes its heap for the rest of the process, so each case runs
// in a Node process of its own: the same allocation (a window of 50,000 objects that survive a few
// young-generation collections, as a pass over pods makes) with and without the hold.
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {fileURLToPath} from 'node:url';

const GC_HINT = fileURLToPath(new URL('../../../src/util/gc-hint.ts', import.meta.url));

/** The largest the young generation grew to, in MB, in a process that holds it (or not) during the allocation. */
function largestYoungGeneration(hold: boolean): number {
  const script = `
    import {getHeapSpaceStatistics} from 'node:v8';
    const {holdYoungGeneration} = await import(${JSON.stringify(GC_HINT)});
    const young = () => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size;
    const window = new Array(50_000);
    let largest = 0;
    for (let i = 0; i < 3_000_000; i++) {
      window[i % window.length] = {i, name: 'pod-' + i, list: [i, i + 1]};
      if (i % 10_000 === 0) {
        if (${hold}) holdYoungGeneration();
        largest = Math.max(largest, young());
      }
    }
    console.log(largest / 1048576);`;
  return Number(execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {encoding: 'utf8'}));
}

/** Heap in use (MB) after 40 MB of objects, promoted to the old generation, were let go, and then collectAfterLongPass, after a long pass or not. */
function heapAfterCollect(longPass: boolean): {before: number; after: number} {
  const script = `
    const {collectAfterLongPass, holdYoungGeneration} = await import(${JSON.stringify(GC_HINT)});
    if (${longPass}) holdYoungGeneration();
    let kept = [];
    for (let i = 0; i < 400_000; i++) kept.push({i, name: 'pod-' + i, list: [i, i + 1]});
    await new Promise((resolve) => setTimeout(resolve, 10));
    kept = undefined;
    const before = process.memoryUsage().heapUsed;
    collectAfterLongPass();
    const after = process.memoryUsage().heapUsed;
    console.log(JSON.stringify({before: before / 1048576, after: after / 1048576}));`;
  return JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {encoding: 'utf8'})) as {
    before: number;
    after: number;
  };
}

describe('util/gc-hint', () => {
  it('collects the old generation before the analyses finish after a long pass, and only then', function () {
    this.timeout(60_000);
    const long = heapAfterCollect(true);
    assert.ok(long.before > 30 && long.after < long.before - 20, `after a long pass: ${JSON.stringify(long)}`);
    const short = heapAfterCollect(false);
    assert.ok(short.before > 30 && short.after > short.before - 5, `after a short one: ${JSON.stringify(short)}`);
  });

  it('keeps V8 young generation at 16 MB through a long pass that would double it', function () {
    this.timeout(60_000);
    const free = largestYoungGeneration(false);
    assert.ok(free > 16, `without the hold the young generation stayed at ${free} MB: the case tests nothing`);
    assert.equal(largestYoungGeneration(true), 16);
  });
});
