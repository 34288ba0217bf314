// `kubectl win qos` end to end: live against pods created on the test control plane (kwok Windows and
// Linux nodes), and offline on examples/qos, whose predictions must match the pods the cluster makes
// from the same manifests.
import assert from 'node:assert/strict';
import {readFileSync, readdirSync} from 'node:fs';
import {join} from 'node:path';
import type {ControlPlane} from '../../harness/index.js';
import {PROJECT_ROOT} from '../../harness/build.js';
import {runCli} from './cli.js';
import {controlPlaneWith, createPod} from './live.js';
import type {QosItem} from '../../src/analyses/qos/analysis.js';
import type {Report} from '../../src/report/types.js';

const RUN = Date.now() % 100000;
const NS = `qos-cli-${RUN}`;
const LR_NS = `qos-cli-lr-${RUN}`;
const EXAMPLES = join(PROJECT_ROOT, 'examples', 'qos');

const windowsScheduling = (node: string) => ({
  nodeName: node,
  os: {name: 'windows'},
  nodeSelector: {'kubernetes.io/os': 'windows'},
  tolerations: [{key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule'}],
});

describe('kubectl win qos (live and offline)', function () {
  this.timeout(300_000);
  let cp: ControlPlane;

  before(async function () {
    cp = await controlPlaneWith(this, NS, LR_NS);
    await createPod(cp, NS, {
      metadata: {name: 'iis'},
      spec: {
        ...windowsScheduling(cp.nodes.win2022),
        containers: [
          {
            name: 'iis',
            image: 'mcr.microsoft.com/windows/servercore/iis',
            resources: {limits: {cpu: '2', memory: '2Gi'}},
            resizePolicy: [{resourceName: 'cpu', restartPolicy: 'NotRequired'}],
          },
        ],
      },
    });
    await createPod(cp, NS, {
      metadata: {name: 'shell'},
      spec: {...windowsScheduling(cp.nodes.win2019), containers: [{name: 'shell', image: 'mcr.microsoft.com/windows/nanoserver'}]},
    });
    await createPod(cp, NS, {
      metadata: {name: 'web'},
      spec: {
        nodeName: cp.nodes.linux,
        initContainers: [
          {name: 'init', image: 'busybox'},
          {name: 'proxy', image: 'envoy', restartPolicy: 'Always', resources: {requests: {cpu: '100m', memory: '64Mi'}, limits: {cpu: '100m', memory: '64Mi'}}},
        ],
        containers: [{name: 'web', image: 'nginx', resources: {requests: {cpu: '250m', memory: '128Mi'}, limits: {memory: '256Mi'}}}],
      },
    });
    // spec.resources: {} -> BestEffort through v1.36 but Guaranteed from v1.37 (PodLevelResourcesFixKubeletQOSClass)
    await createPod(cp, NS, {
      metadata: {name: 'podlevel-empty'},
      spec: {nodeName: cp.nodes.linux, resources: {}, containers: [{name: 'c', image: 'x', resources: {limits: {cpu: '1', memory: '1Gi'}}}]},
    });
    const lr = await cp.api('POST', `/api/v1/namespaces/${LR_NS}/limitranges`, {
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: {name: 'mem'},
      spec: {limits: [{type: 'Container', default: {memory: '512Mi'}, defaultRequest: {memory: '256Mi', cpu: '100m'}}]},
    });
    assert.ok(lr.status < 300);
    // LimitRanger reads LimitRanges through an informer: retry until the annotation shows up.
    const deadline = Date.now() + 20_000;
    for (let i = 0; ; i++) {
      await createPod(cp, LR_NS, {metadata: {name: `app-${i}`}, spec: {...windowsScheduling(cp.nodes.win2022), containers: [{name: 'app', image: 'x'}]}});
      const got = await cp.api<{metadata: {annotations?: Record<string, string>}}>('GET', `/api/v1/namespaces/${LR_NS}/pods/app-${i}`);
      if (got.body.metadata.annotations?.['kubernetes.io/limit-ranger']) break;
      assert.ok(Date.now() < deadline, 'LimitRanger never applied the LimitRange');
      await cp.api('DELETE', `/api/v1/namespaces/${LR_NS}/pods/app-${i}`, undefined, {query: {gracePeriodSeconds: '0'}});
      await new Promise((r) => setTimeout(r, 200));
    }
  });

  it('-A -o json: the envelope, every pod classed like status.qosClass, no status mismatch', async () => {
    const r = await runCli(['qos', '-A', '-o', 'json'], {kubeconfig: cp.kubeconfig});
    assert.equal(r.code, 0, r.stderr);
    const report = r.json<Report<QosItem>>();
    assert.equal(report.apiVersion, 'kubectl-win/v1');
    assert.equal(report.kind, 'QoSReport');
    assert.equal(report.source.type, 'cluster');
    assert.match((report.source as {serverVersion?: string}).serverVersion ?? '', /^v1\.34\./);
    assert.deepEqual(Object.keys(report.summary).sort(), ['error', 'info', 'warning']);
    const mine = report.items.filter((i) => i.namespace === NS || i.namespace === LR_NS);
    assert.ok(mine.length >= 5, `items: ${mine.map((i) => i.name)}`);
    for (const i of report.items) {
      assert.ok(i.statusQosClass, `${i.namespace}/${i.name} has no status.qosClass`);
      assert.equal(i.qosClass, i.statusQosClass, `${i.namespace}/${i.name}`);
      assert.equal(i.version, 'v1.34');
      for (const c of i.containers) for (const k of ['name', 'type', 'requests', 'limits', 'class', 'reason']) assert.ok(k in c, `container field ${k}`);
    }
    assert.deepEqual(
      report.findings.filter((f) => f.id === 'qos/status-mismatch'),
      [],
    );
    const byName = new Map(mine.map((i) => [i.name, i]));
    assert.equal(byName.get('iis')?.qosClass, 'Guaranteed');
    assert.equal(byName.get('shell')?.qosClass, 'BestEffort');
    assert.equal(byName.get('web')?.qosClass, 'Burstable');
    assert.equal(byName.get('podlevel-empty')?.qosClass, 'BestEffort');
    assert.deepEqual(
      byName.get('web')?.containers.map((c) => [c.name, c.type, c.class]),
      [
        ['init', 'init', 'BestEffort'],
        ['proxy', 'sidecar', 'Guaranteed'],
        ['web', 'app', 'Burstable'],
      ],
    );
    assert.equal(byName.get('web')?.containers[2].reason, 'cpu has no limit; memory request 128Mi != limit 256Mi');
    const iis = byName.get('iis')!;
    assert.equal(iis.windows, true);
    assert.equal(iis.nodeOs, 'windows');
    assert.equal(iis.resize.supported, false);
    assert.equal(iis.containers[0].cpuMaximum, 2500); // 10 * 2000m / 8 CPUs
    const ids = (name: string) =>
      report.findings
        .filter((f) => f.object?.name === name && f.object.namespace === NS)
        .map((f) => f.id)
        .sort();
    assert.deepEqual(ids('iis'), ['qos/windows-resize-unsupported']);
    assert.deepEqual(ids('shell'), ['qos/windows-besteffort']);
    const be = report.findings.find((f) => f.id === 'qos/windows-besteffort' && f.object?.name === 'shell')!;
    assert.match(be.message, new RegExp(`; node ${cp.nodes.win2019} reserves 2Gi \\(capacity - allocatable\\)$`));
    assert.deepEqual(ids('web'), []);
    const shell = byName.get('shell')!;
    assert.equal(shell.whatWouldChange.burstable?.qosClass, 'Burstable');
    assert.equal(shell.whatWouldChange.guaranteed?.target.kind, 'Pod');
    // LimitRange attribution from the annotation the apiserver wrote
    const lrPod = report.items.find((i) => i.namespace === LR_NS)!;
    assert.equal(lrPod.limitRange?.source, 'annotation');
    assert.equal(lrPod.limitRange?.annotation, 'LimitRanger plugin set: cpu, memory request for container app; memory limit for container app');
    assert.deepEqual(lrPod.containers[0].limitRange, {requests: ['cpu', 'memory'], limits: ['memory']});
    assert.equal(lrPod.qosClass, 'Burstable');
  });

  it('a named pod: the per-container detail, the patch, resize and Windows notes', async () => {
    const r = await runCli(['qos', 'iis', 'shell', '-n', NS], {kubeconfig: cp.kubeconfig});
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^NAMESPACE\s+NAME\s+QOS\s+STATUS-QOS\s+CONTAINERS\s+NODE-OS/m);
    assert.match(r.stdout, /Pod qos-cli-\d+\/iis: Guaranteed \(rules of v1\.34, summed algorithm\)/);
    assert.match(r.stdout, /in-place resize: not possible \(windows pods cannot be resized\)/);
    assert.match(r.stdout, /iis: job-object CpuMaximum 2500/);
    assert.match(r.stdout, /to make it Burstable \(pod\/shell\)/);
    assert.match(r.stdout, /windows: BestEffort on Windows/);
    assert.match(r.stdout, /WARNING qos\/windows-besteffort/);
    assert.doesNotMatch(r.stdout, /\bweb\b/);
  });

  it('-o wide adds columns; --k8s-version picks older or newer rules and explains a mismatch', async () => {
    const wide = await runCli(['qos', '-n', NS, '-o', 'wide'], {kubeconfig: cp.kubeconfig});
    assert.equal(wide.code, 0, wide.stderr);
    assert.match(wide.stdout, /NODE-OS\s+NODE\s+RULES\s+LIMITRANGE\s+RESIZE\s+REASON/);
    const v37 = await runCli(['qos', 'podlevel-empty', '-n', NS, '--k8s-version', 'v1.37', '-o', 'json'], {kubeconfig: cp.kubeconfig});
    const report = v37.json<Report<QosItem>>();
    assert.equal(report.items[0].qosClass, 'Guaranteed');
    assert.equal(report.items[0].statusQosClass, 'BestEffort');
    const f = report.findings.find((x) => x.id === 'qos/status-mismatch');
    assert.ok(f);
    assert.match(f.message, /a version difference: the rules of v1\.37 \(--k8s-version\) give Guaranteed; the apiserver's own \(v1\.34\) give BestEffort/);
    const bad = await runCli(['qos', '-n', NS, '--version', 'v2.0'], {kubeconfig: cp.kubeconfig});
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /invalid --version "v2\.0"/);
    const missing = await runCli(['qos', 'nope', '-n', NS], {kubeconfig: cp.kubeconfig});
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /pods "nope" not found/);
  });

  it('a named Deployment live: its template with the namespace LimitRange, as its pods get it', async () => {
    await cp.apply(`apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: ${LR_NS}}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      os: {name: windows}
      nodeSelector: {kubernetes.io/os: windows}
      tolerations: [{key: os, operator: Equal, value: windows, effect: NoSchedule}]
      initContainers: [{name: setup, image: x, resources: {limits: {cpu: 200m}}}]
      containers: [{name: web, image: x, resources: {limits: {cpu: "1", memory: 1Gi}}}]
`);
    const r = await runCli(['qos', 'deployment/web', '-n', LR_NS, '-o', 'json'], {kubeconfig: cp.kubeconfig});
    assert.equal(r.code, 0, r.stderr);
    const item = r.json<Report<QosItem>>().items[0];
    assert.deepEqual([item.kind, item.name, item.statusQosClass], ['Deployment', 'web', null]);
    assert.equal(item.limitRange?.source, 'limitranges');
    const deadline = Date.now() + 60_000;
    for (;;) {
      const pods = await cp.api<{items: {metadata: {annotations?: Record<string, string>; labels?: Record<string, string>}; status: {qosClass: string}}[]}>(
        'GET',
        `/api/v1/namespaces/${LR_NS}/pods`,
        undefined,
        {query: {labelSelector: 'app=web'}},
      );
      const pod = pods.body.items?.[0];
      if (pod) {
        assert.equal(pod.status.qosClass, item.qosClass);
        assert.equal(pod.metadata.annotations?.['kubernetes.io/limit-ranger'], item.limitRange?.annotation);
        break;
      }
      assert.ok(Date.now() < deadline, 'the Deployment made no pod within 60s');
      await new Promise((res) => setTimeout(res, 500));
    }
    // and the pod, read live, is attributed from its annotation and agrees with its status
    const live = await runCli(['qos', '-n', LR_NS, '-l', 'app=web', '-o', 'json'], {kubeconfig: cp.kubeconfig});
    const podItem = live.json<Report<QosItem>>().items[0];
    assert.equal(podItem.kind, 'Pod');
    assert.equal(podItem.qosClass, podItem.statusQosClass);
    assert.equal(podItem.limitRange?.source, 'annotation');
    assert.equal(podItem.whatWouldChange.guaranteed?.target.kind, 'Deployment');
    assert.equal(podItem.whatWouldChange.guaranteed?.target.name, 'web');
  });

  it('-f examples/qos offline predicts what the cluster does with the same manifests', async () => {
    const offline = await runCli(['qos', '-f', EXAMPLES, '--k8s-version', 'v1.34', '-o', 'json']);
    assert.equal(offline.code, 0, offline.stderr);
    const report = offline.json<Report<QosItem>>();
    assert.equal(report.source.type, 'manifests');
    const byName = new Map(report.items.map((i) => [i.name, i]));
    assert.equal(byName.get('iis-guaranteed')?.qosClass, 'Guaranteed');
    assert.equal(byName.get('powershell-besteffort')?.qosClass, 'BestEffort');
    const dep = byName.get('iis-burstable')!;
    assert.equal(dep.kind, 'Deployment');
    assert.equal(dep.qosClass, 'Burstable');
    assert.equal(dep.limitRange?.source, 'limitranges');
    for (const i of report.items) {
      assert.equal(i.windows, true, `${i.name} is a Windows workload`);
      assert.equal(i.statusQosClass, null);
    }
    // Apply the same files and compare with the pods the apiserver (and the Deployment controller) make.
    for (const f of readdirSync(EXAMPLES)
      .filter((x) => x.endsWith('.yaml'))
      .sort())
      await cp.apply(readFileSync(join(EXAMPLES, f), 'utf8'));
    const deadline = Date.now() + 60_000;
    let livePod: {metadata: {annotations?: Record<string, string>}; status: {qosClass: string}} | undefined;
    while (!livePod) {
      const list = await cp.api<{items: NonNullable<typeof livePod>[]}>('GET', '/api/v1/namespaces/qos-limitrange/pods');
      livePod = list.body.items?.[0];
      if (!livePod) {
        assert.ok(Date.now() < deadline, 'the Deployment made no pod within 60s');
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    assert.equal(livePod.status.qosClass, dep.qosClass);
    assert.equal(livePod.metadata.annotations?.['kubernetes.io/limit-ranger'], dep.limitRange?.annotation);
    const live = await runCli(['qos', '-A', '-o', 'json'], {kubeconfig: cp.kubeconfig});
    const liveReport = live.json<Report<QosItem>>();
    for (const name of ['iis-guaranteed', 'powershell-besteffort']) {
      const item = liveReport.items.find((i) => i.name === name);
      assert.equal(item?.statusQosClass, byName.get(name)?.qosClass, name);
    }
    assert.deepEqual(
      liveReport.findings.filter((f) => f.id === 'qos/status-mismatch'),
      [],
    );
  });
});
