import assert from 'node:assert/strict';
import {parseDuration, toOptions} from '../../../src/cli/flags.js';
import {InputError} from '../../../src/cli/errors.js';

describe('cli/flags', () => {
  describe('parseDuration (kubectl --request-timeout)', () => {
    const cases: Array<[string, number]> = [
      ['0', 0],
      ['5', 5000],
      ['10s', 10_000],
      ['1m', 60_000],
      ['1h2m3s', 3_723_000],
      ['500ms', 500],
      ['1.5s', 1500],
    ];
    for (const [input, ms] of cases) {
      it(`${input} -> ${ms} ms`, () => assert.equal(parseDuration(input), ms));
    }
    for (const bad of ['', 'abc', '10x', '5 s', '-1s']) {
      it(`rejects "${bad}" with an input error`, () => assert.throws(() => parseDuration(bad), InputError));
    }
  });

  describe('toOptions', () => {
    const saved = {...process.env};
    afterEach(() => {
      process.env = {...saved};
    });

    it('colours only a terminal, and never with NO_COLOR or --no-color', () => {
      delete process.env.NO_COLOR;
      process.env.TERM = 'xterm';
      assert.equal(toOptions({}, true).color, true);
      assert.equal(toOptions({}, false).color, false);
      assert.equal(toOptions({'no-color': true}, true).color, false);
      process.env.NO_COLOR = '1';
      assert.equal(toOptions({}, true).color, false);
    });

    it('maps kubectl flags to options with kubectl defaults', () => {
      const o = toOptions({'all-namespaces': true, as: 'u', 'as-group': ['g1', 'g2'], 'request-timeout': '2s', filename: ['a.yaml'], output: 'json'}, false);
      assert.equal(o.allNamespaces, true);
      assert.deepEqual(o.asGroups, ['g1', 'g2']);
      assert.equal(o.requestTimeoutMs, 2000);
      assert.deepEqual(o.filenames, ['a.yaml']);
      assert.equal(o.output, 'json');
      assert.equal(o.failOn, 'error');
      assert.equal(toOptions({}, false).output, 'text');
    });

    it('--as-group without --as is an input error (exit 2), as in kubectl', () => {
      assert.throws(() => toOptions({'as-group': ['g1']}, false), (err: Error & {exitCode?: number}) => /--as-group needs --as/.test(err.message) && err.name === 'InputError');
      assert.deepEqual(toOptions({as: 'u', 'as-group': ['g1']}, false).asGroups, ['g1']);
    });
  });
});
