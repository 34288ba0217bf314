// isQualifiedName, isValidLabelValue and isDNS1123Subdomain remember the valid strings they were asked about (lint asks
// the same for every pod): an answer must not depend on what was asked before, in either wording.
import assert from 'node:assert/strict';
import {isDNS1123Subdomain, isQualifiedName, isValidLabelValue} from '../../../src/k8s/name-validation.js';

describe('k8s/name-validation', () => {
  it('answers a valid key or value with no message, however often and in either wording', () => {
    for (let round = 0; round < 3; round++) {
      for (const wording of [false, true]) {
        assert.deepEqual(isQualifiedName('node.kubernetes.io/not-ready', wording), []);
        assert.deepEqual(isQualifiedName('os', wording), []);
        assert.deepEqual(isValidLabelValue('windows', wording), []);
        assert.deepEqual(isValidLabelValue('', wording), []);
      }
    }
  });

  it('words an invalid key or value by the wording asked, after the same string was asked in the other', () => {
    const long = 'a'.repeat(64);
    assert.deepEqual(isQualifiedName(long), ['name part must be no more than 63 characters']);
    assert.deepEqual(isQualifiedName(long, true), ['name part must be no more than 63 bytes']);
    assert.deepEqual(isQualifiedName(long), ['name part must be no more than 63 characters']);
    assert.deepEqual(isValidLabelValue(long, true), ['must be no more than 63 bytes']);
    assert.deepEqual(isValidLabelValue(long), ['must be no more than 63 characters']);
    assert.equal(isQualifiedName('a/b/c').length, 1);
    assert.equal(isQualifiedName('-bad').length, 1);
    assert.equal(isValidLabelValue('-bad').length, 1);
  });

  it('answers a fresh array each time, so a caller that adds to it changes no later answer', () => {
    const first = isQualifiedName('example.com/key');
    first.push('changed');
    assert.deepEqual(isQualifiedName('example.com/key'), []);
    const value = isValidLabelValue('v1');
    value.push('changed');
    assert.deepEqual(isValidLabelValue('v1'), []);
  });

  it('answers a DNS subdomain alike before and after it was found valid, and an invalid one with its messages', () => {
    for (let round = 0; round < 3; round++) assert.deepEqual(isDNS1123Subdomain('bench-gmsa-0'), []);
    const first = isDNS1123Subdomain('webapp1.example.com');
    first.push('changed');
    assert.deepEqual(isDNS1123Subdomain('webapp1.example.com'), []);
    assert.equal(isDNS1123Subdomain('Upper').length, 1);
    assert.equal(isDNS1123Subdomain('a'.repeat(254)).length, 1);
    assert.equal(isDNS1123Subdomain(`-${'a'.repeat(254)}`).length, 2);
  });

  it('still answers after more than 4,096 distinct valid strings', () => {
    for (let i = 0; i < 10_000; i++) {
      assert.deepEqual(isQualifiedName(`k${i}`), []);
      assert.deepEqual(isDNS1123Subdomain(`d${i}`), []);
    }
    assert.deepEqual(isQualifiedName('k1'), []);
    assert.equal(isQualifiedName('k_').length, 1);
    assert.equal(isDNS1123Subdomain('d_').length, 1);
  });
});
