import assert from 'node:assert/strict';
import {NestedCache} from '../../../src/util/nested-cache.js';

describe('util/nested-cache', () => {
  it('makes a value once per distinct key tuple, objects by identity, strings by value', () => {
    const c = new NestedCache<string>();
    let made = 0;
    const a = {};
    const b = {};
    const get = (...keys: unknown[]) => c.get(keys, () => `v${++made}`);
    assert.equal(get(a, 'x', 'ns'), 'v1');
    assert.equal(get(a, 'x', 'ns'), 'v1');
    assert.equal(get(a, ['x'].join(''), 'n' + 's'), 'v1'); // an equal string, another object
    assert.equal(get(b, 'x', 'ns'), 'v2');
    assert.equal(get(a, 'x', 'other'), 'v3');
    assert.equal(get(a, 'x\u0000ns', ''), 'v4'); // no joined-string collisions
    assert.equal(made, 4);
  });

  it('keeps at most max entries, starting afresh when full', () => {
    const c = new NestedCache<number>(2);
    let made = 0;
    const get = (k: string) => c.get([k], () => ++made);
    assert.equal(get('a'), 1);
    assert.equal(get('b'), 2);
    assert.equal(get('c'), 3); // full: emptied, then c kept
    assert.equal(get('c'), 3);
    assert.equal(get('a'), 4); // a was dropped with the rest
    assert.equal(get('c'), 5); // full again: emptied again
  });
});
