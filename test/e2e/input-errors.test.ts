// What a user meets with bad input, through the real CLI: one line on stderr, the contract's exit code.
// No control plane needed: these never reach a cluster (or reach one that never answers).
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {createServer, type Server} from 'node:net';
import type {AddressInfo} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {ensureBuilt, runCli} from './cli.js';
import {PROJECT_ROOT} from './harness/build.js';

function oneLine(stderr: string): string {
  const lines = stderr.trim().split('\n');
  assert.equal(lines.length, 1, `expected one line on stderr, got:\n${stderr}`);
  assert.doesNotMatch(stderr, /\bat .*\.(js|ts):\d+/, 'no stack trace');
  return lines[0];
}

describe('e2e: input errors and interruption', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'kubectl-win-e2e-input-'));
  });
  after(() => rmSync(dir, {recursive: true, force: true}));

  it('invalid YAML: exit 2, naming the file and the line', async () => {
    const f = join(dir, 'bad.yaml');
    writeFileSync(f, 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers: [\n');
    for (const cmd of [['qos'], ['lint'], ['psp', 'readiness'], ['gmsa', 'check']]) {
      const r = await runCli([...cmd, '-f', f]);
      assert.equal(r.code, 2, `${cmd.join(' ')}: ${r.stderr}`);
      assert.match(oneLine(r.stderr), new RegExp(`${f.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:\\d+: invalid YAML`));
      assert.equal(r.stdout, '');
    }
  });

  it('a file that is not Kubernetes objects, and a path that does not exist: exit 2', async () => {
    const f = join(dir, 'notk8s.yaml');
    writeFileSync(f, 'name: just a map\n');
    const r = await runCli(['qos', '-f', f, '-o', 'json']);
    assert.equal(r.code, 2);
    assert.match(oneLine(r.stderr), /not a Kubernetes object/);
    const m = await runCli(['lint', '-f', join(dir, 'missing.yaml')]);
    assert.equal(m.code, 2);
    assert.match(oneLine(m.stderr), /does not exist/);
  });

  it('a bad flag value is a usage error (exit 2)', async () => {
    const r = await runCli(['qos', '-o', 'xml', '-f', 'examples/qos']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /xml/);
  });

  it('manifests from stdin with -f -', async () => {
    const r = await runCli(['qos', '-f', '-', '-o', 'json'], {
      input: 'apiVersion: v1\nkind: Pod\nmetadata: {name: s}\nspec:\n  containers: [{name: c, image: i, resources: {limits: {cpu: "1", memory: 1Gi}}}]\n',
    });
    assert.equal(r.code, 0, r.stderr);
    const report = r.json();
    assert.deepEqual(report.source, {type: 'manifests', files: ['<stdin>']});
    assert.equal(report.items[0].qosClass, 'Guaranteed');
  });

  describe('Ctrl-C', () => {
    let hang: Server;
    before(async () => {
      hang = createServer(() => {
        /* accepts and never answers */
      });
      await new Promise<void>((r) => hang.listen(0, '127.0.0.1', r));
    });
    after(() => hang.close());

    it('stops a command waiting on the cluster cleanly with exit 130', async () => {
      ensureBuilt();
      const port = (hang.address() as AddressInfo).port;
      const kc = join(dir, 'hang.kubeconfig');
      writeFileSync(kc, `current-context: h\nclusters:\n- {name: c, cluster: {server: "https://127.0.0.1:${port}", insecure-skip-tls-verify: true}}\nusers:\n- {name: u, user: {token: t}}\ncontexts:\n- {name: h, context: {cluster: c, user: u}}\n`);
      const child = spawn(process.execPath, [join(PROJECT_ROOT, 'bin', 'run.js'), 'qos', '-A'], {env: {...process.env, KUBECONFIG: kc, NO_COLOR: '1'}, stdio: ['ignore', 'pipe', 'pipe']});
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      await new Promise((r) => setTimeout(r, 2500));
      child.kill('SIGINT');
      const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
      assert.equal(code, 130, stderr);
      assert.match(stderr.trim(), /^interrupted$/);
    });
  });
});
