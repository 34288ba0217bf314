import assert from 'node:assert/strict';
import {pool} from '../../../src/util/pool.js';

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
    await assert.rejects(pool([1, 2], 4, async (n) => {
      if (n === 2) throw new Error('boom');
      return n;
    }), /boom/);
  });
});
