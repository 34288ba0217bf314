import assert from 'node:assert/strict';
import {busyBetween} from '../../../bench/quiet.js';

// /proc/stat's cpu line: user nice system idle iowait irq softirq steal guest guest_nice.
describe('bench: how many CPUs the machine kept busy', () => {
  it('counts user, nice, system, irq, softirq and steal ticks as busy, idle and iowait as not', () => {
    const before = [100, 0, 50, 1000, 10, 0, 0, 0, 0, 0];
    // 200 ticks passed: 50 user, 10 nice, 20 system, 5 irq, 5 softirq, 10 steal; 90 idle, 10 iowait.
    const after = [150, 10, 70, 1090, 20, 5, 5, 10, 40, 0];
    assert.equal(busyBetween(before, after, 2), 1);
  });

  it('does not count guest time twice (it is already in user)', () => {
    const before = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    const after = [100, 0, 0, 100, 0, 0, 0, 0, 100, 0];
    assert.equal(busyBetween(before, after, 4), 2);
  });

  it('says 0 when no tick passed', () => {
    const same = [5, 0, 5, 5, 0, 0, 0, 0, 0, 0];
    assert.equal(busyBetween(same, same, 2), 0);
  });
});
