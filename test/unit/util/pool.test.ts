import assert from 'node:assert/strict';
import {limiter, pool} from '../../../src/util/pool.js';

describe('util/pool', () => {
  it('keeps at most `limit` calls in flight and returns results in input order', async () => {
    let inFlight = 0;
    let most = 0;
    const out = await pool([30, 10, 20, 5, 15], 2, async (ms, i) => {
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setTimeout(r, ms));
      inFlight--;
      return `${i}:${ms}`;
    });
    assert.equal(most, 2);
    assert.deepEqual(out, ['0:30', '1:10', '2:20', '3:5', '4:15']);
  });
  it('handles no items, and rejects when a call fails', async () => {
    assert.deepEqual(await pool([], 8, async () => 1), []);
    await assert.rejects(
      pool([1, 2], 4, async (n) => {
        if (n === 2) throw new Error('boom');
        return n;
      }),
      /boom/,
    );
  });

  it('limiter: work arriving over time runs at most `limit` at once, each as soon as a slot frees; a failure frees its slot', async () => {
    const run = limiter(2);
    let inFlight = 0;
    let most = 0;
    const order: string[] = [];
    const task = (name: string, ms: number, fail = false) =>
      run(async () => {
        most = Math.max(most, ++inFlight);
        order.push(`start ${name}`);
        await new Promise((r) => setTimeout(r, ms));
        inFlight--;
        if (fail) throw new Error(`${name} failed`);
        return name;
      });
    const a = task('a', 30);
    const b = task('b', 10, true);
    const c = task('c', 5);
    await assert.rejects(b, /b failed/);
    const d = task('d', 5);
    assert.deepEqual(await Promise.all([a, c, d]), ['a', 'c', 'd']);
    assert.equal(most, 2);
    // c waited for b's slot (b failed first), and d came after c.
    assert.deepEqual(order, ['start a', 'start b', 'start c', 'start d']);
  });
});
