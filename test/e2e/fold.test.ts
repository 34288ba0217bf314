// Findings at human scale on a live cluster (issue 21): the pods a Deployment's ReplicaSet made
// fold into the Deployment in the text view, once per distinct finding, while -o json keeps every
// pod's finding with its owner and -o wide lists each pod.
import assert from 'node:assert/strict';
import type {ControlPlane} from '../../harness/index.js';
import {runCli} from './cli.js';
import {controlPlaneWith} from './live.js';
import type {Finding, Report} from '../../src/report/types.js';

const NS = `fold-e2e-${Date.now() % 100000}`;
const REPLICAS = 3;

describe('e2e: findings fold by top owner (live)', function () {
  this.timeout(300_000);
  let cp: ControlPlane;

  before(async function () {
    cp = await controlPlaneWith(this, NS);
    const r = await cp.api('POST', `/apis/apps/v1/namespaces/${NS}/deployments`, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {name: 'iis'},
      spec: {
        replicas: REPLICAS,
        selector: {matchLabels: {app: 'iis'}},
        template: {
          metadata: {labels: {app: 'iis'}},
          spec: {
            os: {name: 'windows'},
            nodeSelector: {'kubernetes.io/os': 'windows'},
            tolerations: [{key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule'}],
            containers: [{name: 'iis', image: 'mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022'}],
          },
        },
      },
    });
    assert.ok(r.status < 300, `create deployment: ${r.status}`);
    const deadline = Date.now() + 120_000;
    for (;;) {
      const pods = await cp.api<{items: unknown[]}>('GET', `/api/v1/namespaces/${NS}/pods`);
      if (pods.body.items.length === REPLICAS) break;
      assert.ok(Date.now() < deadline, 'the ReplicaSet did not create its pods');
      await new Promise((res) => setTimeout(res, 500));
    }
  });

  it('qos: one finding per distinct check on the Deployment in text; every pod in JSON and -o wide', async () => {
    const json = (await runCli(['qos', '-n', NS, '-o', 'json', '--fail-on', 'none'], {kubeconfig: cp.kubeconfig})).json<Report>();
    const onPods = json.findings.filter((f: Finding) => f.object?.kind === 'Pod');
    assert.ok(onPods.length >= REPLICAS, JSON.stringify(json.findings));
    for (const f of onPods) assert.deepEqual(f.owner, {kind: 'Deployment', namespace: NS, name: 'iis', pods: REPLICAS});

    const text = (await runCli(['qos', '-n', NS, '--fail-on', 'none'], {kubeconfig: cp.kubeconfig})).stdout;
    const heads = text.split('\n').filter((l) => /^(ERROR|WARNING|INFO) /.test(l));
    assert.ok(heads.length > 0, text);
    const distinct = new Set(onPods.map((f) => f.id));
    assert.equal(heads.length, distinct.size, `each distinct finding once:\n${text}`);
    for (const h of heads) assert.match(h, new RegExp(`  Deployment ${NS}/iis: ${REPLICAS} of ${REPLICAS} pods`));

    const wide = (await runCli(['qos', '-n', NS, '-o', 'wide', '--fail-on', 'none'], {kubeconfig: cp.kubeconfig})).stdout;
    assert.equal(wide.split('\n').filter((l) => /^(ERROR|WARNING|INFO) /.test(l)).length, onPods.length);
  });
});
