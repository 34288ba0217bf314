// The whole test control plane at the newest served minor, not only its apiserver: kube-apiserver,
// kube-controller-manager and kube-scheduler of v1.37.2 (built on first use: minutes) with kwok's
// Windows nodes. A Windows pod must be scheduled onto a Windows node and run, and a live
// `kubectl win lint` of it must follow v1.37 with no flag. It runs in `npm run test:minors`
// (a cold cache builds three more binaries), not in `npm test`: the name does not end in .test.ts, so
// the e2e glob leaves it out and test:minors names it.
import assert from 'node:assert/strict';
import {join} from 'node:path';
import {controlPlaneAt, NODES, SERVED_RELEASES, type ControlPlane} from '../../harness/index.js';
import {runProcess} from '../../harness/client.js';
import {runCli} from './cli.js';
import {TESTED_MINORS} from '../../src/k8s/minor-versions.js';

const MINOR = TESTED_MINORS.newest;
const RELEASE = SERVED_RELEASES[MINOR];
const NS = 'minor-plane';

describe(`the whole control plane at ${RELEASE} (kwok Windows nodes)`, function () {
  this.timeout(120_000);
  let cp: ControlPlane;

  before(async function () {
    this.timeout(0); // a cold cache builds this release's controller-manager, scheduler and kubectl first
    cp = await controlPlaneAt(MINOR);
    await cp.createNamespace(NS);
  });

  it(`runs ${RELEASE} binaries: the apiserver says so, and so do the controller-manager, scheduler and kubectl`, async () => {
    const v = await cp.api<{gitVersion?: string}>('GET', '/version');
    assert.equal(v.body.gitVersion, RELEASE);
    for (const bin of ['kube-controller-manager', 'kube-scheduler']) {
      const r = await runProcess(join(cp.binDir, bin), ['--version']);
      assert.equal(r.stdout.trim(), `Kubernetes ${RELEASE}`, `${bin}: ${r.stderr}`);
    }
    const k = await runProcess(join(cp.binDir, 'kubectl'), ['version', '--client', '-o', 'json']);
    assert.equal(JSON.parse(k.stdout).clientVersion.gitVersion, RELEASE);
  });

  it('schedules a Windows pod onto a kwok Windows node, which runs it', async () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {name: 'iis', namespace: NS},
      spec: {
        os: {name: 'windows'},
        nodeSelector: {'kubernetes.io/os': 'windows', 'node.kubernetes.io/windows-build': '10.0.20348'},
        tolerations: [{key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule'}],
        containers: [{name: 'iis', image: 'mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022'}],
      },
    };
    const created = await cp.api<{message?: string}>('POST', `/api/v1/namespaces/${NS}/pods`, pod);
    assert.equal(created.status, 201, created.body?.message);
    await cp.waitForPodRunning(NS, 'iis', 60_000);
    const got = await cp.api<{spec: {nodeName?: string}; status: {phase?: string}}>('GET', `/api/v1/namespaces/${NS}/pods/iis`);
    assert.equal(got.body.spec.nodeName, NODES.win2022, 'the scheduler placed it on the only Windows Server 2022 node');
    assert.equal(got.body.status.phase, 'Running');
  });

  it(`live lint follows v1.${MINOR} with no flag and finds the running pod valid`, async () => {
    const r = await runCli(['lint', '-n', NS, '-o', 'json', '--fail-on', 'error'], {kubeconfig: cp.kubeconfig});
    assert.equal(r.code, 0, r.stderr);
    const items = r.json().items as Array<{name: string; version: string; valid: boolean}>;
    assert.deepEqual(
      items.map((i) => [i.name, i.version, i.valid]),
      [['iis', `v1.${MINOR}`, true]],
    );
  });
});
