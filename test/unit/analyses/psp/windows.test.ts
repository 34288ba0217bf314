import assert from 'node:assert/strict';
import {imageDefaultsToAdministrator, isHostProcess, runAsNonRootNotes} from '../../../../src/analyses/psp/windows.js';

describe('psp readiness: Windows facts', () => {
  it('isHostProcess at pod or container level', () => {
    assert.equal(isHostProcess({securityContext: {windowsOptions: {hostProcess: true}}}), true);
    assert.equal(isHostProcess({initContainers: [{name: 'i', securityContext: {windowsOptions: {hostProcess: true}}}]}), true);
    assert.equal(isHostProcess({containers: [{name: 'c', securityContext: {windowsOptions: {hostProcess: false}}}]}), false);
  });

  it('runAsNonRoot notes: explicit ContainerAdministrator (any case) is refused; servercore images default to it', () => {
    const notes = runAsNonRootNotes({
      securityContext: {runAsNonRoot: true},
      containers: [
        {name: 'a', image: 'mcr.microsoft.com/windows/servercore:ltsc2022'},
        {name: 'b', image: 'mcr.microsoft.com/windows/nanoserver:ltsc2022'},
        {name: 'c', securityContext: {windowsOptions: {runAsUserName: 'CONTAINERADMINISTRATOR'}}},
        {name: 'd', securityContext: {runAsNonRoot: false}},
      ],
    });
    assert.deepEqual(
      notes.map((n) => [n.container, n.refused, n.imageDefaultsToAdministrator]),
      [
        ['a', false, true],
        ['b', false, false],
        ['c', true, false],
      ],
    );
    assert.equal(imageDefaultsToAdministrator('mcr.microsoft.com/dotnet/framework/aspnet:4.8'), true);
    assert.equal(imageDefaultsToAdministrator('registry.example.com/app:1'), false);
  });
});
