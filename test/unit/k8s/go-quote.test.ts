import assert from 'node:assert/strict';
import {byteLength, goJsonString, goQuote, wellFormed} from '../../../src/k8s/go-quote.js';

describe('goQuote (strconv.Quote)', () => {
  const cases: Array<[string, string]> = [
    ['', '""'],
    ['abc', '"abc"'],
    ['a\\b', '"a\\\\b"'],
    ['say "hi"', '"say \\"hi\\""'],
    ['\x07\b\f\n\r\t\v', '"\\a\\b\\f\\n\\r\\t\\v"'],
    ['\x00\x1b\x7f', '"\\x00\\x1b\\x7f"'],
    ['<&>', '"<&>"'],
    ['héllo 世界', '"héllo 世界"'],
    ['\u0085', '"\\u0085"'],
    ['\u00a0', '"\\u00a0"'],
    ['\u2028', '"\\u2028"'],
    ['\u200b', '"\\u200b"'],
    ['😀', '"😀"'],
    ['\u{e0001}', '"\\U000e0001"'],
    ['\ud800x', '"\ufffdx"'],
  ];
  for (const [input, want] of cases) {
    it(`quotes ${JSON.stringify(input)}`, () => assert.equal(goQuote(input), want));
  }
});

describe('goJsonString (encoding/json.Marshal)', () => {
  const cases: Array<[string, string]> = [
    ['', '""'],
    ['a\\b', '"a\\\\b"'],
    ['"', '"\\""'],
    ['\b\f\n\r\t', '"\\b\\f\\n\\r\\t"'],
    ['\x00\x01\x0b\x1f', '"\\u0000\\u0001\\u000b\\u001f"'],
    ['\x7f', '"\x7f"'],
    ['<a&b>', '"\\u003ca\\u0026b\\u003e"'],
    ['héllo 世界 😀', '"héllo 世界 😀"'],
    ['\u0085\u00a0', '"\u0085\u00a0"'],
    ['\u2028\u2029', '"\\u2028\\u2029"'],
    ['\udc00', '"\ufffd"'],
  ];
  for (const [input, want] of cases) {
    it(`marshals ${JSON.stringify(input)}`, () => assert.equal(goJsonString(input), want));
  }
});

describe('wellFormed and byteLength', () => {
  it('replaces lone surrogates but keeps pairs', () => {
    assert.equal(wellFormed('a\ud83d\ude00b'), 'a😀b');
    assert.equal(wellFormed('\ud83d'), '\ufffd');
    assert.equal(wellFormed('\ude00\ud83d'), '\ufffd\ufffd');
  });
  it('counts UTF-8 bytes as Go len() does', () => {
    assert.equal(byteLength('abc'), 3);
    assert.equal(byteLength('é'), 2);
    assert.equal(byteLength('世'), 3);
    assert.equal(byteLength('😀'), 4);
    assert.equal(byteLength('\ud800'), 3);
  });
});
