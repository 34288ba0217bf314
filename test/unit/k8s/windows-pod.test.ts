import assert from 'node:assert/strict';
import type {V1PodSpec} from '@kubernetes/client-node';
import {podOs} from '../../../src/k8s/windows-pod.js';
import {windowsImageFamily} from '../../../src/k8s/windows-image.js';
import {NODES, node} from '../analyses/lint/helpers.js';

const c = (image = 'nginx', extra: Record<string, unknown> = {}) => ({name: 'c', image, ...extra});
const os = (spec: Record<string, unknown>, nodes = NODES) => podOs({containers: [c()], ...spec} as V1PodSpec, nodes);

describe('k8s/windows-pod: the one definition of a Windows pod', () => {
  it('spec.os.name decides first, even against every other signal', () => {
    assert.deepEqual(os({os: {name: 'linux'}, nodeSelector: {'kubernetes.io/os': 'windows'}, nodeName: 'win2022'}), {
      os: 'linux',
      declared: 'linux',
      signal: 'os-name',
      reason: 'spec.os.name is linux',
    });
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

describe('k8s/windows-pod: the signals issue 19 adds', () => {
  const BETA = 'beta.kubernetes.io/os';
  const term = (key: string, values: string[]) => ({matchExpressions: [{key, operator: 'In', values}]});
  const aff = (...terms: unknown[]) => ({affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: terms}}}});

  it('beta.kubernetes.io/os counts as kubernetes.io/os, in nodeSelector and required affinity', () => {
    assert.deepEqual(os({nodeSelector: {[BETA]: 'windows'}}, []), {
      os: 'windows',
      declared: undefined,
      signal: 'node-selection',
      reason: `its node selection requires ${BETA}=windows`,
    });
    assert.equal(os(aff(term(BETA, ['windows']))).signal, 'node-selection');
    assert.equal(os(aff(term(BETA, ['windows']), term('kubernetes.io/os', ['windows']))).signal, 'node-selection');
    assert.deepEqual(os({nodeSelector: {[BETA]: 'linux'}}, []), {
      os: 'linux',
      declared: undefined,
      signal: 'linux-selection',
      reason: `its nodeSelector requires ${BETA}=linux`,
    });
  });

  it('a RuntimeClass whose scheduling.nodeSelector requires Windows, only when the RuntimeClasses were read', () => {
    const rc = (name: string, nodeSelector?: Record<string, string>) => ({
      apiVersion: 'node.k8s.io/v1',
      kind: 'RuntimeClass',
      metadata: {name},
      handler: 'runhcs-wcow-process',
      ...(nodeSelector ? {scheduling: {nodeSelector}} : {}),
    });
    const runtimeClasses = [
      rc('windows-2022', {'kubernetes.io/os': 'windows', 'node.kubernetes.io/windows-build': '10.0.20348'}),
      rc('beta-win', {[BETA]: 'windows'}),
      rc('plain'),
    ];
    const spec = (name: string) => ({containers: [c()], runtimeClassName: name}) as V1PodSpec;
    assert.deepEqual(podOs(spec('windows-2022'), {runtimeClasses}), {
      os: 'windows',
      declared: undefined,
      signal: 'runtime-class',
      reason: 'its RuntimeClass windows-2022 schedules it onto Windows nodes (scheduling.nodeSelector)',
    });
    assert.equal(podOs(spec('beta-win'), {runtimeClasses}).signal, 'runtime-class');
    assert.equal(podOs(spec('plain'), {runtimeClasses}).os, 'unknown');
    assert.equal(podOs(spec('gone'), {runtimeClasses}).os, 'unknown');
    assert.equal(podOs(spec('windows-2022')).os, 'unknown');
    // The RuntimeClass's selector joins the pod's when the nodes decide.
    const pool = [node('aks-win', {labels: {agentpool: 'npwin'}}), node('aks-lin', {os: 'linux', labels: {agentpool: 'npwin'}})];
    const scoped = [rc('win-pool', {'kubernetes.azure.com/os-sku': 'Windows2022'})];
    pool[0].metadata!.labels!['kubernetes.azure.com/os-sku'] = 'Windows2022';
    assert.equal(podOs(spec('win-pool'), {nodes: pool, runtimeClasses: scoped}).signal, 'windows-nodes-only');
  });

  it('with the nodes known, a selection only Windows nodes match (AKS os-sku, a Windows pool label) is Windows', () => {
    const aks = [
      node('akswin22', {labels: {'kubernetes.azure.com/os-sku': 'Windows2022', agentpool: 'win22'}}),
      node('akswin19', {labels: {'kubernetes.azure.com/os-sku': 'Windows2019', agentpool: 'win19'}}),
      node('akslinux', {os: 'linux', labels: {'kubernetes.azure.com/os-sku': 'Ubuntu', agentpool: 'system'}}),
    ];
    assert.deepEqual(os({nodeSelector: {'kubernetes.azure.com/os-sku': 'Windows2022'}}, aks), {
      os: 'windows',
      declared: undefined,
      signal: 'windows-nodes-only',
      reason: 'its node selection matches only Windows nodes',
    });
    assert.equal(os({nodeSelector: {agentpool: 'win19'}}, aks).signal, 'windows-nodes-only');
    assert.equal(
      os(aff({matchExpressions: [{key: 'kubernetes.azure.com/os-sku', operator: 'In', values: ['Windows2019', 'Windows2022']}]}), aks).signal,
      'windows-nodes-only',
    );
    // Not when a Linux node matches too, when nothing matches, when there is no selection, or offline without nodes.
    assert.equal(os({nodeSelector: {'kubernetes.azure.com/os-sku': 'Ubuntu'}}, aks).os, 'unknown');
    assert.equal(os({nodeSelector: {agentpool: 'gone'}}, aks).os, 'unknown');
    assert.equal(os({}, [aks[0]]).os, 'unknown');
    assert.equal(podOs({containers: [c()], nodeSelector: {'kubernetes.azure.com/os-sku': 'Windows2022'}}).os, 'unknown');
  });

  it('the documented Windows-only images, each family with its source', () => {
    for (const image of [
      'mcr.microsoft.com/dotnet/framework/aspnet:4.8',
      'mcr.microsoft.com/dotnet/framework/sdk:4.8.1',
      'microsoft/iis',
      'microsoft/iis:latest',
      'microsoft/dotnet-framework:4.7.2',
      'microsoft/aspnet',
      'mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022',
      'mcr.microsoft.com/powershell:lts-nanoserver-ltsc2022',
      'mcr.microsoft.com/oss/kubernetes/windows-host-process-containers-base-image:v1.0.0',
      'mcr.microsoft.com/windows:1809',
      'contoso/app:ltsc2025',
    ]) {
      assert.equal(os({containers: [c(image)]}, []).signal, 'windows-image', image);
      if (!/ltsc2025/.test(image)) assert.ok(windowsImageFamily(image)?.source, image);
    }
    for (const image of [
      'nginx',
      'mcr.microsoft.com/dotnet/aspnet:8.0',
      'mcr.microsoft.com/powershell:lts',
      'myorg/microsoft-iis-exporter',
      'registry.k8s.io/pause:3.10',
      'contoso/windows-exporter:0.25',
    ]) {
      assert.equal(os({containers: [c(image)]}, []).os, 'unknown', image);
    }
  });
});
