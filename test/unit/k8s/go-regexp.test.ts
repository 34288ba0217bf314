import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {goRegexpProblem} from '../../../src/k8s/go-regexp.js';

// What Go 1.26's regexp/syntax.Parse(p, syntax.Perl) answered for each pattern ("" = accepted),
// recorded once from Go itself: the kubelet validates the log query's pattern with it.
const GO: Record<string, string> = JSON.parse(readFileSync(new URL('./fixtures/go-regexp-errors.json', import.meta.url), 'utf8'));

describe('goRegexpProblem (Go regexp/syntax with Perl flags, as the kubelet checks --pattern)', () => {
  for (const [pattern, expected] of Object.entries(GO)) {
    it(`${JSON.stringify(pattern)} -> ${expected || 'accepted'}`, () => {
      assert.equal(goRegexpProblem(pattern) ?? '', expected);
    });
  }
  it('refuses what JavaScript accepts: lookahead and backreferences', () => {
    assert.ok(goRegexpProblem('a(?=b)'));
    assert.ok(goRegexpProblem('(a)\\1'));
    assert.doesNotThrow(() => new RegExp('(a)\\1'));
  });
});
