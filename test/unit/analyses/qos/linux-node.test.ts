import assert from 'node:assert/strict';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {stringify} from 'yaml';
import {qosAnalysis} from '../../../../src/analyses/qos/analysis.js';
import {runAnalysis} from '../../../../src/analyses/types.js';
import {ManifestSource} from '../../../../src/source/manifest-source.js';

const nodeOf = (name: string, os: string) => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: {name, labels: {'kubernetes.io/os': os}},
  status: {capacity: {cpu: '4', memory: '16Gi'}, allocatable: {cpu: '4', memory: '14Gi'}, nodeInfo: {operatingSystem: os}},
});
const besteffort = (name: string, nodeName: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {name, namespace: 'web'},
  spec: {os: {name: 'windows'}, nodeName, containers: [{name: 'c', image: 'mcr.microsoft.com/windows/nanoserver:ltsc2022'}]},
});

describe('analyses/qos: a Windows pod on a Linux node', () => {
  it('says it will not run there instead of giving Windows guidance', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'kubectl-win-qos-')), 'pods.yaml');
    writeFileSync(
      file,
      [nodeOf('linux-0', 'linux'), nodeOf('win-0', 'windows'), besteffort('on-linux', 'linux-0'), besteffort('on-windows', 'win-0')]
        .map((o) => stringify(o))
        .join('---\n'),
    );
    const source = new ManifestSource({filenames: [file], recursive: false, allNamespaces: true});
    const report = await runAnalysis(qosAnalysis, await source.snapshot(qosAnalysis.request({} as never)), {} as never, source.capabilities());
    const ids = (name: string) => report.findings.filter((f) => f.object?.name === name).map((f) => f.id);
    assert.deepEqual(ids('on-linux'), ['qos/windows-pod-on-linux-node']);
    assert.match(report.findings.find((f) => f.object?.name === 'on-linux')!.message, /^a Windows pod bound to Linux node linux-0: it will not run there/);
    assert.deepEqual(ids('on-windows'), ['qos/windows-besteffort']);
    assert.deepEqual(report.items.find((i) => i.name === 'on-linux')?.notes, [], 'no Windows class notes');
  });
});
