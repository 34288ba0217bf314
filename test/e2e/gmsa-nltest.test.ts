// `kubectl win gmsa nltest` on the real control plane: exec goes through the apiserver to kwok, whose
// stand-in Windows tools play each staged scenario (healthy, credspec-missing, broken-channel,
// no-nltest, no-powershell, dns-timeout, hang). The plugin's exec code is the real one.
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {controlPlane, type ControlPlane, type Scenario} from '../../harness/index.js';
import {podYaml, windowsSpecOn} from '../support/pod.js';
import {runCli} from './cli.js';
import {envelopeErrors} from '../support/envelope-schema.js';

const NS = 'e2e-nltest';
const CREDSPEC = 'e2e-nltest-contoso';

type Step = {kind: string; command: string; exitCode: number | null; status: string; meaning: string};
type Item = {
  namespace: string;
  name: string;
  container: string;
  credentialSpec: string | null;
  domain: string | null;
  steps: Step[];
  verdict: {result: string; ok: boolean; message: string; next: string[]};
};
type Report = {kind: string; items: Item[]; findings: {id: string; severity: string}[]};

function windowsPod(name: string, node: string): string {
  return podYaml({
    name,
    namespace: NS,
    spec: windowsSpecOn(node, [
      {name: 'sidecar', image: 'mcr.microsoft.com/oss/kubernetes/pause:3.9'},
      {
        name: 'iis',
        image: 'mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022',
        securityContext: {windowsOptions: {gmsaCredentialSpecName: CREDSPEC}},
      },
    ]),
  });
}

