import assert from 'node:assert/strict';
import {globMatcher, globProblem} from '../../../src/util/glob.js';

describe('util/glob', () => {
  it('* is any run of characters, ? one, the rest itself, the whole string', () => {
    const m = globMatcher('lint/*');
    assert.equal(m('lint/subpath-mount'), true);
    assert.equal(m('lint/'), true);
    assert.equal(m('qos/lint/x'), false);
    assert.equal(globMatcher('web-?')('web-1'), true);
    assert.equal(globMatcher('web-?')('web-12'), false);
    assert.equal(globMatcher('a.b')('axb'), false, 'a dot is a dot');
    assert.equal(globMatcher('a+(b)')('a+(b)'), true);
    assert.equal(globMatcher('exact')('exact'), true);
    assert.equal(globMatcher('exact')('exactly'), false);
  });

  it('refuses what it would otherwise take literally by surprise', () => {
    assert.match(globProblem('web-[0-9]') ?? '', /"\[" is not supported/);
    assert.match(globProblem('{a,b}') ?? '', /"\{" is not supported/);
    assert.match(globProblem('') ?? '', /empty/);
    assert.equal(globProblem('team-*'), undefined);
  });
});
