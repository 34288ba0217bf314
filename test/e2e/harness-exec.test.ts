// Exec into a pod on a Windows kwok node, end to end through the apiserver with
// @kubernetes/client-node's Exec (the code path the plugin uses), for each staged scenario.
import assert from 'node:assert/strict';
import {Writable} from 'node:stream';
import {controlPlane, type ControlPlane} from '../../harness/index.js';
import {podYaml, windowsSpecOn} from '../support/pod.js';

const NS = 'e2e-harness-exec';

/** client-node's Exec, used directly (not through the harness helper), collecting output and the final status. */
async function clientNodeExec(cp: ControlPlane, pod: string, command: string[]) {
  const {KubeConfig, Exec} = await import('@kubernetes/client-node');
  const kc = new KubeConfig();
  kc.loadFromFile(cp.kubeconfig);
  let stdout = '';
  let stderr = '';
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a v1.Status as JSON, compared whole
  let status: any;
  const sink = (onData: (s: string) => void) =>
    new Writable({
      write(chunk, _e, cb) {
        onData(chunk.toString());
        cb();
      },
    });
  const ws = await new Exec(kc).exec(
    NS,
    pod,
    'app',
    command,
    sink((s) => (stdout += s)),
    sink((s) => (stderr += s)),
    null,
    false,
    (s) => (status = s),
  );
  await new Promise<void>((resolve) => ws.on('close', () => resolve()));
  return {stdout, stderr, status};
}

function windowsPod(name: string, node: string): string {
  return podYaml({
    name,
    namespace: NS,
    spec: windowsSpecOn(node, [{name: 'app', image: 'mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2019'}]),
  });
}

