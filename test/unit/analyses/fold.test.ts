// Findings at human scale (issue 21): a controller's pods fold into it, repeats collapse, an old
// empty ReplicaSet is not checked, and -o wide / JSON keep every finding.
import assert from 'node:assert/strict';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {stringify} from 'yaml';
import {qosAnalysis, type QosItem} from '../../../src/analyses/qos/analysis.js';
import {qosView} from '../../../src/analyses/qos/view.js';
import {runAnalysis} from '../../../src/analyses/types.js';
import {foldFindings} from '../../../src/report/fold.js';
import type {Finding, Report} from '../../../src/report/types.js';
import {renderText} from '../../../src/render/text.js';
import {ManifestSource} from '../../../src/source/manifest-source.js';

const windowsSpec = {
  os: {name: 'windows'},
  nodeSelector: {'kubernetes.io/os': 'windows'},
  containers: [{name: 'iis', image: 'mcr.microsoft.com/windows/servercore/iis'}],
};
const owned = (kind: string, name: string) => ({ownerReferences: [{apiVersion: 'apps/v1', kind, name, uid: `uid-${name}`, controller: true}]});

function manifests(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kubectl-win-fold-'));
  const pods = ['a1b2c', 'd3e4f', 'g5h6i'].map((s) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `iis-5c9df65cb7-${s}`,
      namespace: 'web',
      labels: {app: 'iis', 'pod-template-hash': '5c9df65cb7'},
      ...owned('ReplicaSet', 'iis-5c9df65cb7'),
    },
    spec: windowsSpec,
  }));
  const oldRs = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {name: 'iis-6d8e7f', namespace: 'web', ...owned('Deployment', 'iis')},
    spec: {replicas: 0, selector: {matchLabels: {app: 'iis'}}, template: {metadata: {labels: {app: 'iis'}}, spec: windowsSpec}},
  };
  const bare = {apiVersion: 'v1', kind: 'Pod', metadata: {name: 'tool', namespace: 'web'}, spec: windowsSpec};
  const file = join(dir, 'web.yaml');
  writeFileSync(file, [...pods, oldRs, bare].map((o) => stringify(o)).join('---\n'));
  return file;
}

async function qos(file: string): Promise<Report<QosItem>> {
  const source = new ManifestSource({filenames: [file], recursive: false, allNamespaces: true});
  const options = {templates: true};
  return runAnalysis(qosAnalysis, await source.snapshot(qosAnalysis.request(options as never)), options as never, source.capabilities());
}

describe('findings folded by top owner', () => {
  it('qos: the JSON keeps every pod with its owner; the text shows the Deployment once; -o wide every pod', async () => {
    const report = await qos(manifests());
    const besteffort = report.findings.filter((f) => f.id === 'qos/windows-besteffort');
    assert.equal(besteffort.length, 4, 'three pods of the Deployment and the bare pod');
    assert.deepEqual(
      besteffort.filter((f) => f.owner).map((f) => f.owner),
      Array(3).fill({kind: 'Deployment', namespace: 'web', name: 'iis', pods: 3}),
    );
    assert.equal(besteffort.find((f) => f.object?.name === 'tool')?.owner, undefined);

    const text = renderText(qosView(report, false), false);
    assert.equal(text.match(/qos\/windows-besteffort {2}Deployment web\/iis: 3 of 3 pods$/gm)?.length, 1, text);
    assert.match(text, /qos\/windows-besteffort {2}Pod web\/tool$/m);
    assert.doesNotMatch(text, /Pod web\/iis-5c9df65cb7/);
    const wide = renderText(qosView(report, true), false);
    assert.equal(wide.match(/qos\/windows-besteffort {2}Pod web\/iis-5c9df65cb7-/g)?.length, 3);
  });

  it("a Deployment's old ReplicaSet scaled to 0 is not checked", async () => {
    const report = await qos(manifests());
    assert.deepEqual(
      report.items.filter((i) => i.kind === 'ReplicaSet'),
      [],
    );
    assert.ok(!report.findings.some((f) => f.object?.kind === 'ReplicaSet'));
  });

  it('qos -o wide: the Windows notes every pod shares are printed once', async () => {
    const text = renderText(qosView(await qos(manifests()), true), false);
    assert.equal(text.match(/windows: Windows has no OOM score ordering/g)?.length, 1);
    assert.equal(text.match(/windows: BestEffort on Windows:/g)?.length, 1);
  });

  it('identical findings collapse with a count; different ones stay apart; pods whose messages differ say so', () => {
    const f = (name: string, message = 'm', owner?: Finding['owner']): Finding => ({
      id: 'lint/hugepages',
      severity: 'warning',
      object: {kind: 'Pod', namespace: 'ns', name},
      message,
      ...(owner ? {owner} : {}),
    });
    const owner = {kind: 'DaemonSet', namespace: 'ns', name: 'agent', pods: 3};
    const shown = foldFindings([f('a'), f('a'), f('b'), f('a', 'other'), f('p1', 'on node x', owner), f('p2', 'on node y', owner)]);
    assert.deepEqual(
      shown.map((s) => [s.object?.name, s.message, s.shown]),
      [
        ['a', 'm', '2 times'],
        ['b', 'm', undefined],
        ['a', 'other', undefined],
        ['agent', 'on node x', '2 of 3 pods (details differ by pod: -o wide)'],
      ],
    );
  });
});
