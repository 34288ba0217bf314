import assert from 'node:assert/strict';
import {Directive, formatCompletion} from '../../../../src/cli/completion/directive.js';

describe('completion output (cobra __complete protocol)', () => {
  it('prints value<TAB>description lines, then :<directive>', () => {
    const out = formatCompletion({candidates: [{value: 'json', description: 'JSON'}, {value: 'yaml'}], directive: Directive.noFileComp}, true);
    assert.equal(out, 'json\tJSON\nyaml\n:4\n');
  });

  it('leaves descriptions out for __completeNoDesc, and keeps a description on one line', () => {
    const c = {candidates: [{value: 'a', description: 'one\ttwo\nthree'}], directive: Directive.noSpace | Directive.noFileComp};
    assert.equal(formatCompletion(c, false), 'a\n:6\n');
    assert.equal(formatCompletion(c, true), 'a\tone two three\n:6\n');
  });

  it('uses the directive values cobra and kubectl read', () => {
    assert.deepEqual(Directive, {default: 0, error: 1, noSpace: 2, noFileComp: 4, filterFileExt: 8, filterDirs: 16, keepOrder: 32});
  });
});
