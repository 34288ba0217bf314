import assert from 'node:assert/strict';
import {registryOptions} from '../../../src/cli/flags.js';

describe('--registry and --registry-ca', () => {
  it('are off unless --registry is given: no registry is contacted by default', () => {
    assert.equal(registryOptions({}), undefined);
    assert.equal(registryOptions({registry: false}), undefined);
  });

  it('--registry alone trusts the system store; --registry-ca adds a bundle', () => {
    assert.deepEqual(registryOptions({registry: true}), {});
    assert.deepEqual(registryOptions({registry: true, 'registry-ca': 'ca.pem'}), {caFile: 'ca.pem'});
  });

  it('--registry-ca without --registry is a usage error naming both flags', () => {
    assert.throws(() => registryOptions({'registry-ca': 'ca.pem'}), /^InputError: error: --registry-ca is for --registry/);
  });
});