describe('e2e harness: exec into pods on Windows kwok nodes', function () {
  this.timeout(120_000);
  let cp: ControlPlane;

  before(async function () {
    cp = await controlPlane();
    await cp.createNamespace(NS);
    // Staged before the pods exist, as a test that sets up a broken pod would.
    await cp.stageExec(NS, 'credspec-missing', 'credspec-missing');
    await cp.stageExec(NS, 'broken', 'broken-channel', {domain: 'corp.example'});
    await cp.stageExec(NS, 'nanoserver', ['no-nltest', 'no-powershell']);
    await cp.stageExec(NS, 'stuck', 'hang');
    const pods = ['healthy', 'credspec-missing', 'broken', 'nanoserver', 'stuck'];
    await cp.apply(pods.map((p, i) => windowsPod(p, i % 2 ? cp.nodes.win2022 : cp.nodes.win2019)).join('---\n'));
    await Promise.all(pods.map((p) => cp.waitForPodRunning(NS, p)));
  });

  it('the fixture Windows nodes carry the labels, taint and nodeInfo tests rely on', async () => {
    const {body} = await cp.api('GET', `/api/v1/nodes/${cp.nodes.win2022}`);
    assert.equal(body.metadata.labels['kubernetes.io/os'], 'windows');
    assert.equal(body.metadata.labels['node.kubernetes.io/windows-build'], '10.0.20348');
    assert.deepEqual(body.spec.taints, [{key: 'os', value: 'windows', effect: 'NoSchedule'}]);
    assert.equal(body.status.nodeInfo.operatingSystem, 'windows');
    assert.match(body.status.nodeInfo.containerRuntimeVersion, /^containerd:\/\/1\.7\./);
    const old = await cp.api('GET', `/api/v1/nodes/${cp.nodes.winOldRuntime}`);
    assert.match(old.body.status.nodeInfo.containerRuntimeVersion, /^docker:\/\//);
    assert.equal(old.body.status.nodeInfo.kubeletVersion, 'v1.22.17');
    const linux = await cp.api('GET', `/api/v1/nodes/${cp.nodes.linux}`);
    assert.equal(linux.body.metadata.labels['kubernetes.io/os'], 'linux');
  });

  it('healthy: nltest /parentdomain prints the domain and exits 0', async () => {
    const r = await clientNodeExec(cp, 'healthy', ['nltest', '/parentdomain']);
    assert.equal(r.stdout, 'contoso.com. (1)\r\nThe command completed successfully\r\n');
    assert.equal(r.status?.status, 'Success');
  });

  it('credspec-missing: nltest /parentdomain fails with RPC_S_SERVER_UNAVAILABLE and exit code 1', async () => {
    const r = await clientNodeExec(cp, 'credspec-missing', ['nltest', '/parentdomain']);
    assert.equal(r.stdout, 'Getting parent domain failed: Status = 1722 0x6ba RPC_S_SERVER_UNAVAILABLE\r\n');
    assert.equal(r.status?.status, 'Failure');
    assert.equal(r.status?.reason, 'NonZeroExitCode');
    assert.deepEqual(r.status?.details?.causes, [{reason: 'ExitCode', message: '1'}]);
  });

  it('broken-channel: nltest /query fails until nltest /sc_reset:<domain> repairs it', async () => {
    const before = await cp.exec(NS, 'broken', ['nltest.exe', '/query']);
    assert.equal(before.stdout, 'I_NetLogonControl failed: Status = 1722 0x6ba RPC_S_SERVER_UNAVAILABLE\r\n');
    assert.equal(before.exitCode, 1);
    const wrongDomain = await cp.exec(NS, 'broken', ['nltest', '/sc_reset:contoso.com']);
    assert.equal(wrongDomain.exitCode, 1);
    assert.match(wrongDomain.stdout, /ERROR_NO_SUCH_DOMAIN/);
    const reset = await cp.exec(NS, 'broken', ['nltest', '/sc_reset:corp.example']);
    assert.equal(reset.exitCode, 0);
    assert.equal(
      reset.stdout,
      'Flags: 30 HAS_IP  HAS_TIMESERV\r\nTrusted DC Name \\\\dc01.corp.example\r\nTrusted DC Connection Status Status = 0 0x0 NERR_Success\r\nThe command completed successfully\r\n',
    );
    const after = await cp.exec(NS, 'broken', ['nltest', '/query']);
    assert.equal(after.exitCode, 0);
    assert.match(after.stdout, /0 0x0 NERR_Success/);
    const dns = await cp.exec(NS, 'broken', ['nslookup', 'corp.example']);
    assert.equal(dns.exitCode, 0);
    assert.match(dns.stdout, /^Server: {2}dc01\.corp\.example\r\nAddress: {2}10\.0\.0\.10\r\n\r\nName: {4}corp\.example\r\n/);
  });

  it('no-nltest / no-powershell: the runtime cannot start the program (InternalError, no exit code); cmd still runs', async () => {
    for (const tool of ['nltest', 'powershell.exe']) {
      const r = await clientNodeExec(cp, 'nanoserver', [tool, '/parentdomain']);
      assert.equal(r.stdout, '');
      assert.equal(r.status?.status, 'Failure');
      assert.equal(r.status?.reason, 'InternalError');
      assert.match(
        r.status?.message,
        /error executing command in container: failed to exec in container: failed to start exec "[0-9a-f]{64}": hcs::System::CreateProcess [0-9a-f]{64}: The system cannot find the file specified\.: unknown$/,
      );
    }
    const viaCmd = await cp.exec(NS, 'nanoserver', ['cmd', '/c', 'nltest', '/query']);
    assert.equal(viaCmd.stderr, "'nltest' is not recognized as an internal or external command,\r\noperable program or batch file.\r\n");
    assert.notEqual(viaCmd.exitCode, 0);
  });

  it('powershell -Command runs the staged tools too', async () => {
    const r = await cp.exec(NS, 'credspec-missing', ['powershell.exe', '-NoProfile', '-Command', 'nltest.exe /parentdomain']);
    assert.equal(r.exitCode, 1);
    assert.match(r.stdout, /RPC_S_SERVER_UNAVAILABLE/);
  });

  it('re-staging a running pod takes effect for the next exec', async () => {
    await cp.stageExec(NS, 'healthy', 'credspec-missing');
    assert.equal((await cp.exec(NS, 'healthy', ['nltest', '/parentdomain'])).exitCode, 1);
    await cp.stageExec(NS, 'healthy', 'healthy');
    assert.equal((await cp.exec(NS, 'healthy', ['nltest', '/parentdomain'])).exitCode, 0);
  });

  it('hang: the command never answers (for timeout tests)', async () => {
    const t0 = Date.now();
    await assert.rejects(cp.exec(NS, 'stuck', ['nltest', '/query'], {timeoutMs: 1500}), /no answer in 1500 ms/);
    assert.ok(Date.now() - t0 >= 1400);
  });
});
