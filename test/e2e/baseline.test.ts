// The baseline end to end (issue 22), offline and on the real control plane: --write-baseline
// records today's findings (deterministic, versioned) and exits as usual; with --baseline a run
// fails only on findings not in it and lists the entries now fixed; a rollout (new pod and
// ReplicaSet names) changes nothing.
import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {controlPlane, type ControlPlane} from '../../harness/index.js';
import {runCli} from './cli.js';
import type {Report} from '../../src/report/types.js';
import {envelopeErrors} from '../support/envelope-schema.js';

const NS = `baseline-e2e-${Date.now() % 100000}`;

interface Problems {
  memory?: boolean;
  hugepages?: boolean;
}

/** A Windows pod spec with the lint warnings asked for: a memory-backed emptyDir, huge pages. */
function podSpec(p: Problems) {
  return {
    os: {name: 'windows'},
    nodeSelector: {'kubernetes.io/os': 'windows'},
    tolerations: [{key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule'}],
    containers: [
      {
        name: 'app',
        image: 'mcr.microsoft.com/windows/nanoserver:ltsc2022',
        resources: p.hugepages
          ? {requests: {cpu: '1', memory: '1Gi', 'hugepages-2Mi': '2Mi'}, limits: {cpu: '1', memory: '1Gi', 'hugepages-2Mi': '2Mi'}}
          : {requests: {cpu: '1', memory: '1Gi'}, limits: {cpu: '1', memory: '1Gi'}},
        ...(p.memory ? {volumeMounts: [{name: 'scratch', mountPath: 'C:\\scratch'}]} : {}),
      },
    ],
    ...(p.memory ? {volumes: [{name: 'scratch', emptyDir: {medium: 'Memory'}}]} : {}),
  };
}

const pod = (ns: string, name: string, p: Problems) => ({apiVersion: 'v1', kind: 'Pod', metadata: {name, namespace: ns}, spec: podSpec(p)});

function dirWith(objects: unknown[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'baseline-e2e-'));
  writeFileSync(join(dir, 'all.json'), JSON.stringify({apiVersion: 'v1', kind: 'List', items: objects}));
  return dir;
}

function valid(report: Report): Report {
  assert.deepEqual(envelopeErrors(report), []);
  return report;
}

const ids = (r: Report) => r.findings.map((f) => `${f.id} ${f.object?.kind}/${f.object?.name}`).sort();

describe('baseline (e2e)', function () {
  this.timeout(300_000);
  const work = mkdtempSync(join(tmpdir(), 'baseline-files-'));

  it('offline: written deterministically, then only the new finding fails and the fixed one is listed', async () => {
    const before = dirWith([pod('web', 'a', {memory: true}), pod('web', 'b', {hugepages: true})]);
    const file = join(work, 'offline.yaml');
    const w = await runCli(['lint', '-f', before, '--fail-on', 'warning', '--write-baseline', file]);
    assert.equal(w.code, 1, 'writing a baseline exits as usual');
    const text = readFileSync(file, 'utf8');
    assert.match(text, /^# kubectl win lint --write-baseline/);
    assert.match(text, /\napiVersion: kubectl-win.io\/v1\nkind: Baseline\nfindings:\n {2}- id: lint\/hugepages\n/);
    const again = join(work, 'again.yaml');
    await runCli(['lint', '-f', before, '--write-baseline', again]);
    assert.equal(readFileSync(again, 'utf8'), text, 'the same findings, the same bytes');

    const same = await runCli(['lint', '-f', before, '--fail-on', 'warning', '--baseline', file, '-o', 'json']);
    assert.equal(same.code, 0, same.stdout);
    assert.deepEqual(valid(same.json<Report>()).findings, []);

    // a fixed, b unchanged, c new.
    const after = dirWith([pod('web', 'a', {}), pod('web', 'b', {hugepages: true}), pod('web', 'c', {memory: true})]);
    const r = await runCli(['lint', '-f', after, '--fail-on', 'warning', '--baseline', file, '-o', 'json']);
    assert.equal(r.code, 1);
    const report = valid(r.json<Report>());
    assert.deepEqual(ids(report), ['lint/memory-emptydir Pod/c']);
    assert.deepEqual(
      report.suppressed?.map((f) => [f.id, f.object?.name, f.suppression]),
      [['lint/hugepages', 'b', {by: 'baseline', where: file}]],
    );
    assert.deepEqual(report.baselineFixed, [
      {id: 'lint/memory-emptydir', object: {kind: 'Pod', namespace: 'web', name: 'a'}, field: 'spec.volumes[0].emptyDir.medium'},
    ]);

    const t = await runCli(['lint', '-f', after, '--fail-on', 'warning', '--baseline', file]);
    assert.equal(t.code, 1);
    assert.match(t.stdout, /^1 suppressed \(1 by baseline\), not counted; -o wide lists them$/m);
    assert.match(
      t.stdout,
      /^1 baseline entry fixed \(no longer found; remove it from the baseline\)\nFIXED lint\/memory-emptydir {2}Pod\/web\/a {2}spec\.volumes\[0\]\.emptyDir\.medium$/m,
    );
  });

  it('offline: a baseline that is not one is exit 2 naming its line, before any read', async () => {
    const bad = join(work, 'bad.yaml');
    writeFileSync(bad, 'apiVersion: kubectl-win.io/v1\nkind: Baseline\nfindings:\n  - id: lint/hugepages\n    objct: {kind: Pod, name: b}\n');
    const r = await runCli(['lint', '-A', '--server', 'https://127.0.0.1:1', '--baseline', bad]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, `error: ${bad}:5: unknown key "objct" in a baseline entry; known: id, object, field\n`);
  });

  describe('live', () => {
    let cp: ControlPlane;
    const deployment = (p: Problems, rollout: string) => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {name: 'iis', namespace: NS},
      spec: {replicas: 2, selector: {matchLabels: {app: 'iis'}}, template: {metadata: {labels: {app: 'iis'}, annotations: {rollout}}, spec: podSpec(p)}},
    });

    async function podsSettled(template: string): Promise<void> {
      for (const deadline = Date.now() + 120_000; ;) {
        const pods = await cp.api<{items: Array<{metadata: {annotations?: Record<string, string>; deletionTimestamp?: string}}>}>(
          'GET',
          `/api/v1/namespaces/${NS}/pods?labelSelector=app%3Diis`,
        );
        const current = pods.body.items.filter((p) => p.metadata.annotations?.rollout === template && !p.metadata.deletionTimestamp);
        if (current.length === 2 && pods.body.items.length === 2) return;
        assert.ok(Date.now() < deadline, `the rollout to ${template} did not settle`);
        await new Promise((res) => setTimeout(res, 500));
      }
    }

    before(async function () {
      this.timeout(600_000);
      cp = await controlPlane();
      await cp.createNamespace(NS);
      const d = await cp.api('POST', `/apis/apps/v1/namespaces/${NS}/deployments`, deployment({memory: true}, 'one'));
      assert.ok(d.status < 300, `create deployment: ${d.status}`);
      const p = await cp.api('POST', `/api/v1/namespaces/${NS}/pods`, pod(NS, 'bare', {hugepages: true}));
      assert.ok(p.status < 300, `create pod: ${p.status}`);
      await podsSettled('one');
    });

    it('a rollout renames pods and the ReplicaSet: the baseline still matches; then only the new finding fails, the fixed one listed', async () => {
      const file = join(work, 'live.yaml');
      const kc = {kubeconfig: cp.kubeconfig};
      const w = await runCli(['lint', '-n', NS, '--fail-on', 'warning', '--write-baseline', file], kc);
      assert.equal(w.code, 1, w.stderr);
      const text = readFileSync(file, 'utf8');
      assert.doesNotMatch(text, /ReplicaSet|iis-[a-z0-9]+-/, `pods and the ReplicaSet are keyed by the Deployment:\n${text}`);

      // A rollout: new ReplicaSet, new pods, same problems.
      const put = await cp.api('PUT', `/apis/apps/v1/namespaces/${NS}/deployments/iis`, deployment({memory: true}, 'two'));
      assert.ok(put.status < 300, `rollout: ${put.status}`);
      await podsSettled('two');
      const same = await runCli(['lint', '-n', NS, '--fail-on', 'warning', '--baseline', file, '-o', 'json'], kc);
      assert.equal(same.code, 0, JSON.stringify(same.json<Report>().findings));
      assert.deepEqual(valid(same.json<Report>()).baselineFixed, []);

      // The Deployment fixed (a rollout again), a new pod with a new problem.
      const fix = await cp.api('PUT', `/apis/apps/v1/namespaces/${NS}/deployments/iis`, deployment({}, 'three'));
      assert.ok(fix.status < 300, `fix: ${fix.status}`);
      const created = await cp.api('POST', `/api/v1/namespaces/${NS}/pods`, pod(NS, 'new', {memory: true}));
      assert.ok(created.status < 300);
      await podsSettled('three');
      const r = await runCli(['lint', '-n', NS, '--fail-on', 'warning', '--baseline', file, '-o', 'json'], kc);
      assert.equal(r.code, 1, r.stderr);
      const report = valid(r.json<Report>());
      // Only the new pod fails (with the node it was scheduled to, it may have more than the one planted).
      assert.ok(ids(report).includes('lint/memory-emptydir Pod/new'), ids(report).join('\n'));
      assert.ok(
        report.findings.every((f) => f.object?.name === 'new'),
        ids(report).join('\n'),
      );
      assert.deepEqual(
        report.baselineFixed?.map((e) => `${e.id} ${e.object?.kind}/${e.object?.name}`),
        ['lint/memory-emptydir Deployment/iis', 'lint/memory-emptydir Deployment/iis'],
        'the template and its pods (keyed by the Deployment, different fields)',
      );
      assert.ok(report.suppressed?.some((f) => f.object?.name === 'bare' && f.suppression.by === 'baseline'));
    });
  });
});
