// kubectl's flags and conventions against the real control plane (issue 21): the connection and
// credential flags over (or without) a kubeconfig, with a ServiceAccount token from the TokenRequest
// API; -v request tracing; --field-selector judged by the apiserver and agreeing offline; -o name
// against kubectl's own; --no-headers; `kubectl win version`; -h, unknown flags and help everywhere.
import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {parse, stringify} from 'yaml';
import {controlPlane, type ControlPlane} from '../../harness/index.js';
import {runCli, watchCli, type CliResult} from './cli.js';
import {COMMANDS} from '../../commands/registry.js';

const NS = `flags-e2e-${Date.now() % 100000}`;
const READER_ROLE = `${NS}-reader`;

function oneLine(r: CliResult): string {
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `expected one line on stderr, got:\n${r.stderr}`);
  return lines[0];
}

const names = (r: CliResult) => (r.json().items as Array<{name: string}>).map((i) => i.name).sort();

describe('e2e: kubectl flags and conventions (live)', function () {
  this.timeout(300_000);
  let cp: ControlPlane;
  let dir: string;
  let ca: string;
  let token: string;
  /** Flags that reach the apiserver as the ServiceAccount, with no kubeconfig at all. */
  let saFlags: string[];

  before(async function () {
    this.timeout(600_000);
    cp = await controlPlane();
    dir = mkdtempSync(join(tmpdir(), 'kubectl-win-flags-'));
    const admin = parse(readFileSync(cp.kubeconfig, 'utf8'));
    ca = join(dir, 'ca.crt');
    writeFileSync(ca, Buffer.from(admin.clusters[0].cluster['certificate-authority-data'], 'base64'));
    await cp.createNamespace(NS);
    await cp.apply(stringify({apiVersion: 'v1', kind: 'ServiceAccount', metadata: {name: 'ci', namespace: NS}}));
    await cp.apply(
      [
        {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'ClusterRole',
          metadata: {name: READER_ROLE},
          rules: [{apiGroups: ['*'], resources: ['*'], verbs: ['get', 'list']}],
        },
        {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'ClusterRoleBinding',
          metadata: {name: READER_ROLE},
          roleRef: {apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: READER_ROLE},
          subjects: [
            {kind: 'ServiceAccount', name: 'ci', namespace: NS},
            {kind: 'User', name: 'flags-reader', apiGroup: 'rbac.authorization.k8s.io'},
          ],
        },
      ]
        .map((d) => stringify(d))
        .join('---\n'),
    );
    for (const [name, node] of [
      ['on-2022', cp.nodes.win2022],
      ['on-2019', cp.nodes.win2019],
    ]) {
      const r = await cp.api('POST', `/api/v1/namespaces/${NS}/pods`, {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {name},
        spec: {
          nodeName: node,
          os: {name: 'windows'},
          tolerations: [{operator: 'Exists'}],
          containers: [{name: 'c', image: 'mcr.microsoft.com/windows/nanoserver:ltsc2022', resources: {limits: {cpu: '1', memory: '1Gi'}}}],
        },
      });
      assert.ok(r.status < 300, `create ${name}: ${r.status}`);
    }
    const tr = await cp.api<{status: {token: string}}>('POST', `/api/v1/namespaces/${NS}/serviceaccounts/ci/token`, {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      spec: {expirationSeconds: 3600},
    });
    assert.equal(tr.status, 201, JSON.stringify(tr.body));
    token = tr.body.status.token;
    saFlags = ['--server', cp.server, '--token', token, '--certificate-authority', ca];
    await cp.rbacSynced(NS);
  });

  after(() => {
    if (dir) rmSync(dir, {recursive: true, force: true});
  });

  describe('connection and credential flags', () => {
    it('--server, --token (a ServiceAccount token) and --certificate-authority need no kubeconfig', async () => {
      const r = await runCli(['qos', '-n', NS, '-o', 'json', ...saFlags]);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(names(r), ['on-2019', 'on-2022']);
      assert.equal(r.json().source.server, cp.server);
    });

    it('the server certificate is checked: without the CA exit 3, --insecure-skip-tls-verify only when asked', async () => {
      const unchecked = await runCli(['qos', '-n', NS, '-o', 'json', '--server', cp.server, '--token', token]);
      assert.equal(unchecked.code, 3, unchecked.stderr);
      assert.match(oneLine(unchecked), /^error: cannot reach the cluster at https:\/\/127\.0\.0\.1:\d+ .*(self-signed|unable to verify|certificate)/i);
      const insecure = await runCli(['qos', '-n', NS, '-o', 'json', '--server', cp.server, '--token', token, '--insecure-skip-tls-verify']);
      assert.equal(insecure.code, 0, insecure.stderr);
      assert.deepEqual(names(insecure), ['on-2019', 'on-2022']);
      const both = await runCli(['qos', '-n', NS, ...saFlags, '--insecure-skip-tls-verify']);
      assert.equal(both.code, 2);
      assert.match(oneLine(both), /specifying a root certificates file with the insecure flag is not allowed/);
    });

    it('--tls-server-name is the name the certificate must carry', async () => {
      const right = await runCli(['qos', '-n', NS, '-o', 'json', ...saFlags, '--tls-server-name', 'localhost']);
      assert.equal(right.code, 0, right.stderr);
      const wrong = await runCli(['qos', '-n', NS, '-o', 'json', ...saFlags, '--tls-server-name', 'not-the-apiserver.example']);
      assert.equal(wrong.code, 3, wrong.stderr);
      assert.match(oneLine(wrong), /not-the-apiserver\.example/);
    });

    it('the flags win over the kubeconfig (a dead server and a bad token in the context)', async () => {
      const kubeconfig = join(dir, 'stale.kubeconfig');
      writeFileSync(
        kubeconfig,
        stringify({
          apiVersion: 'v1',
          kind: 'Config',
          'current-context': 'stale',
          clusters: [{name: 'stale', cluster: {server: 'https://127.0.0.1:1', 'certificate-authority': ca}}],
          users: [{name: 'stale', user: {token: 'not-a-token'}}],
          contexts: [{name: 'stale', context: {cluster: 'stale', user: 'stale', namespace: NS}}],
        }),
      );
      const stale = await runCli(['qos', '-o', 'json'], {kubeconfig});
      assert.equal(stale.code, 3, stale.stderr);
      const server = await runCli(['qos', '-o', 'json', '--server', cp.server], {kubeconfig});
      assert.equal(server.code, 3, 'a bad token is still refused');
      assert.match(oneLine(server), /Unauthorized/);
      const both = await runCli(['qos', '-o', 'json', '--server', cp.server, '--token', token], {kubeconfig});
      assert.equal(both.code, 0, both.stderr);
      assert.deepEqual(names(both), ['on-2019', 'on-2022'], 'the context namespace still applies');
    });

    it('the kubeconfig is read as kubectl reads it: `insecure-skip-tls-verify: yes` (YAML 1.1), a key given twice', async () => {
      // Written by hand, as people do: go-yaml v2 (client-go's clientcmd.Load) reads `yes` and `on`
      // as true, and keeps the last of two `server` keys; the first names nothing listening.
      const kubeconfigWith = (skip: string) => {
        const file = join(dir, `yaml11-${skip}.kubeconfig`);
        writeFileSync(
          file,
          [
            'apiVersion: v1',
            'kind: Config',
            'current-context: yaml11',
            'clusters:',
            '- name: yaml11',
            '  cluster:',
            '    server: https://127.0.0.1:1',
            `    server: ${cp.server}`,
            `    insecure-skip-tls-verify: ${skip}`,
            'users:',
            '- name: yaml11',
            '  user:',
            `    token: ${token}`,
            'contexts:',
            `- {name: yaml11, context: {cluster: yaml11, user: yaml11, namespace: ${NS}}}`,
            '',
          ].join('\n'),
        );
        return file;
      };
      for (const skip of ['yes', 'On']) {
        const kubeconfig = kubeconfigWith(skip);
        const theirs = await cp.kubectl(['get', 'pods', '-o', 'name'], {kubeconfig});
        assert.equal(theirs.code, 0, `kubectl: ${theirs.stderr}`);
        const ours = await runCli(['qos', '-o', 'json'], {kubeconfig});
        assert.equal(ours.code, 0, `${skip}: ${ours.stderr}`);
        assert.deepEqual(names(ours), ['on-2019', 'on-2022']);
      }
      // `no` is false: the certificate is checked, and neither trusts it without the CA.
      const kubeconfig = kubeconfigWith('no');
      assert.notEqual((await cp.kubectl(['get', 'pods', '-o', 'name'], {kubeconfig})).code, 0);
      assert.equal((await runCli(['qos', '-o', 'json'], {kubeconfig})).code, 3);
    });

    it("--client-certificate/--client-key replace the kubeconfig user's certificate", async () => {
      const files = async (user: string) => {
        const u = parse(readFileSync(await cp.kubeconfigFor(user), 'utf8')).users[0].user;
        const cert = join(dir, `${user}.crt`);
        const key = join(dir, `${user}.key`);
        writeFileSync(cert, Buffer.from(u['client-certificate-data'], 'base64'));
        writeFileSync(key, Buffer.from(u['client-key-data'], 'base64'));
        return ['--client-certificate', cert, '--client-key', key];
      };
      const reader = await runCli(['qos', '-n', NS, '-o', 'json', ...(await files('flags-reader'))], {kubeconfig: cp.kubeconfig});
      assert.equal(reader.code, 0, reader.stderr);
      // The admin kubeconfig with the certificate of a user bound to nothing: the pods are refused.
      const nobody = await runCli(['qos', '-n', NS, '-o', 'json', ...(await files('flags-nobody'))], {kubeconfig: cp.kubeconfig});
      assert.equal(nobody.code, 4, nobody.stderr);
      assert.match(nobody.stderr, /forbidden|flags-nobody/i);
    });

    it('--username/--password: exit 3 before any request (kube-apiserver has no basic authentication)', async () => {
      const r = await runCli(['qos', '-n', NS, '--server', cp.server, '--certificate-authority', ca, '--username', 'admin', '--password', 'secret', '-v=6']);
      assert.equal(r.code, 3);
      assert.equal(
        oneLine(r),
        'error: cannot authenticate with --username/--password: kube-apiserver has accepted no basic authentication since v1.19; use --token, --client-certificate and --client-key, or a kubeconfig user',
      );
    });

    it('--server without a scheme is a usage error before any read', async () => {
      const r = await runCli(['qos', '-n', NS, '--server', cp.server.replace('https://', ''), '--token', token]);
      assert.equal(r.code, 2);
      assert.match(oneLine(r), /^error: --server "127\.0\.0\.1:\d+" is not an http\(s\) URL/);
    });
  });

  describe('-v request tracing', () => {
    const KLOG = /^I\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ round_trippers\.go\] /;

    it('-v=6: one line per request with method, URL, status and time; stdout unchanged', async () => {
      const r = await runCli(['qos', '-n', NS, '-o', 'json', ...saFlags, '-v=6']);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(names(r), ['on-2019', 'on-2022']);
      const lines = r.stderr.trim().split('\n');
      for (const l of lines) assert.match(l, KLOG);
      const port = new URL(cp.server).port;
      assert.ok(
        lines.some((l) => new RegExp(`\\] GET https://127\\.0\\.0\\.1:${port}/api/v1/namespaces/${NS}/pods\\?limit=\\d+ 200 OK in \\d+ milliseconds$`).test(l)),
        r.stderr,
      );
      assert.ok(
        lines.some((l) => /\] GET \S+\/version 200 OK in \d+ milliseconds$/.test(l)),
        r.stderr,
      );
    });

    it('--v=8: request and response headers, the token masked', async () => {
      const r = await runCli(['qos', '-n', NS, '-o', 'json', ...saFlags, '--v=8']);
      assert.equal(r.code, 0, r.stderr);
      assert.ok(!r.stderr.includes(token), 'the token must never be printed');
      assert.match(r.stderr, /\] {5}Authorization: Bearer <masked>$/m);
      assert.match(r.stderr, /\] Response Status: 200 OK in \d+ milliseconds$/m);
      assert.match(r.stderr, /\] Response Headers:$/m);
      assert.match(r.stderr, /\] {5}audit-id: \S+$/im);
    });
  });

  describe('--field-selector', () => {
    it('is sent with the pod list: spec.nodeName answers "what is on this node"', async () => {
      const r = await runCli(['qos', '-n', NS, '-o', 'json', '--field-selector', `spec.nodeName=${cp.nodes.win2022}`], {kubeconfig: cp.kubeconfig});
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(names(r), ['on-2022']);
      const none = await runCli(['qos', '-n', NS, '--field-selector', 'spec.nodeName=no-such-node'], {kubeconfig: cp.kubeconfig});
      assert.equal(none.code, 0, none.stderr);
      assert.equal(none.stderr.trim(), `No resources found in ${NS} namespace.`);
    });

    it('selects the same pods offline as the apiserver does live', async () => {
      const list = await cp.api<{items: unknown[]}>('GET', `/api/v1/namespaces/${NS}/pods`);
      const file = join(dir, 'pods.json');
      // A list's items carry no kind of their own (kubectl get -o json adds them, as here).
      writeFileSync(
        file,
        JSON.stringify({apiVersion: 'v1', kind: 'List', items: list.body.items.map((p) => ({apiVersion: 'v1', kind: 'Pod', ...(p as object)}))}),
      );
      const selectors = [
        `spec.nodeName=${cp.nodes.win2019}`,
        `spec.nodeName!=${cp.nodes.win2019}`,
        'metadata.name==on-2022',
        'spec.restartPolicy=Always,spec.schedulerName=default-scheduler',
        'spec.hostNetwork=true',
        `metadata.namespace=${NS},spec.host=${cp.nodes.win2022}`,
      ];
      for (const fs of selectors) {
        const server = await cp.api<{items: Array<{metadata: {name: string}}>}>('GET', `/api/v1/namespaces/${NS}/pods?fieldSelector=${encodeURIComponent(fs)}`);
        assert.equal(server.status, 200, fs);
        const offline = await runCli(['qos', '-f', file, '-n', NS, '-o', 'json', '--field-selector', fs]);
        assert.equal(offline.code, 0, `${fs}: ${offline.stderr}`);
        assert.deepEqual(names(offline), server.body.items.map((p) => p.metadata.name).sort(), fs);
      }
    });

    it('a selector the apiserver refuses is exit 2 before any read, in its words', async () => {
      for (const fs of ['spec.containers=x', 'nonsense']) {
        const server = await cp.api<{message: string}>('GET', `/api/v1/namespaces/${NS}/pods?fieldSelector=${encodeURIComponent(fs)}`);
        assert.equal(server.status, 400, fs);
        const r = await runCli(['qos', '-n', NS, '--field-selector', fs, '--server', 'https://127.0.0.1:1', '-v=6']);
        assert.equal(r.code, 2, fs);
        const line = oneLine(r);
        assert.ok(line.startsWith(`error: invalid --field-selector "${fs}": `), line);
        assert.ok(server.body.message.includes(line.slice(`error: invalid --field-selector "${fs}": `.length)), `${line} vs ${server.body.message}`);
      }
    });
  });

  describe('output conventions', () => {
    it('-o name prints what kubectl get -o name prints', async () => {
      const ours = await runCli(['qos', '-n', NS, '-o', 'name'], {kubeconfig: cp.kubeconfig});
      assert.equal(ours.code, 0, ours.stderr);
      const theirs = await cp.kubectl(['get', 'pods', '-n', NS, '-o', 'name']);
      assert.deepEqual(ours.stdout.trim().split('\n').sort(), theirs.stdout.trim().split('\n').sort());
      const nodes = await runCli(['nodes', '--all', '-o', 'name'], {kubeconfig: cp.kubeconfig});
      const kubectlNodes = await cp.kubectl(['get', 'nodes', '-o', 'name']);
      assert.deepEqual(nodes.stdout.trim().split('\n').sort(), kubectlNodes.stdout.trim().split('\n').sort());
    });

    it('--no-headers drops the header line of the table', async () => {
      const withHeaders = await runCli(['nodes'], {kubeconfig: cp.kubeconfig});
      assert.match(withHeaders.stdout.split('\n')[0], /^NAME\s/);
      const r = await runCli(['nodes', '--no-headers'], {kubeconfig: cp.kubeconfig});
      assert.equal(r.code, withHeaders.code, r.stderr);
      assert.equal(r.stdout.split('\n')[0], withHeaders.stdout.split('\n')[1]);
    });
  });

  describe('-w/--watch', () => {
    it("nodes -w answers again when a node appears, and Ctrl-C ends it with the answer's exit code", async () => {
      const node = `watch-win-${Date.now() % 100000}`;
      const w = watchCli(['nodes', '-w', '-o', 'name'], cp.kubeconfig);
      try {
        await w.waitFor(() => w.stdout().includes(`node/${cp.nodes.win2022}\n`), 'the first answer', 60_000);
        assert.ok(!w.stdout().includes(node));
        const created = await cp.api('POST', '/api/v1/nodes', {
          apiVersion: 'v1',
          kind: 'Node',
          metadata: {name: node, labels: {'kubernetes.io/os': 'windows'}},
        });
        assert.ok(created.status < 300, `create node: ${created.status}`);
        await w.waitFor(() => w.stdout().includes(`node/${node}\n`), 'the answer after the change', 60_000);
        const code = await w.interrupt();
        const once = await runCli(['nodes', '-o', 'name'], {kubeconfig: cp.kubeconfig});
        assert.equal(code, once.code, w.stderr());
        assert.ok(!/interrupted|error/i.test(w.stderr()), w.stderr());
      } finally {
        w.kill();
        await cp.api('DELETE', `/api/v1/nodes/${node}`);
      }
    });

    it('-w on manifests is a usage error before any read', async () => {
      const r = await runCli(['nodes', '-w', '-f', join(dir, 'pods.json')]);
      assert.equal(r.code, 2);
      assert.match(oneLine(r), /^error: -w\/--watch watches a cluster; it cannot watch manifests \(-f\)$/);
    });
  });

  describe('kubectl win version', () => {
    it("prints the plugin, runtime and the server version (-o json in kubectl's shape)", async () => {
      const server = await cp.api<{gitVersion: string}>('GET', '/version');
      const r = await runCli(['version', '-o', 'json', ...saFlags]);
      assert.equal(r.code, 0, r.stderr);
      const v = r.json();
      assert.equal(v.serverVersion.gitVersion, server.body.gitVersion);
      assert.match(v.clientVersion.gitVersion, /^v\d+\.\d+\.\d+/);
      assert.match(v.clientVersion.runtime, /^(node|bun) v\d+/);
      const text = await runCli(['version'], {kubeconfig: cp.kubeconfig});
      assert.match(text.stdout, new RegExp(`^Plugin Version: v\\S+\nRuntime: .+\nServer Version: ${server.body.gitVersion.replace(/\./g, '\\.')}\n$`));
    });

    it('an unreachable server: the client part, then one line and exit 3; --client reads nothing', async () => {
      const r = await runCli(['version', '--server', 'https://127.0.0.1:1', '--token', 't']);
      assert.equal(r.code, 3);
      assert.match(r.stdout, /^Plugin Version: v\S+\nRuntime: .+\n$/);
      assert.match(oneLine(r), /^error: cannot reach the cluster at https:\/\/127\.0\.0\.1:1/);
      const client = await runCli(['version', '--client', '-o', 'yaml']);
      assert.equal(client.code, 0, client.stderr);
      assert.equal(parse(client.stdout).serverVersion, undefined);
    });
  });
});

