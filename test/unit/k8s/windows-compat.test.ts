import assert from 'node:assert/strict';
import {hostRunsImage, parseTargetBuild, retaggedImage} from '../../../src/k8s/windows-compat.js';
import {runsUnderProcessIsolation} from '../../../src/k8s/windows-image.js';

const WS2016 = 14393;
const WS2019 = 17763;
const WS2022 = 20348;
const WS2025 = 26100;

describe('k8s/windows-compat', () => {
  // Every row of Microsoft's "Windows Server host OS compatibility" tables (version-compatibility.md).
  const TABLE: Array<[host: number, image: number, hyperv: boolean, process: boolean]> = [
    [WS2025, WS2025, true, true],
    [WS2025, WS2022, true, true],
    [WS2025, WS2019, true, false],
    [WS2025, WS2016, true, false],
    [WS2022, WS2022, true, true],
    [WS2022, WS2019, true, false],
    [WS2022, WS2016, true, false],
    [WS2019, WS2022, false, false],
    [WS2019, WS2019, true, true],
    [WS2019, WS2016, true, false],
    [WS2016, WS2022, false, false],
    [WS2016, WS2019, false, false],
    [WS2016, WS2016, true, true],
  ];
  for (const [host, image, hyperv, process] of TABLE) {
    it(`host ${host}, image ${image}: Hyper-V ${hyperv ? 'yes' : 'no'}, process ${process ? 'yes' : 'no'}`, () => {
      assert.equal(hostRunsImage(host, image, 'hyperv'), hyperv);
      assert.equal(hostRunsImage(host, image, 'process'), process);
      assert.equal(runsUnderProcessIsolation(host, image), process);
    });
  }

  it('a 2025 image does not run on a 2022 host, in either isolation', () => {
    assert.equal(hostRunsImage(WS2022, WS2025, 'process'), false);
    assert.equal(hostRunsImage(WS2022, WS2025, 'hyperv'), false);
  });

  it('--to: release names, builds with or without 10.0., and nothing else', () => {
    assert.equal(parseTargetBuild('2019'), WS2019);
    assert.equal(parseTargetBuild('2022'), WS2022);
    assert.equal(parseTargetBuild('23H2'), 25398);
    assert.equal(parseTargetBuild('23h2'), 25398);
    assert.equal(parseTargetBuild('2025'), WS2025);
    assert.equal(parseTargetBuild('26100'), WS2025);
    assert.equal(parseTargetBuild('10.0.20348'), WS2022);
    assert.equal(parseTargetBuild('2030'), undefined);
    assert.equal(parseTargetBuild('12345'), undefined, 'a build that is no Windows Server release');
    assert.equal(parseTargetBuild('10.0.26100.1'), undefined);
  });

  it('retags the Windows build token of a tag, and only that', () => {
    assert.equal(retaggedImage('mcr.microsoft.com/windows/servercore:ltsc2019', WS2025), 'mcr.microsoft.com/windows/servercore:ltsc2025');
    assert.equal(
      retaggedImage('mcr.microsoft.com/dotnet/framework/aspnet:4.8-windowsservercore-ltsc2019', WS2022),
      'mcr.microsoft.com/dotnet/framework/aspnet:4.8-windowsservercore-ltsc2022',
    );
    assert.equal(retaggedImage('mcr.microsoft.com/windows/nanoserver:1809', WS2025), 'mcr.microsoft.com/windows/nanoserver:ltsc2025');
    assert.equal(retaggedImage('registry:5000/app:ltsc2019', WS2025), 'registry:5000/app:ltsc2025', 'a registry port is not a tag');
    assert.equal(retaggedImage('mcr.microsoft.com/windows/servercore:ltsc2019', 25398), undefined, 'no LTSC tag for 23H2');
    assert.equal(retaggedImage('mcr.microsoft.com/windows/servercore@sha256:abc', WS2025), undefined);
    assert.equal(retaggedImage('contoso/app:v1', WS2025), undefined);
  });
});
