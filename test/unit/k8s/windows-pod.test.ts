import assert from 'node:assert/strict';
import type {V1PodSpec} from '@kubernetes/client-node';
import {podOs} from '../../../src/k8s/windows-pod.js';
import {NODES} from '../analyses/lint/helpers.js';

const c = (image = 'nginx', extra: Record<string, unknown> = {}) => ({name: 'c', image, ...extra});
const os = (spec: Record<string, unknown>, nodes = NODES) => podOs({containers: [c()], ...spec} as V1PodSpec, nodes);

describe('k8s/windows-pod: the one definition of a Windows pod', () => {
  it('spec.os.name decides first, even against every other signal', () => {
    assert.deepEqual(os({os: {name: 'linux'}, nodeSelector: {'kubernetes.io/os': 'windows'}, nodeName: 'win2022'}), {os: 'linux', declared: 'linux', signal: 'os-name', reason: 'spec.os.name is linux'});
    assert.equal(os({os: {name: 'windows'}, nodeSelector: {'kubernetes.io/os': 'linux'}}).os, 'windows');
    // An invalid name is no declaration: the other signals decide (validation reports the name).
    assert.equal(os({os: {name: 'Windows'}}).os, 'unknown');
  });

  it('node selection: nodeSelector, or every required affinity term requiring windows only', () => {
    assert.equal(os({nodeSelector: {'kubernetes.io/os': 'windows'}}).signal, 'node-selection');
    const term = (values: string[]) => ({matchExpressions: [{key: 'kubernetes.io/os', operator: 'In', values}]});
    const aff = (...terms: unknown[]) => ({affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: terms}}}});
    assert.equal(os(aff(term(['windows']))).signal, 'node-selection');
    assert.equal(os(aff(term(['windows', 'linux']))).os, 'unknown');
    // A term no node matches leaves only the Windows term: with the nodes known, only Windows nodes match.
    assert.equal(podOs({containers: [c()], ...aff(term(['windows']), {matchExpressions: [{key: 'x', operator: 'Exists'}]})} as V1PodSpec).os, 'unknown');
    assert.equal(os(aff(term(['windows']), {matchExpressions: [{key: 'x', operator: 'Exists'}]})).signal, 'windows-nodes-only');
    assert.equal(os(aff(term(['windows']), {matchExpressions: [{key: 'kubernetes.io/hostname', operator: 'In', values: ['linux']}]})).os, 'unknown');
  });

  it('spec.nodeName counts only for a Windows node of a known inventory', () => {
    assert.deepEqual(os({nodeName: 'win2019'}), {os: 'windows', declared: undefined, signal: 'node-name', reason: 'its spec.nodeName is Windows node win2019'});
    assert.equal(podOs({nodeName: 'win2019', containers: [c()]}).os, 'unknown');
    assert.equal(os({nodeName: 'linux'}).os, 'unknown');
    assert.equal(os({nodeName: 'gone'}).os, 'unknown');
  });

  it('windowsOptions (HostProcess too) and Windows-only images imply Windows, before a Linux selector', () => {
    assert.equal(os({securityContext: {windowsOptions: {hostProcess: true}}}).signal, 'windows-options');
    assert.equal(os({containers: [c('nginx', {securityContext: {windowsOptions: {}}})]}).reason, 'container "c" sets windowsOptions');
    assert.equal(os({containers: [c('mcr.microsoft.com/windows/nanoserver:ltsc2022')], nodeSelector: {'kubernetes.io/os': 'linux'}}).signal, 'windows-image');
    assert.equal(os({initContainers: [c('contoso/tool:ltsc2019')]}).signal, 'windows-image');
    assert.equal(os({nodeSelector: {'kubernetes.io/os': 'linux'}}).os, 'linux');
  });

  it('a toleration of the Windows taint is not a signal', () => {
    assert.equal(os({tolerations: [{key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule'}]}).os, 'unknown');
  });
});
