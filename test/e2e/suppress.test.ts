// Suppressions end to end (issue 22), offline and on the real control plane: the ignore annotation
// on a Deployment suppresses its own and its pods' findings, on a pod its own; the config file
// (the working directory's .kubectl-win.yaml, or --config) by namespace, kind and name glob;
// suppressed findings are listed and counted in every output, never fail the run, and never hide
// exit 2 (input) or 4 (incomplete); a bad config file is exit 2 before any read.
import assert from 'node:assert/strict';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {XMLParser} from 'fast-xml-parser';
import {controlPlane, type ControlPlane} from '../../harness/index.js';
import {runCli, type CliResult} from './cli.js';
import {waitForPods} from './live.js';
import type {Report, SuppressedFinding} from '../../src/report/types.js';
import {envelopeErrors} from '../support/envelope-schema.js';

const NS = `suppress-e2e-${Date.now() % 100000}`;
const HASH = '5d8f9c7b6d';
const IGNORE = {
  'kubectl-win.io/ignore': 'lint/subpath-mount,lint/memory-emptydir,qos/windows-besteffort',
  'kubectl-win.io/ignore-reason': 'legacy config layout',
};

/**
 * A Windows pod spec with a subPath mount of a memory-backed emptyDir and no resources (BestEffort):
 * lint/subpath-mount (live only where a node runs Docker), lint/memory-emptydir and
 * qos/windows-besteffort.
 */
const podSpec = () => ({
  os: {name: 'windows'},
  nodeSelector: {'kubernetes.io/os': 'windows'},
  tolerations: [{key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule'}],
  containers: [
    {
      name: 'app',
      image: 'mcr.microsoft.com/windows/nanoserver:ltsc2022',
      volumeMounts: [{name: 'config', mountPath: 'C:\\app\\config', subPath: 'app'}],
    },
  ],
  volumes: [{name: 'config', emptyDir: {medium: 'Memory'}}],
});

const deployment = (ns: string) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {name: 'iis', namespace: ns, annotations: IGNORE},
  spec: {replicas: 2, selector: {matchLabels: {app: 'iis'}}, template: {metadata: {labels: {app: 'iis'}}, spec: podSpec()}},
});
const pod = (ns: string, name: string, metadata: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {name, namespace: ns, ...metadata},
  spec: podSpec(),
});
/** What the Deployment's ReplicaSet makes, as `kubectl get pod -o yaml` shows it. */
const controlledPod = (ns: string) =>
  pod(ns, `iis-${HASH}-x2k8q`, {
    labels: {app: 'iis', 'pod-template-hash': HASH},
    ownerReferences: [{apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `iis-${HASH}`, uid: 'u', controller: true}],
  });

function manifests(objects: unknown[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'suppress-e2e-'));
  writeFileSync(join(dir, 'all.json'), JSON.stringify({apiVersion: 'v1', kind: 'List', items: objects}));
  return dir;
}

function report(r: CliResult): Report {
  const out = r.json<Report>();
  assert.deepEqual(envelopeErrors(out), [], 'the envelope follows the schema');
  return out;
}

const names = (fs: Array<{id: string; object?: {kind: string; name: string}}>, id: string) =>
  fs
    .filter((f) => f.id === id)
    .map((f) => `${f.object?.kind}/${f.object?.name}`)
    .sort();

