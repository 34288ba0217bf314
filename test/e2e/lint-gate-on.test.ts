// A field the apiserver drops on create while its gate is off (lint/field-dropped) is kept by an
// apiserver that has the gate on, as a provider or a kind cluster may: live, lint must not say the
// pod lost a field the apiserver kept. kube-apiserver v1.34 with `--feature-gates=ContainerStopSignals=true`
// (alpha and off by default at every supported minor; kubernetes/kubernetes pkg/api/pod/util.go
// dropContainerStopSignals) keeps `lifecycle.stopSignal`; the default one drops it
// (test/e2e/lint-differential.test.ts).
import assert from 'node:assert/strict';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {stringify} from 'yaml';
import {apiserverAt, type Apiserver} from '../../harness/index.js';
import {runCli} from './cli.js';

const NS = 'gate-on';
const MINOR = 34;
const FIELD = 'spec.containers[0].lifecycle.stopSignal';

const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {name: 'stops', namespace: NS},
  spec: {
    os: {name: 'windows'},
    containers: [{name: 'app', image: 'mcr.microsoft.com/windows/nanoserver:ltsc2022', lifecycle: {stopSignal: 'SIGTERM'}}],
  },
};

/** The fields lint says are dropped, and the pods it linted. */
function dropped(report: {items: Array<{name: string}>; findings: Array<{id: string; field?: string}>}): {items: string[]; fields: (string | undefined)[]} {
  return {items: report.items.map((i) => i.name), fields: report.findings.filter((f) => f.id === 'lint/field-dropped').map((f) => f.field)};
}

describe(`lint/field-dropped and an apiserver with the gate on (v1.${MINOR}, ContainerStopSignals=true)`, function () {
  this.timeout(120_000);
  let api: Apiserver;
  let dir: string;

  before(async function () {
    this.timeout(0); // a cold cache builds this release first (minutes)
    api = await apiserverAt(MINOR, 'ContainerStopSignals=true');
    await api.createNamespace(NS);
    const created = await api.api<{message?: string; spec?: {containers: Array<{lifecycle?: {stopSignal?: string}}>}}>(
      'POST',
      `/api/v1/namespaces/${NS}/pods`,
      pod,
    );
    assert.equal(created.status, 201, created.body?.message);
    // The premise: this apiserver stored the field.
    assert.equal(created.body?.spec?.containers[0].lifecycle?.stopSignal, 'SIGTERM');
    dir = mkdtempSync(join(tmpdir(), 'kubectl-win-gate-on-'));
    writeFileSync(join(dir, 'pod.yaml'), stringify(pod));
  });
  after(() => {
    if (dir) rmSync(dir, {recursive: true, force: true});
  });

  it('live, with the rules of the server: the stored pod keeps the field, so nothing is said to be dropped', async () => {
    for (const extra of [[], ['--k8s-version', `v1.${MINOR}`]]) {
      const r = await runCli(['lint', '-n', NS, '-o', 'json', '--fail-on', 'none', ...extra], {kubeconfig: api.kubeconfig});
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(dropped(r.json()), {items: ['stops'], fields: []}, extra.join(' '));
    }
  });

  it("live, with another minor's rules: what that minor's apiserver, its gate off by default, would do", async () => {
    const r = await runCli(['lint', '-n', NS, '-o', 'json', '--fail-on', 'none', '--k8s-version', 'v1.35'], {kubeconfig: api.kubeconfig});
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(dropped(r.json()), {items: ['stops'], fields: [FIELD]});
  });

  it('the same pod as a manifest: an apiserver of that minor with its default gates drops the field', async () => {
    const r = await runCli(['lint', '-f', join(dir, 'pod.yaml'), '-o', 'json', '--fail-on', 'none', '--k8s-version', `v1.${MINOR}`]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(dropped(r.json()), {items: ['stops'], fields: [FIELD]});
  });
});
