// Live, the rules follow the server's own minor with no flag: `qos`, `lint` and `psp readiness` against a real
// kube-apiserver of each minor under test (KUBECTL_WIN_MINORS). The pod has pod-level requests over a
// container that sets limits: v1.37 defaults the pod limits from them (PodLevelResourcesFixDefaulting)
// and records Guaranteed, older minors Burstable; ours must agree at each without --k8s-version.
import assert from 'node:assert/strict';
import {apiserverAt, minorsUnderTest, type Apiserver} from '../../harness/index.js';
import {runCli} from './cli.js';
import {POD_LEVEL_DEFAULTING_FIX_MINOR} from '../../src/k8s/pod-defaults.js';

const NS = 'minor-live';

for (const MINOR of minorsUnderTest())
  describe(`live rules follow the server's minor: kube-apiserver v1.${MINOR}`, function () {
    this.timeout(120_000);
    let cp: Apiserver;

    before(async function () {
      this.timeout(0); // a cold cache builds this release first (minutes)
      cp = await apiserverAt(MINOR);
      await cp.createNamespace(NS, {'pod-security.kubernetes.io/enforce': 'baseline'});
      const pod = {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {name: 'web', namespace: NS},
        spec: {
          // a Windows pod may not set spec.resources ("may not be set for a windows pod")
          os: {name: 'linux'},
          containers: [{name: 'app', image: 'registry.k8s.io/pause:3.10', resources: {limits: {cpu: '500m', memory: '512Mi'}}}],
          resources: {requests: {cpu: '500m', memory: '512Mi'}},
        },
      };
      const r = await cp.api<{message?: string}>('POST', `/api/v1/namespaces/${NS}/pods`, pod);
      assert.equal(r.status, 201, r.body?.message);
    });

    it(`qos: the class of v1.${MINOR}, as the apiserver recorded it, with no flag and no note`, async () => {
      const r = await runCli(['qos', '-n', NS, '-o', 'json', '--fail-on', 'none'], {kubeconfig: cp.kubeconfig});
      assert.equal(r.code, 0, r.stderr);
      const report = r.json();
      const item = report.items[0];
      assert.equal(item.version, `v1.${MINOR}`);
      const want = MINOR >= POD_LEVEL_DEFAULTING_FIX_MINOR ? 'Guaranteed' : 'Burstable';
      assert.deepEqual([item.qosClass, item.statusQosClass], [want, want], JSON.stringify(item));
      assert.deepEqual(
        report.findings.filter((f: {id: string}) => f.id === 'qos/status-mismatch'),
        [],
      );
      assert.deepEqual(
        report.skipped.filter((s: {check: string}) => s.check.startsWith('k8s-version')),
        [],
      );
    });

    it(`lint: the validation of v1.${MINOR} with no flag, v1.34's with --k8s-version v1.34`, async () => {
      const live = await runCli(['lint', '-n', NS, '-o', 'json', '--fail-on', 'none'], {kubeconfig: cp.kubeconfig});
      assert.equal(live.code, 0, live.stderr);
      const report = live.json();
      assert.deepEqual(
        report.items.map((i: {name: string; version: string; valid: boolean}) => [i.name, i.version, i.valid]),
        [['web', `v1.${MINOR}`, true]],
      );
      assert.deepEqual(
        report.skipped.filter((s: {check: string}) => s.check.startsWith('k8s-version')),
        [],
      );
      const pinned = await runCli(['lint', '-n', NS, '-o', 'json', '--fail-on', 'none', '--k8s-version', 'v1.34'], {kubeconfig: cp.kubeconfig});
      assert.equal(pinned.code, 0, pinned.stderr);
      assert.equal(pinned.json().items[0].version, 'v1.34');
    });

    it(`psp readiness: policy v1.${MINOR} with no flag`, async () => {
      const r = await runCli(['psp', 'readiness', '-n', NS, '-o', 'json'], {kubeconfig: cp.kubeconfig});
      assert.ok(r.code === 0 || r.code === 1, r.stderr);
      const item = r.json().items.find((i: {namespace: string}) => i.namespace === NS);
      assert.equal(item.version, `v1.${MINOR}`);
    });
  });
