import assert from 'node:assert/strict';
import {groupPools, isAksNode, nodeWindowsBuild, poolOf} from '../../../src/k8s/node-pools.js';
import type {KubeObject} from '../../../src/k8s/object.js';

const node = (name: string, labels: Record<string, string>, kernel?: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: {name, labels},
  status: kernel ? {nodeInfo: {kernelVersion: kernel}} : {},
});

describe('k8s/node-pools', () => {
  it('names pools by the AKS, EKS and GKE pool labels, else by the Windows build', () => {
    assert.deepEqual(poolOf(node('a', {'kubernetes.azure.com/agentpool': 'win22'})), {name: 'win22', label: 'kubernetes.azure.com/agentpool'});
    assert.deepEqual(poolOf(node('e', {'eks.amazonaws.com/nodegroup': 'ng-win'})), {name: 'ng-win', label: 'eks.amazonaws.com/nodegroup'});
    assert.deepEqual(poolOf(node('g', {'cloud.google.com/gke-nodepool': 'pool-w'})), {name: 'pool-w', label: 'cloud.google.com/gke-nodepool'});
    assert.equal(poolOf(node('k', {'node.kubernetes.io/windows-build': '10.0.17763'})).name, 'node.kubernetes.io/windows-build=10.0.17763');
    assert.equal(poolOf(node('k', {}, '10.0.20348.100')).name, 'node.kubernetes.io/windows-build=10.0.20348');
  });

  it('groups nodes in the order first seen', () => {
    const pools = groupPools([
      node('a', {'kubernetes.azure.com/agentpool': 'p1'}),
      node('b', {'kubernetes.azure.com/agentpool': 'p2'}),
      node('c', {'kubernetes.azure.com/agentpool': 'p1'}),
    ]);
    assert.deepEqual(
      pools.map((p) => [p.name, p.nodes.map((n) => n.metadata?.name)]),
      [
        ['p1', ['a', 'c']],
        ['p2', ['b']],
      ],
    );
  });

  it('reads the build from kernelVersion, else the label; AKS from its label or providerID', () => {
    assert.equal(nodeWindowsBuild(node('a', {'node.kubernetes.io/windows-build': '10.0.17763'}, '10.0.26100.1')), 26100);
    assert.equal(nodeWindowsBuild(node('a', {'node.kubernetes.io/windows-build': '10.0.17763'})), 17763);
    assert.equal(nodeWindowsBuild(node('l', {}, '6.1.0')), undefined);
    assert.equal(isAksNode({...node('a', {}), spec: {providerID: 'azure:///subscriptions/x'}}), true);
    assert.equal(isAksNode(node('e', {'eks.amazonaws.com/nodegroup': 'x'})), false);
  });
});
