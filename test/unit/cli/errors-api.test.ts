import assert from 'node:assert/strict';
import {describeError} from '../../../src/cli/errors.js';
import {ApiError} from '../../../src/source/kube-client.js';

describe('describeError: apiserver refusals nobody handled', () => {
  it('is a cluster error (exit 3) with the apiserver message on one line', () => {
    const err = new ApiError(403, 'users "admin" is forbidden: User "u" cannot impersonate resource "users" in API group "" at the cluster scope', 'Forbidden');
    assert.deepEqual(describeError(err), {message: `error: ${err.message}`, exitCode: 3});
  });
});
