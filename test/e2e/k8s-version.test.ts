// The one --k8s-version parser end to end against the real control plane: every command accepts the
// same forms and the same `latest`, a value an analysis does not know is exit 2 naming the range, and
// the old --version still works with a deprecation line.
import assert from 'node:assert/strict';
import type {ControlPlane} from '../../harness/index.js';
import {runCli} from './cli.js';
import {controlPlaneWith} from './live.js';

const NS = `k8sver-e2e-${Date.now() % 100000}`;
const DEPRECATED = /^warning: --version is deprecated and will be removed; use --k8s-version$/m;

describe('--k8s-version (e2e)', function () {
  this.timeout(240_000);
  let cp: ControlPlane;

  before(async function () {
    cp = await controlPlaneWith(this, NS);
    await cp.apply(`apiVersion: v1
kind: Pod
metadata: {name: web, namespace: ${NS}}
spec:
  nodeName: ${cp.nodes.win2022}
  os: {name: windows}
  tolerations: [{key: os, operator: Equal, value: windows, effect: NoSchedule}]
  containers: [{name: iis, image: mcr.microsoft.com/windows/servercore/iis, resources: {limits: {cpu: 500m, memory: 256Mi}}}]
`);
  });

  after(async () => {
    if (cp) await cp.api('DELETE', `/api/v1/namespaces/${NS}`);
  });

  const live = (args: string[]) => runCli(args, {kubeconfig: cp.kubeconfig});

  it('doctor --version v1.30.2: refused like psp readiness refuses it (exit 2, the minor to use), with the deprecation line', async () => {
    const doctor = await live(['doctor', '-n', NS, '--version', 'v1.30.2', '-o', 'json']);
    assert.equal(doctor.code, 2, doctor.stderr);
    assert.equal(doctor.stdout, '');
    assert.match(doctor.stderr, DEPRECATED);
    assert.match(
      doctor.stderr,
      /^error: invalid --version "v1\.30\.2": use a minor \(v1\.30\) or latest; qos, lint and psp know v1\.34 to v1\.37, latest is v1\.37$/m,
    );
    for (const cmd of [['psp', 'readiness'], ['qos'], ['lint']]) {
      const r = await live([...cmd, '-n', NS, '--k8s-version', 'v1.30.2']);
      assert.equal(r.code, 2, r.stderr);
      assert.match(
        r.stderr,
        /^error: invalid --k8s-version "v1\.30\.2": use a minor \(v1\.30\) or latest; (psp|qos|lint) knows v1\.\d+ to v1\.37, latest is v1\.37$/m,
      );
    }
  });

  it('--k8s-version v1.5: qos and doctor refuse it naming the range; psp readiness and doctor --analyses psp evaluate Pod Security v1.5', async () => {
    const doctor = await live(['doctor', '-n', NS, '--k8s-version', 'v1.5']);
    assert.equal(doctor.code, 2);
    assert.match(doctor.stderr, /^error: invalid --k8s-version "v1\.5": qos, lint and psp know v1\.34 to v1\.37, latest is v1\.37$/m);
    const qos = await live(['qos', '-n', NS, '--k8s-version', 'v1.5']);
    assert.equal(qos.code, 2);
    assert.match(qos.stderr, /^error: invalid --k8s-version "v1\.5": qos knows v1\.20 to v1\.37, latest is v1\.37$/m);
    const psp = await live(['psp', 'readiness', '-n', NS, '--k8s-version', 'v1.5', '-o', 'json']);
    assert.ok(psp.code === 0 || psp.code === 1, psp.stderr);
    assert.equal(psp.json().items.find((i: {namespace: string}) => i.namespace === NS).version, 'v1.5');
    const onlyPsp = await live(['doctor', '-n', NS, '--analyses', 'psp', '--k8s-version', 'v1.5', '-o', 'json', '--fail-on', 'none']);
    assert.equal(onlyPsp.code, 0, onlyPsp.stderr);
    assert.deepEqual(
      onlyPsp.json().items.map((i: {analysis: string; status: string}) => [i.analysis, i.status]),
      [['psp', 'ran']],
    );
  });

  it('latest is the same minor in qos and psp readiness, and a live v1.34 server needs no note', async () => {
    const qos = (await live(['qos', '-n', NS, '--k8s-version', 'latest', '-o', 'json'])).json();
    const psp = (await live(['psp', 'readiness', '-n', NS, '--k8s-version', 'latest', '-o', 'json'])).json();
    assert.equal(qos.items[0].version, 'v1.37');
    assert.equal(psp.items.find((i: {namespace: string}) => i.namespace === NS).version, 'v1.37');
    for (const report of [qos, psp])
      assert.deepEqual(
        report.skipped.filter((s: {check: string}) => s.check.startsWith('k8s-version')),
        [],
      );
  });

  it('--k8s-version and --version together: exit 2 before any read', async () => {
    const r = await runCli(['qos', '-n', NS, '--k8s-version', 'v1.34', '--version', 'v1.34'], {kubeconfig: '/nonexistent/kubeconfig'});
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--version is the old name of --k8s-version/);
  });
});