describe('e2e gmsa nltest: the troubleshooting flow through exec', function () {
  this.timeout(300_000);
  let cp: ControlPlane;
  const nltest = async (args: string[]) => {
    const r = await runCli(['gmsa', 'nltest', '-n', NS, ...args, '-o', 'json'], {kubeconfig: cp.kubeconfig});
    const report = (r.code === 0 || r.code === 1 ? r.json() : undefined) as Report;
    if (report) assert.deepEqual(envelopeErrors(report), [], 'the kubectl-win/v1 schema');
    return {r, report};
  };

  before(async function () {
    cp = await controlPlane();
    await cp.createNamespace(NS);
    await cp.apply(readFileSync(join(process.cwd(), 'examples', 'gmsa', '01-crd.yaml'), 'utf8'));
    const wait = await cp.kubectl(['wait', '--for=condition=Established', '--timeout=60s', 'crd/gmsacredentialspecs.windows.k8s.io']);
    assert.equal(wait.code, 0, wait.stderr);
    await cp.apply(`apiVersion: windows.k8s.io/v1
kind: GMSACredentialSpec
metadata: {name: ${CREDSPEC}}
credspec:
  ActiveDirectoryConfig:
    GroupManagedServiceAccounts: [{Name: WebApp1, Scope: CONTOSO}, {Name: WebApp1, Scope: contoso.com}]
  CmsPlugins: [ActiveDirectory]
  DomainJoinConfig: {DnsName: contoso.com, DnsTreeName: contoso.com, NetBiosName: CONTOSO, MachineAccountName: WebApp1, Guid: 244818ae-87ac-4fcd-92ec-e79e5252348a, Sid: S-1-5-21-2126449477-2524075714-3094792973}
`);
    const staged: [string, Scenario | Scenario[]][] = [
      ['healthy', 'healthy'],
      ['credspec-missing', 'credspec-missing'],
      ['broken', 'broken-channel'],
      ['nanoserver', ['no-nltest', 'no-powershell']],
      ['no-pwsh', 'no-powershell'],
      ['dns', 'dns-timeout'],
      ['stuck', 'hang'],
    ];
    for (const [pod, scenario] of staged) await cp.stageExec(NS, pod, scenario);
    await cp.apply(staged.map(([p], i) => windowsPod(p, i % 2 ? cp.nodes.win2022 : cp.nodes.win2019)).join('---\n'));
    await cp.apply(`apiVersion: apps/v1
kind: Deployment
metadata: {name: iis, namespace: ${NS}}
spec:
  replicas: 2
  selector: {matchLabels: {app: iis}}
  template:
    metadata: {labels: {app: iis}}
    spec:
      nodeName: ${cp.nodes.win2022}
      os: {name: windows}
      tolerations: [{key: os, operator: Equal, value: windows, effect: NoSchedule}]
      securityContext: {windowsOptions: {gmsaCredentialSpecName: ${CREDSPEC}}}
      containers: [{name: iis, image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022}]
`);
    await Promise.all(staged.map(([p]) => cp.waitForPodRunning(NS, p)));
    const deadline = Date.now() + 60_000;
    for (;;) {
      const r = await cp.api<{items: {status?: {phase?: string}}[]}>('GET', `/api/v1/namespaces/${NS}/pods`, undefined, {query: {labelSelector: 'app=iis'}});
      if (r.body.items.filter((p) => p.status?.phase === 'Running').length === 2) break;
      if (Date.now() > deadline) throw new Error('deployment iis: 2 Running pods did not appear');
      await new Promise((res) => setTimeout(res, 250));
    }
  });

  it('healthy: every step succeeds, in the container that runs with the credential spec', async () => {
    const {r, report} = await nltest(['healthy']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(report.kind, 'NltestReport');
    const [item] = report.items;
    assert.deepEqual([item.namespace, item.name, item.container, item.credentialSpec, item.domain], [NS, 'healthy', 'iis', CREDSPEC, 'contoso.com']);
    assert.deepEqual(
      item.steps.map((s) => [s.command, s.exitCode, s.status]),
      [
        ['nltest /parentdomain', 0, 'completed'],
        ['nslookup contoso.com', 0, 'resolved'],
        ['nltest /query', 0, '0 0x0 NERR_Success'],
        ['powershell.exe -NoProfile -Command $PSVersionTable.PSVersion.ToString()', 0, 'PowerShell 5.1.17763.6893'],
      ],
    );
    assert.equal(item.verdict.result, 'healthy');
    assert.match(item.verdict.next.join('\n'), /EnableCompartmentNamespace/);
    for (const s of item.steps) for (const f of ['command', 'exitCode', 'status', 'meaning']) assert.ok(f in s);
  });

  it('credspec-missing: 1722 on /parentdomain; the pod spec shows the webhook never inlined it (exit 1)', async () => {
    const {r, report} = await nltest(['credspec-missing']);
    assert.equal(r.code, 1, r.stderr);
    const [item] = report.items;
    assert.equal(item.steps[0].status, '1722 0x6ba RPC_S_SERVER_UNAVAILABLE');
    assert.equal(item.steps[0].exitCode, 1);
    assert.equal(item.verdict.result, 'credspec-not-applied');
    assert.match(item.verdict.message, /mutating webhook did not inline it/);
    assert.deepEqual(
      report.findings.map((f) => f.id),
      ['gmsa/nltest-failed'],
    );
  });

  it('broken channel: explained without --reset; --reset without a terminal or --yes refuses and changes nothing', async () => {
    const {r, report} = await nltest(['broken']);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(report.items[0].verdict.result, 'secure-channel-broken');
    assert.ok(!report.items[0].steps.some((s) => s.command.includes('/sc_reset')));
    const refused = await runCli(['gmsa', 'nltest', '-n', NS, 'broken', '--reset'], {kubeconfig: cp.kubeconfig});
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /--yes/);
    const still = await cp.exec(NS, 'broken', ['nltest', '/query'], {container: 'iis'});
    assert.equal(still.exitCode, 1, 'the refused --reset must not have repaired the channel');
  });

  it('broken channel with --reset --yes: nltest /sc_reset:<domain> repairs it; the postStart hook is suggested', async () => {
    const {r, report} = await nltest(['broken', '--reset', '--yes']);
    assert.equal(r.code, 0, r.stderr);
    const [item] = report.items;
    assert.deepEqual(item.steps.map((s) => [s.command, s.status]).slice(2, 5), [
      ['nltest /query', '1722 0x6ba RPC_S_SERVER_UNAVAILABLE'],
      ['nltest /sc_reset:contoso.com', '0 0x0 NERR_Success'],
      ['nltest /query', '0 0x0 NERR_Success'],
    ]);
    assert.equal(item.verdict.result, 'repaired');
    assert.match(item.verdict.next.join('\n'), /Restart-Service -Name netlogon/);
  });

  it('nanoserver: no nltest.exe and no PowerShell, with what to do', async () => {
    const {r, report} = await nltest(['nanoserver']);
    assert.equal(r.code, 0, r.stderr);
    const [item] = report.items;
    assert.equal(item.verdict.result, 'tools-missing');
    assert.equal(item.steps[0].status, 'not-found');
    assert.equal(item.steps[0].exitCode, null);
    assert.match(item.verdict.next.join('\n'), /Server Core/);
    assert.deepEqual(
      report.findings.map((f) => [f.id, f.severity]),
      [['gmsa/nltest-tools-missing', 'warning']],
    );
  });

  it('no PowerShell only: the domain checks pass; a warning says the postStart hook cannot run', async () => {
    const {r, report} = await nltest(['no-pwsh']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(report.items[0].verdict.result, 'healthy');
    assert.equal(report.items[0].steps.at(-1)!.status, 'not-found');
    assert.deepEqual(
      report.findings.map((f) => f.id),
      ['gmsa/nltest-tools-missing'],
    );
  });

  it('DNS timeouts: the lookup step explains the pod cannot reach DNS', async () => {
    const {report} = await nltest(['dns']);
    assert.equal(report.items[0].verdict.result, 'dns-failure');
    assert.equal(report.items[0].steps[1].status, 'timeout');
  });

  it('a pod that never answers: the step times out per --timeout and the command does not hang', async () => {
    const t0 = Date.now();
    const {r, report} = await nltest(['stuck', '--timeout', '2s']);
    const took = Date.now() - t0;
    assert.equal(r.code, 0, r.stderr);
    assert.equal(report.items[0].verdict.result, 'timeout');
    assert.deepEqual(
      report.items[0].steps.map((s) => s.status),
      ['timeout'],
    );
    assert.ok(took < 20_000, `took ${took} ms`);
  });

  it('a workload with --all-replicas probes every Running pod', async () => {
    const {r, report} = await nltest(['deployment/iis', '--all-replicas']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(report.items.length, 2);
    assert.ok(report.items.every((i) => i.verdict.result === 'healthy' && i.name.startsWith('iis-')));
    const one = await nltest(['deployment/iis']);
    assert.equal(one.report.items.length, 1);
  });

  it('--as applies to exec too: a user without pods/exec is refused, and the verdict says why', async () => {
    // A user who may read pods but not exec into them (pods/exec is a subresource of its own).
    const reader = 'e2e-nltest-reader';
    await cp.apply(`apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: pod-reader, namespace: ${NS}}
rules: [{apiGroups: [""], resources: [pods], verbs: [get, list]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: pod-reader, namespace: ${NS}}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: pod-reader}
subjects: [{kind: User, apiGroup: rbac.authorization.k8s.io, name: ${reader}}]
`);
    await new Promise((res) => setTimeout(res, 1000));
    const r = await runCli(['gmsa', 'nltest', '-n', NS, 'healthy', '--as', reader, '-o', 'json'], {kubeconfig: cp.kubeconfig});
    assert.equal(r.code, 1, r.stderr);
    const item = (r.json() as Report).items[0];
    assert.equal(item.verdict.result, 'exec-failed');
    assert.match(item.steps[0].meaning, /cannot exec into pod "healthy" container "iis".*403/);
  });

  it('--as-group applies to exec too: a user allowed only through a group runs the probe', async () => {
    // The rights come only from the group, so exec succeeds only if Impersonate-Group reaches the exec request.
    const user = 'e2e-nltest-grouped';
    const group = 'e2e-nltest-execers';
    await cp.apply(`apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: pod-exec, namespace: ${NS}}
rules:
- {apiGroups: [""], resources: [pods], verbs: [get, list]}
- {apiGroups: [""], resources: [pods/exec], verbs: [get, create]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: pod-exec-group, namespace: ${NS}}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: pod-exec}
subjects: [{kind: Group, apiGroup: rbac.authorization.k8s.io, name: ${group}}]
`);
    await cp.rbacSynced(NS);
    const withGroup = await runCli(['gmsa', 'nltest', '-n', NS, 'healthy', '--as', user, '--as-group', group, '-o', 'json'], {kubeconfig: cp.kubeconfig});
    assert.equal(withGroup.code, 0, withGroup.stderr);
    assert.equal((withGroup.json() as Report).items[0].verdict.result, 'healthy');
    const without = await runCli(['gmsa', 'nltest', '-n', NS, 'healthy', '--as', user, '-o', 'json'], {kubeconfig: cp.kubeconfig});
    assert.equal(without.code, 2, `without the group the pod cannot even be read: ${without.stderr}`);
  });

  it('usage errors exit 2: -f offline, unknown pod, unknown container', async () => {
    const offline = await runCli(['gmsa', 'nltest', '-f', 'examples/gmsa', 'healthy']);
    assert.equal(offline.code, 2);
    assert.match(offline.stderr, /cannot run on manifests/);
    const unknown = await runCli(['gmsa', 'nltest', '-n', NS, 'no-such-pod'], {kubeconfig: cp.kubeconfig});
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /pods "no-such-pod" not found/);
    const badContainer = await runCli(['gmsa', 'nltest', '-n', NS, 'healthy', '-c', 'nope'], {kubeconfig: cp.kubeconfig});
    assert.equal(badContainer.code, 2);
  });
});
