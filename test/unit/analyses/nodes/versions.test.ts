import assert from 'node:assert/strict';
import {hostProcessSupport, parseRuntime, parseSemver} from '../../../../src/analyses/nodes/versions.js';
import {formatBytes, formatCpu, parseQuantity} from '../../../../src/analyses/nodes/quantity.js';

describe('analyses/nodes versions and quantities', () => {
  it('parses kubelet versions with vendor suffixes', () => {
    assert.deepEqual(parseSemver('v1.29.4-eks-036c24b'), {major: 1, minor: 29, patch: 4});
    assert.deepEqual(parseSemver('v1.23'), {major: 1, minor: 23, patch: 0});
    assert.equal(parseSemver('unknown'), undefined);
  });

  it('parses runtime versions', () => {
    assert.deepEqual(parseRuntime('containerd://1.7.13+azure-1'), {name: 'containerd', version: '1.7.13+azure-1', semver: {major: 1, minor: 7, patch: 13}});
    assert.equal(parseRuntime('docker://20.10.9')?.name, 'docker');
    assert.equal(parseRuntime(''), undefined);
  });

  const cases: Array<[string, string, boolean, RegExp]> = [
    ['v1.23.0', 'containerd://1.6.0', true, />= 1.23/],
    ['v1.34.3', 'containerd://2.0.1', true, />= 1.6/],
    ['v1.22.17', 'containerd://1.6.8', false, /kubelet v1.22.17 is older than 1.23/],
    ['v1.29.0', 'containerd://1.5.13', false, /containerd 1.5.13 is older than 1.6/],
    ['v1.22.0', 'containerd://1.5.0', false, /kubelet.*; containerd/],
    ['v1.26.0', 'docker://20.10.9', false, /is not containerd/],
    ['', 'containerd://1.7.0', false, /kubelet version unknown/],
    ['v1.30.0', 'containerd://v1.7.0', true, /1.6/],
    ['v1.30.0', '', false, /container runtime unknown/],
  ];
  for (const [kubelet, runtime, capable, reason] of cases) {
    it(`HostProcess on kubelet ${kubelet || '?'} + ${runtime || '?'}: ${capable}`, () => {
      const r = hostProcessSupport(kubelet, runtime);
      assert.equal(r.capable, capable);
      assert.match(r.reason, reason);
    });
  }

  it('parses quantities', () => {
    assert.equal(parseQuantity('8161348Ki'), 8161348 * 1024);
    assert.equal(parseQuantity('2Gi'), 2 * 2 ** 30);
    assert.equal(parseQuantity('500m'), 0.5);
    assert.equal(parseQuantity('129e6'), 129e6);
    assert.equal(parseQuantity('1.5Gi'), 1.5 * 2 ** 30);
    assert.equal(parseQuantity('4'), 4);
    assert.equal(parseQuantity('abc'), undefined);
    assert.equal(parseQuantity(undefined), undefined);
  });

  it('formats bytes and cpu', () => {
    assert.equal(formatBytes(2 * 2 ** 30), '2Gi');
    assert.equal(formatBytes(1.5 * 2 ** 30), '1.5Gi');
    assert.equal(formatBytes(512 * 2 ** 20), '512Mi');
    assert.equal(formatBytes(100), '100');
    assert.equal(formatCpu(0.1), '100m');
    assert.equal(formatCpu(2), '2');
  });
});