describe('suppressions (e2e)', function () {
  this.timeout(300_000);

  describe('offline', () => {
    const ns = 'win-web';
    const objects = [deployment(ns), controlledPod(ns), pod(ns, 'bare'), pod(ns, 'self', {annotations: {'kubectl-win.io/ignore': 'lint/*'}})];
    let dir: string;
    before(() => (dir = manifests(objects)));

    it("lint: the Deployment's annotation suppresses its template's and its pods' findings; a pod's own annotation its own", async () => {
      const r = await runCli(['lint', '-f', dir, '-o', 'json', '--fail-on', 'warning']);
      assert.equal(r.code, 1, `the bare pod still fails: ${r.stderr}`);
      const out = report(r);
      assert.deepEqual(names(out.findings, 'lint/subpath-mount'), ['Pod/bare']);
      const suppressed = out.suppressed ?? [];
      assert.deepEqual(names(suppressed, 'lint/subpath-mount'), ['Deployment/iis', `Pod/iis-${HASH}-x2k8q`, 'Pod/self']);
      const byOwner = suppressed.find((f) => f.object?.name === `iis-${HASH}-x2k8q`)!;
      assert.deepEqual(byOwner.suppression, {by: 'annotation', reason: 'legacy config layout', where: `Deployment/${ns}/iis`});
      assert.deepEqual(suppressed.find((f) => f.object?.name === 'self')!.suppression, {by: 'annotation', where: `Pod/${ns}/self`});
      assert.equal(out.summary.warning, out.findings.filter((f) => f.severity === 'warning').length, 'summary counts only what is left');

      const text = await runCli(['lint', '-f', dir, '--fail-on', 'warning']);
      assert.equal(text.code, 1);
      assert.match(text.stdout, new RegExp(`^${suppressed.length} suppressed \\(${suppressed.length} by annotation\\), not counted; -o wide lists them$`, 'm'));
      const wide = await runCli(['lint', '-f', dir, '-o', 'wide', '--fail-on', 'warning']);
      assert.match(
        wide.stdout,
        new RegExp(`^SUPPRESSED lint/subpath-mount  Pod/${ns}/iis-${HASH}-x2k8q  \\S+: by annotation \\(Deployment/${ns}/iis\\): legacy config layout$`, 'm'),
      );
    });

    it('without the bare pod the run passes: suppressed findings never fail it', async () => {
      // `self` ignores only lint/*: its BestEffort warning would fail qos.
      const clean = manifests(objects.filter((o) => o.metadata.name !== 'bare' && o.metadata.name !== 'self'));
      const r = await runCli(['qos', '-f', clean, '-o', 'json', '--fail-on', 'warning']);
      assert.equal(r.code, 0, r.stdout);
      const out = report(r);
      assert.deepEqual(names(out.findings, 'qos/windows-besteffort'), [], 'qos follows the same annotation');
      assert.ok(names(out.suppressed ?? [], 'qos/windows-besteffort').includes(`Pod/iis-${HASH}-x2k8q`));
      const doctor = await runCli(['doctor', '-f', clean, '-o', 'json', '--fail-on', 'warning', '--analyses', 'lint,qos']);
      assert.equal(doctor.code, 0, doctor.stdout);
      assert.ok(report(doctor).suppressed!.length >= 4, 'doctor too');
    });

    it('-o junit: suppressed findings are skipped testcases with the reason', async () => {
      const r = await runCli(['lint', '-f', dir, '-o', 'junit', '--fail-on', 'warning']);
      assert.equal(r.code, 1);
      const doc = new XMLParser({ignoreAttributes: false, attributeNamePrefix: '', isArray: (n) => n === 'testcase'}).parse(r.stdout);
      const cases = doc.testsuites.testsuite.testcase as Array<{name: string; skipped?: {message: string}; failure?: unknown}>;
      const c = cases.find((t) => t.name === `lint/subpath-mount Pod/${ns}/iis-${HASH}-x2k8q`);
      assert.equal(c?.skipped?.message, `suppressed by annotation on Deployment/${ns}/iis: legacy config layout`);
      assert.ok(cases.find((t) => t.name === `lint/subpath-mount Pod/${ns}/bare`)?.failure);
    });

    it("the config file: the working directory's .kubectl-win.yaml or --config, by namespace, kind and name glob", async () => {
      const plain = manifests([
        pod('team-a', 'web-1'),
        pod('team-a', 'api-1'),
        pod('team-b', 'web-1'),
        {...deployment('team-a'), metadata: {name: 'web', namespace: 'team-a'}},
      ]);
      const cwd = mkdtempSync(join(tmpdir(), 'suppress-cwd-'));
      writeFileSync(
        join(cwd, '.kubectl-win.yaml'),
        `apiVersion: kubectl-win.io/v1
kind: Config
ignore:
  - checks: [lint/subpath-*]
    namespaces: [team-?]
    kinds: [Pod]
    names: [web-*]
    reason: the web pods move to whole-volume mounts in Q3
`,
      );
      const r = await runCli(['lint', '-f', plain, '-o', 'json', '--fail-on', 'warning'], {cwd});
      const out = report(r);
      assert.deepEqual(names(out.suppressed ?? [], 'lint/subpath-mount'), ['Pod/web-1', 'Pod/web-1']);
      assert.deepEqual(names(out.findings, 'lint/subpath-mount'), ['Deployment/web', 'Pod/api-1'], 'another name, another kind');
      for (const f of out.suppressed ?? [])
        assert.deepEqual(f.suppression, {by: 'config', reason: 'the web pods move to whole-volume mounts in Q3', where: '.kubectl-win.yaml:4'});

      const other = join(cwd, 'ci.yaml');
      writeFileSync(
        other,
        'apiVersion: kubectl-win.io/v1\nkind: Config\nignore:\n  - checks: ["lint/*"]\n    kinds: [Deploy*]\n    reason: templates are checked upstream\n',
      );
      const given = report(await runCli(['lint', '-f', plain, '-o', 'json', '--config', other, '--fail-on', 'warning'], {cwd}));
      assert.deepEqual(names(given.suppressed ?? [], 'lint/subpath-mount'), ['Deployment/web'], '--config replaces the working directory file');
      assert.equal(given.suppressed?.[0].suppression.where, `${other}:4`);
    });

    it('a bad config file is exit 2 naming the file and line, before any read', async () => {
      const cwd = mkdtempSync(join(tmpdir(), 'suppress-bad-'));
      writeFileSync(
        join(cwd, '.kubectl-win.yaml'),
        'apiVersion: kubectl-win.io/v1\nkind: Config\nignore:\n  - checks: [lint/subpath-mount]\n    namespace: [web]\n    reason: x\n',
      );
      // An unreachable server: a read would be exit 3.
      const r = await runCli(['lint', '-A', '--server', 'https://127.0.0.1:1'], {cwd});
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stderr, 'error: .kubectl-win.yaml:5: unknown key "namespace" in an ignore rule; known: checks, namespaces, kinds, names, reason\n');
      assert.equal(r.stdout, '');
      const typo = join(cwd, 'typo.yaml');
      writeFileSync(typo, 'apiVersion: kubectl-win.io/v1\nkind: Config\nignore:\n  - checks: [lint/subpath-mounts]\n    reason: x\n');
      const t = await runCli(['doctor', '--server', 'https://127.0.0.1:1', '--config', typo]);
      assert.equal(t.code, 2);
      assert.equal(t.stderr, `error: ${typo}:4: checks: "lint/subpath-mounts" names no check (docs/checks.md lists them)\n`);
    });

    it('suppressing every finding never hides an input error (exit 2 after the output)', async () => {
      const bad = manifests([pod(ns, 'bare')]);
      writeFileSync(join(bad, 'broken.yaml'), 'kind: Pod\nmetadata: [\n');
      const config = join(bad, 'all-ignored.yaml');
      writeFileSync(config, 'apiVersion: kubectl-win.io/v1\nkind: Config\nignore:\n  - checks: ["*"]\n    reason: everything\n');
      const r = await runCli(['lint', '-f', join(bad, 'all.json'), '-f', join(bad, 'broken.yaml'), '--config', config, '-o', 'json', '--fail-on', 'info']);
      assert.equal(r.code, 2, r.stderr);
      const out = r.json<Report>();
      assert.equal(out.findings.length, 0);
      assert.ok((out.suppressed ?? []).length > 0);
      assert.ok((out.inputErrors ?? []).length > 0);
    });
  });

  describe('live', () => {
    let cp: ControlPlane;

    before(async function () {
      this.timeout(600_000);
      cp = await controlPlane();
      await cp.createNamespace(NS);
      for (const o of [deployment(NS), pod(NS, 'bare')]) {
        const path = o.kind === 'Deployment' ? `/apis/apps/v1/namespaces/${NS}/deployments` : `/api/v1/namespaces/${NS}/pods`;
        const res = await cp.api('POST', path, o);
        assert.ok(res.status < 300, `create ${o.kind}: ${res.status}`);
      }
      await waitForPods(cp, NS, 3);
    });

    it("lint: the annotation on the Deployment suppresses its pods' findings, read from the live objects", async () => {
      const r = await runCli(['lint', '-n', NS, '-o', 'json', '--fail-on', 'warning'], {kubeconfig: cp.kubeconfig});
      assert.equal(r.code, 1, r.stderr);
      const out = report(r);
      assert.deepEqual(names(out.findings, 'lint/memory-emptydir'), ['Pod/bare']);
      const suppressed = (out.suppressed ?? []).filter((f) => f.id === 'lint/memory-emptydir');
      // The Deployment controller copies the Deployment's annotations to its ReplicaSet, so the
      // ReplicaSet's own template is suppressed by its own copy.
      assert.deepEqual(
        names(suppressed, 'lint/memory-emptydir').map((n) => n.replace(/-[a-z0-9]{5,10}(-[a-z0-9]{5})?$/, '-*')),
        ['Deployment/iis', 'Pod/iis-*', 'Pod/iis-*', 'ReplicaSet/iis-*'],
      );
      for (const f of suppressed) {
        const on = f.object?.kind === 'ReplicaSet' ? `ReplicaSet/${NS}/${f.object.name}` : `Deployment/${NS}/iis`;
        assert.deepEqual(f.suppression, {by: 'annotation', reason: 'legacy config layout', where: on});
      }
      assert.ok(
        suppressed.filter((f) => f.object?.kind === 'Pod').every((f) => f.owner?.name === 'iis'),
        'the pods by their top owner',
      );
    });

    it('the config file by namespace glob, live; doctor too', async () => {
      const cwd = mkdtempSync(join(tmpdir(), 'suppress-live-'));
      writeFileSync(
        join(cwd, '.kubectl-win.yaml'),
        `apiVersion: kubectl-win.io/v1\nkind: Config\nignore:\n  - checks: [lint/memory-emptydir]\n    namespaces: ["suppress-e2e-*"]\n    names: [bare]\n    reason: bare test pod\n`,
      );
      const r = await runCli(['doctor', '-n', NS, '-o', 'json', '--fail-on', 'warning', '--analyses', 'lint'], {kubeconfig: cp.kubeconfig, cwd});
      const out = report(r);
      assert.deepEqual(names(out.findings, 'lint/memory-emptydir'), []);
      const bare = (out.suppressed ?? []).find((f: SuppressedFinding) => f.object?.name === 'bare');
      assert.deepEqual(bare?.suppression, {by: 'config', reason: 'bare test pod', where: '.kubectl-win.yaml:4'});
    });

    it('suppressing every finding never hides an incomplete run: still exit 4', async () => {
      const limited = cp.users.limited.kubeconfig;
      const config = join(mkdtempSync(join(tmpdir(), 'suppress-all-')), 'all.yaml');
      writeFileSync(config, 'apiVersion: kubectl-win.io/v1\nkind: Config\nignore:\n  - checks: ["*"]\n    reason: everything\n');
      // The limited user reads pods and workloads but not nodes, which the nodes analysis examines.
      const r = await runCli(['doctor', '-n', NS, '-o', 'json', '--config', config], {kubeconfig: limited});
      assert.equal(r.code, 4, r.stderr);
      const out = report(r);
      assert.equal(out.findings.length, 0);
      assert.ok((out.suppressed ?? []).length > 0, 'the findings were there, and suppressed');
      assert.ok(out.reads.some((x) => x.primary && !x.complete));
    });
  });
});
