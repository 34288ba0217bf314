import assert from 'node:assert/strict';
import {ClusterError, InputError} from '../../../src/errors.js';
import {describeError, firstLine} from '../../../src/cli/errors.js';

describe('cli/errors', () => {
  it('keeps the exit code of our own errors', () => {
    assert.deepEqual(describeError(new InputError('error: bad')), {message: 'error: bad', exitCode: 2});
    assert.deepEqual(describeError(new ClusterError('error: down')), {message: 'error: down', exitCode: 3});
  });

  it('treats network failures as an unreachable cluster (exit 3)', () => {
    const err = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {code: 'ECONNREFUSED'});
    const d = describeError(err);
    assert.equal(d.exitCode, 3);
    assert.match(d.message, /cannot reach the cluster/);
  });

  it('uses the exit code oclif attaches to parse errors, on one line', () => {
    const err = Object.assign(new Error('Expected --output=x to be one of: text, wide, json, yaml\nSee more help with --help'), {oclif: {exit: 2}});
    assert.deepEqual(describeError(err), {message: 'Expected --output=x to be one of: text, wide, json, yaml', exitCode: 2});
  });

  it('never lets an unknown error print more than one line', () => {
    const d = describeError(new Error('boom\n    at foo (x.js:1:1)'));
    assert.equal(d.message.includes('\n'), false);
    assert.equal(d.exitCode, 2);
    assert.equal(firstLine('\n\n second\nthird'), 'second');
  });
});
