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

describe('util/gc-hint', () => {
  it('keeps V8 young generation at 16 MB through a long pass that would double it', function () {
    this.timeout(60_000);
    const free = largestYoungGeneration(false);
    assert.ok(free > 16, `without the hold the young generation stayed at ${free} MB: the case tests nothing`);
    assert.equal(largestYoungGeneration(true), 16);
  });
});
