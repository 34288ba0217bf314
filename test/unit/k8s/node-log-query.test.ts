import assert from 'node:assert/strict';
import {errorString} from '../../../src/k8s/field-error.js';
import {aggregateMessage, nodeLogQueryString, parseNodeLogQuery, parseRfc3339, validateNodeLogQuery} from '../../../src/k8s/node-log-query.js';

const parse = (q: Record<string, string[]>) => parseNodeLogQuery(q);
const validate = (q: Record<string, string[]>, windows = true) => validateNodeLogQuery(parse(q).query!, {windows}).map(errorString);

describe('node log query (kubelet_server_journal.go newNodeLogQuery and validate)', () => {
  it('a / or \\ makes a file, a blank value is dropped, nothing asked is no query', () => {
    assert.deepEqual(parse({query: ['kubelet/kubelet.log', 'containerd', '  ']}).query, {files: ['kubelet/kubelet.log'], services: ['containerd']});
    assert.equal(parse({}).query, undefined);
  });
  it('parse errors (400): empty query, bad times, Atoi', () => {
    assert.equal(aggregateMessage(parse({query: ['  ']}).errors), 'query: Invalid value: ["  "]: may not be empty');
    assert.equal(aggregateMessage(parse({query: ['a'], sinceTime: ['yesterday']}).errors), 'sinceTime: Invalid value: "yesterday": invalid time format');
    assert.equal(
      aggregateMessage(parse({query: ['a'], tailLines: ['x'], boot: ['1.5']}).errors),
      '[boot: Invalid value: "1.5": strconv.Atoi: parsing "1.5": invalid syntax, tailLines: Invalid value: "x": strconv.Atoi: parsing "x": invalid syntax]',
    );
  });
  it('validation errors (406) in the kubelet order and words', () => {
    assert.deepEqual(validate({query: ['a b']}), ['query: Invalid value: "a b": input contains unsupported characters']);
    assert.deepEqual(validate({query: ['a', 'b', 'c', 'd', 'e']}), ['query: Too many: 5: must have at most 4 items']);
    assert.deepEqual(validate({query: ['x/y', 'svc']}), ['query: Invalid value: "[x/y], [svc]": cannot specify a file and service']);
    assert.deepEqual(validate({query: ['x/y'], tailLines: ['1']}), ['query: Invalid value: ["x/y"]: cannot specify file with options']);
    assert.deepEqual(validate({sinceTime: ['2026-01-02T00:00:00Z']}), ['query: Required value: cannot be empty with options']);
    assert.deepEqual(validate({query: ['a'], sinceTime: ['2026-01-02T00:00:00Z'], untilTime: ['2026-01-01T00:00:00Z']}), [
      'untilTime: Invalid value: "2026-01-01T00:00:00Z": must be after `sinceTime`',
    ]);
    assert.deepEqual(validate({query: ['a'], boot: ['1']}), [
      'boot: Invalid value: 1: not supported on Windows',
      'boot: Invalid value: 1: must be less than 1',
    ]);
    assert.deepEqual(validate({query: ['a'], boot: ['-1']}, false), []);
    assert.deepEqual(validate({query: ['a'], tailLines: ['-1']}), ['tailLines: Invalid value: -1: must be between 0 and 100000, inclusive']);
    assert.deepEqual(validate({query: ['a'], pattern: ['(']}), ['pattern: Invalid value: "(": error parsing regexp: missing closing ): `(`']);
  });
  it('the length message changed in v1.37', () => {
    const q = parse({query: ['a'.repeat(257)]}).query!;
    assert.equal(errorString(validateNodeLogQuery(q, {windows: true})[0]), `query: Invalid value: "${'a'.repeat(257)}": length must be less than 100`);
    assert.equal(
      errorString(validateNodeLogQuery(q, {windows: true, minor: 37})[0]),
      `query: Invalid value: "${'a'.repeat(257)}": length must be less than 256`,
    );
  });
  it('RFC 3339 as Go parses it: a zone is required, impossible dates refused', () => {
    assert.equal(parseRfc3339('2026-12-06T10:00:00Z'), Date.UTC(2026, 11, 6, 10));
    assert.equal(parseRfc3339('2026-12-06T12:00:00+02:00'), Date.UTC(2026, 11, 6, 10));
    assert.equal(parseRfc3339('2026-12-06T10:00:00'), undefined);
    assert.equal(parseRfc3339('2026-02-30T10:00:00Z'), undefined);
  });
  it('the query string repeats query and encodes each value', () => {
    assert.equal(
      nodeLogQueryString({services: ['a', 'b'], files: [], sinceTime: '2026-12-06T10:00:00Z', pattern: 'x y+'}),
      'query=a&query=b&sinceTime=2026-12-06T10%3A00%3A00Z&pattern=x%20y%2B',
    );
  });
});
