// `kubectl win why` end to end. Scheduling failures come from the real kube-scheduler (taint,
// selector, capacity on the kwok Windows nodes) and admission failures from the real ReplicaSet
// controller and Pod Security Admission. What a simulated node cannot do (start a Windows
// container) is written the way a kubelet reports it: the pod's status through the status
// subresource and Warning events through the API, with the catalogue's quoted strings.
import assert from 'node:assert/strict';
import {controlPlane, type ControlPlane} from '../../harness/index.js';
import {runCli, watchCli} from './cli.js';
import {envelopeErrors} from '../support/envelope-schema.js';
import type {WhyItem} from '../../src/analyses/why/analysis.js';
import type {Report} from '../../src/report/types.js';

const NS = `why-e2e-${Date.now() % 100000}`;
const NS_PSA = `${NS}-psa`;
const WINDOWS_TOLERATION = {key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule'};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface PodOpts {
  node?: string;
  image?: string;
  nodeSelector?: Record<string, string>;
  tolerations?: unknown[];
  resources?: unknown;
  command?: string[];
}

function windowsPod(name: string, o: PodOpts = {}) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {name, labels: {app: name}},
    spec: {
      os: {name: 'windows'},
      ...(o.node ? {nodeName: o.node} : {}),
      nodeSelector: o.nodeSelector ?? {'kubernetes.io/os': 'windows'},
      tolerations: o.tolerations ?? [WINDOWS_TOLERATION],
      containers: [
        {
          name: 'app',
          image: o.image ?? 'mcr.microsoft.com/windows/nanoserver:ltsc2022',
          ...(o.command ? {command: o.command} : {}),
          ...(o.resources ? {resources: o.resources} : {}),
        },
      ],
    },
  };
}

