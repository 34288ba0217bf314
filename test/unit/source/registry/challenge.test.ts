import assert from 'node:assert/strict';
import {parseChallenges} from '../../../../src/source/registry/challenge.js';

describe('registry WWW-Authenticate challenges (RFC 7235)', () => {
  it("reads Docker Hub's Bearer challenge", () => {
    assert.deepEqual(parseChallenges('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull"'), [
      {scheme: 'bearer', params: {realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/nginx:pull'}},
    ]);
  });

  it('reads Basic, token values, escapes, and several challenges in one header or several', () => {
    assert.deepEqual(parseChallenges(['Basic realm="a \\"b\\""', 'Bearer Realm=x, error=invalid_token, Basic realm=y']), [
      {scheme: 'basic', params: {realm: 'a "b"'}},
      {scheme: 'bearer', params: {realm: 'x', error: 'invalid_token'}},
      {scheme: 'basic', params: {realm: 'y'}},
    ]);
    assert.deepEqual(parseChallenges(undefined), []);
    assert.deepEqual(parseChallenges('Negotiate'), [{scheme: 'negotiate', params: {}}]);
  });
});
