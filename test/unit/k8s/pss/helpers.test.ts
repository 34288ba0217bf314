import assert from 'node:assert/strict';
import {goCompare, sortedSet} from '../../../../src/k8s/pss/helpers.js';
import {prng, Gen} from '../../../support/random.js';

const byUtf8 = (a: string, b: string) => Math.sign(Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));

describe('pss helpers: Go string order', () => {
  it('goCompare orders as Go compares UTF-8 bytes, surrogates and prefixes included (seeded)', () => {
    // BMP letters, a character above the surrogates (U+E000, U+FFFF), an astral pair, lone surrogates.
    const alphabet = ['a', 'b', 'A', 'Z', '0', '-', '.', '\u00e9', '\ue000', '\uffff', '\ud83d\ude00', '\ud800', '\udc00'];
    const gen = new Gen(prng(11));
    const word = () => Array.from({length: gen.int(4)}, () => gen.pick(alphabet)).join('');
    for (let i = 0; i < 20_000; i++) {
      const a = word();
      const b = gen.chance(0.3) ? a + word() : word();
      assert.equal(Math.sign(goCompare(a, b)), byUtf8(a, b), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
    }
    // JavaScript's own order differs here: U+E000 sorts before an astral character in Go.
    assert.equal(goCompare('\ue000', '\ud83d\ude00'), -1);
    assert.equal('\ue000' < '\ud83d\ude00', false);
  });

  it('sortedSet dedupes and sorts, and hands back a copy for none or one', () => {
    assert.deepEqual(sortedSet(['b', 'a', 'b', 'B']), ['B', 'a', 'b']);
    const one = ['x'];
    const out = sortedSet(one);
    assert.deepEqual(out, ['x']);
    assert.notEqual(out, one);
    assert.deepEqual(sortedSet(new Set(['z', 'y'])), ['y', 'z']);
  });
});
