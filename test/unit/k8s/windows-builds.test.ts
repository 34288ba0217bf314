import assert from 'node:assert/strict';
import {formatWindowsVersion, parseWindowsVersion, releaseFor, releaseForBuild, WINDOWS_RELEASES} from '../../../src/k8s/windows-builds.js';

describe('k8s/windows-builds', () => {
  const expected: Array<[number, string]> = [
    [14393, 'LTSC 2016'],
    [17763, 'LTSC 2019'],
    [18362, 'SAC 1903'],
    [18363, 'SAC 1909'],
    [19041, 'SAC 2004'],
    [19042, 'SAC 20H2'],
    [20348, 'LTSC 2022'],
    [26100, 'LTSC 2025'],
  ];
  for (const [build, name] of expected) {
    it(`build ${build} is ${name}`, () => {
      assert.equal(releaseForBuild(build)?.name, name);
      assert.equal(releaseFor(`10.0.${build}.1234`)?.name, name);
      assert.equal(releaseFor(`10.0.${build}`)?.name, name);
    });
  }

  it('has one entry per build', () => {
    assert.equal(new Set(WINDOWS_RELEASES.map((r) => r.build)).size, WINDOWS_RELEASES.length);
  });

  it('parses the label and kernelVersion forms', () => {
    assert.deepEqual(parseWindowsVersion('10.0.17763'), {major: 10, minor: 0, build: 17763});
    assert.deepEqual(parseWindowsVersion('10.0.20348.2340'), {major: 10, minor: 0, build: 20348, revision: 2340});
    assert.equal(formatWindowsVersion(parseWindowsVersion('10.0.20348.2340 (WinBuild.160101.0800)')!), '10.0.20348.2340');
  });

  it('rejects Linux kernel versions and garbage', () => {
    assert.equal(parseWindowsVersion('5.15.0-1057-azure'), undefined);
    assert.equal(parseWindowsVersion('6.1.0'), undefined);
    assert.equal(parseWindowsVersion(''), undefined);
    assert.equal(parseWindowsVersion(undefined), undefined);
    assert.equal(releaseFor('Ubuntu 22.04.4 LTS'), undefined);
  });

  it('falls back to the osImage name', () => {
    assert.equal(releaseFor('Windows Server 2022 Datacenter')?.build, 20348);
    assert.equal(releaseFor('Windows Server 2019 Datacenter')?.build, 17763);
    assert.equal(releaseFor('Windows Server Datacenter'), undefined);
  });

  it('an unknown build has no release', () => {
    assert.equal(releaseForBuild(27695), undefined);
  });

  it('build 25398 is Windows Server 23H2, Annual Channel', () => {
    assert.deepEqual(releaseForBuild(25398), {
      build: 25398,
      name: 'Annual 23H2',
      product: 'Windows Server, version 23H2',
      version: '23H2',
      channel: 'Annual',
      supported: false,
    });
  });
});
