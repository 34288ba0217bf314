// The skeleton's error paths and kubectl flags, end to end: the built CLI (`node bin/run.js qos ...`)
// against the real control plane. Exit codes and one-line errors are the contract (DESIGN.md).
import assert from 'node:assert/strict';
import {writeFileSync} from 'node:fs';
import {createServer, type Server, type Socket} from 'node:net';
import {join} from 'node:path';
import {parse, stringify} from 'yaml';
import {runCli, type CliResult} from './cli.js';
import type {ControlPlane} from '../../harness/index.js';
import {controlPlaneWith} from './live.js';
import {podYaml, windowsSpecOn} from '../support/pod.js';

const CMD = 'qos';
const NS = 'e2e-errors';
const OTHER_NS = 'e2e-errors-other';

function oneLine(r: CliResult): string {
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `expected one line on stderr, got:\n${r.stderr}`);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  return lines[0]!;
}

function iisPod(ns: string, name: string, node: string): string {
  const resources = {requests: {cpu: '100m', memory: '128Mi'}, limits: {cpu: '100m', memory: '128Mi'}};
  return podYaml({
    name,
    namespace: ns,
    spec: windowsSpecOn(node, [{name: 'app', image: 'mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022', resources}]),
  });
}

function names(report: {items: {name?: string; namespace?: string}[]}): string[] {
  return report.items.map((i) => `${i.namespace}/${i.name}`);
}

