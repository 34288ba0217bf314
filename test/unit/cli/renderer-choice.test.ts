import assert from 'node:assert/strict';
import {rendersWithInk} from '../../../src/cli/base-command.js';
import type {View} from '../../../src/render/view.js';

const table = (rows: number): View => ({sections: [{type: 'table', columns: ['name'], rows: Array.from({length: rows}, (_, i) => [`p-${i}`])}]});

describe('cli/base-command renderer choice', () => {
  it('uses ink only on a terminal', () => {
    assert.equal(rendersWithInk(table(3), true), true);
    assert.equal(rendersWithInk(table(3), false), false);
  });
  it('hands large views to the text renderer, which draws them in milliseconds', () => {
    assert.equal(rendersWithInk(table(400), true), true);
    assert.equal(rendersWithInk(table(401), true), false);
  });
});
