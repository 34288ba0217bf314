import assert from 'node:assert/strict';
import {keyringOf, lookupCredentials, urlsMatch, type PullSecret} from '../../../../src/source/registry/keyring.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const dockerConfigJson = (name: string, auths: Record<string, object>): PullSecret => ({
  namespace: 'ns',
  name,
  type: 'kubernetes.io/dockerconfigjson',
  data: {'.dockerconfigjson': b64(JSON.stringify({auths}))},
});
const users = (secrets: PullSecret[], repo: string) => lookupCredentials(keyringOf(secrets), repo).map((c) => `${c.username}:${c.password}@${c.from}`);

describe('registry credentials from imagePullSecrets (kubelet pkg/credentialprovider keyring.go)', () => {
  // keyring_test.go TestURLsMatch, every case.
  const cases: [string, string, boolean][] = [
    ['*.kubernetes.io', 'prefix.kubernetes.io', true],
    ['prefix.*.io', 'prefix.kubernetes.io', true],
    ['prefix.kubernetes.*', 'prefix.kubernetes.io', true],
    ['*-good.kubernetes.io', 'prefix-good.kubernetes.io', true],
    ['*.kubernetes.io/blah', 'prefix.kubernetes.io/blah', true],
    ['prefix.*.io/foo', 'prefix.kubernetes.io/foo/bar', true],
    ['*.kubernetes.io:1111/blah', 'prefix.kubernetes.io:1111/blah', true],
    ['prefix.*.io:1111/foo', 'prefix.kubernetes.io:1111/foo/bar', true],
    ['*.kubernetes.io', 'kubernetes.io', false],
    ['*.*.kubernetes.io', 'prefix.kubernetes.io', false],
    ['*.*.kubernetes.io', 'kubernetes.io', false],
    ['*kubernetes.io', 'a.kubernetes.io', false],
    ['*kubernetes.io', 'kubernetes.io', true],
    ['*.*.*.kubernetes.io', 'a.b.c.kubernetes.io', true],
    ['kubernetes.io', 'kubernetes.com', false],
    ['k*.io', 'quay.io', false],
    ['*.kubernetes.io:1234/blah', 'prefix.kubernetes.io:1111/blah', false],
    ['prefix.*.io/foo', 'prefix.kubernetes.io:1111/foo/bar', false],
  ];
  for (const [glob, target, expected] of cases) {
    it(`${glob} ${expected ? 'matches' : 'does not match'} ${target}`, () => assert.equal(urlsMatch(glob, target), expected));
  }

  it('keys entries by host and path (scheme and /v1/, /v2/ dropped), `auth` over username/password, padded or not', () => {
    const s = dockerConfigJson('pull', {
      'https://127.0.0.1:5001/v2/': {auth: b64('alice:s3cret:x')},
      'registry.example/team': {username: 'bob', password: 'pw', auth: b64('carol:pw2').replace(/=+$/, '')},
    });
    assert.deepEqual(users([s], '127.0.0.1:5001/private/app'), ['alice:s3cret:x@ns/pull']);
    assert.deepEqual(users([s], '127.0.0.1:5002/private/app'), [], 'another port is another registry');
    assert.deepEqual(users([s], 'registry.example/team/app'), ['carol:pw2@ns/pull']);
    assert.deepEqual(users([s], 'registry.example/other/app'), []);
  });

  it('offers every matching secret, longer keys first, and Docker Hub index.docker.io for Hub images only', () => {
    const a = dockerConfigJson('a', {'reg.example': {username: 'a', password: '1'}});
    const b = dockerConfigJson('b', {'reg.example/team': {username: 'b', password: '2'}, 'https://index.docker.io/v1/': {username: 'hub', password: '3'}});
    assert.deepEqual(users([a, b], 'reg.example/team/app'), ['b:2@ns/b', 'a:1@ns/a']);
    assert.deepEqual(users([a, b], 'docker.io/library/nginx'), ['hub:3@ns/b']);
    assert.deepEqual(users([a, b], 'quay.io/x/y'), []);
  });

  it('reads kubernetes.io/dockercfg (no auths wrapper) and ignores other Secret types and bad JSON', () => {
    const cfg: PullSecret = {
      namespace: 'ns',
      name: 'old',
      type: 'kubernetes.io/dockercfg',
      data: {'.dockercfg': b64(JSON.stringify({'reg.example': {auth: b64('u:p')}}))},
    };
    const opaque: PullSecret = {
      namespace: 'ns',
      name: 'o',
      type: 'Opaque',
      data: {'.dockerconfigjson': b64(JSON.stringify({auths: {'reg.example': {auth: b64('x:y')}}}))},
    };
    const bad: PullSecret = {namespace: 'ns', name: 'bad', type: 'kubernetes.io/dockerconfigjson', data: {'.dockerconfigjson': b64('{not json')}};
    assert.deepEqual(users([cfg, opaque, bad], 'reg.example/app'), ['u:p@ns/old']);
  });
});
