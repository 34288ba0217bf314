import assert from 'node:assert/strict';
import {endOfSupportFindings} from '../../../../src/analyses/nodes/end-of-support.js';
import type {KubeObject} from '../../../../src/k8s/object.js';

const node = (name: string, build: number, labels: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: {name, labels: {'kubernetes.io/os': 'windows', ...labels}},
  status: {nodeInfo: {kernelVersion: `10.0.${build}.1`}},
});

describe('analyses/nodes end of support', () => {
  const now = Date.parse('2026-12-06T00:00:00Z');

  it('one info line per pool, AKS retirements for AKS pools only', () => {
    const f = endOfSupportFindings(
      [
        node('a0', 20348, {'kubernetes.azure.com/agentpool': 'win22'}),
        node('a1', 20348, {'kubernetes.azure.com/agentpool': 'win22'}),
        node('k0', 20348),
        node('n25', 26100),
      ],
      now,
    );
    assert.deepEqual(
      f.map((x) => [x.id, x.severity, x.object?.name]),
      [['nodes/windows-end-of-support', 'info', 'win22']],
    );
    assert.equal(f[0].message, 'Windows Server 2022 on 2 nodes: AKS node image retirement is 2027-03-15 (Azure/AKS#4168)');
  });

  it('says "was" for a date already past', () => {
    const [f] = endOfSupportFindings([node('s0', 25398, {'kubernetes.azure.com/agentpool': 'win23'})], now);
    assert.match(f.message, /end of support was 2026-05-12 .*AKS node image retirement was 2026-05-15/);
  });
});