describe(`e2e: error paths and kubectl flags (kubectl win ${CMD})`, function () {
  this.timeout(60_000);
  let cp: ControlPlane;

  before(async function () {
    cp = await controlPlaneWith(this, NS, OTHER_NS);
    await cp.apply([iisPod(NS, 'web-0', cp.nodes.win2022), iisPod(OTHER_NS, 'other-0', cp.nodes.win2022)].join('---\n'));
  });

  it('-o json prints one parseable envelope with the cluster as its source', async () => {
    const r = await runCli([CMD, '-n', NS, '-o', 'json'], {kubeconfig: cp.kubeconfig});
    assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
    const report = r.json();
    assert.equal(report.apiVersion, 'kubectl-win/v1');
    assert.equal(typeof report.kind, 'string');
    assert.equal(report.source.type, 'cluster');
    assert.equal(report.source.server, cp.server);
    assert.equal(report.source.serverVersion, 'v1.34.3');
    assert.ok(Array.isArray(report.items) && Array.isArray(report.findings) && Array.isArray(report.skipped));
    assert.ok(names(report).includes(`${NS}/web-0`), `items: ${names(report)}`);
    assert.ok(!names(report).includes(`${OTHER_NS}/other-0`), 'namespace scope respected');
  });

  it('-o yaml parses too', async () => {
    const r = await runCli([CMD, '-n', NS, '-o', 'yaml'], {kubeconfig: cp.kubeconfig});
    assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
    const report = parse(r.stdout);
    assert.equal(report.apiVersion, 'kubectl-win/v1');
  });

  it('an unreachable server exits 3 with one line', async () => {
    const kc = join(cp.dir, 'unreachable.kubeconfig');
    const doc = parse(await readText(cp.kubeconfig));
    // A port nothing listens on: bind one, then close it.
    const port = await new Promise<number>((res) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as {port: number}).port;
        s.close(() => res(p));
      });
    });
    doc.clusters[0].cluster.server = `https://127.0.0.1:${port}`;
    writeFileSync(kc, stringify(doc));
    const t0 = Date.now();
    const r = await runCli([CMD, '-A'], {kubeconfig: kc});
    assert.equal(r.code, 3, r.stderr);
    assert.match(oneLine(r), /127\.0\.0\.1/);
    assert.equal(r.stdout, '');
    assert.ok(Date.now() - t0 < 30_000, 'gives up in reasonable time');
  });

  it('a missing kubeconfig exits 2 with one line (--kubeconfig, KUBECONFIG, and none at all)', async () => {
    const missing = join(cp.dir, 'does-not-exist.kubeconfig');
    for (const run of [() => runCli([CMD, '--kubeconfig', missing]), () => runCli([CMD], {kubeconfig: missing}), () => runCli([CMD])]) {
      const r = await run();
      assert.equal(r.code, 2, r.stderr);
      assert.match(oneLine(r), /kubeconfig/i);
      assert.equal(r.stdout, '');
    }
  });

  it('an unknown context exits 2 with one line naming it', async () => {
    const r = await runCli([CMD, '--context', 'no-such-context'], {kubeconfig: cp.kubeconfig});
    assert.equal(r.code, 2, r.stderr);
    assert.match(oneLine(r), /no-such-context/);
  });

  it('an unknown pod exits 2 with one line naming it', async () => {
    const r = await runCli([CMD, '-n', NS, 'no-such-pod'], {kubeconfig: cp.kubeconfig});
    assert.equal(r.code, 2, r.stderr);
    assert.match(oneLine(r), /no-such-pod/);
    const ok = await runCli([CMD, '-n', NS, 'web-0', '-o', 'json'], {kubeconfig: cp.kubeconfig});
    assert.ok(ok.code === 0 || ok.code === 1, ok.stderr);
    assert.deepEqual(names(ok.json()), [`${NS}/web-0`]);
  });

  it('a list the user may not read becomes a `skipped` entry and the rest still runs', async () => {
    // Pods only, in one namespace: every other kind the command reads is forbidden.
    const kc = await cp.kubeconfigFor('e2e-errors-pods-only');
    await cp.apply(`apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: pods-only, namespace: ${NS}}
rules: [{apiGroups: [''], resources: [pods], verbs: [get, list, watch]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: pods-only, namespace: ${NS}}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: pods-only}
subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: e2e-errors-pods-only}]
`);
    const r = await runCli([CMD, '-n', NS, '-o', 'json'], {kubeconfig: kc});
    assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
    const report = r.json();
    assert.ok(names(report).includes(`${NS}/web-0`), 'the pods it may read are still analysed');
    assert.ok(report.skipped.length > 0, 'forbidden kinds are reported as skipped');
    for (const s of report.skipped) assert.match(s.reason, /forbidden/i, JSON.stringify(s));
  });

  it('the fixture user that cannot list cluster-scoped kinds still gets its pods across namespaces', async () => {
    const r = await runCli([CMD, '-A', '-o', 'json'], {kubeconfig: cp.users.limited.kubeconfig});
    assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
    const report = r.json();
    assert.ok(names(report).includes(`${NS}/web-0`) && names(report).includes(`${OTHER_NS}/other-0`), `items: ${names(report)}`);
    for (const s of report.skipped) assert.match(s.reason, /forbidden/i, JSON.stringify(s));
  });

  it('--as impersonates: a user with no rights sees nothing, and says so in skipped', async () => {
    const r = await runCli([CMD, '-n', NS, '-o', 'json', '--as', 'e2e-nobody'], {kubeconfig: cp.kubeconfig});
    assert.equal(r.code, 4, `incomplete: the pods were not read; exit ${r.code}: ${r.stderr}`);
    const report = r.json();
    assert.deepEqual(report.items, []);
    assert.ok(
      report.skipped.some((s: {reason: string}) => /forbidden/i.test(s.reason) && /pods/.test(s.reason)),
      JSON.stringify(report.skipped),
    );
    // --as-group system:masters on top gives the rights back.
    const r2 = await runCli([CMD, '-n', NS, '-o', 'json', '--as', 'e2e-nobody', '--as-group', 'system:masters'], {kubeconfig: cp.kubeconfig});
    assert.ok(names(r2.json()).includes(`${NS}/web-0`), r2.stderr);
  });

  it('--as is refused for a user who may not impersonate (exit 3, or 4 with the reads skipped, never a crash)', async () => {
    const r = await runCli([CMD, '-n', NS, '-o', 'json', '--as', 'admin'], {kubeconfig: cp.users.limited.kubeconfig});
    if (r.code === 4) {
      const report = r.json();
      assert.deepEqual(report.items, []);
      assert.ok(report.skipped.length > 0);
    } else {
      assert.equal(r.code, 3, r.stderr);
      oneLine(r);
    }
  });

  it('KUBECONFIG with two files merges them as kubectl does', async () => {
    // The second file has only a context (and the current-context); cluster and user come from the first.
    const ctxOnly = join(cp.dir, 'context-only.kubeconfig');
    const admin = parse(await readText(cp.kubeconfig));
    writeFileSync(
      ctxOnly,
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        contexts: [{name: 'merged', context: {cluster: admin.clusters[0].name, user: admin.users[0].name, namespace: OTHER_NS}}],
        'current-context': 'merged',
      }),
    );
    const r = await runCli([CMD, '-o', 'json'], {kubeconfig: `${ctxOnly}:${cp.kubeconfig}`});
    assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
    assert.deepEqual(names(r.json()), [`${OTHER_NS}/other-0`], "namespace from the first file's current context");
    // Reversed, the admin file's current context wins, and --context still reaches the other file's context.
    const rev = await runCli([CMD, '-o', 'json', '-n', NS], {kubeconfig: `${cp.kubeconfig}:${ctxOnly}`});
    assert.equal(rev.json().source.context, admin['current-context']);
    const pick = await runCli([CMD, '-o', 'json', '--context', 'merged'], {kubeconfig: `${cp.kubeconfig}:${ctxOnly}`});
    assert.deepEqual(names(pick.json()), [`${OTHER_NS}/other-0`]);
  });

  describe('--request-timeout', () => {
    let server: Server;
    let port = 0;
    const sockets = new Set<Socket>();
    before(async () => {
      // Accepts connections and never answers (not even the TLS handshake).
      server = createServer((s) => {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
      });
      await new Promise<void>((res) => server.listen(0, '127.0.0.1', () => res()));
      port = (server.address() as {port: number}).port;
    });
    after(() => {
      for (const s of sockets) s.destroy();
      server.close();
    });

    it('is honoured: a server that never answers fails with exit 3 after about that long', async () => {
      const kc = join(cp.dir, 'silent.kubeconfig');
      const doc = parse(await readText(cp.kubeconfig));
      doc.clusters[0].cluster.server = `https://127.0.0.1:${port}`;
      writeFileSync(kc, stringify(doc));
      const t0 = Date.now();
      const r = await runCli([CMD, '-A', '--request-timeout', '1s'], {kubeconfig: kc});
      const elapsed = Date.now() - t0;
      assert.equal(r.code, 3, r.stderr);
      assert.match(oneLine(r), /time/i);
      assert.ok(elapsed >= 1000 && elapsed < 15_000, `took ${elapsed} ms`);
    });

    it('a malformed value is a usage error (exit 2)', async () => {
      const r = await runCli([CMD, '-A', '--request-timeout', 'soon'], {kubeconfig: cp.kubeconfig});
      assert.equal(r.code, 2, r.stderr);
      assert.match(oneLine(r), /request-timeout/);
    });
  });
});

async function readText(file: string): Promise<string> {
  const {readFile} = await import('node:fs/promises');
  return readFile(file, 'utf8');
}