describe('kubectl win why (live)', function () {
  this.timeout(300_000);
  let cp: ControlPlane;
  const uids = new Map<string, string>();

  async function create(pod: ReturnType<typeof windowsPod>, ns = NS): Promise<void> {
    const r = await cp.api('POST', `/api/v1/namespaces/${ns}/pods`, pod);
    assert.ok(r.status < 300, `create ${pod.metadata.name}: ${r.status} ${JSON.stringify(r.body)}`);
    uids.set(pod.metadata.name, r.body.metadata.uid);
  }

  /** What a kubelet writes when a container cannot start: its status, through the status subresource. */
  async function setStatus(name: string, containerStatus: Record<string, unknown>, phase = 'Pending'): Promise<void> {
    await cp.waitForPodRunning(NS, name);
    const now = new Date().toISOString();
    const status = {
      phase,
      conditions: [
        {type: 'PodScheduled', status: 'True', lastTransitionTime: now},
        {type: 'Ready', status: 'False', reason: 'ContainersNotReady', lastTransitionTime: now},
        {type: 'ContainersReady', status: 'False', reason: 'ContainersNotReady', lastTransitionTime: now},
      ],
      containerStatuses: [
        {name: 'app', image: 'mcr.microsoft.com/windows/nanoserver:ltsc2022', imageID: '', ready: false, started: false, restartCount: 0, ...containerStatus},
      ],
    };
    const r = await cp.api('PATCH', `/api/v1/namespaces/${NS}/pods/${name}/status`, {status}, {contentType: 'application/merge-patch+json'});
    assert.ok(r.status < 300, `status of ${name}: ${r.status} ${JSON.stringify(r.body)}`);
  }

  /** A Warning event as the kubelet records it (core/v1, with count and timestamps). */
  async function warn(name: string, reason: string, message: string, opts: {count?: number; node?: string; kind?: string; ns?: string} = {}): Promise<void> {
    const ns = opts.ns ?? NS;
    const now = new Date().toISOString();
    const event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: {generateName: `${name}.`, namespace: ns},
      involvedObject: {kind: opts.kind ?? 'Pod', namespace: ns, name, ...(uids.has(name) ? {uid: uids.get(name)} : {}), apiVersion: 'v1'},
      reason,
      message,
      type: 'Warning',
      count: opts.count ?? 1,
      firstTimestamp: new Date(Date.now() - 600_000).toISOString(),
      lastTimestamp: now,
      source: {component: 'kubelet', host: opts.node ?? cp.nodes.win2019},
      reportingComponent: 'kubelet',
      reportingInstance: opts.node ?? cp.nodes.win2019,
    };
    const r = await cp.api('POST', `/api/v1/namespaces/${ns}/events`, event);
    assert.ok(r.status < 300, `event on ${name}: ${r.status} ${JSON.stringify(r.body)}`);
  }

  /** Waits until the scheduler (or a controller) has reported on the object. */
  async function waitForEvent(ns: string, name: string, reason: string): Promise<string> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const r = await cp.api<{items: Array<{reason: string; message: string; involvedObject: {name: string}}>}>(
        'GET',
        `/api/v1/namespaces/${ns}/events`,
        undefined,
        {query: {fieldSelector: `reason=${reason}`}},
      );
      const hit = r.body.items.find((e) => e.involvedObject.name === name || e.involvedObject.name.startsWith(`${name}-`));
      if (hit) return hit.message;
      if (Date.now() > deadline) throw new Error(`no ${reason} event for ${name} in ${ns}`);
      await sleep(500);
    }
  }

  async function why(args: string[], kubeconfig = cp.kubeconfig) {
    const r = await runCli(['why', ...args, '-o', 'json'], {kubeconfig});
    const report = r.json<Report<WhyItem>>();
    assert.deepEqual(envelopeErrors(report), [], 'the envelope follows docs/schema/kubectl-win-v1.json');
    return {r, report};
  }

  const itemOf = (report: Report<WhyItem>, name: string) => {
    const item = report.items.find((i) => i.name === name);
    assert.ok(item, `${name} not in ${report.items.map((i) => i.name).join(', ')}`);
    return item;
  };

  before(async function () {
    this.timeout(600_000);
    cp = await controlPlane();
    await cp.createNamespace(NS);
    await cp.createNamespace(NS_PSA, {'pod-security.kubernetes.io/enforce': 'baseline'});
    // The scheduler's cases: no toleration, a build no node has, more memory than any Windows node.
    await create(windowsPod('no-toleration', {tolerations: []}));
    await create(windowsPod('no-such-build', {nodeSelector: {'kubernetes.io/os': 'windows', 'node.kubernetes.io/windows-build': '10.0.99999'}}));
    await create(windowsPod('too-big', {resources: {requests: {memory: '64Gi'}}}));
    // An extended resource no node has: the Linux node fails the selector, the Windows ones the fit.
    await create(windowsPod('no-dongle', {resources: {requests: {'example.com/dongle': '1'}, limits: {'example.com/dongle': '1'}}}));
    // Runtime failures on a node.
    await create(windowsPod('os-mismatch', {node: cp.nodes.win2019, image: 'mcr.microsoft.com/windows/servercore:ltsc2022'}));
    for (const n of ['hns-0', 'hns-1', 'hns-2']) await create(windowsPod(n, {node: cp.nodes.win2022}));
    await create(windowsPod('no-command', {node: cp.nodes.win2022, command: ['/bin/sh', '-c', 'echo']}));
    await create(windowsPod('gmsa-empty', {node: cp.nodes.win2022}));
    await create(windowsPod('smb', {node: cp.nodes.win2022}));
    await create(windowsPod('slow-pull', {node: cp.nodes.win2022}));
    await create(windowsPod('dll', {node: cp.nodes.win2022}));
    await create(windowsPod('odd-exit', {node: cp.nodes.win2022}));
    await create(windowsPod('healthy', {node: cp.nodes.win2022}));
    // A HostProcess Deployment in a baseline namespace: the ReplicaSet controller's FailedCreate.
    const r = await cp.api('POST', `/apis/apps/v1/namespaces/${NS_PSA}/deployments`, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {name: 'hostproc'},
      spec: {
        replicas: 1,
        selector: {matchLabels: {app: 'hostproc'}},
        template: {
          metadata: {labels: {app: 'hostproc'}},
          spec: {
            os: {name: 'windows'},
            hostNetwork: true,
            securityContext: {windowsOptions: {hostProcess: true, runAsUserName: 'NT AUTHORITY\\SYSTEM'}},
            nodeSelector: {'kubernetes.io/os': 'windows'},
            tolerations: [WINDOWS_TOLERATION],
            containers: [{name: 'agent', image: 'mcr.microsoft.com/oss/kubernetes/windows-host-process-containers-base-image:v1.0.0'}],
          },
        },
      },
    });
    assert.ok(r.status < 300, `deployment: ${r.status}`);

    await setStatus('os-mismatch', {
      state: {
        waiting: {
          reason: 'RunContainerError',
          message:
            'failed to create containerd task: failed to create shim task: hcs::CreateComputeSystem app: The container operating system does not match the host operating system.: unknown',
        },
      },
    });
    await warn(
      'os-mismatch',
      'Failed',
      'Error: failed to create containerd task: failed to create shim task: hcs::CreateComputeSystem app: The container operating system does not match the host operating system.: unknown',
      {count: 4},
    );
    for (const n of ['hns-0', 'hns-1', 'hns-2']) {
      await setStatus(n, {state: {waiting: {reason: 'ContainerCreating'}}});
      await warn(
        n,
        'FailedCreatePodSandBox',
        `Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "0123${n}": plugin type="win-overlay" failed (add): network: Failed to create endpoint: HNS failed with error : Element not found.`,
        {count: 12, node: cp.nodes.win2022},
      );
    }
    await setStatus('no-command', {
      state: {
        waiting: {
          reason: 'RunContainerError',
          message:
            'failed to create containerd task: failed to create shim task: hcs::System::CreateProcess /bin/sh -c echo app: The system cannot find the file specified.: unknown',
        },
      },
    });
    await setStatus('gmsa-empty', {
      state: {
        waiting: {
          reason: 'RunContainerError',
          message: 'failed to start container "app": Error response from daemon: hcsshim::CreateComputeSystem app: winapi error #3489660941',
        },
      },
    });
    await setStatus('smb', {state: {waiting: {reason: 'ContainerCreating'}}});
    await warn(
      'smb',
      'FailedMount',
      'MountVolume.MountDevice failed for volume "pv-smb" : kubernetes.io/csi: attacher.MountDevice failed to create newCsiDriverClient: driver name smb.csi.k8s.io not found in the list of registered CSI drivers',
      {node: cp.nodes.win2022, count: 7},
    );
    await setStatus('slow-pull', {
      state: {waiting: {reason: 'ImagePullBackOff', message: 'Back-off pulling image "mcr.microsoft.com/windows/servercore:ltsc2022"'}},
    });
    await warn(
      'slow-pull',
      'Failed',
      'Failed to pull image "mcr.microsoft.com/windows/servercore:ltsc2022": rpc error: code = DeadlineExceeded desc = context deadline exceeded',
      {node: cp.nodes.win2022, count: 3},
    );
    // Exit codes as containerd on Windows reports them: 0xC0000135 as a signed int32.
    const crashed = (code: number) => ({
      state: {waiting: {reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container=app'}},
      lastState: {terminated: {reason: 'Error', exitCode: code, startedAt: new Date().toISOString(), finishedAt: new Date().toISOString()}},
      restartCount: 6,
    });
    await setStatus('dll', crashed(-1073741515), 'Running');
    await setStatus('odd-exit', crashed(42), 'Running');
    await cp.waitForPodRunning(NS, 'healthy');
  });

  it('the real scheduler: an untolerated Windows taint, decoded and proved by lint', async () => {
    const message = await waitForEvent(NS, 'no-toleration', 'FailedScheduling');
    // v1.34 counts the nodes without naming the taint (older releases named it: see the unit tests).
    assert.match(message, /3 node\(s\) had untolerated taint/);
    const {r, report} = await why(['no-toleration', '-n', NS]);
    const item = itemOf(report, 'no-toleration');
    assert.equal(item.status, 'Pending');
    assert.equal(item.causes[0].id, 'why/unschedulable-taint');
    assert.ok(item.causes[0].evidence[0].includes(message), item.causes[0].evidence[0]);
    assert.match(item.causes[0].evidence[0], /^FailedScheduling/);
    assert.deepEqual({check: item.causes[0].proof?.check, found: item.causes[0].proof?.found}, {check: 'lint/windows-toleration-missing', found: true});
    assert.equal(r.code, 1, r.stderr);
  });

  it('the real scheduler: a selector no node matches, and too little allocatable memory', async () => {
    await waitForEvent(NS, 'no-such-build', 'FailedScheduling');
    await waitForEvent(NS, 'too-big', 'FailedScheduling');
    const {report} = await why(['no-such-build', 'too-big', '-n', NS]);
    assert.equal(itemOf(report, 'no-such-build').causes[0].id, 'why/unschedulable-selector');
    const big = itemOf(report, 'too-big');
    assert.equal(big.causes[0].id, 'why/unschedulable-capacity');
    assert.match(big.causes[0].evidence.join('\n'), /Insufficient memory/);
    // Tied to the nodes: what each Windows node leaves to pods after its system reserve.
    assert.ok(
      big.causes[0].context?.includes(`${cp.nodes.win2022}: allocatable cpu 8 of 8, memory 30Gi of 32Gi (the rest is reserved for the system)`),
      JSON.stringify(big.causes[0].context),
    );
  });

  it("the real scheduler: an extended resource no Windows node has is the capacity cause, not the Linux node's selector", async () => {
    const message = await waitForEvent(NS, 'no-dongle', 'FailedScheduling');
    assert.match(message, /1 node\(s\) didn't match Pod's node affinity\/selector, 3 Insufficient example\.com\/dongle/);
    const {r, report} = await why(['no-dongle', '-n', NS]);
    const item = itemOf(report, 'no-dongle');
    assert.deepEqual(
      item.causes.map((c) => c.id),
      ['why/unschedulable-capacity'],
    );
    const [c] = item.causes;
    assert.deepEqual(c.resources, ['example.com/dongle']);
    assert.match(c.cause, /too little allocatable example\.com\/dongle left/);
    assert.ok(c.evidence[0].includes(message), c.evidence[0]);
    assert.deepEqual(c.context?.slice(0, 2), [
      '3 of 4: Insufficient example.com/dongle',
      "1 of 4: node(s) didn't match Pod's node affinity/selector (nodes of another OS, which the pod does not select: as intended)",
    ]);
    assert.ok(
      c.context?.includes(`${cp.nodes.win2022}: allocatable cpu 8 of 8, memory 30Gi of 32Gi, no example.com/dongle (the rest is reserved for the system)`),
      JSON.stringify(c.context),
    );
    assert.equal(r.code, 1, r.stderr);
  });

  it('image against host build: the hcs message, proved by lint/image-os-version-mismatch', async () => {
    const {report} = await why(['os-mismatch', '-n', NS]);
    const item = itemOf(report, 'os-mismatch');
    assert.equal(item.status, 'RunContainerError');
    assert.equal(item.node, cp.nodes.win2019);
    assert.equal(item.causes[0].id, 'why/image-os-mismatch');
    assert.equal(item.causes[0].proof?.found, true, JSON.stringify(item.related));
    assert.ok(
      item.causes[0].evidence.some((e) => /^Failed \[x4, \d+s ago\]: "Error: failed to create containerd task/.test(e)),
      item.causes[0].evidence.join('\n'),
    );
    assert.ok(item.causes[0].sources.some((s) => s.url === 'https://github.com/MicrosoftDocs/Virtualization-Documentation/issues/765'));
  });

  it('HNS: three pods on one node are named once, on the node, which still reports Ready', async () => {
    const {report} = await why(['-n', NS]);
    for (const n of ['hns-0', 'hns-1', 'hns-2']) assert.equal(itemOf(report, n).causes[0].id, 'why/hns-endpoint', n);
    const group = report.findings.filter((f) => f.id === 'why/node-explains-many');
    assert.equal(group.length, 1, JSON.stringify(group));
    assert.deepEqual(group[0].object, {kind: 'Node', name: cp.nodes.win2022});
    assert.match(group[0].message, new RegExp(`^${cp.nodes.win2022}: 3 pods fail with why/hns-endpoint .*Ready=True$`));
    // Only what does not start is listed without names: the healthy pod is not.
    assert.ok(!report.items.some((i) => i.name === 'healthy'));
  });

  it('process start, gMSA, storage and pulls: each decoded from the status or event the kubelet writes', async () => {
    const {report} = await why(['no-command', 'gmsa-empty', 'smb', 'slow-pull', '-n', NS]);
    assert.equal(itemOf(report, 'no-command').causes[0].id, 'why/command-not-found');
    assert.equal(itemOf(report, 'gmsa-empty').causes[0].id, 'why/gmsa-credspec-empty');
    const smb = itemOf(report, 'smb');
    assert.equal(smb.causes[0].id, 'why/csi-driver-missing');
    assert.match(smb.causes[0].evidence[0], /^FailedMount \[x7, \d+s ago\]/);
    const pull = itemOf(report, 'slow-pull');
    assert.deepEqual(
      pull.causes.map((c) => c.id),
      ['why/image-pull-timeout', 'why/image-pull-failed'],
    );
  });

  it('exit codes: 0xC0000135 reported as a signed int32 is the missing DLL; an unknown code is shown in hex and decimal', async () => {
    const {report} = await why(['dll', 'odd-exit', '-n', NS]);
    const dll = itemOf(report, 'dll');
    assert.equal(dll.status, 'CrashLoopBackOff');
    assert.equal(dll.restarts, 6);
    assert.equal(dll.causes[0].id, 'why/exit-dll-not-found');
    assert.deepEqual(dll.causes[0].exitCodes, ['exit code 3221225781 = 0xC0000135 (STATUS_DLL_NOT_FOUND: a DLL was not found)']);
    const odd = itemOf(report, 'odd-exit');
    assert.equal(odd.causes[0].id, 'why/exit-code');
    assert.deepEqual(odd.causes[0].exitCodes, ['exit code 42']);
  });

  it("admission: the ReplicaSet controller's FailedCreate from Pod Security, for deployment/NAME with no pod", async () => {
    const message = await waitForEvent(NS_PSA, 'hostproc', 'FailedCreate');
    assert.match(message, /violates PodSecurity "baseline:latest"/);
    const {r, report} = await why(['deployment/hostproc', '-n', NS_PSA]);
    const rs = report.items.find((i) => i.kind === 'ReplicaSet');
    assert.ok(rs, JSON.stringify(report.items.map((i) => `${i.kind}/${i.name}`)));
    assert.equal(rs.causes[0].id, 'why/podsecurity-forbidden');
    assert.ok(rs.causes[0].evidence[0].startsWith(`FailedCreate on ReplicaSet/${rs.name}`), rs.causes[0].evidence[0]);
    assert.equal(rs.causes[0].proof?.found, true, JSON.stringify(rs.related));
    assert.ok(!report.items.some((i) => i.kind === 'Deployment'), 'the ReplicaSet answers for the Deployment');
    assert.equal(r.code, 1);
  });

  it('a running, ready pod has nothing to explain (exit 0), in the text output too', async () => {
    const {r, report} = await why(['healthy', '-n', NS]);
    const item = itemOf(report, 'healthy');
    assert.equal(item.verdict, 'nothing to explain');
    assert.deepEqual(item.causes, []);
    assert.equal(report.findings.length, 0);
    assert.equal(r.code, 0, r.stderr);
    const text = await runCli(['why', 'healthy', '-n', NS], {kubeconfig: cp.kubeconfig});
    assert.match(text.stdout, /nothing to explain: the pod is running and ready/);
    assert.equal(text.code, 0);
  });

  it('the text output gives the cause, the quoted evidence, why, the fix, the proof and the source', async () => {
    const r = await runCli(['why', 'os-mismatch', '-n', NS], {kubeconfig: cp.kubeconfig});
    assert.match(r.stdout, /CAUSE why\/image-os-mismatch: /);
    assert.match(r.stdout, /evidence: Failed \[x4, \d+s ago\]: "Error: failed to create containerd task/);
    assert.match(r.stdout, /fix: Use the image tag of the node's release/);
    assert.match(r.stdout, /proved by lint\/image-os-version-mismatch: /);
    assert.match(r.stdout, /source: https:\/\/github.com\/microsoft\/dotnet-framework-docker\/issues\/1265/);
    assert.equal(r.code, 1);
  });

  it('doctor: a section for the Windows pods that are not running, with the decoded cause', async () => {
    const r = await runCli(['doctor', '-n', NS, '-o', 'json'], {kubeconfig: cp.kubeconfig});
    const report = r.json<Report<{analysis: string; status: string; items: number}>>();
    const why = report.items.find((i) => i.analysis === 'why');
    assert.equal(why?.status, 'ran');
    const causes = new Map(report.findings.filter((f) => f.id.startsWith('why/') && f.object?.kind === 'Pod').map((f) => [f.object!.name, f.id]));
    assert.equal(causes.get('os-mismatch'), 'why/image-os-mismatch');
    assert.equal(causes.get('dll'), 'why/exit-dll-not-found');
    assert.ok(!causes.has('healthy'));
    const text = await runCli(['doctor', '-n', NS], {kubeconfig: cp.kubeconfig});
    assert.match(text.stdout, /Windows pods that are not running/);
    assert.match(text.stdout, new RegExp(`Pod ${NS}/no-toleration\\s+why/unschedulable-taint`));
    assert.equal(text.code, 1);
  });

  it('exit 4 when the events cannot be read, naming the RBAC rule; exit 2 for an unknown pod', async () => {
    const user = `why-no-events-${Date.now() % 100000}`;
    await cp.apply(`apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: ${user}, namespace: ${NS}}
rules:
- {apiGroups: [""], resources: [pods], verbs: [get, list]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: ${user}, namespace: ${NS}}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: ${user}}
subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: ${user}}]
`);
    await cp.rbacSynced(NS);
    const kubeconfig = await cp.kubeconfigFor(user);
    const {r, report} = await why(['os-mismatch', '-n', NS], kubeconfig);
    const events = report.reads.find((x) => x.resource === 'events');
    assert.deepEqual(
      {primary: events?.primary, complete: events?.complete, rule: events?.rule},
      {primary: true, complete: false, rule: `list events in namespace ${NS}`},
    );
    // The status alone still decodes the cause.
    assert.equal(itemOf(report, 'os-mismatch').causes[0].id, 'why/image-os-mismatch');
    assert.equal(r.code, 4, r.stderr);
    const missing = await runCli(['why', 'no-such-pod', '-n', NS], {kubeconfig: cp.kubeconfig});
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr.trim(), `error: pods "no-such-pod" not found in namespace "${NS}"`);
  });

  it("-w: the answer changes when a fix makes the pod schedulable, as JSON documents, and Ctrl-C ends with the answer's exit code", async () => {
    const ns = `${NS}-watch`;
    await cp.createNamespace(ns);
    await create(windowsPod('fix-me', {tolerations: []}), ns);
    await waitForEvent(ns, 'fix-me', 'FailedScheduling');
    const w = watchCli(['why', 'fix-me', '-n', ns, '-w', '-o', 'json'], cp.kubeconfig);
    const fine = /"verdict": "nothing to explain"/;
    try {
      await w.waitFor(() => /"id": "why\/unschedulable-taint"/.test(w.stdout()), 'the first answer');
      assert.ok(!fine.test(w.stdout()), w.stdout());
      // The fix: the toleration (a pod's tolerations may be added to); the scheduler places it, kwok runs it.
      const patched = await cp.api(
        'PATCH',
        `/api/v1/namespaces/${ns}/pods/fix-me`,
        {spec: {tolerations: [WINDOWS_TOLERATION]}},
        {contentType: 'application/strategic-merge-patch+json'},
      );
      assert.ok(patched.status < 300, `patch: ${patched.status} ${JSON.stringify(patched.body)}`);
      await w.waitFor(() => fine.test(w.stdout()), 'the answer after the fix');
      // Each answer is a whole kubectl-win/v1 document.
      const docs = w
        .stdout()
        .split(/\n(?=\{)/)
        .map((d) => JSON.parse(d) as Report<WhyItem>);
      assert.ok(docs.length >= 2, w.stdout());
      for (const d of docs) assert.deepEqual(envelopeErrors(d), []);
      assert.equal(docs[0].items[0].causes[0].id, 'why/unschedulable-taint');
      assert.equal(docs.at(-1)!.items[0].verdict, 'nothing to explain');
      const code = await w.interrupt();
      const once = await runCli(['why', 'fix-me', '-n', ns], {kubeconfig: cp.kubeconfig});
      assert.equal(once.code, 0, once.stderr);
      assert.equal(code, once.code, w.stderr());
      assert.ok(!/interrupted|error/i.test(w.stderr()), w.stderr());
    } finally {
      w.kill();
    }
  });
});
