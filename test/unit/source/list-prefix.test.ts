// continueInPrefix against the decoder that reads the whole response: at every length of a
// response's prefix it says `more` until the list's metadata is whole, then exactly the continue
// token decodeResponse reads from the whole response ('' when there is none), and `unknown` for
// bytes laid out otherwise (JSON, an object that is not a list first).
import assert from 'node:assert/strict';
import {continueInPrefix} from '../../../src/source/protobuf/list-prefix.js';
import {decodeResponse} from '../../../src/source/protobuf/decode.js';
import {envelope, int, str, sub} from '../../support/protobuf-writer.js';

const pod = (i: number) => sub(2, [sub(1, [str(1, `p-${i}`), str(3, 'web'), str(5, `uid-${i}`)]), sub(2, [sub(2, [str(1, 'c'), str(2, 'img')])])]);

function podList(cont: string, remaining?: number, pods = 3): Buffer {
  const meta = sub(1, [str(1, ''), str(2, '12345'), str(3, cont), ...(remaining !== undefined ? [int(4, remaining)] : [])]);
  return envelope('v1', 'PodList', [meta, ...Array.from({length: pods}, (_, i) => pod(i))]);
}

/** The length of the shortest prefix that holds the whole metadata. */
function metadataEnd(body: Buffer): number {
  for (let n = 0; n <= body.length; n++) if (continueInPrefix(body.subarray(0, n)) !== 'more') return n;
  return -1;
}

describe('source/protobuf/list-prefix', () => {
  for (const [what, cont, remaining] of [
    ['a continue token and remainingItemCount', 'eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6MTAzNDU3fQ', 9_000],
    ['a token past 127 bytes (a two-byte length)', 'x'.repeat(300), 5],
    ['a token of several-byte characters', 'tökén-→', undefined],
    ['no continue token (the last page)', '', undefined],
  ] as const) {
    it(`${what}: 'more' until the metadata is whole, then the decoder's token`, () => {
      const body = podList(cont, remaining);
      const whole = (decodeResponse(body, {undecodedItems: true}).metadata as {continue?: string}).continue ?? '';
      assert.equal(whole, cont);
      const end = metadataEnd(body);
      assert.ok(end > 0 && end < body.length - 10, `the token is known ${body.length - end} bytes before the end`);
      for (let n = 0; n < end; n++) assert.equal(continueInPrefix(body.subarray(0, n)), 'more', `prefix of ${n}`);
      for (const n of [end, end + 1, body.length]) assert.deepEqual(continueInPrefix(body.subarray(0, n)), {token: whole}, `prefix of ${n}`);
    });
  }

  it('a prefix read from a larger buffer (a view with an offset) reads the same token', () => {
    const body = podList('tok-1', 3);
    const padded = Buffer.concat([Buffer.from('padding'), body]);
    assert.deepEqual(continueInPrefix(padded.subarray(7)), {token: 'tok-1'});
  });

  it("bytes laid out otherwise are 'unknown': JSON, another magic, a raw object that does not start with field 1", () => {
    assert.equal(continueInPrefix(Buffer.from('{"kind":"PodList","metadata":{"continue":"x"}}')), 'unknown');
    assert.equal(continueInPrefix(Buffer.from([0x6b, 0x38, 0x73, 0x01, 0x0a])), 'unknown');
    assert.equal(continueInPrefix(envelope('v1', 'PodList', [pod(0)])), 'unknown');
  });

  it('a Status (an error; its metadata is a ListMeta too) names no token', () => {
    const status = envelope('v1', 'Status', [sub(1, [str(1, ''), str(2, '')]), str(2, 'Failure'), int(6, 410)]);
    assert.deepEqual(continueInPrefix(status), {token: ''});
  });

  it("a short magic is 'more', a wrong one at once 'unknown'", () => {
    assert.equal(continueInPrefix(Buffer.from([0x6b, 0x38])), 'more');
    assert.equal(continueInPrefix(Buffer.from([0x6b, 0x39])), 'unknown');
  });
});
