// `kubectl win doctor` end to end: one run of every read-only analysis against the control plane,
// equal to the commands run one by one, and degrading for a user who may read only some kinds.
import assert from 'node:assert/strict';
import {controlPlane, type ControlPlane} from '../../harness/index.js';
import {runCli} from './cli.js';
import type {DoctorItem} from '../../src/analyses/doctor/run.js';
import {withoutRepeats} from '../../src/analyses/doctor/repeats.js';
import type {Finding, Report} from '../../src/report/types.js';

const NS = `doctor-e2e-${Date.now() % 100000}`;
const key = (f: Finding) => `${f.id}|${f.object?.kind}|${f.object?.namespace}|${f.object?.name}|${f.field}|${f.message}`;

describe('kubectl win doctor (live)', function () {
  this.timeout(300_000);
  let cp: ControlPlane;

  before(async function () {
    this.timeout(600_000);
    cp = await controlPlane();
    await cp.createNamespace(NS);
    await cp.apply(`apiVersion: v1
kind: Pod
metadata: {name: no-os, namespace: ${NS}}
spec:
  nodeName: ${cp.nodes.win2022}
  nodeSelector: {kubernetes.io/os: windows}
  tolerations: [{key: os, operator: Equal, value: windows, effect: NoSchedule}]
  containers: [{name: iis, image: mcr.microsoft.com/windows/servercore/iis}]
---
apiVersion: v1
kind: Pod
metadata: {name: hostprocess, namespace: ${NS}}
spec:
  nodeName: ${cp.nodes.winOldRuntime}
  os: {name: windows}
  hostNetwork: true
  securityContext: {windowsOptions: {hostProcess: true, runAsUserName: "NT AUTHORITY\\\\SYSTEM"}}
  tolerations: [{key: os, operator: Equal, value: windows, effect: NoSchedule}]
  containers: [{name: agent, image: mcr.microsoft.com/oss/kubernetes/windows-host-process-containers-base-image:v1.0.0, resources: {limits: {memory: 256Mi}}}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: ${NS}}
spec:
  replicas: 0
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      os: {name: windows}
      securityContext: {windowsOptions: {gmsaCredentialSpecName: no-such-credspec}}
      containers: [{name: web, image: mcr.microsoft.com/windows/servercore/iis, resources: {requests: {memory: 128Mi}, limits: {memory: 256Mi}}}]
`);
  });

  it('runs every analysis once and finds what the commands find one by one', async () => {
    const r = await runCli(['doctor', '-n', NS, '-o', 'json', '--fail-on', 'none'], {kubeconfig: cp.kubeconfig});
    assert.equal(r.code, 0, r.stderr);
    const doctor = r.json<Report<DoctorItem>>();
    assert.equal(doctor.kind, 'DoctorReport');
    assert.deepEqual(
      doctor.items.map((i) => [i.analysis, i.status]),
      [
        ['qos', 'ran'],
        ['lint', 'ran'],
        ['gmsa', 'ran'],
        ['psp', 'ran'],
        ['nodes', 'ran'],
        ['why', 'ran'],
      ],
    );
    const expected: Finding[] = [];
    // With -n, doctor reports the nodes this namespace's pods can land on: its two pinned pods' nodes
    // (the Deployment tolerates no Windows taint). `nodes` is cluster-scoped: it is asked for those.
    const used = [cp.nodes.win2022, cp.nodes.winOldRuntime];
    for (const [args, analysis] of [
      [['qos', '-n', NS], 'qos'],
      [['lint', '-n', NS], 'lint'],
      [['gmsa', 'check', '-n', NS], 'gmsa'],
      [['psp', 'readiness', '-n', NS], 'psp'],
      [['nodes', ...used], 'nodes'],
      [['why', '-n', NS], 'why'],
    ] as const) {
      const one = await runCli([...args, '-o', 'json', '--fail-on', 'none'], {kubeconfig: cp.kubeconfig});
      const report = one.json<Report>();
      expected.push(...report.findings);
      const item = doctor.items.find((i) => i.analysis === analysis)!;
      assert.deepEqual(item.summary, report.summary, analysis);
      assert.equal(item.items, report.items.length, analysis);
    }
    // A rule two analyses report on one object is shown once (SAME_RULE).
    assert.deepEqual(doctor.findings.map(key).sort(), withoutRepeats(expected).map(key).sort());
    const ids = new Set(doctor.findings.map((f) => f.id.split('/')[0]));
    for (const a of ['qos', 'lint', 'gmsa', 'nodes']) assert.ok(ids.has(a), `findings from ${a}: ${[...ids].join(', ')}`);
    assert.ok(doctor.findings.some((f) => f.id === 'lint/os-name-missing' && f.object?.name === 'no-os'));
    assert.ok(doctor.findings.some((f) => f.id === 'nodes/hostprocess-unsupported'));
  });

  it('one exit code: 1 when a finding reaches --fail-on, 0 below it', async () => {
    const strict = await runCli(['doctor', '-n', NS, '-o', 'json', '--fail-on', 'warning'], {kubeconfig: cp.kubeconfig});
    const report = strict.json<Report<DoctorItem>>();
    assert.ok(report.summary.warning + report.summary.error > 0);
    assert.equal(strict.code, 1);
    const text = await runCli(['doctor', '-n', NS], {kubeconfig: cp.kubeconfig});
    assert.equal(text.code, report.summary.error > 0 ? 1 : 0);
    assert.match(text.stdout, /^Findings by severity and check/m);
    assert.match(text.stdout, /^WARNING\s+lint\/os-name-missing\s+\d+\s+Pod /m);
    assert.match(text.stdout, /6 analyses checked: /);
    assert.equal(text.stderr, '', 'no progress or noise on stderr when it is not a terminal');
  });

  it('the text summary counts what -o json lists (counted as the analyses go), and judges every finding once an ignore annotation is read', async () => {
    const full = (await runCli(['doctor', '-n', NS, '-o', 'json', '--fail-on', 'none'], {kubeconfig: cp.kubeconfig})).json<Report<DoctorItem>>();
    const text = await runCli(['doctor', '-n', NS, '--fail-on', 'none'], {kubeconfig: cp.kubeconfig});
    const {error, warning, info} = full.summary;
    assert.match(text.stdout, new RegExp(`6 analyses checked: ${error} errors?, ${warning} warnings?, ${info} info`));
    const counts = new Map<string, number>();
    for (const f of full.findings) counts.set(f.id, (counts.get(f.id) ?? 0) + 1);
    assert.ok(counts.size > 3);
    for (const [id, n] of counts) assert.match(text.stdout, new RegExp(`^[A-Z]+\\s+${id}\\s+${n}\\s`, 'm'), id);
    const annotated = `${NS}-ignored`;
    await cp.createNamespace(annotated);
    await cp.apply(`apiVersion: v1
kind: Pod
metadata: {name: ignored, namespace: ${annotated}, annotations: {kubectl-win.io/ignore: "lint/*", kubectl-win.io/ignore-reason: "e2e"}}
spec:
  nodeName: ${cp.nodes.win2022}
  nodeSelector: {kubernetes.io/os: windows}
  tolerations: [{key: os, operator: Equal, value: windows, effect: NoSchedule}]
  containers: [{name: iis, image: mcr.microsoft.com/windows/servercore/iis}]`);
    const judged = await runCli(['doctor', '-n', annotated, '--fail-on', 'none'], {kubeconfig: cp.kubeconfig});
    const json = (await runCli(['doctor', '-n', annotated, '-o', 'json', '--fail-on', 'none'], {kubeconfig: cp.kubeconfig})).json<Report<DoctorItem>>();
    assert.ok(json.suppressed && json.suppressed.length > 0, 'the pod has lint findings to suppress');
    assert.match(judged.stdout, new RegExp(`^${json.suppressed.length} suppressed \\(${json.suppressed.length} by annotation\\), not counted`, 'm'));
    assert.doesNotMatch(judged.stdout, /^\S+\s+lint\//m);
  });

  it('degrades for a limited user: forbidden reads become skipped, the rest runs; what it examines unread is incomplete (exit 4)', async () => {
    const r = await runCli(['doctor', '-o', 'json', '--fail-on', 'none'], {kubeconfig: cp.users.limited.kubeconfig});
    assert.equal(r.code, 4, r.stderr);
    const report = r.json<Report<DoctorItem>>();
    const forbidden = report.skipped.filter((s) => /forbidden/.test(s.reason)).map((s) => s.check);
    for (const kind of ['nodes', 'namespaces', 'clusterroles']) assert.ok(forbidden.includes(`read/${kind}`), `read/${kind} in ${forbidden.join(', ')}`);
    // nodes (for nodes) and the credential specs, webhooks and ClusterRoles (for gmsa) are cluster-scoped.
    assert.deepEqual(
      report.items.map((i) => [i.analysis, i.status]),
      [
        ['qos', 'ran'],
        ['lint', 'ran'],
        ['gmsa', 'incomplete'],
        ['psp', 'ran'],
        ['nodes', 'incomplete'],
        ['why', 'ran'],
      ],
    );
    const qos = report.items.find((i) => i.analysis === 'qos')!;
    assert.ok(qos.items > 0, 'the pods the user may read were still checked');
    assert.ok(
      report.findings.some((f) => f.object?.namespace === NS),
      'findings in the readable namespaces',
    );
    assert.ok(!report.findings.some((f) => f.id === 'nodes/no-windows-nodes'), 'unreadable nodes are not "no Windows nodes"');
  });

  it('a user who can read nothing still gets a report, with everything skipped, and exit 4', async () => {
    const nobody = await cp.kubeconfigFor('doctor-nobody');
    const r = await runCli(['doctor', '-o', 'json'], {kubeconfig: nobody});
    assert.equal(r.code, 4, r.stderr);
    const report = r.json<Report<DoctorItem>>();
    assert.equal(report.findings.length, 0);
    assert.ok(report.skipped.some((s) => s.check === 'read/pods'));
  });
});
