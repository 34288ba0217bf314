import assert from 'node:assert/strict';
import {supportEndsNear} from '../../../src/k8s/windows-lifecycle.js';

const at = (d: string) => Date.parse(`${d}T12:00:00Z`);

describe('k8s/windows-lifecycle', () => {
  it('names the ends within 12 months: Windows Server 2022 in December 2026 on AKS', () => {
    const ends = supportEndsNear(20348, at('2026-12-06'), true);
    assert.deepEqual(
      ends.map((e) => [e.what, e.date, e.past]),
      [['AKS node image retirement', '2027-03-15', false]],
      'mainstream support ended in October 2026 and extended support runs to 2031: neither is named',
    );
  });

  it('leaves out the AKS dates for other pools', () => {
    assert.deepEqual(supportEndsNear(20348, at('2026-12-06'), false), []);
  });

  it('names a past AKS retirement and a past end with no support left after it', () => {
    const ends = supportEndsNear(25398, at('2026-12-06'), true);
    assert.deepEqual(
      ends.map((e) => [e.date, e.past]),
      [
        ['2026-05-12', true],
        ['2026-05-15', true],
      ],
    );
  });

  it('names an end of mainstream support ahead of it', () => {
    assert.deepEqual(
      supportEndsNear(20348, at('2026-01-01'), false).map((e) => e.what),
      ['end of mainstream support'],
    );
  });

  it('says nothing of Windows Server 2025 in 2026, nor of a build it does not know', () => {
    assert.deepEqual(supportEndsNear(26100, at('2026-12-06'), true), []);
    assert.deepEqual(supportEndsNear(12345, at('2026-12-06'), true), []);
  });
});