describe('e2e: help and usage words (no cluster)', function () {
  this.timeout(120_000);
  const commandWords = Object.keys(COMMANDS).map((id) => id.split(':'));

  it('-h is --help on every command, and USAGE says kubectl win', async () => {
    for (const words of commandWords) {
      const r = await runCli([...words, '-h']);
      assert.equal(r.code, 0, `${words.join(' ')}: ${r.stderr}`);
      assert.match(r.stdout, new RegExp(`^USAGE\\n {2}\\$ kubectl win ${words.join(' ')}\\b`, 'm'), words.join(' '));
      assert.ok(!r.stdout.includes('$ kubectl-win'), `${words.join(' ')} help shows kubectl-win as the command`);
    }
  });

  it('an unknown flag is one line in one wording at every level', async () => {
    for (const words of [[], ['gmsa'], ...commandWords]) {
      const r = await runCli([...words, '--no-such-flag']);
      assert.equal(r.code, 2, words.join(' '));
      assert.equal(oneLine(r), `error: unknown flag: --no-such-flag; see kubectl win${words.length ? ` ${words.join(' ')}` : ''} --help`);
    }
  });

  it('kubectl win help foo: one line, exit 2', async () => {
    const r = await runCli(['help', 'foo']);
    assert.equal(r.code, 2);
    assert.equal(oneLine(r), 'error: unknown command "foo" for "kubectl win"; see kubectl win --help');
  });

  it('gmsa nltest --help lists only the flags it accepts', async () => {
    const r = await runCli(['gmsa', 'nltest', '--help']);
    assert.equal(r.code, 0);
    for (const flag of ['--all-namespaces', '--selector', '--filename', '--recursive', '--field-selector']) assert.ok(!r.stdout.includes(flag), flag);
    assert.match(r.stdout, /--namespace/);
  });
});
