// `kubectl win lint` end to end: the examples judged by the real apiserver, the CLI on manifests
// (-f, --nodes) and live (-n), and the two giving the same findings.
import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync, readdirSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {parseAllDocuments, stringify} from 'yaml';
import {apiserverAt, controlPlane, type ControlPlane} from '../../harness/index.js';
import {nodeObjects} from '../../harness/fixtures.js';
import {runCli} from './cli.js';
import {ensureBinaries} from '../../harness/build.js';
import {runProcess} from '../../harness/client.js';
import type {KubeObject} from '../../src/k8s/object.js';

const EXAMPLES = 'examples/lint';
const REJECTED = 'examples/lint/rejected';
const NS = `lint-cli-${process.pid}`;

interface Finding {
  id: string;
  severity: string;
  object: {kind: string; namespace: string; name: string};
  field?: string;
  message: string;
}

const yamlFiles = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => join(dir, f));
const objectsOf = (file: string): KubeObject[] =>
  parseAllDocuments(readFileSync(file, 'utf8'))
    .map((d) => d.toJS() as KubeObject)
    .filter(Boolean);

describe('kubectl win lint (CLI, e2e)', function () {
  this.timeout(300_000);
  let cp: ControlPlane;
  let work: string;
  let nodesFile: string;

  before(async function () {
    this.timeout(600_000);
    cp = await controlPlane();
    work = mkdtempSync(join(tmpdir(), 'lint-cli-'));
    nodesFile = join(work, 'nodes.yaml');
    writeFileSync(nodesFile, stringify({apiVersion: 'v1', kind: 'List', items: nodeObjects()}));
  });

  it('every rejected example is rejected by the apiserver with exactly the errors lint reports', async () => {
    // the control plane is v1.34: lint with its rules (offline the default is the newest minor)
    const res = await runCli(['lint', '-f', REJECTED, '-o', 'json', '--k8s-version', 'v1.34']);
    assert.equal(res.code, 1, res.stderr);
    const report = res.json<{items: Array<{name: string; valid: boolean}>; findings: Finding[]}>();
    assert.ok(report.items.length >= 8);
    await cp.createNamespace(`${NS}-rej`);
    for (const file of yamlFiles(REJECTED)) {
      for (const obj of objectsOf(file).filter((o) => o.kind === 'Pod')) {
        const name = obj.metadata!.name!;
        const r = await cp.api<{details?: {causes?: Array<{field: string; message: string}>}}>(
          'POST',
          `/api/v1/namespaces/${NS}-rej/pods`,
          {...obj, metadata: {...obj.metadata, namespace: `${NS}-rej`}},
          {query: {dryRun: 'All'}},
        );
        assert.equal(r.status, 422, `${file} ${name} must be rejected`);
        const truth = (r.body.details?.causes ?? []).map((c) => `${c.field}: ${c.message}`).sort();
        const ours = report.findings
          .filter((f) => f.object.name === name && f.severity === 'error')
          .map((f) => `${f.field}: ${f.message}`)
          .sort();
        assert.deepEqual(ours, truth, `${file} ${name}`);
        assert.equal(report.items.find((i) => i.name === name)?.valid, false);
      }
    }
  });

  it('offline with no --k8s-version follows v1.37, as a v1.37.2 apiserver answers; --k8s-version v1.34 as v1.34.3 does', async () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {name: 'gpu', namespace: `${NS}-minor`},
      spec: {
        os: {name: 'windows'},
        hostUsers: true,
        securityContext: {runAsUser: 1},
        containers: [{name: 'a', image: 'x', resources: {requests: {'example.com/gpu': '1', 'hugepages-2Mi': '2Mi', memory: '1Gi'}}}],
      },
    };
    const file = join(work, 'minor.yaml');
    writeFileSync(file, stringify(pod));
    const causes = (report: {findings: Finding[]}) => report.findings.filter((f) => f.severity === 'error').map((f) => `${f.field}: ${f.message}`);
    for (const [minor, args] of [
      [37, []],
      [34, ['--k8s-version', 'v1.34']],
    ] as const) {
      const res = await runCli(['lint', '-f', file, '-o', 'json', ...args]);
      assert.equal(res.code, 1, res.stderr);
      const report = res.json<{items: Array<{version: string}>; findings: Finding[]}>();
      assert.equal(report.items[0].version, `v1.${minor}`);
      const server = await apiserverAt(minor);
      await server.createNamespace(`${NS}-minor`);
      const r = await server.api<{details?: {causes?: Array<{field: string; message: string}>}}>('POST', `/api/v1/namespaces/${NS}-minor/pods`, pod, {
        query: {dryRun: 'All'},
      });
      assert.equal(r.status, 422);
      assert.deepEqual(
        causes(report),
        (r.body.details?.causes ?? []).map((c) => `${c.field}: ${c.message}`),
        `v1.${minor}`,
      );
    }
  });

  it('--validate strict (default), warn and ignore answer an unknown field as kubectl create --validate=... against v1.37.2 does; doctor the same', async () => {
    const ns = `${NS}-validate`;
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {name: 'misplaced', namespace: ns},
      spec: {os: {name: 'windows'}, windowsOptions: {runAsUserName: 'ContainerUser'}, containers: [{name: 'a', image: 'x', runAsUserName: 'x'}]},
    };
    const file = join(work, 'unknown-field.yaml');
    writeFileSync(file, stringify(pod));
    const server = await apiserverAt(37);
    await server.createNamespace(ns);
    const kubectl = join((await ensureBinaries()).binDir, 'kubectl');
    for (const [args, mode] of [
      [[], 'strict'],
      [['--validate=true'], 'strict'],
      [['--validate', '-o', 'json'], 'strict'],
      [['--validate=warn'], 'warn'],
      [['--validate=ignore'], 'ignore'],
      [['--validate=F'], 'ignore'],
    ] as Array<[string[], string]>) {
      const k = await runProcess(kubectl, [`--kubeconfig=${server.kubeconfig}`, 'create', '--dry-run=server', `--validate=${mode}`, '-f', file], {
        env: {...process.env, KUBECONFIG: ''},
        timeoutMs: 120_000,
      });
      for (const cmd of ['lint', 'doctor']) {
        const res = await runCli([cmd, '-f', file, ...(args.includes('-o') ? args : [...args, '-o', 'json'])]);
        const findings = res.json<{findings: Finding[]}>().findings.filter((f) => f.id === 'lint/unknown-field');
        const what = `${cmd} ${args.join(' ')}`;
        // kubectl's exit code is lint's at --fail-on error (doctor exits 1 on the same error).
        assert.equal(res.code, k.code === 0 ? 0 : 1, `${what}: ${res.stderr}`);
        const said = k.stderr
          .split('\n')
          .filter((l) => l.startsWith('Warning: '))
          .map((l) => l.slice('Warning: '.length));
        if (mode === 'strict') {
          // kubectl prints the one 400 for both fields; lint one error per field, each the 400 for that field alone.
          assert.match(
            k.stderr,
            // In the order kubectl sends the keys (sorted), not the file's.
            /cannot be handled as a Pod: strict decoding error: unknown field "spec.containers\[0\].runAsUserName", unknown field "spec.windowsOptions"\n/,
          );
          assert.deepEqual(
            findings.map((f) => [f.severity, f.message.replace(/^.*strict decoding error: /, '')]),
            [
              ['error', 'unknown field "spec.containers[0].runAsUserName"'],
              ['error', 'unknown field "spec.windowsOptions"'],
            ],
            what,
          );
        } else
          assert.deepEqual(
            findings.map((f) => f.message),
            said,
            what,
          );
        if (mode === 'warn') assert.equal(said.length, 2, k.stderr);
      }
    }
  });

  it('a --validate value kubectl refuses is exit 2 with its words, before any read (an unreachable cluster is not contacted)', async () => {
    const kubeconfig = join(work, 'unreachable.kubeconfig');
    writeFileSync(
      kubeconfig,
      'apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]\ncontexts: [{name: c, context: {cluster: c, user: u}}]\ncurrent-context: c\nusers: [{name: u, user: {token: x}}]\n',
    );
    for (const cmd of ['lint', 'doctor']) {
      const res = await runCli([cmd, '--validate=Strict'], {kubeconfig});
      assert.equal(res.code, 2, res.stderr);
      assert.equal(res.stderr.trim(), 'error: invalid --validate option "Strict"; must be one of: strict (or true), warn, ignore (or false)');
      assert.equal(res.stdout, '');
    }
  });

  it('every example outside rejected/ is accepted by the apiserver, and lint calls it valid', async () => {
    const res = await runCli(['lint', '-f', EXAMPLES, '--nodes', nodesFile, '-o', 'json']);
    assert.equal(res.code, 0, res.stderr);
    const report = res.json<{items: Array<{name: string; valid: boolean}>; findings: Finding[]}>();
    assert.ok(
      report.items.every((i) => i.valid),
      JSON.stringify(report.items.filter((i) => !i.valid)),
    );
    const text = yamlFiles(EXAMPLES)
      .map((f) => readFileSync(f, 'utf8').replaceAll('win-lint', `${NS}-dry`))
      .join('\n---\n');
    await cp.createNamespace(`${NS}-dry`);
    const r = await cp.kubectl(['apply', '--dry-run=server', '-f', '-'], {input: text});
    assert.equal(r.code, 0, r.stderr);
  });

  it('each warn-*.yaml example shows the warning its name promises, and the healthy ones show none', async () => {
    const res = await runCli(['lint', '-f', EXAMPLES, '--nodes', nodesFile, '-o', 'json']);
    const report = res.json<{findings: Finding[]}>();
    for (const file of yamlFiles(EXAMPLES)) {
      const base = file
        .split('/')
        .pop()!
        .replace(/\.yaml$/, '');
      const names = objectsOf(file)
        .filter((o) => o.kind !== 'Namespace')
        .map((o) => o.metadata!.name!);
      const got = report.findings.filter((f) => names.includes(f.object.name)).map((f) => f.id);
      if (base.startsWith('warn-')) assert.ok(got.includes(`lint/${base.slice(5)}`), `${file}: ${got.join(', ')}`);
      else assert.deepEqual(got, [], file);
    }
  });

  it('offline without --nodes, the node checks are reported as skipped; exit codes follow --fail-on', async () => {
    const res = await runCli(['lint', '-f', EXAMPLES, '-o', 'json']);
    assert.equal(res.code, 0);
    const skipped = res.json<{skipped: Array<{check: string}>}>().skipped.map((s) => s.check);
    assert.ok(skipped.includes('lint/windows-toleration-missing'));
    assert.equal((await runCli(['lint', '-f', EXAMPLES, '--fail-on', 'warning'])).code, 1);
    const bad = await runCli(['lint', '-f', EXAMPLES, '--nodes', join(work, 'missing.yaml')]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /does not exist/);
  });

  it('live (-n) gives the same findings as the manifests with --nodes', async () => {
    await cp.createNamespace(NS);
    const text = yamlFiles(EXAMPLES)
      .map((f) => readFileSync(f, 'utf8').replaceAll('win-lint', NS))
      .join('\n---\n');
    await cp.apply(text);
    const manifest = (await runCli(['lint', '-f', EXAMPLES, '--nodes', nodesFile, '-o', 'json'])).json<{findings: Finding[]}>();
    const liveRes = await runCli(['lint', '-n', NS, '-o', 'json'], {kubeconfig: cp.kubeconfig});
    assert.equal(liveRes.code, 0, liveRes.stderr);
    const live = liveRes.json<{items: Array<{kind: string; name: string}>; findings: Finding[]}>();
    const key = (f: Finding) => `${f.object.kind}/${f.object.name} ${f.id} ${f.field}`;
    const liveKeys = new Set(live.findings.map(key));
    // Live pods carry the node the scheduler chose, which narrows the node-dependent checks (a pod
    // bound to a containerd node no longer risks the Docker single-file and subPath limits): compare the rest.
    const nodeDependent = new Set([
      'lint/single-file-mount',
      'lint/subpath-mount',
      'lint/image-os-version-mismatch',
      'lint/windows-toleration-missing',
      'lint/hostprocess-node-unsupported',
    ]);
    // A live bare pod the scheduler placed is past it: a missing selector is only reported when it
    // landed on a Linux node (templates keep the finding).
    const scheduler = (f: Finding) => f.id === 'lint/windows-node-selector-missing' && f.object.kind === 'Pod';
    for (const f of manifest.findings.filter((x) => !nodeDependent.has(x.id) && !scheduler(x))) assert.ok(liveKeys.has(key(f)), `live lacks ${key(f)}`);
    for (const f of live.findings.filter(scheduler)) assert.match(f.message, /it is already on Linux node /, key(f));
    // Pods the scheduler cannot place, or placed where the problem stays, keep their node findings.
    for (const k of [
      'Pod/no-toleration lint/windows-toleration-missing spec.tolerations',
      'Pod/hostprocess-old-node lint/hostprocess-node-unsupported spec.securityContext.windowsOptions.hostProcess',
    ]) {
      assert.ok(liveKeys.has(k), `live lacks ${k}`);
    }
    // Controller-made objects (ReplicaSets, pods of the Deployment) are linted live too.
    assert.ok(live.items.some((i) => i.kind === 'DaemonSet' && i.name === 'node-agent'));
    const one = await runCli(['lint', '-n', NS, 'pod/no-toleration', '-o', 'json'], {kubeconfig: cp.kubeconfig});
    assert.deepEqual(
      one.json<{items: Array<{name: string}>}>().items.map((i) => i.name),
      ['no-toleration'],
    );
  });
});
