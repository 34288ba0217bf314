import assert from 'node:assert/strict';
import type {V1PodSpec} from '@kubernetes/client-node';
import {imageTag, imageWindowsBuild, runsUnderProcessIsolation} from '../../../../src/k8s/windows-image.js';
import {podSelectsNode, tolerates} from '../../../../src/k8s/node-placement.js';
import {isWindowsImage, podOs as osIntent, selectsOnlyWindows} from '../../../../src/k8s/windows-pod.js';
import {node} from './helpers.js';

describe('image Windows builds', () => {
  const cases: Array<[string, number | undefined]> = [
    ['mcr.microsoft.com/windows/servercore:ltsc2019', 17763],
    ['mcr.microsoft.com/windows/nanoserver:ltsc2022', 20348],
    ['mcr.microsoft.com/windows/servercore:ltsc2025', 26100],
    ['mcr.microsoft.com/windows/servercore:1809', 17763],
    ['mcr.microsoft.com/windows/servercore:20H2', 19042],
    ['mcr.microsoft.com/windows/servercore:10.0.17763.5329', 17763],
    ['mcr.microsoft.com/dotnet/framework/aspnet:4.8-windowsservercore-ltsc2019', 17763],
    ['mcr.microsoft.com/powershell:lts-nanoserver-1809', 17763],
    ['myreg:5000/app:1809', undefined],
    ['nginx:1.27', undefined],
    ['mcr.microsoft.com/windows/servercore@sha256:abc', undefined],
  ];
  for (const [image, build] of cases) it(`${image} -> ${build}`, () => assert.equal(imageWindowsBuild(image), build));

  it('imageTag ignores registry ports and digests', () => {
    assert.equal(imageTag('myreg:5000/app'), '');
    assert.equal(imageTag('myreg:5000/app:v1@sha256:x'), 'v1');
  });

  it('process isolation needs the same build (2025 hosts also run 2022 images)', () => {
    assert.equal(runsUnderProcessIsolation(17763, 17763), true);
    assert.equal(runsUnderProcessIsolation(20348, 17763), false);
    assert.equal(runsUnderProcessIsolation(17763, 20348), false);
    assert.equal(runsUnderProcessIsolation(26100, 20348), true);
  });

  it('isWindowsImage', () => {
    assert.equal(isWindowsImage('mcr.microsoft.com/windows/nanoserver:ltsc2022'), true);
    assert.equal(isWindowsImage('registry.k8s.io/pause:3.10'), false);
  });
});

describe('node selection and tolerations', () => {
  const n = node('w1', {build: '10.0.20348', labels: {pool: 'a', gen: '5'}});
  it('nodeSelector, nodeName and required affinity', () => {
    assert.equal(podSelectsNode({containers: [], nodeSelector: {pool: 'a'}} as V1PodSpec, n), true);
    assert.equal(podSelectsNode({containers: [], nodeSelector: {pool: 'b'}} as V1PodSpec, n), false);
    assert.equal(podSelectsNode({containers: [], nodeName: 'other'} as V1PodSpec, n), false);
    const aff = (op: string, values?: string[], key = 'gen') =>
      ({
        containers: [],
        affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchExpressions: [{key, operator: op, values}]}]}}},
      }) as unknown as V1PodSpec;
    assert.equal(podSelectsNode(aff('In', ['5']), n), true);
    assert.equal(podSelectsNode(aff('NotIn', ['5']), n), false);
    assert.equal(podSelectsNode(aff('Gt', ['4']), n), true);
    assert.equal(podSelectsNode(aff('Lt', ['4']), n), false);
    assert.equal(podSelectsNode(aff('DoesNotExist', undefined, 'zzz'), n), true);
  });

  it('tolerations', () => {
    const taint = {key: 'os', value: 'windows', effect: 'NoSchedule'};
    assert.equal(tolerates({key: 'os', operator: 'Equal', value: 'windows'}, taint), true);
    assert.equal(tolerates({key: 'os', operator: 'Equal', value: 'linux'}, taint), false);
    assert.equal(tolerates({key: 'os', operator: 'Exists', effect: 'NoExecute'}, taint), false);
    assert.equal(tolerates({operator: 'Exists'}, taint), true);
  });

  it('selectsOnlyWindows needs every affinity term to require windows', () => {
    const term = (values: string[]) => ({matchExpressions: [{key: 'kubernetes.io/os', operator: 'In', values}]});
    const spec = (...terms: unknown[]) =>
      ({containers: [], affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: terms}}}}) as unknown as V1PodSpec;
    assert.equal(selectsOnlyWindows(spec(term(['windows']))), true);
    assert.equal(selectsOnlyWindows(spec(term(['windows', 'linux']))), false);
    assert.equal(selectsOnlyWindows(spec(term(['windows']), {matchExpressions: [{key: 'x', operator: 'Exists'}]})), false);
  });

  it('osIntent', () => {
    assert.equal(osIntent({containers: [{name: 'a', image: 'nginx'}]} as V1PodSpec).os, 'unknown');
    assert.equal(osIntent({os: {name: 'linux'}, containers: []} as V1PodSpec).os, 'linux');
    assert.equal(osIntent({containers: [{name: 'a', securityContext: {windowsOptions: {}}}]} as V1PodSpec).os, 'windows');
  });
});
