import assert from 'node:assert/strict';
import {Agent} from 'node:https';
import {bunFetch, fetchHeaders, fetchTlsOf, nodeHeaders, nodeLikeError} from '../../../src/source/bun-fetch.js';

describe('bun-fetch: what the release executable hands to Bun fetch', () => {
  it('is never used by Node (the runtime has no Bun global)', () => {
    assert.equal(bunFetch(), undefined);
  });

  it('under Bun, is used unless turned off or a proxy variable would send the requests elsewhere', () => {
    const g = globalThis as {Bun?: unknown};
    g.Bun = {};
    try {
      assert.equal(bunFetch({}), globalThis.fetch);
      assert.equal(bunFetch({KUBECTL_WIN_BUN_FETCH: '0'}), undefined);
      for (const v of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy']) assert.equal(bunFetch({[v]: 'http://proxy:3128'}), undefined, v);
      assert.equal(bunFetch({HTTPS_PROXY: ''}), globalThis.fetch);
    } finally {
      delete g.Bun;
    }
  });

  it('takes the CA, the client certificate and key, and skipping verification', () => {
    const ca = Buffer.from('ca');
    const cert = Buffer.from('cert');
    const key = Buffer.from('key');
    const agent = new Agent({keepAlive: true});
    assert.deepEqual(fetchTlsOf({ca, cert, key, headers: {Authorization: 'Bearer t'}, agent, secureContext: {}} as never), {ca, cert, key});
    assert.deepEqual(fetchTlsOf({rejectUnauthorized: false, headers: {}}), {rejectUnauthorized: false});
    assert.deepEqual(fetchTlsOf({rejectUnauthorized: true}), {});
    assert.deepEqual(fetchTlsOf({}), {});
  });

  it('leaves to node:http what fetch cannot express (a tls-server-name, or anything client-node set)', () => {
    assert.equal(fetchTlsOf({servername: 'api.internal', ca: Buffer.from('ca')} as never), undefined);
    assert.equal(fetchTlsOf({pfx: Buffer.from('p')} as never), undefined);
    assert.equal(fetchTlsOf({passphrase: 'x'} as never), undefined);
    // An option present but undefined is no option.
    assert.deepEqual(fetchTlsOf({servername: undefined} as never), {});
  });

  it('sends each value of a list header on a line of its own, as node:http does, and asks for no compression', () => {
    assert.deepEqual(fetchHeaders({Accept: 'application/json', 'Impersonate-Group': ['a', 'b'], 'Content-Length': 12, 'Content-Type': 'application/json'}), [
      ['Accept', 'application/json'],
      ['Impersonate-Group', 'a'],
      ['Impersonate-Group', 'b'],
      ['Content-Type', 'application/json'],
      ['Accept-Encoding', 'identity'],
    ]);
    // A caller's own Accept-Encoding stands.
    assert.deepEqual(fetchHeaders({'accept-encoding': 'gzip'}), [['accept-encoding', 'gzip']]);
  });

  it("gives the response's headers as node:http does: lower-case names, repeated ones joined", () => {
    const h = new Headers([
      ['Content-Type', 'application/json'],
      ['Warning', '299 - "a"'],
      ['Warning', '299 - "b"'],
      ['Retry-After', '3'],
    ]);
    assert.deepEqual(nodeHeaders(h), {'content-type': 'application/json', warning: '299 - "a", 299 - "b"', 'retry-after': '3'});
  });

  it("words a refused connection and a reset as node:http does (the user's line is the same in both builds)", () => {
    const refused = Object.assign(new TypeError('ECONNREFUSED: Unable to connect. Is the computer able to access the url?'), {code: 'ECONNREFUSED'});
    const a = nodeLikeError(refused, new URL('https://127.0.0.1:1/version'), false) as Error & {code: string};
    assert.equal(a.message, 'connect ECONNREFUSED 127.0.0.1:1');
    assert.equal(a.code, 'ECONNREFUSED');
    assert.equal((nodeLikeError(refused, new URL('https://[::1]/api'), false) as Error).message, 'connect ECONNREFUSED ::1:443');
    assert.equal((nodeLikeError(refused, new URL('http://h.example/api'), false) as Error).message, 'connect ECONNREFUSED h.example:80');
    const reset = Object.assign(new TypeError('ECONNRESET: The socket connection was closed unexpectedly.'), {code: 'ECONNRESET'});
    const before = nodeLikeError(reset, new URL('https://h:6443/'), false) as Error & {code: string};
    assert.deepEqual([before.message, before.code], ['socket hang up', 'ECONNRESET']);
    assert.equal((nodeLikeError(reset, new URL('https://h:6443/'), true) as Error).message, 'aborted');
    // Others carry node's message already: passed on as they are.
    const tls = Object.assign(new TypeError('unable to verify the first certificate'), {code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'});
    assert.equal(nodeLikeError(tls, new URL('https://h/'), false), tls);
  });
});
