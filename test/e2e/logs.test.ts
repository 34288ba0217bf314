// `kubectl win logs` end to end: the real apiserver's node proxy to the stand-in kubelet
// (harness/kubelet-standin.ts, Windows answers per the kubelet's code), real RBAC on nodes/proxy.
import assert from 'node:assert/strict';
import {controlPlane, type ControlPlane} from '../../harness/index.js';
import {runCli, watchCli} from './cli.js';

const FLEET = {'kubectl-win.e2e/logs-fleet': 'yes', 'kubectl-win.e2e/logs-mixed': 'yes'};
const NODES = ['logs-win-a', 'logs-win-b', 'logs-query-off', 'logs-handler-off', 'logs-hang', 'logs-ga-kubelet', 'logs-docker'];

/** The Format-Table data rows of a node's output (each line `NODE 12/6/2026 ...`). */
function rows(stdout: string, node: string): string[] {
  return stdout.split('\n').filter((l) => l.startsWith(`${node} `) && /^\S+ \d+\/\d+\/\d{4} /.test(l));
}

describe('e2e: kubectl win logs (Node Log Query through the apiserver)', function () {
  this.timeout(120_000);
  let cp: ControlPlane;
  const logs = (args: string[], kubeconfig?: string) => runCli(['logs', ...args], {kubeconfig: kubeconfig ?? cp.kubeconfig});

  before(async function () {
    this.timeout(0);
    cp = await controlPlane();
    const standIn = await cp.nodeLogs();
    await standIn.addWindowsNode({name: 'logs-win-a', logQuery: 'on', labels: FLEET});
    await standIn.addWindowsNode({name: 'logs-win-b', logQuery: 'on', labels: FLEET});
    await standIn.addWindowsNode({name: 'logs-query-off', logQuery: 'query-off'});
    await standIn.addWindowsNode({name: 'logs-handler-off', logQuery: 'handler-off'});
    await standIn.addWindowsNode({name: 'logs-hang', logQuery: 'on', answer: 'never', labels: {'kubectl-win.e2e/logs-mixed': 'yes'}});
    await standIn.addWindowsNode({name: 'logs-docker', logQuery: 'on', runtime: 'docker'});
    await standIn.addWindowsNode({name: 'logs-ga-kubelet', logQuery: 'query-off', kubeletVersion: 'v1.36.3'});
  });

  after(async () => {
    // Other files count the Windows nodes: these go when this file is done.
    for (const n of NODES) await cp.api('DELETE', `/api/v1/nodes/${n}`);
  });

  describe('presets', () => {
    it('containerd: its Application-log events, each line prefixed with the node', async () => {
      const r = await logs(['logs-win-a', '--preset', 'containerd']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^logs-win-a {4}ProviderName: containerd$/m);
      assert.equal(rows(r.stdout, 'logs-win-a').length, 6, r.stdout);
      assert.ok(
        r.stdout.split('\n').every((l) => l === '' || l.startsWith('logs-win-a ')),
        r.stdout,
      );
      assert.ok(!r.stdout.includes('\r'), 'CRLF line ends are removed');
    });

    it('kubelet: the file C:\\var\\log\\kubelet\\kubelet.log, whole', async () => {
      const r = await logs(['logs-win-a', '--preset', 'kubelet']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^logs-win-a I1206 09:58:01\.210442 +4412 server\.go:1262\] "Started kubelet"$/m);
    });

    it('kubelet with --since: the kubelet takes no options for a file; said, with the fix, exit 4', async () => {
      const r = await logs(['logs-win-a', '--preset', 'kubelet', '--since', '1h']);
      assert.equal(r.code, 4, r.stderr);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /node logs-win-a: kubelet logs to a file here, and the kubelet reads files only without --since/);
      assert.match(r.stderr, /\[logs\/file-with-options\]/);
    });

    it('containerd on a dockershim node: no such provider and no file; said, exit 4; --query docker reads dockerd', async () => {
      const r = await logs(['logs-docker', '--preset', 'containerd']);
      assert.equal(r.code, 4, r.stderr);
      assert.match(r.stderr, /node logs-docker: no event provider and no log file for containerd \[logs\/log-not-found\]/);
      const docker = await logs(['logs-docker', '--query', 'docker']);
      assert.equal(docker.code, 0, docker.stderr);
      assert.ok(docker.stdout, docker.stderr);
      assert.match(docker.stdout, /^logs-docker .*hcsshim::CreateComputeSystem/m);
    });

    for (const [preset, provider, channel] of [
      ['gmsa', 'Microsoft-Windows-Containers-CCG', 'Microsoft-Windows-Containers-CCG/Admin'],
      ['hns', 'Microsoft-Windows-Host-Network-Service', 'Microsoft-Windows-Host-Network-Service-Admin'],
      ['hcs', 'Microsoft-Windows-Hyper-V-Compute', 'Microsoft-Windows-Hyper-V-Compute-Admin'],
    ]) {
      it(`${preset}: ${provider} writes to ${channel}, which the kubelet cannot read: the on-node command, exit 4`, async () => {
        const r = await logs(['logs-win-a', '--preset', preset, '--since', '1h']);
        assert.equal(r.code, 4, r.stderr);
        assert.equal(r.stdout, '');
        assert.match(
          r.stderr,
          /node logs-win-a: the provider writes no events to the Application log, the only log the Windows kubelet reads \[logs\/channel-unreachable\]/,
        );
        assert.ok(r.stderr.includes(`Get-WinEvent -LogName '${channel}' -MaxEvents 50`), r.stderr);
      });
    }
  });

  describe('--since, --tail, --pattern (the kubelet filters)', () => {
    it('--since 1h keeps the entries of the last hour', async () => {
      const r = await logs(['logs-win-a', '--query', 'containerd', '--since', '1h']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(rows(r.stdout, 'logs-win-a').length, 4, r.stdout);
      assert.ok(!r.stdout.includes('starting containerd'), r.stdout);
    });

    it('--tail 2 keeps the newest two, oldest first', async () => {
      const r = await logs(['logs-win-a', '--query', 'containerd', '--tail', '2']);
      assert.equal(r.code, 0, r.stderr);
      const data = rows(r.stdout, 'logs-win-a');
      assert.equal(data.length, 2, r.stdout);
      assert.match(data[0], /PullImage/);
      assert.match(data[1], /hcs::System::Shutdown/);
    });

    it('--pattern keeps the matching messages', async () => {
      const r = await logs(['logs-win-a', '--query', 'containerd', '--pattern', 'hcs::(System|Create)']);
      assert.equal(r.code, 0, r.stderr);
      const data = rows(r.stdout, 'logs-win-a');
      assert.equal(data.length, 3, r.stdout);
      assert.ok(data.every((l) => l.includes('hcs::')));
    });

    it('nothing in the window: "no entries matched", exit 0 (checked and clean)', async () => {
      const r = await logs(['logs-win-a', '--query', 'containerd', '--since', '1m']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr, 'logs-win-a: no entries matched\n');
    });
  });

  describe('bad input: exit 2 before any request, in the kubelet words', () => {
    // No kubeconfig at all: any attempt to read would be exit 3, not 2.
    it('--pattern Go cannot parse', async () => {
      const r = await runCli(['logs', 'logs-win-a', '--query', 'containerd', '--pattern', '(?=x)'], {kubeconfig: '/nonexistent/kubeconfig'});
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stderr, 'error: invalid --pattern: pattern: Invalid value: "(?=x)": error parsing regexp: invalid or unsupported Perl syntax: `(?=`\n');
    });
    it('--since that is neither a duration nor RFC 3339', async () => {
      const r = await runCli(['logs', 'logs-win-a', '--preset', 'containerd', '--since', 'yesterday'], {kubeconfig: '/nonexistent/kubeconfig'});
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stderr, 'error: invalid --since "yesterday": use a duration like 10s, 1m or 0\n');
    });
    it('--tail out of the kubelet range', async () => {
      const r = await runCli(['logs', 'logs-win-a', '--preset', 'containerd', '--tail', '100001'], {kubeconfig: '/nonexistent/kubeconfig'});
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stderr, 'error: invalid --tail: tailLines: Invalid value: 100001: must be between 0 and 100000, inclusive\n');
    });
    it('--follow: the API does not stream', async () => {
      const r = await runCli(['logs', 'logs-win-a', '--preset', 'containerd', '--follow'], {kubeconfig: '/nonexistent/kubeconfig'});
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /--follow is not possible: the kubelet's log query answers once/);
    });
    it('--boot on a Windows node: the Windows kubelet refuses it, said before the query', async () => {
      const r = await logs(['logs-win-a', '--preset', 'containerd', '--boot', '0']);
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stderr, 'error: invalid --boot: boot: Invalid value: 0: not supported on Windows\n');
    });
  });

  describe('the feature off: the kubelet configuration that enables it, never a raw error', () => {
    it('enableSystemLogQuery off (the default): the query would be ignored; the exact configuration, exit 4', async () => {
      const r = await logs(['logs-query-off', '--preset', 'containerd']);
      assert.equal(r.code, 4, r.stderr);
      assert.match(r.stderr, /node logs-query-off: the kubelet has enableSystemLogQuery off: .* \(\/configz\) \[logs\/query-disabled\]/);
      for (const line of ['kind: KubeletConfiguration', 'enableSystemLogHandler: true', 'enableSystemLogQuery: true', 'NodeLogQuery: true'])
        assert.ok(r.stderr.includes(`  ${line}`), r.stderr);
      assert.doesNotMatch(r.stderr, /<pre>|404|405/);
    });
    it('a v1.36 kubelet: the same configuration without the feature gate (GA, locked on)', async () => {
      const r = await logs(['logs-ga-kubelet', '--preset', 'containerd']);
      assert.equal(r.code, 4, r.stderr);
      assert.ok(r.stderr.includes('  enableSystemLogQuery: true'), r.stderr);
      assert.doesNotMatch(r.stderr, /NodeLogQuery/);
    });
    it('enableSystemLogHandler off: /logs/ would answer 405; the configuration, exit 4', async () => {
      const r = await logs(['logs-handler-off', '--preset', 'containerd']);
      assert.equal(r.code, 4, r.stderr);
      assert.match(r.stderr, /enableSystemLogHandler: false: \/logs\/ answers 405 .* \[logs\/handler-disabled\]/);
      assert.ok(r.stderr.includes('  enableSystemLogHandler: true'), r.stderr);
    });
  });

  describe('RBAC: get nodes/proxy', () => {
    it('refused: the ClusterRole and binding that allow it, for this user; once applied, the query works', async () => {
      const user = `e2e-logs-${Math.random().toString(36).slice(2, 7)}`;
      const kubeconfig = await cp.kubeconfigFor(user);
      await cp.apply(`apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: ${user}-nodes}
rules: [{apiGroups: [''], resources: [nodes], verbs: [get, list]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: ${user}-nodes}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${user}-nodes}
subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: ${user}}]
`);
      await cp.rbacSynced();
      const r = await logs(['logs-win-a', '--preset', 'containerd'], kubeconfig);
      assert.equal(r.code, 4, r.stderr);
      assert.match(r.stderr, /node logs-win-a: you may not get nodes\/proxy \(SelfSubjectAccessReview\) \[logs\/forbidden\]/);
      assert.doesNotMatch(r.stderr, /403|Forbidden/);
      const manifest = r.stderr.split('kubectl apply -f - <<EOF\n')[1].split('  EOF')[0].replace(/^ {2}/gm, '');
      assert.ok(manifest.includes(`name: "${user}"`), manifest);
      await cp.apply(manifest);
      await cp.rbacSynced();
      const again = await logs(['logs-win-a', '--preset', 'containerd', '--tail', '1'], kubeconfig);
      assert.equal(again.code, 0, again.stderr);
      assert.equal(rows(again.stdout, 'logs-win-a').length, 1);
    });
  });

  it('kubectl win rbac logs: that ClusterRole, bound to a user with no other rights, is enough', async () => {
    const user = `e2e-logs-rbac-${Math.random().toString(36).slice(2, 7)}`;
    const role = await runCli(['rbac', 'logs', '--name', user], {kubeconfig: cp.kubeconfig});
    assert.equal(role.code, 0, role.stderr);
    await cp.apply(role.stdout);
    await cp.apply(`apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: ${user}}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${user}}
subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: ${user}}]
`);
    await cp.rbacSynced();
    const r = await logs(['-l', 'kubectl-win.e2e/logs-fleet=yes', '--preset', 'containerd', '--tail', '1'], await cp.kubeconfigFor(user));
    assert.equal(r.code, 0, r.stderr);
    assert.equal(rows(r.stdout, 'logs-win-b').length, 1);
  });

  describe('many nodes', () => {
    it('-l: every selected node, in parallel, each line prefixed, node after node', async () => {
      const r = await logs(['-l', 'kubectl-win.e2e/logs-fleet=yes', '--preset', 'containerd', '--since', '1h']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(rows(r.stdout, 'logs-win-a').length, 4);
      assert.equal(rows(r.stdout, 'logs-win-b').length, 4);
      const firstB = r.stdout.indexOf('logs-win-b ');
      assert.ok(r.stdout.lastIndexOf('logs-win-a ') < firstB, 'one node after the other');
    });

    it('a node that never answers: named after the others printed, exit 4, within the timeout', async () => {
      const t0 = Date.now();
      const r = await logs(['-l', 'kubectl-win.e2e/logs-mixed=yes', '--preset', 'containerd', '--tail', '1', '--timeout', '2s']);
      assert.equal(r.code, 4, r.stderr);
      assert.equal(rows(r.stdout, 'logs-win-a').length, 1);
      assert.equal(rows(r.stdout, 'logs-win-b').length, 1);
      assert.match(r.stderr, /node logs-hang: no answer within 2s \(--timeout\) \[logs\/no-answer\]/);
      assert.ok(Date.now() - t0 < 15_000, `took ${Date.now() - t0} ms`);
    });

    it('Ctrl-C while a node is silent: every request stops, "interrupted", exit 130', async () => {
      const run = watchCli(['logs', 'logs-hang', 'logs-win-a', '--preset', 'containerd', '--timeout', '60s'], cp.kubeconfig);
      try {
        await new Promise((r) => setTimeout(r, 3000));
        const t0 = Date.now();
        assert.equal(await run.interrupt(), 130);
        assert.ok(Date.now() - t0 < 5000, `took ${Date.now() - t0} ms to stop`);
        assert.match(run.stderr(), /^interrupted$/m);
      } finally {
        run.kill();
      }
    });

    it('-o json: one item per node with its status and lines; the silent node as incomplete', async () => {
      const r = await logs(['-l', 'kubectl-win.e2e/logs-mixed=yes', '--preset', 'containerd', '--tail', '1', '--timeout', '2s', '-o', 'json']);
      assert.equal(r.code, 4, r.stderr);
      const doc = r.json();
      assert.equal(doc.kind, 'NodeLogsReport');
      const byNode = Object.fromEntries(doc.items.map((i: {node: string}) => [i.node, i]));
      assert.equal(byNode['logs-win-a'].status, 'ok');
      assert.equal(byNode['logs-hang'].status, 'no-answer');
      assert.ok(doc.reads.some((x: {complete: boolean; reason?: string}) => !x.complete && x.reason?.startsWith('node logs-hang')));
      assert.match(r.stderr, /^incomplete: nodes\/proxy not read \(node logs-hang: no answer within 2s/m);
    });
  });
});
